/**
 * A plan as preview and apply take it in: the checks that refuse a plan before anything is written (unsafe or
 * repeated paths, unknown batch ids), its changed files by batch, and its identity. See docs/engine.md.
 */
import { UnsafePathError, UsageError } from '../core/errors.js';
import { hashBytes } from '../core/source.js';
import type { ChangedFilePlan, Plan } from '../core/types.js';
import { serializePlan } from '../planner/plan-json.js';
import { containedPath, pathProblem, realRoot } from './contain.js';

/** The changed files of the given batches (by id), in the order given then path order. */
export function filesOfBatches(plan: Plan, batches?: readonly string[]): ChangedFilePlan[] {
  const wanted = batches ?? plan.batches.map((b) => b.id);
  const byId = new Map(plan.batches.map((b) => [b.id, b]));
  const byPath = new Map(plan.files.filter((f): f is ChangedFilePlan => f.outcome === 'changed').map((f) => [f.path, f]));
  return wanted.flatMap((id) => (byId.get(id)?.files ?? []).map((p) => byPath.get(p)).filter((f): f is ChangedFilePlan => f !== undefined));
}

/**
 * The position of each batch in the plan, by id: the number a run's journal files the batch under
 * (`batch-<n>.json`); the journal belongs to one plan, so the position names the batch there.
 */
export function batchSlots(plan: Plan): Map<string, number> {
  return new Map(plan.batches.map((b, i) => [b.id, i]));
}

/** The identity of a plan: the hash of its serialised form. Runs of the same plan.json share it. */
export function planId(plan: Plan): string {
  return hashBytes(Buffer.from(serializePlan(plan)));
}

/**
 * Refuse a plan that names a file canonize must not touch (outside the root, in `.git/` or `.canonize/`, through
 * a symlink, not a regular file) or names one file twice: {@link UnsafePathError} / {@link UsageError}, before
 * anything is written. Checks every changed file of the plan, not only the batches chosen: a plan is trusted as
 * a whole or not at all.
 */
export function checkPlanPaths(plan: Plan, root: string): void {
  const real = realRoot(root);
  const seen = new Set<string>();
  for (const f of plan.files) {
    const problem = pathProblem(f.path);
    if (problem) throw new UnsafePathError(f.path, problem);
    if (seen.has(f.path)) throw new UsageError('E_PLAN_INVALID', `the plan lists ${f.path} more than once`, 're-run `canonize plan`');
    seen.add(f.path);
    if (f.outcome === 'changed') containedPath(root, f.path, { realRoot: real });
  }
  const listed = new Set<string>();
  for (const b of plan.batches) {
    for (const p of b.files) {
      if (listed.has(p)) throw new UsageError('E_PLAN_INVALID', `the plan's batches list ${p} more than once`, 're-run `canonize plan`');
      listed.add(p);
    }
  }
}

/** Throws {@link UsageError} for a batch id the plan does not have, naming the ids it has (the first few). */
export function checkBatchIds(plan: Plan, ids: readonly string[]): void {
  const known = new Set(plan.batches.map((b) => b.id));
  for (const id of ids) {
    if (known.has(id)) continue;
    const shown = plan.batches.slice(0, 10).map((b) => b.id);
    const more = plan.batches.length > shown.length ? `, … ${plan.batches.length - shown.length} more` : '';
    const has = plan.batches.length === 0 ? 'no batches' : `batches ${shown.join(', ')}${more}`;
    const hint = /^\d+$/.test(id) ? 'batch ids are names now, not positions: see `canonize plan` for them' : 'see `canonize plan` for the batches';
    throw new UsageError('E_BATCH_NOT_FOUND', `the plan has no batch ${id} (it has ${has})`, hint);
  }
}
