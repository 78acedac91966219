/**
 * The library's `retire` calls: the end state of a migration. Every legacy module of the config is analysed over the
 * whole tree (src/retire/analyse.ts) and given a verdict: deleted, turned into a deprecation shim, or kept with the
 * reason (`retirePlan`); `retire` writes it through the apply engine (batches, journal, verify, rollback) and
 * records what it retired in `canonize.retired.json` (its last batch). See docs/retire.md.
 */
import { resolve } from 'node:path';
import { configuredFormatters, loadConfigOrDefaults, type ApplyRequest } from './api.js';
import { compileConfig } from './config/compile.js';
import type { LoadedConfig } from './config/load.js';
import type { Plan } from './core/types.js';
import { applyPlan } from './engine/apply.js';
import type { ApplyResult } from './engine/apply-types.js';
import { analyseRetire } from './retire/analyse.js';
import { formatRetireReport } from './retire/format.js';
import { retirePlanWithRecord, type RecordPlan } from './retire/plan.js';
import { RecordKeeper } from './retire/record-batch.js';
import type { RetiredRecord } from './retire/record.js';
import type { RetireReport } from './retire/types.js';

export interface RetireRequest {
  /** Working directory (default: process.cwd()); the config is found from it. */
  cwd?: string;
  /** Config file; default: found by walking up from `cwd`. */
  configPath?: string;
  /** Legacy modules (as a move's `from` writes them) to shim even when nothing references them any more. */
  shim?: readonly string[];
}

export interface RetirePlanResponse {
  report: RetireReport;
  /** The report as text (what `retire --dry-run` prints). */
  text: string;
  /** What `retire` would write: one batch per module deleted or shimmed. */
  plan: Plan;
  /** Absolute project root. */
  root: string;
  config: LoadedConfig;
}

/** Analyse the legacy modules of the config and plan their end state: what `canonize retire --dry-run` shows. Writes nothing. */
export async function retirePlan(request: RetireRequest = {}): Promise<RetirePlanResponse> {
  const cwd = resolve(request.cwd ?? process.cwd());
  return (await planRetire(await loadConfigOrDefaults(request, cwd, [cwd]), request.shim)).response;
}

/** The plan, and what its record batch is made from (for `retire` to keep it true to the run). */
async function planRetire(config: LoadedConfig, shim: readonly string[] | undefined): Promise<{ response: RetirePlanResponse; record: RecordPlan }> {
  const compiled = compileConfig(config);
  const report = await analyseRetire({ config: compiled, ...(shim ? { shim } : {}) });
  const { plan, record } = await retirePlanWithRecord(report, compiled);
  return { response: { report, text: formatRetireReport(report), plan, root: config.root, config }, record };
}

/** How `retire` writes: the engine's options (`decide`, `verify`, `commitPerBatch`, ...), as for `apply`. */
export type RetireApplyRequest = RetireRequest & Omit<ApplyRequest, 'plan' | 'root' | 'project' | 'replanStale'>;

export interface RetireResponse extends RetirePlanResponse {
  /** What the engine did (its run id undoes it: `rollback`). */
  applied: ApplyResult;
  /** The modules recorded as retired (their batch applied). */
  retired: RetiredRecord[];
}

/** Retire the legacy modules: delete or shim them through the apply engine, and record what was retired. */
export async function retire(request: RetireApplyRequest = {}): Promise<RetireResponse> {
  const { cwd: given, configPath, shim, ...engine } = request;
  const cwd = resolve(given ?? process.cwd());
  const config = await loadConfigOrDefaults(configPath ? { configPath } : {}, cwd, [cwd]);
  const made: { planned?: RetirePlanResponse } = {};
  // The record batch is kept true to the batches applied (src/retire/record-batch.ts).
  const keeper = new RecordKeeper(engine);
  // Analysed under the journal's lock, after the runs a killed process left are recovered: analysed before, a module
  // a killed retire had deleted would be `already deleted`, and then restored by the recovery and left as it was.
  const plan = async () => {
    const { response, record } = await planRetire(config, shim);
    made.planned = response;
    return keeper.adopt(response.plan, record);
  };
  const format = engine.format ?? (await configuredFormatters({ root: config.root, cwd, ...(configPath ? { configPath } : {}) }));
  // Never re-planned by the config's rules: a retire entry changed since it was planned is stale, and retire runs again.
  const result = await applyPlan(keeper.options({ ...engine, plan, root: config.root }, format, engine.format ? '--format-cmd' : 'format'));
  // The engine makes the plan before anything else: it is there.
  const planned = made.planned!;
  const { applied, retired } = keeper.finish(result);
  return { ...planned, applied, retired };
}
