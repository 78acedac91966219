// Mocks and spies of callees the call rules rewrite: once applied, the code under test calls the canonical factory.
import * as legacy from '../lib/legacyClient';
import * as service from '@/services/webSocketService';

vi.mock('../lib/legacyClient', () => ({
  makeClient: vi.fn(),
  'connectClient': vi.fn(),
  LegacyClient: class {},
}));

jest.mock('@/services/webSocketService', async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, WebSocketService: jest.fn() };
});

// An automock stubs the canonical factory too: left alone.
vi.mock('../services/webSocketService');

it('spies on the legacy factory', () => {
  const spy = vi.spyOn(legacy, 'makeClient');
  jest.spyOn(legacy, 'getClientSync'); // canonize: ignore
  vi.spyOn(service, 'createWebSocketService');
  expect(spy).toHaveBeenCalled();
});
