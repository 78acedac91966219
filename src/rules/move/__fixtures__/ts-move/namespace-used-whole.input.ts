// The namespace object is used as a whole (what is read from it elsewhere cannot be told): the import stays,
// reported; the ns.A that move are imported by name.
import * as sock from '../lib/socket';

export const all = [sock, sock.getSocket];
