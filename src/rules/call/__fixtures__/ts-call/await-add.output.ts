import { getClientSync } from '../lib/legacyClient';
import { getClient } from '@/services/webSocketService';

export async function a() {
  return (await getClient()).send('x');
}

export function b() {
  return getClientSync();
}
