import { getSocket, createSocket } from '../lib/socket';

export const api = { getSocket, create: createSocket };
export { getSocket, createSocket as make };

function local(): void {
  // a parameter with the old name is another variable: left alone
  const inner = (getSocket: number) => getSocket + 1;
  void inner;
}
void local;
