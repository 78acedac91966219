// The planner's progress reports (createPlan's onProgress) on a real temp tree, in every way the planner can run:
// in-process, on the pool with the main thread reading, on the pool with workers reading, and with workers that
// cannot start (everything planned again on the main thread). The counts only grow, end at the plan's own totals,
// and reporting does not change the plan. No timing: every file is reported (progressIntervalMs 0), or only the
// first and last reports are looked at.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileConfig } from '../src/config/compile.js';
import { loadConfigFile } from '../src/config/load.js';
import { packageRoot } from '../src/core/paths.js';
import { serializePlan } from '../src/planner/plan-json.js';
import { createPlan, type PlanProgress } from '../src/planner/plan.js';
import type { PoolTuning } from '../src/planner/pool.js';
import { tempTree } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const FILES = 90;

/** 90 Python files: every third imports the legacy module (a candidate), the rest never mention it. */
function tree(extra: Record<string, string | Buffer> = {}): string {
  const files: Record<string, string | Buffer> = { 'canonize.config.yaml': CONFIG, ...extra };
  for (let i = 0; i < FILES; i++) files[`pkg${i % 7}/m${i}.py`] = i % 3 === 0 ? `from legacy.mod import Thing\nx${i} = Thing()\n` : `x${i} = ${i}\n`;
  return tempTree(files);
}

async function planWithProgress(dir: string, jobs: number, pool: PoolTuning = {}, progressIntervalMs = 0) {
  const config = compileConfig(await loadConfigFile(join(dir, 'canonize.config.yaml')));
  const reports: PlanProgress[] = [];
  const plan = await createPlan({ config, jobs, pool: { minFilesForPool: 0, ...pool }, onProgress: (p) => reports.push(p), progressIntervalMs });
  return { plan, reports, config };
}

/** Every report is consistent, no count ever goes down, and only the last says `done`. */
function expectMonotone(reports: readonly PlanProgress[]): void {
  expect(reports.length).toBeGreaterThanOrEqual(2);
  expect(reports[0]).toEqual({ total: reports[0]!.total, read: 0, candidates: 0, planned: 0, done: false });
  for (let i = 1; i < reports.length; i++) {
    const [before, now] = [reports[i - 1]!, reports[i]!];
    expect(now.total).toBe(before.total);
    for (const key of ['read', 'candidates', 'planned'] as const) expect(now[key], `${key} at report ${i}`).toBeGreaterThanOrEqual(before[key]);
    expect(now.planned).toBeLessThanOrEqual(now.candidates);
    expect(now.candidates).toBeLessThanOrEqual(now.read);
    expect(now.read).toBeLessThanOrEqual(now.total);
  }
  expect(reports.slice(0, -1).every((r) => !r.done)).toBe(true);
}

describe('planning progress (createPlan onProgress)', () => {
  beforeAll(() => {
    // The pool runs the build's worker (test/helpers/build.ts keeps it current).
    expect(existsSync(join(packageRoot(), 'dist', 'src', 'planner', 'plan-worker.js'))).toBe(true);
  });

  const ways: [string, number, PoolTuning][] = [
    ['in-process (--jobs 1)', 1, {}],
    ['on the pool, the main thread reading', 2, {}],
    ['on the pool, the workers reading', 2, { prefilterIn: 'workers' }],
    ['when workers cannot start (planned again on the main thread)', 2, { workerHeapMb: 4 }],
    ['when workers reading cannot start', 2, { prefilterIn: 'workers', workerHeapMb: 4 }],
  ];
  for (const [name, jobs, pool] of ways) {
    it(`counts every file once and ends at the plan's totals: ${name}`, async () => {
      const { plan, reports } = await planWithProgress(tree(), jobs, pool);
      expectMonotone(reports);
      // Every file and every candidate is seen once: the counts grew one at a time.
      expect(reports.length).toBeGreaterThanOrEqual(FILES + FILES / 3);
      expect(reports.at(-1)).toEqual({ total: FILES, read: FILES, candidates: FILES / 3, planned: FILES / 3, done: true });
      expect(plan.summary).toMatchObject({ scanned: FILES, parsed: FILES / 3, changed: FILES / 3 });
    });
  }

  it('counts a candidate that cannot be decoded as planned, so that the count completes', async () => {
    // Passes the prefilter (it names the legacy module) but is not UTF-8: skipped, never parsed.
    const dir = tree({ 'latin.py': Buffer.from('from legacy.mod import Thing  # caf\xe9\n', 'latin1') });
    const { plan, reports } = await planWithProgress(dir, 1);
    expectMonotone(reports);
    expect(plan.summary).toMatchObject({ scanned: FILES + 1, parsed: FILES / 3, skipped: 1 });
    expect(reports.at(-1)).toEqual({ total: FILES + 1, read: FILES + 1, candidates: FILES / 3 + 1, planned: FILES / 3 + 1, done: true });
  });

  it('reports at the start and the end with the default interval, and never changes the plan', async () => {
    const dir = tree();
    const { plan, reports, config } = await planWithProgress(dir, 2, {}, undefined);
    expectMonotone(reports);
    expect(reports.at(-1)).toEqual({ total: FILES, read: FILES, candidates: FILES / 3, planned: FILES / 3, done: true });
    const silent = await createPlan({ config, jobs: 2, pool: { minFilesForPool: 0 } });
    expect(serializePlan(plan)).toBe(serializePlan(silent));
  });

  it('reports an empty tree as done at once', async () => {
    const { reports } = await planWithProgress(tempTree({ 'canonize.config.yaml': CONFIG }), 1);
    expect(reports).toEqual([
      { total: 0, read: 0, candidates: 0, planned: 0, done: false },
      { total: 0, read: 0, candidates: 0, planned: 0, done: true },
    ]);
  });
});
