import * as legacy from '@/services/legacy/wsClient';

export function make(url: string): legacy.WsClient {
  const service: legacy.WebSocketService | null = null;
  void service;
  return new legacy.WsClient(url);
}
