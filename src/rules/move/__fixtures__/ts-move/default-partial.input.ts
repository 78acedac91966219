import emit, { type EventName } from '../old/events';
import fire, * as events from '../old/events';

export function go(name: EventName): void {
  emit(name);
  fire(name);
  events.emit(name);
}
