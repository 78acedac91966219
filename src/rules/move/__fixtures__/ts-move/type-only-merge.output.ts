import type { WebSocketOptions, ConnectionState } from '@/services/webSocketService';

export function describe(options: WebSocketOptions | WebSocketOptions, state: ConnectionState): string {
  return `${options.url} ${state}`;
}
