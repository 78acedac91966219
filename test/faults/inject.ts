/**
 * Fault injection for the faults suite: make the Nth filesystem write step of this process fail with a given errno
 * (EIO, ENOSPC), as a failing disk would. A "write step" is any call that creates, writes, syncs, renames, links,
 * chmods, chowns or (synchronously) unlinks: each is counted, and the one numbered `at` throws (or calls back with)
 * the error. The patch goes onto `node:fs` and `node:fs/promises` and is pushed to their ES module bindings
 * (`syncBuiltinESMExports`), so canonize's own `import { writeSync } from 'node:fs'` sees it. In process: no timing, fully deterministic.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

export interface Injection {
  /** The step that failed (its number and the call), once it has. */
  fired(): string | undefined;
  /** How many write steps were counted. */
  steps(): number;
  restore(): void;
}

const WRITE_FLAG = /[wax+]/;
const isWriteFlags = (flags: unknown): boolean =>
  typeof flags === 'string' ? WRITE_FLAG.test(flags) : typeof flags === 'number' ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0 : false;

type AnyFn = (...args: unknown[]) => unknown;

/** Make write step number `at` (1-based) fail with `code`; `at` = Infinity only counts. */
export function injectFault(at: number, code: 'EIO' | 'ENOSPC'): Injection {
  let step = 0;
  let fired: string | undefined;
  const error = (name: string) => Object.assign(new Error(`${code}: injected fault, ${name}`), { code, errno: code === 'EIO' ? -5 : -28, syscall: name });
  const hit = (name: string): boolean => {
    step++;
    if (step !== at) return false;
    fired = `step ${step}: ${name}`;
    return true;
  };
  const saved: [object, string, unknown][] = [];
  const patch = (obj: Record<string, unknown>, name: string, wrap: (orig: AnyFn) => AnyFn) => {
    saved.push([obj, name, obj[name]]);
    obj[name] = wrap(obj[name] as AnyFn);
  };
  const syncCall = (name: string, isWrite: (args: unknown[]) => boolean = () => true) => (orig: AnyFn) =>
    function (this: unknown, ...args: unknown[]) {
      if (isWrite(args) && hit(name)) throw error(name);
      return orig.apply(this, args);
    };
  const asyncCall = (name: string, isWrite: (args: unknown[]) => boolean = () => true) => (orig: AnyFn) =>
    async function (this: unknown, ...args: unknown[]) {
      if (isWrite(args) && hit(name)) throw error(name);
      return orig.apply(this, args);
    };
  const f = fs as unknown as Record<string, unknown>;
  const p = fsp as unknown as Record<string, unknown>;
  patch(f, 'openSync', syncCall('open', (a) => isWriteFlags(a[1])));
  for (const n of ['writeSync', 'writeFileSync', 'fchmodSync', 'fchownSync', 'renameSync', 'linkSync', 'mkdirSync', 'unlinkSync']) patch(f, n, syncCall(n));
  patch(f, 'fsync', (orig) =>
    function (this: unknown, fd: unknown, cb: unknown) {
      if (hit('fsync')) {
        process.nextTick(cb as AnyFn, error('fsync'));
        return;
      }
      return orig.call(this, fd, cb);
    },
  );
  patch(p, 'open', asyncCall('open', (a) => isWriteFlags(a[1])));
  for (const n of ['writeFile', 'rename', 'link', 'mkdir', 'appendFile']) patch(p, n, asyncCall(n));
  syncBuiltinESMExports();
  return {
    fired: () => fired,
    steps: () => step,
    restore() {
      for (const [obj, name, orig] of saved.reverse()) (obj as Record<string, unknown>)[name] = orig;
      syncBuiltinESMExports();
    },
  };
}
