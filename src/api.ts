/**
 * The library's front door: the operations the CLI offers, as functions that take options and return data.
 * `plan` finds and compiles the config and plans the tree; `preview` turns a plan into file changes for diffing;
 * `apply` writes a plan; `rollback` undoes a run. `audit` and `check` are in api-audit.ts, `initConfig` in
 * api-init.ts; src/index.ts is the public surface. None of them prints, exits or reads process.argv.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { compileConfig, formattersOf, type CompiledConfig } from './config/compile.js';
import { loadConfig, validateConfig, type LoadedConfig } from './config/load.js';
import { applyPlan, type ApplyPlanOptions, type ApplyResult } from './engine/apply.js';
import { checkPlanPaths, filesOfBatches } from './engine/plan-input.js';
import { materializeFile, type MaterializedFile } from './engine/rebuild.js';
import type { FileChange } from './engine/diff.js';
import { FormatError, Formatters, type FormatterSpec } from './engine/format.js';
import { gitPrefix } from './engine/git.js';
import { JOURNAL_DIR } from './engine/journal-format.js';
import { listRuns, rollbackRun, type RollbackOptions, type RollbackResult, type RunSummary } from './engine/rollback.js';
import { ConfigError, UsageError } from './core/errors.js';
import { loadCustomTransform, resolveTransformModule } from './custom/load.js';
import { parseBatchBy } from './config/batch-by.js';
import { checkShardPlans, mergeShardPlans, readShardPlan } from './planner/merge.js';
import type { PlanCacheStats } from './planner/cache.js';
import { createPlan, type PlanProgress } from './planner/plan.js';
import { planDiscoveredFile } from './planner/plan-source.js';
import { buildProjectIndex } from './planner/project-index.js';
import type { ChangedFilePlan, FilePlan, Plan, ProjectIndex, Shard, Transform } from './core/types.js';

export type { PlanProgress } from './planner/plan.js';
export type { PlanCacheStats } from './planner/cache.js';

export interface PlanRequest {
  /** Working directory relative paths are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Config file; default: found by walking up from `cwd`, then from the first of `paths`. */
  configPath?: string;
  /** Files or directories to plan (default: the whole root). */
  paths?: string[];
  /** Where the plan file will be written, so that `plan.root` is relative to it (default: the root). */
  planDir?: string;
  /** Extra transforms to run after the config's rules. */
  transforms?: Transform[];
  /** Override the config's `batchBy` (`dir[:DEPTH]`, `size:N`, `rule`, `owner`). */
  batchBy?: string;
  /** Override the config's `order` globs. */
  order?: readonly string[];
  /**
   * Told how far planning has got (files read, candidates found and planned, see {@link PlanProgress}): at the
   * start, at most every 100 ms, and at the end. It never changes the plan.
   */
  onProgress?: (progress: PlanProgress) => void;
  /** Record the sites of relocated symbols (what `audit` and `check` count). */
  collectSites?: boolean;
  /** Worker threads that parse and plan (default: the machine's cores; 1: in-process). The plan is the same whatever it is. */
  jobs?: number;
  /** Plan only this shard of the tree (a deterministic split by path, `parseShard('2/4')`); `mergePlans` joins them. */
  shard?: Shard;
  /** Bytes to plan in place of some files' (absolute path → bytes; the files must exist): `check --staged` plans git's index. */
  contents?: ReadonlyMap<string, Uint8Array>;
  /**
   * Use the plan cache in `.canonize/cache/` (default true; false: plan every file, read and write no entry). The
   * plan is the same either way (docs/performance.md, "The cache").
   */
  cache?: boolean;
  /**
   * Told once when no config file was found and, `transforms` being given, the defaults are used instead (no rules
   * but the transforms), rooted at `root`: the git work tree's top, or the working directory outside one.
   */
  onDefaultConfig?: (root: string) => void;
  /** Told, once at the end of planning, what the cache did (hits, misses, written, pruned; why it was not used). */
  onCacheStats?: (stats: PlanCacheStats) => void;
}

export interface PlanResponse {
  plan: Plan;
  /** Absolute project root. */
  root: string;
  config: LoadedConfig;
}

/** A project ready to plan: its config found, validated and compiled, and the paths to plan resolved. */
interface LoadedProject {
  config: LoadedConfig;
  compiled: CompiledConfig;
  cwd: string;
  paths: string[];
  request: PlanRequest;
}

