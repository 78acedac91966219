/**
 * The planner: discover → prefilter → decode → parse → run rules → a Plan. Per file it is a pure function of the
 * file's bytes, the compiled config and the project index (`planSource`), which is what makes plans deterministic
 * and lets the same code run in-process or on worker threads (pool.ts). Everything downstream reads only the plan.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { CompiledConfig } from '../config/compile.js';
import { applyEdits, editId, sortEdits } from '../engine/edits.js';
import { CanonizeError } from '../errors.js';
import {
  PLAN_VERSION,
  type ChangedFilePlan,
  type Edit,
  type FilePlan,
  type Finding,
  type Plan,
  type ProjectIndex,
  type Shard,
  type SharedFileState,
  type Site,
  type SourceFile,
  type Transform,
} from '../types.js';
import { planBatches } from './batches.js';
import { discoverFiles, type DiscoveredFile } from './discover.js';
import { describeProblem, parseSource, syntaxProblems } from './parse.js';
import { planFiles, type PoolTuning } from './pool.js';
import type { ReadBuffer } from './read.js';
import { buildProjectIndex, EMPTY_PROJECT } from './project.js';
import { shardFilter } from './shard.js';
import { encodeSource, hashBytes, sourceFromBytes } from './source.js';

/** The plan of one file, and its new text when it changes. */
export interface SourcePlanResult {
  plan: FilePlan;
  /** False when the prefilter ruled the file out (it was never parsed). */
  parsed: boolean;
  newText?: string;
}

const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const minimal = new WeakMap<readonly string[], readonly string[]>();

/** Needles without those that contain another one of the list (if `manager` is absent, so is `unified_manager`). */
function minimalNeedles(needles: readonly string[]): readonly string[] {
  let out = minimal.get(needles);
  if (!out) minimal.set(needles, (out = [...new Set(needles)].filter((n, _, all) => !all.some((m) => m !== n && n.includes(m)))));
  return out;
}

/** The transforms that could apply to a file, by language, literal needles and each one's `mightApply` (prefilter.ts). */
export function applicableTransforms(
  file: { language: SourceFile['language'] },
  haystack: string | Buffer,
  transforms: readonly Transform[],
  project: ProjectIndex = EMPTY_PROJECT,
  collectSites = false,
): Transform[] {
  // A needle is searched for once per file, however many transforms list it.
  const seen = new Map<string, boolean>();
  const has = (needle: string) => {
    let hit = seen.get(needle);
    if (hit === undefined) seen.set(needle, (hit = haystack.includes(needle)));
    return hit;
  };
  const found = (needles: readonly string[]) => minimalNeedles(needles).some(has);
  let text: string | undefined;
  const finer = (t: Transform) => !t.mightApply || t.mightApply((text ??= typeof haystack === 'string' ? haystack : haystack.toString('latin1')), { collectSites, project });
  return transforms.filter(
    (t) =>
      t.languages.includes(file.language) &&
      (t.needles.length === 0 ||
        found(t.needles) ||
        found(t.projectNeedles?.(project) ?? []) ||
        (collectSites && found(t.siteNeedles ?? []))) &&
      finer(t),
  );
}

/**
 * Plan one decoded file: parse, run the transforms, splice, and check the result still parses. Never throws for
 * a problem in the file or a rule: every outcome is data.
 */
