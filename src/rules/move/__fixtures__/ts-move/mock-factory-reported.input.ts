import { getSocket } from '@/lib/socket';
import { makeSocketMock } from './helpers';

jest.mock('@/lib/socket', makeSocketMock);
vi.mock('../services/legacy/wsClient');

it('mocks', () => {
  expect(getSocket()).toBe('fake');
});
