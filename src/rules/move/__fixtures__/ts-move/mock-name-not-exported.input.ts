import { WsClient } from '@/services/legacy/wsClient';

jest.mock('@/services/legacy/wsClient', () => ({ WsClient: jest.fn() }));

it('mocks the client', () => {
  expect(new WsClient('/ws')).toBeDefined();
});
