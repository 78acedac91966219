import { getSocket } from '@/lib/socket';

vi.mock(import('@/lib/socket'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, getSocket: vi.fn() };
});
vi.mock(import('../old/events'));

it('mocks', () => {
  expect(getSocket).toBeDefined();
});
