import '@/services/events';
import emit, { type EventName } from '@/services/events';
import * as everything from '@/services/events';

export function fire(name: EventName): void {
  emit(name);
  everything.emit(name);
}
