// web's nearest tsconfig (packages/web, which extends tsconfig.paths.json, which extends the base) maps #shared/*.
import { openSocket } from '#shared/legacySocket';
import { LegacySocket } from '../../shared/src/legacySocket';
import { helper } from './lib/socket';

export const socket: LegacySocket = openSocket();
helper();
