// `./socket` here is src/net/socket.ts, not the legacy src/lib/socket.ts: nothing changes.
import { helper } from './socket';
import { helper as again } from '@/net/socket';

helper();
again();
