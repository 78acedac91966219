import { WebSocketService, createWebSocketService } from '../services/webSocketService';
import { getSocket } from '@/lib/socket';
import type { LegacyAgentEvent } from '../services/legacy/wsClient';

jest.mock('../services/webSocketService');
jest.mock('@/lib/socket', () => ({ getSocket: jest.fn() }));

describe('chat', () => {
  beforeEach(() => {
    jest.clearAllMocks();
  });

  it('creates one service per dedicated window', () => {
    createWebSocketService({ url: 'ws://localhost/ws/thread_67890' });
    expect(createWebSocketService).toHaveBeenCalledWith({ url: 'ws://localhost/ws/thread_67890' });
  });

  it('shares the page-wide socket otherwise', async () => {
    await getSocket();
    expect(getSocket).toHaveBeenCalled();
  });

  it('passes legacy events through the old client unchanged', () => {
    const { WsClient } = require('../services/legacy/wsClient');
    const client = new WsClient('ws://localhost/ws');
    const event: LegacyAgentEvent = { type: 'agent_started', time: '2023-10-01T10:00:00Z', user: 'user_12345', thread_id: 'thread_67890', agent_name: 'cost_optimizer' };
    client.emit(event);
    expect(WebSocketService).toHaveBeenCalled();
  });

  it('keeps the real module reachable', () => {
    const actual = jest.requireActual<typeof import('../services/webSocketService')>('../services/webSocketService');
    expect(typeof actual.getClient).toBe('function');
  });
});
