const early = require('@/lib/socket');
import { getSocket } from '@/lib/socket';
export { createSocket } from '../lib/socket';

const name = 'getSocket';
jest.mock('@/lib/socket', () => ({
  ...jest.requireActual('@/lib/socket'),
  [name]: jest.fn(),
}));

it('reads the mock', async () => {
  const late = require('../lib/socket');
  const { getSocket: viaImport } = await import('@/lib/socket');
  const actual = jest.requireActual('@/lib/socket');
  expect(late.getSocket).toBe(getSocket);
  expect(viaImport).toBe(early.getSocket);
  expect(actual.getSocket).not.toBe(getSocket);
});
