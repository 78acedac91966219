import { makeClient } from './lib/legacyClient';

export const View = () => <div onClick={() => makeClient({ url: '/ws' })}>go</div>;
