import assert from 'node:assert/strict';
import { createWebSocketService } from '@/services/webSocketService';

it('refuses an empty url', () => {
  expect(() => createWebSocketService({ url: '' })).toThrow('url');
  assert.throws(() => createWebSocketService({ url: '' }), /url/);
});
