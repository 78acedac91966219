/**
 * One full garbage collection on demand. Discovering a large tree leaves most of what it allocated as garbage (the
 * directory listings, the glob's entries), and V8 keeps the heap it grew for them while the planner runs: at 50,000
 * files the main thread's heap stayed at ≈ 150 MB where ≈ 75 MB is live, and the process peaked 40 MB higher
 * (docs/performance.md). V8 only offers a collection to code started with `--expose-gc`; the flag can be set at run
 * time, after which a new context has `gc`.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collect garbage now (a full, blocking collection: tens of milliseconds); a no-op where V8 does not allow it. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const found: unknown = vm.runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
