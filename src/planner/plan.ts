/**
 * The planner: discover → prefilter → plan each file (plan-source.ts, in-process or on the pool) → sort, count and
 * batch → a Plan, telling `onProgress` how far it has got (PlanProgress). Everything downstream reads only the plan.
 */
import { relative, sep } from 'node:path';
import type { CompiledConfig } from '../config/compile.js';
import { PLAN_VERSION, type ChangedFilePlan, type FilePlan, type Plan, type Shard } from '../core/types.js';
import { planBatches } from './batches.js';
import { PlanCache, type PlanCacheOptions, type PlanCacheStats } from './cache.js';
import { discoverFiles } from './files.js';
import { UNREADABLE_RULE } from './plan-source.js';
import { planFiles, type PoolTuning } from './pool.js';
import { buildProjectIndex } from './project-index.js';
import { shardFilter } from './shard.js';

export interface CreatePlanOptions {
  config: CompiledConfig;
  /** Absolute files or directories to restrict planning to (default: the whole root). */
  paths?: string[];
  /** Directory the plan file will be written to; `plan.root` is the root relative to it. Default: the root. */
  planDir?: string;
  /**
   * Told how far planning has got: once when the files are discovered, at most every `progressIntervalMs` while they
   * are read and planned, and once at the end (`done`). Reporting never changes the plan.
   */
  onProgress?: (progress: PlanProgress) => void;
  /** The least time between two reports of `onProgress` (default 100 ms; 0: after every file). */
  progressIntervalMs?: number;
  /** Record the sites of relocated symbols in each file (for audits and checks); files with sites are listed. */
  collectSites?: boolean;
  /** Worker threads that parse and plan (default: the machine's cores; 1: in-process). The plan is the same whatever it is. */
  jobs?: number;
  /** Plan only the files of this shard (a deterministic split by path, see shard.ts); `plan --merge` joins the shards. */
  shard?: Shard;
  /**
   * Bytes to plan in place of some files' (by absolute path; the files must exist, discovery finds them on disk):
   * what `check --staged` plans, the content git's index holds. The plan's paths stay the files' own.
   */
  contents?: ReadonlyMap<string, Uint8Array>;
  /** Fine-tuning of the pool (see pool.ts); the defaults are what the benchmark measured best. */
  pool?: PoolTuning;
  /**
   * The plan cache in `.canonize/cache/` under the root (default: on; false: neither read nor written). It never
   * changes the plan: see cache.ts and docs/performance.md ("The cache").
   */
  cache?: boolean | PlanCacheOptions;
  /** Told, once at the end of a run, what the cache did (hits, misses, entries written and pruned). */
  onCacheStats?: (stats: PlanCacheStats) => void;
}

/**
 * How far planning has got. The counts only grow; the last report (`done`) has every file read and every candidate
 * planned. Candidates are known only as reading goes on: until `read` reaches `total`, more may come.
 */
export interface PlanProgress {
  /** Files to plan (discovered, in this shard). */
  total: number;
  /** Files read so far (each is read once, and the prefilter runs on its bytes). */
  read: number;
  /**
   * Files read so far that the prefilter let through, to be planned: most are parsed, some only scanned for legacy
   * references no rule accounts for (the plan's `summary.parsed` counts the parsed ones). When workers read the
   * files (`pool.prefilterIn: 'workers'`), the main thread learns only which were parsed: those count.
   */
  candidates: number;
  /** Candidates planned so far. */
  planned: number;
  /** True on the last report: every file is read and every candidate planned. */
  done: boolean;
}

const DEFAULT_PROGRESS_INTERVAL_MS = 100;

/** Counts the planner's progress and reports it, at most once per interval (and always at the start and the end). */
class ProgressReporter {
  private readonly counts: PlanProgress;
  private last = 0;

  constructor(
    total: number,
    private readonly report: (progress: PlanProgress) => void,
    private readonly intervalMs: number,
  ) {
    this.counts = { total, read: 0, candidates: 0, planned: 0, done: false };
    this.emit();
  }

  read(candidate: boolean): void {
    this.counts.read++;
    if (candidate) this.counts.candidates++;
    this.maybeEmit();
  }

  planned(): void {
    this.counts.planned++;
    this.maybeEmit();
  }

  finish(): void {
    this.counts.done = true;
    this.emit();
  }

  private maybeEmit(): void {
    if (performance.now() - this.last >= this.intervalMs) this.emit();
  }

  private emit(): void {
    this.last = performance.now();
    // A copy: the receiver may keep it.
    this.report({ ...this.counts });
  }
}

const increment = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** What only the per-file loop can count: files that are not listed in a plan count here too. */
export interface PlanCounts {
  scanned: number;
  parsed: number;
  unchanged: number;
}

