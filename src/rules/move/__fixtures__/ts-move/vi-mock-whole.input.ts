import { emit } from '../old/events';

vi.mock('../old/events');
vi.mock('@/services/events');

it('emits', () => {
  emit('agent_started');
});
