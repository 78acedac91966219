import { openSocket } from '@shared/legacySocket';
openSocket();
