import { WebSocketService, type WebSocketOptions, createWebSocketService } from '@/services/webSocketService';

export function open(opts: WebSocketOptions): WebSocketService {
  return createWebSocketService(opts);
}
