import { type EventName } from '../old/events';
import emit, { default as fire } from '@/services/events';
import * as events from '../old/events';

export function go(name: EventName): void {
  emit(name);
  fire(name);
  events.emit(name);
}
