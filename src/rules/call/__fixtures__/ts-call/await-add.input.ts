import { getClientSync } from '../lib/legacyClient';

export async function a() {
  return getClientSync().send('x');
}

export function b() {
  return getClientSync();
}
