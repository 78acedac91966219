import { getClient as connect, WebSocketService as S } from '@/services/webSocketService';

export async function open(): Promise<S> {
  return connect();
}