/** Load the config, compile it, and plan the tree (or the given paths). */
export async function plan(request: PlanRequest = {}): Promise<PlanResponse> {
  const project = await loadProject(request);
  return { plan: await planProject(project), root: project.config.root, config: project.config };
}

async function loadProject(request: PlanRequest): Promise<LoadedProject> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const paths = (request.paths ?? []).map((p) => resolve(cwd, p));
  for (const p of paths) if (!existsSync(p)) throw new UsageError('E_PATH_NOT_FOUND', `no such file or directory: ${p}`);
  const config = await loadConfigOrDefaults(request, cwd, [cwd, ...paths.slice(0, 1)]);
  for (const p of paths) {
    const rel = relative(config.root, p);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new UsageError('E_PATH_OUTSIDE_ROOT', `${p} is outside the project root ${config.root}`, 'run canonize from inside the project, or pass --config');
    }
  }
  const compiled = compileConfig(config, request.transforms);
  if (request.batchBy) compiled.batchBy = parseBatchBy(request.batchBy, '--batch-by');
  if (request.order) compiled.order = [...request.order];
  return { config, compiled, cwd, paths, request };
}

/**
 * The config found from `searchFrom` (or `request.configPath`). With transforms and no config file anywhere, the
 * defaults (an empty config: the transforms are the only rules) rooted at the git work tree's top, or at `cwd`
 * outside one: `--transform` alone needs no config file.
 */
export async function loadConfigOrDefaults(request: Pick<PlanRequest, 'configPath' | 'transforms' | 'onDefaultConfig'>, cwd: string, searchFrom: string[]): Promise<LoadedConfig> {
  try {
    return await loadConfig({ ...(request.configPath ? { configPath: resolve(cwd, request.configPath) } : {}), searchFrom });
  } catch (err) {
    if (request.configPath || !request.transforms?.length || !(err instanceof ConfigError) || err.code !== 'E_CONFIG_NOT_FOUND') throw err;
  }
  // The prefix keeps the working directory's spelling of the path (git answers with the real one).
  const prefix = await gitPrefix(cwd);
  const root = prefix ? resolve(cwd, ...prefix.split('/').map(() => '..')) : cwd;
  const defaults = validateConfig({}, join(root, 'canonize.config.yaml'));
  request.onDefaultConfig?.(root);
  return { ...defaults, file: undefined };
}

function planProject({ compiled, cwd, paths, request }: LoadedProject): Promise<Plan> {
  return createPlan({
    config: compiled,
    ...(paths.length > 0 ? { paths } : {}),
    ...(request.planDir ? { planDir: resolve(cwd, request.planDir) } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.collectSites ? { collectSites: true } : {}),
    ...(request.jobs !== undefined ? { jobs: request.jobs } : {}),
    ...(request.shard ? { shard: request.shard } : {}),
    ...(request.contents ? { contents: request.contents } : {}),
    ...(request.cache === false ? { cache: false } : {}),
    ...(request.onCacheStats ? { onCacheStats: request.onCacheStats } : {}),
  });
}

export interface MergeRequest {
  /** The plan files of every shard of one `--shard i/n` split, in any order. */
  plans: string[];
  /** Working directory the plan files and `configPath` are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Config file; default: found by walking up from `cwd`, then from the shards' root. It must be the shards' config. */
  configPath?: string;
  /** Where the merged plan will be written, so that `plan.root` is relative to it (default: the root). */
  planDir?: string;
  /** Batching, as for {@link PlanRequest}: pass what the shards were planned with for an identical plan. */
  batchBy?: string;
  order?: readonly string[];
}

/**
 * Join the plans of the shards of a `--shard i/n` split into the plan of the whole tree: the same bytes an unsharded
 * run with the same batching makes. Throws `E_PLAN_MERGE` when the plans do not make up one split of one config.
 */
export async function mergePlans(request: MergeRequest): Promise<PlanResponse> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const shards = await Promise.all(request.plans.map((file) => readShardPlan(resolve(cwd, file))));
  checkShardPlans(shards);
  const config = await loadConfig({
    ...(request.configPath ? { configPath: resolve(cwd, request.configPath) } : {}),
    searchFrom: [cwd, shards[0]!.root],
  });
  const batching = {
    root: config.root,
    hash: config.hash,
    batchBy: request.batchBy ? parseBatchBy(request.batchBy, '--batch-by') : parseBatchBy(config.spec.batchBy),
    order: [...(request.order ?? config.spec.order)],
  };
  const merged = await mergeShardPlans(shards, batching, request.planDir ? resolve(cwd, request.planDir) : undefined);
  return { plan: merged, root: config.root, config };
}

