// Appending after a last name with no trailing comma and a comment after it: the comma goes before the comment.
import {
  WebSocketService,
  createWebSocketService as make, // factory
  getClient
} from '@/services/webSocketService';

export const open = (fresh: boolean): Promise<WebSocketService> =>
  fresh ? Promise.resolve(make({ url: '/ws' })) : getClient();
