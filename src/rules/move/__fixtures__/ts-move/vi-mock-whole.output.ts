import { emit } from '@/services/events';

vi.mock('@/services/events');

it('emits', () => {
  emit('agent_started');
});
