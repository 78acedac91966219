import { getSocket } from '../lib/socket';
import { emit } from '@/old/events';

jest.setMock('../lib/socket', { getSocket: jest.fn(), Socket: class {} });
jest.mock('@/services/events');
jest.mock('@/old/events', () => ({ emit: () => 'fake', default: jest.fn() }));

it('mocks', () => {
  expect(getSocket).toBeDefined();
  expect(emit).toBeDefined();
});
