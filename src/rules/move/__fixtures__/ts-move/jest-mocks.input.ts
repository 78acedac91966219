import { WebSocketService } from '../services/webSocketService';
import { getSocket } from '@/lib/socket';

jest.mock('../services/webSocketService');
jest.mock('@/lib/socket', () => ({ getSocket: jest.fn() }));

it('mocks', () => {
  const actual = jest.requireActual<typeof import('../services/webSocketService')>('../services/webSocketService');
  expect(getSocket).toHaveBeenCalled();
  expect(actual.getClient).toBeDefined();
  expect(WebSocketService).toBeDefined();
});
