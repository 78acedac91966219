import { getClientSync, makeClient } from '@/lib/legacyClient';

export function legacyFails(): void {
  expect(() => makeClient({ url: '' })).toThrow(/url/);
}

export const fresh = () => makeClient({ url: '/ws' });

export async function send(message: string): Promise<void> {
  getClientSync().send(message);
}

export const sendLater = async (message: string) => getClientSync().send(message);

export function sendNow(message: string): void {
  getClientSync().send(message);
}