export interface Preview {
  /** One entry per changed file whose bytes still match the plan. */
  changes: (FileChange & { edits: number; batch: string })[];
  /** Changed files that could not be rebuilt: changed since planning (`stale`) or failing. */
  problems: Extract<MaterializedFile, { ok: false }>[];
}

export interface PreviewOptions {
  /**
   * Pipe each changed file's new bytes through these formatters, as `apply` does (`diff --run-format`): the preview
   * then shows the formatted output, and a file a formatter fails on is a `failed` problem.
   */
  format?: readonly FormatterSpec[];
}

/** Rebuild every changed file of a plan (of some batches) in memory, for a diff. Writes nothing. */
export async function preview(planData: Plan, root: string, batches?: readonly string[], options: PreviewOptions = {}): Promise<Preview> {
  const out: Preview = { changes: [], problems: [] };
  const formatters = new Formatters(options.format ?? [], root);
  for (const file of filesOfBatches(planData, batches)) {
    const m = await materializeFile(file, root);
    if (!m.ok) {
      out.problems.push(m);
      continue;
    }
    // A file deleted or created (retire) is shown as it is: no formatter runs on a whole-file operation.
    if (file.op) {
      out.changes.push({ path: file.path, oldText: m.oldText, newText: m.newText, encoding: file.encoding, bom: file.bom, edits: file.edits.length, batch: file.batch, op: file.op, mode: m.mode ?? 0o644 });
      continue;
    }
    let newText = m.newText;
    try {
      const formatted = formatters.any ? await formatters.format({ path: file.path, language: file.language, encoding: file.encoding, bom: file.bom, oldText: m.oldText }, m.newBytes) : undefined;
      if (formatted) newText = formatted.text;
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      out.problems.push({ ok: false, plan: file, absPath: m.absPath, outcome: 'failed', reason: err.message });
      continue;
    }
    out.changes.push({ path: file.path, oldText: m.oldText, newText, encoding: file.encoding, bom: file.bom, edits: file.edits.length, batch: file.batch });
  }
  return out;
}

/**
 * The formatters of the project's config (`format:`; none when there is no config file): the config given, or the
 * one found walking up from `root`.
 */
export async function configuredFormatters(where: { root: string; cwd?: string; configPath?: string }): Promise<FormatterSpec[]> {
  try {
    const cwd = resolve(where.cwd ?? where.root);
    return formattersOf((await loadConfig({ ...(where.configPath ? { configPath: resolve(cwd, where.configPath) } : {}), searchFrom: [where.root] })).spec);
  } catch (err) {
    if (where.configPath || !(err instanceof ConfigError) || err.code !== 'E_CONFIG_NOT_FOUND') throw err;
    return [];
  }
}

export interface ApplyRequest extends Omit<ApplyPlanOptions, 'plan' | 'root' | 'replan'> {
  /** A plan made earlier (read from a plan.json, say). Without one, the project is planned now, after recovery, under the journal's lock. */
  plan?: Plan;
  /** The absolute root `plan`'s paths are relative to (required with `plan`). */
  root?: string;
  /** How to find the config: to plan now, and to re-plan files that changed since `plan` was made. */
  project?: PlanRequest;
  /**
   * Re-plan a file that changed since it was planned, when the config is the one the plan was made with and its
   * `replanStale` is on (the default); false: such files are always reported `stale`.
   */
  replanStale?: boolean;
}

export interface ApplyResponse extends ApplyResult {
  plan: Plan;
  root: string;
}

/**
 * Write a plan, batch by batch, with the journal, verify gates and resume of the engine (`applyPlan`). Runs a
 * killed process left unfinished are recovered first.
 */
