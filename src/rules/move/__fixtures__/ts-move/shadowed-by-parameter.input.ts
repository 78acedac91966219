import { getSocket } from '../lib/socket';

export function run(getClient: () => void): Promise<unknown> {
  getClient();
  return getSocket();
}
