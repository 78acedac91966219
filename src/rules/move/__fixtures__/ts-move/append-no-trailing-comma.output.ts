// Appending to a one-name-per-line import whose last name has no trailing comma (LF).
import {
  WebSocketService,
  createWebSocketService,
  getClient
} from '@/services/webSocketService';

export const open = (fresh: boolean): Promise<WebSocketService> =>
  fresh ? Promise.resolve(createWebSocketService({ url: '/ws' })) : getClient();
