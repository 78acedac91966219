import { getClient as getSocket } from '@/services/webSocketService';

export function run(getClient: () => void): Promise<unknown> {
  getClient();
  return getSocket();
}
