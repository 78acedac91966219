import { WsClient, WebSocketService } from '@/services/legacy/wsClient';

jest.mock('@/services/legacy/wsClient', () => ({ WsClient: jest.fn(), WebSocketService: jest.fn() }));

it('mocks both', () => {
  const real = jest.requireActual('../services/legacy/wsClient');
  expect(WsClient).not.toBe(real.WsClient);
  expect(WebSocketService).toBeDefined();
});
