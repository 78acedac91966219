/**
 * The order test files start in. Vitest runs the files that took longest first when its cache (node_modules/.vite)
 * knows their durations; a fresh clone (CI) has none, and vitest then starts the largest files first. Some small
 * files are long serial runs of real processes (faults/kill.test.ts: 40 processes killed one after the other), and
 * one started last kept a single worker busy for a minute after every other file was done. So the files below, the
 * slowest of a full run (session 9, issue 17), start first, longest first; the rest keep vitest's order.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest files of a full run on 2 cores, longest first (paths relative to the repository; one absent is skipped). */
export const SLOW_FIRST = [
  'test/faults/kill.test.ts',
  'test/conformance.test.ts',
  // Not timed yet (on main since this list was made): ~25 real processes started one after the other.
  'test/faults/kill-ops.test.ts',
  'test/faults/io.test.ts',
  'test/plan-cache.test.ts',
  'test/example.test.ts',
  'test/crash.test.ts',
  'test/progress-cli.test.ts',
  'test/lock.test.ts',
  'test/github-workflow.test.ts',
  'test/package-install.test.ts',
  'test/json-contract.test.ts',
  'test/example-events.test.ts',
  'test/architecture.test.ts',
  'test/faults/file-ops.test.ts',
  'test/retire-example.test.ts',
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = SLOW_FIRST.indexOf(relative(this.ctx.config.root, spec.moduleId).split('\\').join('/'));
      return at < 0 ? SLOW_FIRST.length : at;
    };
    return sorted.map((spec, order) => ({ spec, order })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order).map(({ spec }) => spec);
  }
}
