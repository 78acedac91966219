import { getSocket } from '@/lib/socket';

jest.mock('@/lib/socket', () => ({ getSocket: () => 'fake' }));
vi.mock('../services/legacy/wsClient');

it('mocks', () => {
  expect(getSocket()).toBe('fake');
});
