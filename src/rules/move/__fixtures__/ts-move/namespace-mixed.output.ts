import * as legacy from '@/services/legacy/wsClient';
import type { WebSocketService } from '@/services/webSocketService';

export function make(url: string): legacy.WsClient {
  const service: WebSocketService | null = null;
  void service;
  return new legacy.WsClient(url);
}
