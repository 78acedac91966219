// Ünïcode 🚀
import { makeClient } from '../src/lib/legacyClient';

export const c = makeClient({ url: '/ws', name: 'naïve' } as never);
