import { getClient } from '@/services/webSocketService';

vi.mock(import('@/services/webSocketService'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, getClient: vi.fn() };
});
vi.mock(import('@/services/events'));

it('mocks', () => {
  expect(getClient).toBeDefined();
});
