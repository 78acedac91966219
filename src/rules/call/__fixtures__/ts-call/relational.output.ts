import { getClientSync, makeClient } from '@/lib/legacyClient';
import { createWebSocketService, getClient } from '@/services/webSocketService';

export function legacyFails(): void {
  expect(() => makeClient({ url: '' })).toThrow(/url/);
}

export const fresh = () => createWebSocketService({ url: '/ws' });

export async function send(message: string): Promise<void> {
  (await getClient()).send(message);
}

export const sendLater = async (message: string) => (await getClient()).send(message);

export function sendNow(message: string): void {
  getClientSync().send(message);
}
