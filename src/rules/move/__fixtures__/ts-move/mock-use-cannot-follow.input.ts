import { getSocket } from '@/lib/socket';

jest.mock('@/lib/socket', () => ({ getSocket: jest.fn() }));

it('hands the module on', () => {
  const socketModule = require('@/lib/socket');
  inspect(socketModule);
  expect(getSocket).toBeDefined();
});
declare function inspect(m: unknown): void;
