import { getClient } from '@/services/webSocketService';
import type { ConnectionState } from '@/services/webSocketService';

export async function current(): Promise<ConnectionState> {
  await getClient();
  const state: ConnectionState = 'open';
  return state;
}
