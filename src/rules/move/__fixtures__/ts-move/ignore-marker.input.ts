import { getSocket } from '../lib/socket'; // canonize: ignore (checks the shim still works)
import { createSocket } from '../lib/socket';

export const both = [getSocket, createSocket];
