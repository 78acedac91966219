export type ConnectionState = 'idle' | 'open' | 'closed';
export interface WebSocketOptions {
  url: string;
}
export class WebSocketService {
  constructor(readonly options: WebSocketOptions) {}
}
export function createWebSocketService(options: WebSocketOptions): WebSocketService {
  return new WebSocketService(options);
}
export async function getClient(): Promise<WebSocketService> {
  return createWebSocketService({ url: '/ws' });
}
