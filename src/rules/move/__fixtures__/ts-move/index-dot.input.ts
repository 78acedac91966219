// Inside the legacy index's own directory: '.', './index' and './index.js' all name it.
import { emit } from '.';
import type { EventName } from './index';
export { emit as emitAgain } from './index.js';
export const fire = (name: EventName) => emit(name);
