/**
 * Applying a plan, batch by batch, crash-safely: `applyPlan`, its refusals before anything is written, and its
 * option and result types (`apply-types.ts`). The pieces: `rebuild.ts` (a file's new bytes, shared with preview),
 * `prepare.ts`, `session.ts` (the batch loop), `batch.ts` (gate, commit, roll back), `write.ts`, `journal.ts`.
 * See docs/engine.md.
 */
import { asFsError, CanonizeError, UsageError } from '../core/errors.js';
import type { Plan } from '../core/types.js';
import type { ApplyPlanOptions, ApplyResult } from './apply-types.js';
import { realRoot } from './contain.js';
import { dirtyFiles, gitPrefix } from './git.js';
import { Journal } from './journal.js';
import { checkBatchIds, checkPlanPaths, filesOfBatches, planId } from './plan-input.js';
import { recoverInterruptedRuns, type RecoveredRun } from './rollback.js';
import { ApplySession } from './session.js';

export type {
  ApplyPlanOptions,
  ApplyResult,
  BatchApplyResult,
  BatchApplyStatus,
  BatchDecision,
  BatchPreview,
  FileApplyOutcome,
  FileApplyResult,
  PreparedFile,
} from './apply-types.js';

/** Refusal to overwrite files with uncommitted changes. Exit 2; `--allow-dirty` overrides. */
export class DirtyFilesError extends CanonizeError {
  override readonly name = 'DirtyFilesError';
  constructor(readonly files: string[]) {
    const shown = files.slice(0, 20).map((f) => `  ${f}`);
    if (files.length > 20) shown.push(`  … and ${files.length - 20} more`);
    super(
      'E_DIRTY',
      `git reports uncommitted changes in ${files.length} file(s) the plan would write:\n${shown.join('\n')}`,
      'commit or stash them first (so the change can be reviewed and reverted on its own), or pass --allow-dirty',
    );
  }
}

/**
 * Apply a plan (or some of its batches): recover killed runs, skip what earlier runs of this plan applied, then
 * per batch decide, journal, write, verify and commit. Files that cannot be written are reported, never
 * half-written; refusals (uncommitted changes, another run in progress, unknown batch) throw before anything is
 * written.
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  // A root that does not exist gets no `.canonize/` made in it: refused before anything is created.
  realRoot(options.root);
  if (typeof options.plan !== 'function') checkPlanPaths(options.plan, options.root);
  try {
    const journal = await Journal.open(options.root);
    const release = await journal.lock();
    try {
      const recovered = await recoverInterruptedRuns(journal);
      const plan = typeof options.plan === 'function' ? await options.plan() : options.plan;
      checkPlanPaths(plan, options.root);
      return await applyLocked(plan, journal, recovered, options);
    } finally {
      await release();
    }
  } catch (err) {
    throw asFsError(err, `apply in ${options.root}`);
  }
}

/** With the lock held: the refusals that depend on the plan and the tree, then the batches. */
async function applyLocked(plan: Plan, journal: Journal, recovered: RecoveredRun[], options: ApplyPlanOptions): Promise<ApplyResult> {
  const { root } = options;
  const ids = options.batches ?? plan.batches.map((b) => b.id);
  checkBatchIds(plan, ids);
  const thisPlan = planId(plan);
  const applied = await journal.appliedFiles(thisPlan);
  const todo = filesOfBatches(plan, ids).filter((f) => !applied.has(f.path));
  if (options.commitPerBatch && (await gitPrefix(root)) === undefined) {
    throw new UsageError('E_NOT_GIT', `--commit-per-batch needs a git work tree, and ${root} is not in one`);
  }
  if (!options.allowDirty) {
    const dirty = await dirtyFiles(root, todo.map((f) => f.path));
    if (dirty.length > 0) throw new DirtyFilesError(dirty);
  }
  const session = new ApplySession({ plan, journal, planId: thisPlan, applied, filesToWrite: todo.length, options });
  return session.applyBatches(ids, recovered);
}
