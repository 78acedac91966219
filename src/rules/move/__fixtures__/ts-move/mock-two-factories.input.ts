import { emit } from '@/old/events';

vi.mock('@/services/events', () => ({ emit: vi.fn(), default: vi.fn() }));
vi.mock('@/old/events', () => ({ emit: vi.fn() }));

it('emits', () => {
  emit('agent_started');
});
