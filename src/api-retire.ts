/**
 * The library's `retire` calls: the end state of a migration. Every legacy module of the config is analysed over the
 * whole tree (src/retire/analyse.ts) and given a verdict: deleted, turned into a deprecation shim, or kept with the
 * reason (`retirePlan`); `retire` writes it through the apply engine (batches, journal, verify, rollback) and
 * records what it retired in `canonize.retired.json` (its last batch). See docs/retire.md.
 */
import { resolve } from 'node:path';
import { apply, loadConfigOrDefaults, type ApplyRequest } from './api.js';
import { compileConfig } from './config/compile.js';
import type { LoadedConfig } from './config/load.js';
import type { Plan } from './core/types.js';
import type { FormatterSpec } from './engine/format.js';
import type { ApplyResult } from './engine/apply-types.js';
import { analyseRetire } from './retire/analyse.js';
import { formatRetireReport } from './retire/format.js';
import { retirePlanWithRecord } from './retire/plan.js';
import { RecordKeeper } from './retire/record-batch.js';
import type { RetiredRecord } from './retire/record.js';
import type { RetireReport } from './retire/types.js';
import type { RecordPlan } from './retire/plan.js';

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
  return (await planRetire(request)).response;
}

/** The plan, and what its record batch is made from (for `retire` to keep it true to the run). */
async function planRetire(request: RetireRequest): Promise<{ response: RetirePlanResponse; record: RecordPlan; format: FormatterSpec[] }> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const config = await loadConfigOrDefaults(request, cwd, [cwd]);
  const compiled = compileConfig(config);
  const report = await analyseRetire({ config: compiled, ...(request.shim ? { shim: request.shim } : {}) });
  const { plan, record } = await retirePlanWithRecord(report, compiled);
  return { response: { report, text: formatRetireReport(report), plan, root: config.root, config }, record, format: compiled.format };
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
  const { cwd, configPath, shim, ...engine } = request;
  const { response: planned, record, format } = await planRetire({ ...(cwd ? { cwd } : {}), ...(configPath ? { configPath } : {}), ...(shim ? { shim } : {}) });
  // The record batch is kept true to the batches applied (src/retire/record-batch.ts).
  const keeper = new RecordKeeper(planned.plan, record, engine, format);
  // Never re-planned by the config's rules: a retire entry changed since it was planned is stale, and retire runs again.
  const result = await apply({ ...engine, ...keeper.options, plan: keeper.plan, root: planned.root, replanStale: false });
  const { applied, retired } = keeper.finish(result);
  return { ...planned, applied, retired };
}
