// The plan cache (.canonize/cache/) never changes a plan: on the bundled example, copied to temp dirs, a cold run, a
// warm run and a run without the cache give the same plan bytes — also after edits to a file, to the config, to the
// canonical module, to a tsconfig, and with sites collected. That a warm run used the cache is shown by the cache's
// own statistics (hits, misses: files planned), never by timing. Torn entries, an unwritable cache, a `.canonize`
// symlinked out of the root and two processes planning at once are real files and real processes.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/config/compile.js';
import { loadConfigFile } from '../src/config/load.js';
import { packageRoot } from '../src/core/paths.js';
import type { Transform } from '../src/core/types.js';
import type { PlanCacheStats } from '../src/planner/cache.js';
import { serializePlan } from '../src/planner/plan-json.js';
import { createPlan } from '../src/planner/plan.js';
import { runCli, tempTree } from './helpers/tmp.js';

const EXAMPLE = join(packageRoot(), 'examples', 'legacy-app');
const CANONICAL = 'netra_backend/app/websocket_core/websocket_manager.py';

interface Run {
  plan: string;
  stats: PlanCacheStats | undefined;
}

/** Plan `dir` through the library; `cache: false` reads and writes no entry. */
async function planTree(dir: string, options: { cache?: boolean | { maxBytes: number }; jobs?: number; collectSites?: boolean; transforms?: Transform[] } = {}): Promise<Run> {
  const config = compileConfig(await loadConfigFile(join(dir, 'canonize.config.yaml')), options.transforms);
  let stats: PlanCacheStats | undefined;
  const plan = await createPlan({
    config,
    jobs: options.jobs ?? 1,
    // With jobs > 1 the pool starts whatever the number of candidates, so workers' results are stored too.
    pool: { minFilesForPool: 0 },
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(options.collectSites ? { collectSites: true } : {}),
    onCacheStats: (s) => (stats = s),
  });
  return { plan: serializePlan(plan), stats };
}

function exampleTree(): string {
  const dir = tempTree();
  // Without a cache other tests' runs may have left in the example itself.
  cpSync(EXAMPLE, dir, { recursive: true, filter: (source) => !source.split(/[\\/]/).includes('.canonize') });
  return dir;
}

const cacheDir = (dir: string) => join(dir, '.canonize', 'cache');
const entries = (dir: string) => readdirSync(cacheDir(dir)).filter((n) => n.endsWith('.entry'));

