import { getClient } from '@/services/webSocketService';
import type { SocketState } from '../lib/socket';

export async function current(): Promise<SocketState> {
  await getClient();
  const state: SocketState = 'open';
  return state;
}
