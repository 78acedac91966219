import { getSocket } from '@/lib/socket';
import type { ConnectionState } from '@/services/webSocketService';

export async function open(): Promise<ConnectionState> {
  await getSocket();
  return 'open';
}
