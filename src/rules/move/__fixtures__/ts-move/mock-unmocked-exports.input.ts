import { WebSocketService } from '@/services/legacy/wsClient';

jest.mock('@/services/legacy/wsClient', () => ({ WebSocketService: jest.fn() }));

it('mocks the service', () => {
  expect(WebSocketService).toBeDefined();
});