export function planSource(
  file: SourceFile,
  transforms: readonly Transform[],
  project: ProjectIndex = EMPTY_PROJECT,
  options: { collectSites?: boolean } = {},
): SourcePlanResult {
  const candidates = applicableTransforms(file, file.text, transforms, project, options.collectSites);
  if (candidates.length === 0) return { plan: { path: file.path, outcome: 'unchanged', findings: [] }, parsed: false };

  const tree = parseSource(file.text, file.language);
  const problems = syntaxProblems(tree, 1);
  if (problems.length > 0) {
    return {
      parsed: true,
      plan: { path: file.path, outcome: 'skipped', code: 'parse-error', reason: `does not parse: ${describeProblem(problems[0]!)}`, findings: [] },
    };
  }

  const edits: Edit[] = [];
  const findings: Finding[] = [];
  const sites: Site[] = [];
  const withSites = <P extends FilePlan>(plan: P): P => {
    if (sites.length === 0) return plan;
    sites.sort((a, b) => a.line - b.line || a.column - b.column || cmpText(a.rule, b.rule) || cmpText(a.form, b.form) || cmpText(a.symbol, b.symbol));
    return { ...plan, sites };
  };
  const shared = new Map<string, SharedFileState>();
  let current = candidates[0]!.id;
  try {
    for (const transform of candidates) {
      current = transform.id;
      transform.run({
        file,
        tree,
        project,
        edit(start, end, text, rule = transform.id) {
          edits.push({ start, end, text, rule, id: editId(file.path, rule, start, end, text) });
        },
        report(at, message, severity = 'warning', rule = transform.id) {
          findings.push({ rule, ...lineColumn(file.text, at), message, severity });
        },
        site(at, site) {
          if (options.collectSites) sites.push({ ...site, ...lineColumn(file.text, at) });
        },
        collectingSites: options.collectSites ?? false,
        shared<T extends SharedFileState>(key: string, create: () => T): T {
          let state = shared.get(key);
          if (!state) shared.set(key, (state = create()));
          return state as T;
        },
      });
    }
    for (const [key, state] of shared) {
      current = key;
      state.finish();
    }
  } catch (err) {
    const reason = `rule ${current} failed: ${err instanceof Error ? err.message : String(err)}`;
    return { parsed: true, plan: withSites({ path: file.path, outcome: 'failed', code: 'rule-error', reason, findings }) };
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  if (edits.length === 0) return { parsed: true, plan: withSites({ path: file.path, outcome: 'unchanged', findings }) };

  let newText: string;
  try {
    newText = applyEdits(file.text, edits);
  } catch (err) {
    const code = err instanceof CanonizeError && err.code === 'E_EDIT_OVERLAP' ? 'overlap' : 'rule-error';
    return { parsed: true, plan: withSites({ path: file.path, outcome: 'failed', code, reason: (err as Error).message, findings }) };
  }
  if (newText === file.text) return { parsed: true, plan: withSites({ path: file.path, outcome: 'unchanged', findings }) };

  const after = syntaxProblems(parseSource(newText, file.language), 1);
  if (after.length > 0) {
    const rules = [...new Set(edits.map((e) => e.rule))].sort().join(', ');
    return {
      parsed: true,
      plan: withSites({
        path: file.path,
        outcome: 'failed',
        code: 'output-parse-error',
        reason: `the rewritten file would not parse (${describeProblem(after[0]!)}); rules: ${rules}`,
        findings,
      }),
    };
  }
  let newBytes: Buffer;
  try {
    newBytes = encodeSource(newText, file.encoding, file.bom);
  } catch (err) {
    // Text the file's encoding cannot hold is never written with a substitute character (issue 14).
    return { parsed: true, plan: withSites({ path: file.path, outcome: 'failed', code: 'unencodable', reason: (err as Error).message, findings }) };
  }
  return {
    parsed: true,
    newText,
    plan: withSites({
      path: file.path,
      outcome: 'changed',
      language: file.language,
      baseHash: file.hash,
      newHash: hashBytes(newBytes),
      encoding: file.encoding,
      bom: file.bom,
      edits: sortEdits(edits),
      batch: -1,
      findings,
    }),
  };
}

/** A discovered file after reading and the prefilter: its bytes when a rule may apply, else its final result. */
export type ReadFileResult = { bytes: Buffer; result?: undefined } | { result: SourcePlanResult };

/**
 * Read one discovered file and run the prefilter on its raw bytes: a file that names nothing any rule looks for is
 * never decoded or parsed. I/O problems become skip outcomes. Synchronous: on a warm page cache a blocking read is
 * several times faster than the promise API for many small files, and the planner's threads have nothing else to do.
 * With a `reader`, the bytes are a view of its buffer, valid until its next read.
 */
export function readDiscoveredFile(
  file: DiscoveredFile,
  config: CompiledConfig,
  project: ProjectIndex = EMPTY_PROJECT,
  options: { collectSites?: boolean } = {},
  reader?: ReadBuffer,
): ReadFileResult {
  const skipped = (code: string, reason: string): ReadFileResult => ({
    result: { parsed: false, plan: { path: file.path, outcome: 'skipped', code, reason, findings: [] } },
  });
  let bytes: Buffer;
  try {
    const read = reader?.read(file.absPath, config.maxFileSize) ?? readWhole(file.absPath, config.maxFileSize);
    if (read.tooLarge !== undefined) return skipped('too-large', `larger than maxFileSize (${read.tooLarge} > ${config.maxFileSize} bytes)`);
    bytes = read.bytes;
  } catch (err) {
    return skipped('unreadable', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (applicableTransforms(file, bytes, config.transforms, project, options.collectSites).length === 0) {
    return { result: { parsed: false, plan: { path: file.path, outcome: 'unchanged', findings: [] } } };
  }
  return { bytes };
}

function readWhole(path: string, maxSize: number): { bytes: Buffer; tooLarge?: undefined } | { tooLarge: number } {
  const size = lstatSync(path).size;
  return size > maxSize ? { tooLarge: size } : { bytes: readFileSync(path) };
}

/** Decode the bytes of a file the prefilter let through, and plan it. */
export function planFileBytes(
  file: DiscoveredFile,
  bytes: Buffer,
  config: CompiledConfig,
  project: ProjectIndex = EMPTY_PROJECT,
  options: { collectSites?: boolean } = {},
): SourcePlanResult {
  const read = sourceFromBytes(bytes, file.absPath, file.path, file.language);
  if (!read.ok) return { parsed: false, plan: { path: file.path, outcome: 'skipped', code: read.skip.kind, reason: read.skip.message, findings: [] } };
  return planSource(read.file, config.transforms, project, options);
}

/** Read one discovered file and plan it. I/O problems become skip outcomes. */
export async function planDiscoveredFile(
  file: DiscoveredFile,
  config: CompiledConfig,
  project: ProjectIndex = EMPTY_PROJECT,
  options: { collectSites?: boolean } = {},
): Promise<SourcePlanResult> {
  const read = readDiscoveredFile(file, config, project, options);
  return read.result ?? planFileBytes(file, read.bytes, config, project, options);
}

// Batching lives in batches.ts; re-exported here for callers that imported it from the planner.
export { assignBatches } from './batches.js';

export interface CreatePlanOptions {
  config: CompiledConfig;
  /** Absolute files or directories to restrict planning to (default: the whole root). */
  paths?: string[];
  /** Directory the plan file will be written to; `plan.root` is the root relative to it. Default: the root. */
  planDir?: string;
  /** Called after each file with the count done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Record the sites of relocated symbols in each file (for audits and checks); files with sites are listed. */
  collectSites?: boolean;
  /** Worker threads that parse and plan (default: the machine's cores; 1: in-process). The plan is the same whatever it is. */
  jobs?: number;
  /** Plan only the files of this shard (a deterministic split by path, see shard.ts); `plan --merge` joins the shards. */
  shard?: Shard;
  /** Fine-tuning of the pool (see pool.ts); the defaults are what the benchmark measured best. */
  pool?: PoolTuning;
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
  const project = await buildProjectIndex(config.root, config.pythonSourceRoots, config.transforms);
  let done = 0;
  await planFiles(files, {
    config,
    project,
    collectSites: options.collectSites ?? false,
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...options.pool,
    onResult(result) {
      if (result.parsed) counts.parsed++;
      const plan = result.plan;
      if (plan.outcome !== 'unchanged' || plan.findings.length > 0 || (plan.sites?.length ?? 0) > 0) listed.push(plan);
      if (plan.outcome === 'unchanged') counts.unchanged++;
      options.onProgress?.(++done, files.length);
    },
  });
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
  };
  for (const plan of listed) {
    for (const f of plan.findings) increment(summary.findingsByRule, f.rule);
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
