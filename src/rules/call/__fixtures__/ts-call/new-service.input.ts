import { WebSocketService, type WebSocketOptions } from '@/services/webSocketService';

export function open(opts: WebSocketOptions): WebSocketService {
  return new WebSocketService(opts);
}
