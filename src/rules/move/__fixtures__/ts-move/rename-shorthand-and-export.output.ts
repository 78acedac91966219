import { getClient, createWebSocketService } from '@/services/webSocketService';

export const api = { getSocket: getClient, create: createWebSocketService };
export { getClient as getSocket, createWebSocketService as make };

function local(): void {
  // a parameter with the old name is another variable: left alone
  const inner = (getSocket: number) => getSocket + 1;
  void inner;
}
void local;
