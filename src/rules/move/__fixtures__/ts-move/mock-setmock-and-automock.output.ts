import { getClient } from '@/services/webSocketService';
import { emit } from '@/old/events';

jest.setMock('@/services/webSocketService', { getClient: jest.fn(), WebSocketService: class {} });
jest.mock('@/services/events');
jest.mock('@/old/events', () => ({ emit: () => 'fake', default: jest.fn() }));

it('mocks', () => {
  expect(getClient).toBeDefined();
  expect(emit).toBeDefined();
});
