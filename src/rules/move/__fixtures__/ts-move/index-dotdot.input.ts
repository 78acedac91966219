import emitDefault from '..';
import { emit } from '../index';
const { emit: lazyEmit } = await import('../');
export { emitDefault, emit, lazyEmit };
