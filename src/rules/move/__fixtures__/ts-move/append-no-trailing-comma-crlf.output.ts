// Appending after a last name with no trailing comma, with aliases (CRLF).
import {
  WebSocketService,
  createWebSocketService as make,
  getClient as current
} from '@/services/webSocketService';

export const open = (fresh: boolean): Promise<WebSocketService> =>
  fresh ? Promise.resolve(make({ url: '/ws' })) : current();
