import { getSocket } from '../lib/socket'; // canonize: ignore (checks the shim still works)
import { createWebSocketService } from '@/services/webSocketService';

export const both = [getSocket, createWebSocketService];
