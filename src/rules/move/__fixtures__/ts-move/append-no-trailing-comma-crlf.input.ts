// Appending after a last name with no trailing comma, with aliases (CRLF).
import {
  WebSocketService,
  createWebSocketService as make
} from '@/services/webSocketService';
import { getSocket as current } from '../lib/socket';

export const open = (fresh: boolean): Promise<WebSocketService> =>
  fresh ? Promise.resolve(make({ url: '/ws' })) : current();
