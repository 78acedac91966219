// A call nested in the captured arguments of a call the same rule rewrites is rewritten too, and the import of the
// legacy factory goes only when no use is left (rxjs: executeSchedule(sub, s, () => executeSchedule(...))).
import { createWebSocketService } from '@/services/webSocketService';

export function pair(options: unknown) {
  return createWebSocketService({ inner: createWebSocketService(options), retries: 3 });
}
