export async function load(): Promise<unknown> {
  const { getSocket, Socket: S } = await import('../lib/socket');
  const { WsClient } = await import('@/services/legacy/wsClient');
  const mod = await import('../services/webSocketService');
  const sock = require('../lib/socket');
  void WsClient;
  void S;
  void mod;
  return sock.getSocket() ?? getSocket();
}
export type Loaded = typeof import('../lib/socket');
export type Service = import('../lib/socket').Socket;
