import * as legacy from './lib/legacyClient';

export const c = legacy.makeClient({ url: '/ws' });
