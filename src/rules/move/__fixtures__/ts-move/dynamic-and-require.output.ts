export async function load(): Promise<unknown> {
  const { getClient: getSocket, WebSocketService: S } = await import('@/services/webSocketService');
  const { WsClient } = await import('@/services/legacy/wsClient');
  const mod = await import('@/services/webSocketService');
  const sock = require('@/services/webSocketService');
  void WsClient;
  void S;
  void mod;
  return sock.getClient() ?? getSocket();
}
export type Loaded = typeof import('../lib/socket');
export type Service = import('@/services/webSocketService').WebSocketService;
