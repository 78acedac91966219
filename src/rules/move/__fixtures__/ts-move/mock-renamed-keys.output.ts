import { getClient } from '@/services/webSocketService';

jest.mock('@/services/webSocketService', () => ({ getClient: () => 'fake' }));
vi.mock('../services/legacy/wsClient');

it('mocks', () => {
  expect(getClient()).toBe('fake');
});