/** Plan a whole tree. Deterministic: the same tree and config give a byte-identical plan. */
export async function createPlan(options: CreatePlanOptions): Promise<Plan> {
  const { config } = options;
  const discovery = await discoverFiles({
    root: config.root,
    ...(options.paths ? { paths: options.paths } : {}),
    include: config.include,
    exclude: config.exclude,
    gitignore: config.gitignore,
  });
  const inShard = options.shard ? shardFilter(options.shard) : () => true;
  const files = discovery.files.filter((f) => inShard(f.path));
  const listed: FilePlan[] = discovery.skipped
    .filter((s) => inShard(s.path))
    .map((s) => ({ path: s.path, outcome: 'skipped', code: s.kind, reason: s.message, findings: [] }));
  const counts: PlanCounts = { scanned: files.length, parsed: 0, unchanged: 0 };
  const progress = options.onProgress && new ProgressReporter(files.length, options.onProgress, options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS);
  // Importers of names a rule may stop binding are looked for in the whole tree (every shard's files are discovered;
  // with paths, the rest of the tree is discovered for this): they are other files.
  let pythonFiles: string[] | undefined;
  if (config.transforms.some((t) => (t.facts?.python?.importersOf?.length ?? 0) > 0)) {
    const whole = options.paths
      ? await discoverFiles({ root: config.root, include: config.include, exclude: config.exclude, gitignore: config.gitignore })
      : discovery;
    pythonFiles = whole.files.filter((f) => f.language === 'python').map((f) => f.path);
  }
  // With named paths, only their files are planned: facts only a file's own plan reads are gathered for those alone.
  const planned = options.paths ? files.map((f) => f.path) : undefined;
  const project = await buildProjectIndex(config.root, config.pythonSourceRoots, config.transforms, pythonFiles, planned);
  const collectSites = options.collectSites ?? false;
  const cache = options.cache === false ? undefined : PlanCache.open(config, project, collectSites, options.cache === true ? {} : options.cache);
  await planFiles(files, {
    config,
    project,
    collectSites,
    ...(cache ? { cache } : {}),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...options.pool,
    ...(options.contents ? { contents: options.contents } : {}),
    ...(progress ? { onRead: (candidate: boolean) => progress.read(candidate) } : {}),
    onResult(result, candidate) {
      if (result.parsed) counts.parsed++;
      const plan = result.plan;
      if (plan.outcome !== 'unchanged' || plan.findings.length > 0 || (plan.sites?.length ?? 0) > 0) listed.push(plan);
      if (plan.outcome === 'unchanged') counts.unchanged++;
      if (candidate) progress?.planned();
    },
  });
  cache?.close();
  if (cache) options.onCacheStats?.({ ...cache.stats });
  progress?.finish();
  return finishPlan(listed, counts, config, options.planDir, options.shard);
}

/**
 * Turn the listed file plans of a run (in any order) into a plan: sorted, summarised, batched. Shared by
 * {@link createPlan} and the merge of shard plans, so that both give the same bytes.
 */
export async function finishPlan(
  listed: FilePlan[],
  counts: PlanCounts,
  config: Pick<CompiledConfig, 'root' | 'hash' | 'batchBy' | 'order'>,
  planDir: string | undefined,
  shard?: Shard,
): Promise<Plan> {
  listed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const summary: Plan['summary'] = {
    scanned: counts.scanned,
    parsed: counts.parsed,
    changed: 0,
    unchanged: counts.unchanged,
    skipped: 0,
    failed: 0,
    editsByRule: {},
    skippedByReason: {},
    findingsByRule: {},
    parsedByCompiler: 0,
  };
  for (const plan of listed) {
    for (const f of plan.findings) increment(summary.findingsByRule, f.rule);
    if ((plan.outcome === 'changed' || plan.outcome === 'unchanged') && plan.findings.some((f) => f.rule === UNREADABLE_RULE)) summary.parsedByCompiler++;
    switch (plan.outcome) {
      case 'changed':
        summary.changed++;
        for (const e of plan.edits) increment(summary.editsByRule, e.rule);
        break;
      case 'skipped':
        summary.skipped++;
        increment(summary.skippedByReason, plan.code);
        break;
      case 'failed':
        summary.failed++;
        increment(summary.skippedByReason, plan.code);
        break;
      case 'unchanged':
        break;
      default:
        plan satisfies never;
    }
  }
  const changed = listed.filter((p): p is ChangedFilePlan => p.outcome === 'changed');
  const batches = await planBatches(changed, config);
  const root = relative(planDir ?? config.root, config.root).split(sep).join('/') || '.';
  return { version: PLAN_VERSION, configHash: config.hash, root, ...(shard ? { shard } : {}), files: listed, batches, summary };
}
