import { describe, expect, it, vi } from 'vitest';
import { getSocket, Socket } from '@/lib/socket';

vi.mock('@/lib/socket', async (importOriginal) => ({
  ...(await importOriginal()),
  getSocket: vi.fn(),
  'createSocket': vi.fn(),
}));

describe('socket', () => {
  it('is mocked', async () => {
    const { createSocket } = await vi.importActual('@/lib/socket');
    expect(vi.isMockFunction(getSocket)).toBe(true);
    expect(createSocket).toBeDefined();
    expect(Socket).toBeDefined();
  });
});
