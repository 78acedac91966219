import { WebSocketService } from '@/services/webSocketService';

jest.mock('@/services/webSocketService', () => ({ WebSocketService: jest.fn() }));

it('mocks the service', () => {
  expect(WebSocketService).toBeDefined();
});
