import assert from 'node:assert/strict';
import { connectClient, makeClient } from '../lib/legacyClient';
import { WebSocketService, createWebSocketService } from '../services/webSocketService';

describe('legacy client', () => {
  it('refuses an empty url', () => {
    expect(() => makeClient({ url: '' })).toThrow('url');
    expect(() => {
      makeClient({ url: '' });
    }).toThrowError(/url/);
    expect(() => new WebSocketService({ url: '' })).toThrowErrorMatchingInlineSnapshot();
    expect(makeClient).toThrow(TypeError);
    assert.throws(makeClient);
  });

  it('rejects when the server is down', async () => {
    await expect(connectClient({ url: 'ws://down' })).rejects.toThrow();
    await assert.rejects(() => connectClient({ url: 'ws://down' }));
    assert.throws(() => makeClient({ url: '' }), /url/);
  });

  it('connects', () => {
    expect(() => createWebSocketService({ url: '/ws' })).not.toThrow();
    expect(createWebSocketService({ url: '/ws' })).toBeInstanceOf(WebSocketService);
  });
});
