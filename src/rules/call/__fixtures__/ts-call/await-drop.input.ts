import { connectClient, LegacyClient } from '@/lib/legacyClient';

export async function connect(): Promise<LegacyClient | unknown> {
  const c = await connectClient({ url: '/ws' });
  return c;
}
