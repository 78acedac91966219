import type { WebSocketOptions } from '@/services/webSocketService';
import type { SocketState, SocketOptions } from '../lib/socket';

export function describe(options: WebSocketOptions | SocketOptions, state: SocketState): string {
  return `${options.url} ${state}`;
}
