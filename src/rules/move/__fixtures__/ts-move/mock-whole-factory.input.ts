import { emit } from '../old/events';
import type { EventName } from '@/old/events';

jest.mock('@/old/events', () => ({
  ...jest.requireActual('@/old/events'),
  emit: jest.fn(),
}));

it('emits', async () => {
  const name: EventName = 'agent_started';
  emit(name);
  const real = jest.requireActual<typeof import('@/old/events')>('@/old/events');
  const { default: dflt } = await import('../old/events');
  expect(real.emit).not.toBe(emit);
  expect(dflt).toBe(emit);
});
