// A call nested in the captured arguments of a call the same rule rewrites is rewritten too, and the import of the
// legacy factory goes only when no use is left (rxjs: executeSchedule(sub, s, () => executeSchedule(...))).
import { makeClient } from '../lib/legacyClient';

export function pair(options: unknown) {
  return makeClient({ inner: makeClient(options), retries: 3 });
}
