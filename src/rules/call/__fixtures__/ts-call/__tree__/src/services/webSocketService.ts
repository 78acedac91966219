export interface WebSocketOptions {
  url: string;
  reconnect?: boolean;
}

export class WebSocketService {
  constructor(readonly options: WebSocketOptions) {}
  send(message: string): void {
    void message;
  }
}

export function createWebSocketService(options: WebSocketOptions): WebSocketService {
  return new WebSocketService(options);
}

export async function getClient(): Promise<WebSocketService> {
  return createWebSocketService({ url: '/ws' });
}
