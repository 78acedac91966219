// Appending to a one-name-per-line import whose last name has no trailing comma (LF).
import {
  WebSocketService,
  createWebSocketService
} from '@/services/webSocketService';
import { getSocket } from '../lib/socket';

export const open = (fresh: boolean): Promise<WebSocketService> =>
  fresh ? Promise.resolve(createWebSocketService({ url: '/ws' })) : getSocket();
