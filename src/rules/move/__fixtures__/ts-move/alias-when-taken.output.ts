import { getClient as getSocket } from '@/services/webSocketService';

function getClient(): string {
  return 'a local helper with the new name';
}

export async function both(): Promise<string> {
  await getSocket();
  return getClient();
}
