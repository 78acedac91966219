import emitDefault, { emit } from '@/services/events';
const { emit: lazyEmit } = await import('@/services/events');
export { emitDefault, emit, lazyEmit };
