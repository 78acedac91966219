import { LegacyClient } from '@/lib/legacyClient';
import { createWebSocketService } from '@/services/webSocketService';

export async function connect(): Promise<LegacyClient | unknown> {
  const c = createWebSocketService({ url: '/ws' });
  return c;
}
