import { getSocket } from '../lib/socket';

function getClient(): string {
  return 'a local helper with the new name';
}

export async function both(): Promise<string> {
  await getSocket();
  return getClient();
}
