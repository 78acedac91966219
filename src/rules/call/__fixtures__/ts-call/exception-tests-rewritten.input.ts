import assert from 'node:assert/strict';
import { makeClient } from '../lib/legacyClient';

it('refuses an empty url', () => {
  expect(() => makeClient({ url: '' })).toThrow('url');
  assert.throws(() => makeClient({ url: '' }), /url/);
});
