// web's nearest tsconfig (packages/web, which extends tsconfig.paths.json, which extends the base) maps #shared/*.
import { connect, Socket } from '#shared/socket';
import { helper } from './lib/socket';

export const socket: Socket = connect();
helper();
