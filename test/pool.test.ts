// The plan does not depend on how it was computed: in-process or on worker threads (--jobs), in one run or in
// shards joined by `plan --merge`. Checked byte for byte on the bundled example and on a generated monorepo (the
// benchmark's generator, ~200 files), through the CLI and through the library with the pool forced on.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMonorepo, type GenerateStats } from '../bench/generate.js';
import { compileConfig } from '../src/config/compile.js';
import { loadConfigFile } from '../src/config/load.js';
import { serializePlan } from '../src/planner/plan-json.js';
import { packageRoot } from '../src/core/paths.js';
import { createPlan } from '../src/planner/plan.js';
import type { PoolTuning } from '../src/planner/pool.js';
import { parseShard, pathHash, shardOf } from '../src/planner/shard.js';
import { runCli, tempTree } from './helpers/tmp.js';

const EXAMPLE = join(packageRoot(), 'examples', 'legacy-app');

/** A temp directory that lives for the whole describe block (tempTree's are removed after each test). */
function blockTree(): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'canonize-pool-'));
  });
  afterAll(() => rmSync(dir!, { recursive: true, force: true }));
  return () => dir!;
}

/** Plan `dir` through the CLI with `args`, returning the plan file's bytes. */
async function cliPlan(dir: string, name: string, ...args: string[]): Promise<string> {
  const r = await runCli(['plan', '-o', name, ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(join(dir, name), 'utf8');
}

/** The library's plan with the pool forced on (workers start whatever the number of candidates). */
async function libraryPlan(dir: string, jobs: number, pool: PoolTuning = {}): Promise<string> {
  const config = compileConfig(await loadConfigFile(join(dir, 'canonize.config.yaml')));
  expect(config.source).toBeDefined();
  return serializePlan(await createPlan({ config, jobs, pool: { minFilesForPool: 0, ...pool } }));
}

async function expectShardsMergeToWhole(dir: string, whole: string, count: number): Promise<void> {
  const shards: string[] = [];
  for (let i = 1; i <= count; i++) {
    const text = await cliPlan(dir, `shard-${i}.json`, '--shard', `${i}/${count}`);
    expect(JSON.parse(text).shard).toEqual({ index: i, count });
    shards.push(`shard-${i}.json`);
  }
  // Any order of the shard files gives the same plan.
  const r = await runCli(['plan', '--merge', ...shards.reverse(), '-o', 'merged.json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(whole);
}

describe('planner threads and shards', () => {
  beforeAll(() => {
    // The workers run the build (test/helpers/build.ts keeps it current); without it the pool would stay in-process.
    expect(existsSync(join(packageRoot(), 'dist', 'src', 'planner', 'plan-worker.js'))).toBe(true);
  });

  describe('on the bundled example', () => {
    it('gives the same plan file whatever --jobs is, through the CLI and the library', async () => {
      const dir = tempTree();
      cpSync(EXAMPLE, dir, { recursive: true });
      const one = await cliPlan(dir, 'jobs-1.json', '--jobs', '1');
      expect(JSON.parse(one).summary.changed).toBeGreaterThan(10);
      expect(await cliPlan(dir, 'jobs-2.json', '--jobs', '2')).toBe(one);
      expect(await cliPlan(dir, 'jobs-3.json', '-j', '3')).toBe(one);
      // The library's plan is relative to the root (no -o): compare it with a CLI plan written there.
      expect(await libraryPlan(dir, 2)).toBe(await cliPlan(dir, 'plan.json'));
    });

    it('plans on the main thread what workers have no heap for, with the same result', async () => {
      const dir = tempTree();
      cpSync(EXAMPLE, dir, { recursive: true });
      const expected = await cliPlan(dir, 'plan.json', '--jobs', '1');
      // 4 MB: workers cannot even start; 24 MB: some start, and some files outgrow them.
      expect(await libraryPlan(dir, 2, { workerHeapMb: 4 })).toBe(expected);
      expect(await libraryPlan(dir, 2, { workerHeapMb: 24 })).toBe(expected);
    });

    it('merges its shards into the plan of one run', async () => {
      const dir = tempTree();
      cpSync(EXAMPLE, dir, { recursive: true });
      const whole = await cliPlan(dir, 'whole.json');
      await expectShardsMergeToWhole(dir, whole, 3);
      await expectShardsMergeToWhole(dir, whole, 1);
    });
  });

  describe('on a generated monorepo', () => {
    const tree = blockTree();
    let dir: string;
    let stats: GenerateStats;
    beforeAll(async () => {
      dir = tree();
      stats = await generateMonorepo({ files: 200, seed: 7, out: dir });
    });

    it('generates real-looking modules that parse, with legacy uses the rules rewrite', async () => {
      const whole = JSON.parse(await cliPlan(dir, 'whole.json', '--jobs', '1'));
      expect(stats.files).toBe(200);
      expect(whole.summary.scanned).toBe(200);
      expect(whole.summary.changed).toBeGreaterThan(3);
      expect(whole.summary.failed).toBe(0);
      // Only the files made not to parse are skipped; the prefilter keeps most files from being parsed.
      expect(whole.summary.skipped).toBe(stats.broken);
      expect(whole.summary.parsed).toBeLessThan(whole.summary.scanned / 2);
    });

    it('gives the same plan file whatever --jobs is', async () => {
      const one = await cliPlan(dir, 'jobs-1.json', '--jobs', '1');
      expect(await cliPlan(dir, 'jobs-2.json', '--jobs', '2')).toBe(one);
      expect(await libraryPlan(dir, 2)).toBe(await cliPlan(dir, 'plan.json', '--jobs', '1'));
    });

    it('merges its shards into the plan of one run', async () => {
      await expectShardsMergeToWhole(dir, await cliPlan(dir, 'whole.json'), 4);
    });

    it('is the whole job: after applying its plan, a second plan finds nothing to change', async () => {
      const copy = tempTree();
      cpSync(dir, copy, { recursive: true });
      const applied = await runCli(['apply', '--yes', '--json', '--allow-dirty'], { cwd: copy });
      expect([0, 3], applied.stderr).toContain(applied.code);
      expect(JSON.parse(applied.stdout).written).toBeGreaterThan(3);
      const again = JSON.parse(await cliPlan(copy, 'again.json', '--jobs', '1'));
      expect(again.summary.changed).toBe(0);
      expect(again.summary.failed).toBe(0);
    });
  });

  it('plans a file larger than the reader\'s buffer, and the files after it, as in-process (the buffer is copied, never sent away)', async () => {
    const files: Record<string, string> = {
      'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - { from: legacy, to: canon }\n',
      'legacy.py': 'X = 1\n',
      'canon.py': 'from legacy import X\n',
      // More than twice the reader's first buffer (256 KB), so it grows to exactly this file's size; read once the
      // pool has started (after 256 candidates), with more files after it.
      'b_big.py': `from legacy import X\n\n${Array.from({ length: 6500 }, (_, i) => `V${i} = "${'x'.repeat(60)}"  # pad ${i}\n`).join('')}print(X)\n`,
    };
    for (let i = 100; i < 356; i++) files[`a${i}.py`] = 'from legacy import X\n\nprint(X)\n';
    for (let i = 10; i < 20; i++) files[`c${i}.py`] = 'from legacy import X\n\nprint(X)\n';
    const dir = tempTree(files);
    const one = await cliPlan(dir, 'one.json', '--jobs', '1');
    expect(JSON.parse(one).summary).toMatchObject({ changed: 267, skipped: 0 });
    expect(await cliPlan(dir, 'two.json', '--jobs', '2')).toBe(one);
  }, 60_000);

  describe('merging refuses plans that do not make up one split', () => {
    const tree = blockTree();
    let dir: string;
    beforeAll(async () => {
      dir = tree();
      cpSync(EXAMPLE, dir, { recursive: true });
      for (const i of [1, 2, 3]) await cliPlan(dir, `s${i}.json`, '--shard', `${i}/3`);
      await cliPlan(dir, 'whole.json');
    });
    const merge = (...plans: string[]) => runCli(['plan', '--merge', ...plans, '-o', 'out.json'], { cwd: dir });

    it('names a missing shard', async () => {
      const r = await merge('s1.json', 's3.json');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/E_PLAN_MERGE.*shard\(s\) 2\/3 missing/);
    });

    it('refuses a shard given twice, a plan that is not a shard, and plans of another config', async () => {
      expect((await merge('s1.json', 's1.json', 's2.json', 's3.json')).stderr).toMatch(/both shard 1\/3/);
      expect((await merge('whole.json', 's1.json')).stderr).toMatch(/whole\.json is not the plan of a shard/);
      const other = JSON.parse(readFileSync(join(dir, 's2.json'), 'utf8'));
      writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...other, configHash: '0'.repeat(64) }));
      expect((await merge('s1.json', 'other.json', 's3.json')).stderr).toMatch(/planned with another config/);
    });

    it('refuses --merge with paths or --shard, and bad --jobs / --shard values (exit 2)', async () => {
      expect((await runCli(['plan', '--merge', 's1.json', '--shard', '1/2'], { cwd: dir })).code).toBe(2);
      expect((await runCli(['plan', '--jobs', '0'], { cwd: dir })).stderr).toMatch(/--jobs expects at least 1/);
      expect((await runCli(['check', '--shard', '3/2'], { cwd: dir })).stderr).toMatch(/--shard: "3\/2" is not a shard/);
    });

    it('shards check and audit as well', async () => {
      const paths = new Set<string>();
      for (const i of [1, 2]) {
        const r = await runCli(['check', '--json', '--shard', `${i}/2`], { cwd: dir });
        for (const v of JSON.parse(r.stdout).violations as { path: string }[]) paths.add(`${i}:${v.path}`);
        const audit = await runCli(['audit', '--json', '--shard', `${i}/2`, '--jobs', '1'], { cwd: dir });
        expect(audit.code, audit.stderr).toBe(0);
      }
      const whole = JSON.parse((await runCli(['check', '--json'], { cwd: dir })).stdout).violations as { path: string }[];
      const sharded = [...paths].map((p) => p.slice(2));
      expect(new Set(sharded)).toEqual(new Set(whole.map((v) => v.path)));
      for (const p of paths) expect(shardOf(p.slice(2), 2)).toBe(Number(p[0]));
    });
  });
});

describe('shards', () => {
  it('parses i/n, 1-based', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1', '1/0', 'a/b', '-1/2']) expect(() => parseShard(bad)).toThrow(/not a shard/);
  });

  it('splits by path alone, the same on every machine, and evenly', () => {
    // Fixed values: the split must never change between versions or platforms (CI jobs on different runners).
    expect(pathHash('a.py')).toBe(1515793494);
    expect([shardOf('a.py', 4), shardOf('src/b/c.ts', 4), shardOf('netra_backend/app/x.py', 7)]).toEqual(SHARDS_OF_KNOWN_PATHS);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardOf(`netra_backend/app/pkg_${i % 40}/module_${i}.py`, 4) - 1]!++;
    for (const n of counts) expect(n).toBeGreaterThan(850);
  });
});

/** Computed once with the FNV-1a + fmix32 hash of shard.ts; a change here re-shards every user's CI. */
const SHARDS_OF_KNOWN_PATHS = [3, 3, 7];
