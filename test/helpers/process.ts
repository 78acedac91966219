/** Child processes in tests: whether one still runs, and waiting until it does not. */
import { readFileSync } from 'node:fs';

/** Whether a process runs (exists and is not a zombie: in a container, nobody may reap an orphan). */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Wait until a process no longer runs (SIGKILL is delivered asynchronously); the test's timeout bounds it. */
export async function ended(pid: number): Promise<true> {
  while (alive(pid)) await new Promise((r) => setTimeout(r, 10));
  return true;
}