function edit(dir: string, path: string, change: (text: string) => string): void {
  const file = join(dir, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
}

/**
 * Warm the cache, make `change`, and check that planning with the cache gives the plan planning without it does —
 * a plan that differs from the one before the change, so that a stale entry could not pass.
 */
async function expectCacheFollows(change: (dir: string) => void, options: { collectSites?: boolean } = {}): Promise<{ before: Run; after: Run }> {
  const dir = exampleTree();
  const before = await planTree(dir);
  expect((await planTree(dir)).stats?.misses).toBe(0);
  change(dir);
  const after = await planTree(dir, options);
  const fresh = await planTree(dir, { ...options, cache: false });
  expect(fresh.stats).toBeUndefined();
  expect(fresh.plan).not.toBe(before.plan);
  expect(after.plan).toBe(fresh.plan);
  // And planning once more, now from the entries the changed run wrote, still agrees.
  const again = await planTree(dir, options);
  expect(again.stats?.misses).toBe(0);
  expect(again.plan).toBe(fresh.plan);
  return { before, after };
}

describe('the plan cache', () => {
  it('gives the same plan cold, warm and without it, and a warm run plans no file', async () => {
    const dir = exampleTree();
    const cold = await planTree(dir);
    const candidates = cold.stats!.misses;
    expect(candidates).toBeGreaterThan(20);
    expect(cold.stats).toMatchObject({ hits: 0, written: candidates, pruned: 0 });
    expect(cold.stats!.unavailable).toBeUndefined();
    expect(entries(dir)).toHaveLength(candidates);
    // The cache ignores itself in git.
    expect(readFileSync(join(cacheDir(dir), '.gitignore'), 'utf8')).toBe('*\n');

    const warm = await planTree(dir);
    // Every other file was ruled out by the prefilter in the cold run, and is not filtered again.
    const ruledOut = JSON.parse(cold.plan).summary.scanned - candidates;
    expect(ruledOut).toBeGreaterThan(0);
    expect(warm.stats).toEqual({ hits: candidates, ruledOut, misses: 0, written: 0, pruned: 0 });
    expect(warm.plan).toBe(cold.plan);
    const none = await planTree(dir, { cache: false });
    expect(none.plan).toBe(cold.plan);
    // summary.parsed counts the parsed files, whether their plans came from the cache or not.
    expect(JSON.parse(warm.plan).summary.parsed).toBe(JSON.parse(none.plan).summary.parsed);
  });

  it('stores what workers plan, and serves it to in-process runs and back', async () => {
    const dir = exampleTree();
    const expected = (await planTree(dir, { cache: false })).plan;
    const pooled = await planTree(dir, { jobs: 2 });
    expect(pooled.plan).toBe(expected);
    expect(pooled.stats!.written).toBe(pooled.stats!.misses);
    const inProcess = await planTree(dir, { jobs: 1 });
    expect(inProcess.stats).toMatchObject({ hits: pooled.stats!.misses, misses: 0 });
    expect(inProcess.plan).toBe(expected);
    expect((await planTree(dir, { jobs: 2 })).plan).toBe(expected);
  });

  it('is shared by the shards of a split, whose plans still merge into the whole', async () => {
    const dir = exampleTree();
    const whole = await planTree(dir);
    const config = compileConfig(await loadConfigFile(join(dir, 'canonize.config.yaml')));
    let hits = 0;
    for (const index of [1, 2]) {
      await createPlan({ config, jobs: 1, shard: { index, count: 2 }, onCacheStats: (s) => ((hits += s.hits), expect(s.misses).toBe(0)) });
    }
    expect(hits).toBe(whole.stats!.misses);
  });

  it('plans again only the file that was edited', async () => {
    const path = 'netra_backend/app/services/agent_service.py';
    const { after } = await expectCacheFollows((dir) => edit(dir, path, (text) => `# edited\n${text}`));
    expect(after.stats!.misses).toBe(1);
    expect(after.stats!.hits).toBeGreaterThan(20);
  });

  it('plans a file the prefilter ruled out once an edit makes it a candidate', async () => {
    const path = 'netra_backend/app/agents/interfaces.py';
    const { before, after } = await expectCacheFollows((dir) => edit(dir, path, (text) => `from netra_backend.app.websocket_core.manager import WebSocketManager\n${text}`));
    expect(before.stats!.ruledOut).toBe(0);
    expect(after.stats!.misses).toBeGreaterThan(0);
  });

  it('follows an edit of the config', async () => {
    await expectCacheFollows((dir) =>
      edit(dir, 'canonize.config.yaml', (text) => text.replace('replace: get_websocket_manager(user_context=$CTX)', 'replace: get_websocket_manager(ctx=$CTX)')),
    );
  });

  it('follows an edit of the canonical module (the names it exports)', async () => {
    const { after } = await expectCacheFollows((dir) => edit(dir, CANONICAL, (text) => text.replace(/\bWebSocketConnection\b/g, 'WsConnection')));
    // The project index changed: every candidate is planned again.
    expect(after.stats!.hits).toBe(0);
  });

  it('follows an edit of a tsconfig (its paths mapping)', async () => {
    await expectCacheFollows((dir) => edit(dir, 'tsconfig.json', (text) => text.replace('"@/*": ["frontend/src/*"]', '"@/*": ["frontend/lib/*"]')));
  });

  it('keeps plans with sites (audits, checks) apart from plans without', async () => {
    await expectCacheFollows(() => undefined, { collectSites: true });
  });

  it('ignores a torn or corrupt entry, and writes it again', async () => {
    const dir = exampleTree();
    const cold = await planTree(dir);
    const [first, second] = entries(dir).sort();
    const torn = join(cacheDir(dir), first!);
    truncateSync(torn, Math.floor(statSync(torn).size / 2));
    const corrupt = join(cacheDir(dir), second!);
    const bytes = readFileSync(corrupt);
    // One byte of the body changed: the length holds, the checksum does not.
    bytes[bytes.length - 3] = bytes[bytes.length - 3] === 0x41 ? 0x42 : 0x41;
    writeFileSync(corrupt, bytes);
    // The list of files the prefilter ruled out, torn too: they are filtered again.
    const [list] = readdirSync(cacheDir(dir)).filter((n) => n.endsWith('.ruled-out'));
    truncateSync(join(cacheDir(dir), list!), 100);
    const warm = await planTree(dir);
    expect(warm.stats).toMatchObject({ misses: 2, written: 2, ruledOut: 0 });
    expect(warm.plan).toBe(cold.plan);
    const again = await planTree(dir);
    expect(again.stats).toMatchObject({ misses: 0, hits: cold.stats!.misses });
    expect(again.stats!.ruledOut).toBeGreaterThan(0);
  });

  it('never fails a run when the cache cannot be written', async () => {
    const dir = exampleTree();
    const expected = (await planTree(dir, { cache: false })).plan;
    mkdirSync(cacheDir(dir), { recursive: true });
    chmodSync(cacheDir(dir), 0o555);
    try {
      const run = await planTree(dir);
      expect(run.plan).toBe(expected);
      // root writes through a read-only mode; anyone else cannot.
      if (process.getuid?.() !== 0) {
        expect(run.stats!.written).toBe(0);
        expect(run.stats!.unavailable).toMatch(/cannot write the cache \(EACCES\)/);
      }
    } finally {
      chmodSync(cacheDir(dir), 0o755);
    }
    // A file where the cache directory should be: no cache, the same plan.
    rmSync(cacheDir(dir), { recursive: true });
    writeFileSync(cacheDir(dir), 'not a directory');
    const run = await planTree(dir);
    expect(run.plan).toBe(expected);
    expect(run.stats).toMatchObject({ hits: 0, written: 0 });
    expect(run.stats!.unavailable).toMatch(/not a directory of the project/);
  });

  it('never follows a .canonize that is a symbolic link out of the root', async () => {
    const dir = exampleTree();
    const outside = mkdtempSync(join(tmpdir(), 'canonize-outside-'));
    try {
      symlinkSync(outside, join(dir, '.canonize'));
      const run = await planTree(dir);
      expect(run.plan).toBe((await planTree(dir, { cache: false })).plan);
      expect(run.stats!.unavailable).toMatch(/symbolic link/);
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('stays within its bound, pruning the least recently used entries', async () => {
    const dir = exampleTree();
    const run = await planTree(dir, { cache: { maxBytes: 4000 } });
    expect(run.stats!.pruned).toBeGreaterThan(0);
    const total = entries(dir).reduce((n, name) => n + statSync(join(cacheDir(dir), name)).size, 0);
    expect(total).toBeLessThanOrEqual(3600);
    // `pruned` also counts the run's ruled-out list (one, the example has files the prefilter rules out) when pruning
    // reached it: how far pruning goes depends on the sizes and mtimes of the files, so count the entries apart from it.
    const listsLeft = readdirSync(cacheDir(dir)).filter((n) => n.endsWith('.ruled-out')).length;
    const entriesPruned = run.stats!.pruned - (1 - listsLeft);
    expect(entries(dir).length).toBe(run.stats!.written - entriesPruned);
    expect((await planTree(dir, { cache: { maxBytes: 4000 } })).plan).toBe(run.plan);
  });

  it('is not used with transforms added in memory, which its key cannot describe', async () => {
    const dir = exampleTree();
    const noop: Transform = { id: 'noop', languages: ['python'], needles: ['websocket'], run: () => undefined };
    const run = await planTree(dir, { transforms: [noop] });
    expect(run.stats).toMatchObject({ hits: 0, misses: 0, written: 0 });
    expect(run.stats!.unavailable).toMatch(/in memory/);
    expect(existsSync(cacheDir(dir))).toBe(false);
  });

  it('--no-cache neither reads nor writes it, with the same plan', async () => {
    const dir = exampleTree();
    const none = await runCli(['plan', '--no-cache', '-o', 'none.json'], { cwd: dir });
    expect(none.code, none.stderr).toBe(0);
    expect(existsSync(cacheDir(dir))).toBe(false);
    for (const command of [['audit', '--json', '--no-cache'], ['check', '--no-cache'], ['diff', '--no-cache']]) {
      await runCli(command, { cwd: dir });
      expect(existsSync(cacheDir(dir)), command.join(' ')).toBe(false);
    }
    const cached = await runCli(['plan', '-o', 'cached.json'], { cwd: dir });
    expect(cached.code, cached.stderr).toBe(0);
    expect(entries(dir).length).toBeGreaterThan(20);
    expect(readFileSync(join(dir, 'cached.json'), 'utf8')).toBe(readFileSync(join(dir, 'none.json'), 'utf8'));
  });
});

describe('the plan cache shared by processes', () => {
  /** The real executable planning `dir` into `out`. */
  function cliProcess(dir: string, out: string, ...args: string[]): Promise<number> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'canonize.js'), 'plan', '-o', out, ...args], { cwd: dir, stdio: 'ignore' });
      child.on('error', fail);
      child.on('exit', (code) => done(code ?? -1));
    });
  }

  it('gives two processes planning the same tree at once the same plan', async () => {
    const dir = exampleTree();
    const expected = (await runCli(['plan', '--no-cache', '-o', 'expected.json'], { cwd: dir })).code;
    expect(expected).toBe(0);
    const codes = await Promise.all([cliProcess(dir, 'a.json', '--jobs', '2'), cliProcess(dir, 'b.json', '--jobs', '1')]);
    expect(codes).toEqual([0, 0]);
    const plan = readFileSync(join(dir, 'expected.json'), 'utf8');
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(plan);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(plan);
    // Both wrote their entries; none is left half written, and no temp file is left over.
    expect(readdirSync(cacheDir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(cacheDir(dir)).filter((n) => n.endsWith('.entry')).length).toBeGreaterThan(20);
    expect(await Promise.all([cliProcess(dir, 'c.json'), cliProcess(dir, 'd.json')])).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(plan);
    expect(readFileSync(join(dir, 'd.json'), 'utf8')).toBe(plan);
  });
});
