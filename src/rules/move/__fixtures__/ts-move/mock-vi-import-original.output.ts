import { describe, expect, it, vi } from 'vitest';
import { getClient, WebSocketService } from '@/services/webSocketService';

vi.mock('@/services/webSocketService', async (importOriginal) => ({
  ...(await importOriginal()),
  getClient: vi.fn(),
  'createWebSocketService': vi.fn(),
}));

describe('socket', () => {
  it('is mocked', async () => {
    const { createWebSocketService: createSocket } = await vi.importActual('@/services/webSocketService');
    expect(vi.isMockFunction(getClient)).toBe(true);
    expect(createSocket).toBeDefined();
    expect(WebSocketService).toBeDefined();
  });
});
