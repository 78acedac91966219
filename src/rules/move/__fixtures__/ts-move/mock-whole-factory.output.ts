import { emit } from '@/services/events';
import type { EventName } from '@/services/events';

jest.mock('@/services/events', () => ({
  ...jest.requireActual('@/services/events'),
  emit: jest.fn(),
}));

it('emits', async () => {
  const name: EventName = 'agent_started';
  emit(name);
  const real = jest.requireActual<typeof import('@/services/events')>('@/services/events');
  const { default: dflt } = await import('@/services/events');
  expect(real.emit).not.toBe(emit);
  expect(dflt).toBe(emit);
});
