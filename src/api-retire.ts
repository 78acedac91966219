/**
 * The library's `retire` calls: the end state of a migration. Every legacy module of the config is analysed over the
 * whole tree (src/retire/analyse.ts) and given a verdict: deleted, turned into a deprecation shim, or kept with the
 * reason (`retirePlan`); `retire` writes it through the apply engine (batches, journal, verify, rollback) and
 * records what it retired in `.canonize/retired.json`. See docs/retire.md.
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
import { retirePlanOf } from './retire/plan.js';
import { addToRetiredRecord, type RetiredRecord } from './retire/record.js';
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
  return planRetire(await loadConfigOrDefaults(request, cwd, [cwd]), request.shim);
}

async function planRetire(config: LoadedConfig, shim: readonly string[] | undefined): Promise<RetirePlanResponse> {
  const compiled = compileConfig(config);
  const report = await analyseRetire({ config: compiled, ...(shim ? { shim } : {}) });
  return { report, text: formatRetireReport(report), plan: await retirePlanOf(report, compiled), root: config.root, config };
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
  // Analysed under the journal's lock, after the runs a killed process left are recovered: analysed before, a module
  // a killed retire had deleted would be `already deleted`, and then restored by the recovery and left as it was.
  const plan = async () => (made.planned = await planRetire(config, shim)).plan;
  const format = engine.format ?? (await configuredFormatters({ root: config.root, cwd, ...(configPath ? { configPath } : {}) }));
  // Never re-planned by the config's rules: a retire entry changed since it was planned is stale, and retire runs again.
  const applied = await applyPlan({ ...engine, plan, root: config.root, format });
  // The engine makes the plan before anything else: it is there.
  const planned = made.planned!;
  const done = new Set(applied.batches.filter((b) => b.status === 'applied').map((b) => b.id));
  const retired: RetiredRecord[] = [];
  for (const batch of planned.plan.batches) {
    const m = planned.report.modules.find((x) => x.path === batch.files[0]);
    if (!m || !done.has(batch.id) || !applied.runId || (m.verdict !== 'delete' && m.verdict !== 'shim')) continue;
    retired.push({ language: m.language, module: m.module, path: m.path!, verdict: m.verdict, moved: m.moved, runId: applied.runId });
  }
  await addToRetiredRecord(planned.root, retired);
  return { ...planned, applied, retired };
}
