// The whole statement moves: it is rewritten in place, its comment and layout kept.
import { getClient, /* the state type */ type ConnectionState } from '@/services/webSocketService';

export async function ready(): Promise<ConnectionState> {
  await getClient();
  return 'open';
}
