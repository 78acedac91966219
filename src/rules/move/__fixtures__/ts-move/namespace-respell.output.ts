import * as sock from '@/services/webSocketService';

export function open(options: sock.WebSocketOptions): sock.WebSocketService {
  const state: sock.ConnectionState = 'idle';
  void state;
  return sock.createWebSocketService(options);
}
