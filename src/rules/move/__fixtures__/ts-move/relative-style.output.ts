import { getClient } from '../../services/webSocketService';
import type { ConnectionState } from '../../services/webSocketService';

export async function open(): Promise<ConnectionState> {
  await getClient();
  return 'open';
}
