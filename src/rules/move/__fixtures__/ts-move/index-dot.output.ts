// Inside the legacy index's own directory: '.', './index' and './index.js' all name it.
import { emit } from '@/services/events';
import type { EventName } from '@/services/events';
export { emit as emitAgain } from '@/services/events';
export const fire = (name: EventName) => emit(name);