export async function apply(request: ApplyRequest): Promise<ApplyResponse> {
  const { plan: given, root: givenRoot, project: projectRequest, replanStale, ...engine } = request;
  let project: LoadedProject | undefined;
  if (!given) project = await loadProject(projectRequest ?? {});
  else if (!givenRoot) throw new UsageError('E_USAGE', 'apply: a plan needs the root its paths are relative to');
  const root = given ? resolve(givenRoot!) : project!.config.root;
  // A given plan is data anyone can edit: its paths are checked before anything (the journal included) is written.
  if (given) checkPlanPaths(given, root);
  let planned = given;
  const makePlan = async () => (planned = given ?? (await planProject(project!)));
  const replan = replanStale === false ? undefined : createReplanner(() => planned!, root, project, projectRequest);
  // The formatters: the request's (`--format-cmd`), else the config's.
  const format = engine.format ?? (project ? project.compiled.format : await configuredFormatters({ root, ...projectRequest }));
  const result = await applyPlan({ ...engine, plan: makePlan, root, format, ...(replan ? { replan } : {}) });
  return { ...result, plan: planned!, root };
}

/**
 * The project root whose journal `rollback` reads: the root of the config (given, or found walking up from
 * `cwd`), or, when there is no config, the nearest directory from `cwd` up that has a `.canonize/` journal.
 */
export async function findJournalRoot(where: { cwd?: string; configPath?: string } = {}): Promise<string> {
  const cwd = resolve(where.cwd ?? process.cwd());
  try {
    return (await loadConfig({ ...(where.configPath ? { configPath: resolve(cwd, where.configPath) } : {}), searchFrom: [cwd] })).root;
  } catch (err) {
    if (where.configPath || !(err instanceof ConfigError) || err.code !== 'E_CONFIG_NOT_FOUND') throw err;
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, JOURNAL_DIR))) return dir;
    if (dirname(dir) === dir) throw new UsageError('E_NO_JOURNAL', `no canonize config or journal (${JOURNAL_DIR}/) in ${cwd} or any parent directory`, 'run rollback inside the project apply ran in, or pass --config');
  }
}

export interface RollbackRequest extends Omit<RollbackOptions, 'root'> {
  /** Where to look for the project (default: process.cwd()); see {@link findJournalRoot}. */
  cwd?: string;
  configPath?: string;
}

/** Undo a run (default: the latest one with applied batches) from its journal, byte for byte. */
export async function rollback(request: RollbackRequest = {}): Promise<RollbackResult> {
  const { cwd, configPath, ...options } = request;
  return rollbackRun({ ...options, root: await findJournalRoot({ ...(cwd ? { cwd } : {}), ...(configPath ? { configPath } : {}) }) });
}

/** The runs in the project's journal, newest first. */
export async function runs(where: { cwd?: string; configPath?: string } = {}): Promise<RunSummary[]> {
  return listRuns(await findJournalRoot(where));
}

/**
 * Plans a stale file again from its current bytes, with the config the plan was made with: the project's own,
 * or one found from the root. When no config is found, it differs from the plan's, or it turns `replanStale`
 * off, the file stays stale (the replanner answers undefined).
 */
function createReplanner(currentPlan: () => Plan, root: string, project: LoadedProject | undefined, request: PlanRequest | undefined): (file: ChangedFilePlan) => Promise<FilePlan | undefined> {
  let compiled: Promise<CompiledConfig | undefined> | undefined;
  let index: Promise<ProjectIndex> | undefined;
  const load = async (): Promise<CompiledConfig | undefined> => {
    if (project) return project.compiled;
    try {
      const cwd = resolve(request?.cwd ?? root);
      const config = await loadConfig({ ...(request?.configPath ? { configPath: resolve(cwd, request.configPath) } : {}), searchFrom: [root] });
      return compileConfig(config, request?.transforms);
    } catch {
      return undefined;
    }
  };
  return async (file) => {
    const config = await (compiled ??= load());
    if (!config || !config.replanStale || config.hash !== currentPlan().configHash || config.root !== root) return undefined;
    // The project index (what the canonical modules export) is built once, the first time a file is stale.
    const projectIndex = await (index ??= buildProjectIndex(config.root, config.pythonSourceRoots, config.transforms));
    return (await planDiscoveredFile({ path: file.path, absPath: join(root, file.path), language: file.language }, config, projectIndex)).plan;
  };
}

/**
 * Load custom transforms for {@link PlanRequest.transforms}: each module a jscodeshift transform, a canonize
 * transform, or a built-in one by name (docs/custom-transforms.md). `options` reach a jscodeshift transform as its
 * third argument.
 */
export async function loadTransforms(modules: readonly string[], options: Record<string, unknown> = {}, cwd = process.cwd()): Promise<Transform[]> {
  const transforms: Transform[] = [];
  for (const module of modules) transforms.push(await loadCustomTransform(resolveTransformModule(module, cwd), options, cwd));
  return transforms;
}
