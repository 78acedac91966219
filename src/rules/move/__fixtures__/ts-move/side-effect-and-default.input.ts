import '../old/events';
import emit, { type EventName } from '../old/events';
import * as everything from '@/old/events';

export function fire(name: EventName): void {
  emit(name);
  everything.emit(name);
}
