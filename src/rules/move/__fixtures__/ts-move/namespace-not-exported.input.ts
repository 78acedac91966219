// A namespace import read for a name whose new name the canonical module does not export: nothing moves, and the
// import that stays is reported on its own line too.
import * as sock from '../lib/socket';

export const both = [sock.getSocket, sock.createSocket];
