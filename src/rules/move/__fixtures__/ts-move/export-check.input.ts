import { getSocket, createSocket } from '../lib/socket';

export const both = [getSocket, createSocket];
