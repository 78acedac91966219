import { emit } from '../old/events';
import { getSocket } from '@/lib/socket';

vi.mock('../old/events', () => ({ emit: vi.fn() }));
vi.mock('@/lib/socket', async (importOriginal) => ({ ...(await importOriginal()), ['get' + 'Socket']: vi.fn() }));

it('reads the real modules', async () => {
  const realEvents = await vi.importActual<typeof import('../old/events')>('../old/events');
  const { getSocket: realGet } = await vi.importActual<Record<string, () => string>>('@/lib/socket');
  expect(realEvents.emit).not.toBe(emit);
  expect(realGet).not.toBe(getSocket);
});
