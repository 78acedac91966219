import { WebSocketService, type WebSocketOptions } from '../services/webSocketService';

export class LegacyClient extends WebSocketService {}

export function makeClient(options: WebSocketOptions): WebSocketService {
  return new WebSocketService(options);
}

export async function connectClient(options: WebSocketOptions): Promise<WebSocketService> {
  return new WebSocketService(options);
}

export function getClientSync(): WebSocketService {
  return new WebSocketService({ url: '/ws' });
}
