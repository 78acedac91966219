/**
 * The library's front door: the operations the CLI offers, as functions that take options and return data.
 * `plan` finds and compiles the config and plans the tree; `preview` turns a plan into file changes for diffing;
 * `apply` writes a plan. None of them prints, exits or reads process.argv.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { compileConfig } from './config/compile.js';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { applyPlan, materializeFile, filesOfBatches, type ApplyResult, type MaterializedFile } from './engine/apply.js';
import type { FileChange } from './engine/diff.js';
import { UsageError } from './errors.js';
import { createPlan } from './planner/plan.js';
import type { Plan, Transform } from './types.js';

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
  onProgress?: (done: number, total: number) => void;
}

export interface PlanResponse {
  plan: Plan;
  /** Absolute project root. */
  root: string;
  config: LoadedConfig;
}

/** Load the config, compile it, and plan the tree (or the given paths). */
export async function plan(request: PlanRequest = {}): Promise<PlanResponse> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const paths = (request.paths ?? []).map((p) => resolve(cwd, p));
  for (const p of paths) if (!existsSync(p)) throw new UsageError('E_PATH_NOT_FOUND', `no such file or directory: ${p}`);
  const config = await loadConfig({
    ...(request.configPath ? { configPath: resolve(cwd, request.configPath) } : {}),
    searchFrom: [cwd, ...paths.slice(0, 1)],
  });
  for (const p of paths) {
    const rel = relative(config.root, p);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new UsageError('E_PATH_OUTSIDE_ROOT', `${p} is outside the project root ${config.root}`, 'run canonize from inside the project, or pass --config');
    }
  }
  const compiled = compileConfig(config, request.transforms);
  const result = await createPlan({
    config: compiled,
    ...(paths.length > 0 ? { paths } : {}),
    ...(request.planDir ? { planDir: resolve(cwd, request.planDir) } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  });
  return { plan: result, root: config.root, config };
}

export interface Preview {
  /** One entry per changed file whose bytes still match the plan. */
  changes: (FileChange & { edits: number; batch: number })[];
  /** Changed files that could not be rebuilt: changed since planning (`stale`) or failing. */
  problems: Extract<MaterializedFile, { ok: false }>[];
}

/** Rebuild every changed file of a plan (of some batches) in memory, for a diff. Writes nothing. */
export async function preview(planData: Plan, root: string, batches?: readonly number[]): Promise<Preview> {
  const out: Preview = { changes: [], problems: [] };
  for (const file of filesOfBatches(planData, batches)) {
    const m = await materializeFile(file, root);
    if (m.ok) {
      out.changes.push({
        path: file.path,
        oldText: m.oldText,
        newText: m.newText,
        encoding: file.encoding,
        bom: file.bom,
        edits: file.edits.length,
        batch: file.batch,
      });
    } else out.problems.push(m);
  }
  return out;
}

/** Write a plan (or some of its batches). */
export async function apply(options: { plan: Plan; root: string; batches?: readonly number[] }): Promise<ApplyResult> {
  return applyPlan(options);
}
