import { WebSocketService, getClient } from '@/services/webSocketService';

jest.mock('@/services/webSocketService');

it('mocks', () => {
  const actual = jest.requireActual<typeof import('@/services/webSocketService')>('@/services/webSocketService');
  expect(getClient).toHaveBeenCalled();
  expect(actual.getClient).toBeDefined();
  expect(WebSocketService).toBeDefined();
});
