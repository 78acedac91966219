import { makeClient } from '../lib/legacyClient';

export const client = () => makeClient({ url: '/ws' });
