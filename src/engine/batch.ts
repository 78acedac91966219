/**
 * One batch's life once it is chosen: its files written (`write.ts`), its verify gate run, its commit made, and,
 * when the gate or the commit fails, the batch rolled back from the journal. See docs/engine.md ("Verify gates",
 * "One commit per batch").
 */
import type { Batch } from '../core/types.js';
import type { ApplyPlanOptions, BatchApplyResult, FileApplyResult, PreparedFile } from './apply-types.js';
import { commitFiles } from './git.js';
import type { BatchManifest } from './journal-format.js';
import type { RunWriter } from './run-writer.js';
import { commitTrailer, restoreBatch } from './rollback.js';
import { DEFAULT_VERIFY_TIMEOUT, runVerify, type VerifyResult } from './verify.js';
import { writeBatchFiles, type WrittenFiles } from './write.js';

/** A batch to write: the run journaling it, its place among the batches offered, and the files chosen. */
export interface BatchJob {
  run: RunWriter;
  batch: Batch;
  /** The batch's position in the plan: the number its journal files go under (`batchSlots`). */
  slot: number;
  /** 1-based position among the batches this apply offers, and their count (for the commit message). */
  position: number;
  total: number;
  chosen: PreparedFile[];
  /** Files of the batch that will not be written, reported with it. */
  problems: FileApplyResult[];
  options: ApplyPlanOptions;
}

/**
 * Journal a batch's originals, write its files, run its verify gate and make its commit; a failing gate or
 * commit rolls the batch back from the journal.
 */
export async function writeBatch(job: BatchJob, progress: () => void): Promise<BatchApplyResult> {
  const { run, batch, problems, options } = job;
  const wrote = await writeBatchFiles(run, batch, job.slot, job.chosen, options.root, progress);
  const results = [...problems, ...wrote.results].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const out: BatchApplyResult = { id: batch.id, name: batch.name, status: 'applied', files: results };
  const { manifest, written } = wrote;
  if (written.size === 0) {
    // Nothing of the batch is in effect: record it as undone, so a re-run offers it again.
    await run.setBatch({ id: job.slot, name: batch.name, status: 'rolled-back', reason: 'nothing-written' });
    out.status = 'nothing-to-write';
    return out;
  }
  // `written` tells recovery the files are all in place but the gate has not passed; without a gate the batch
  // goes straight to `applied` (recovery treats `writing` and `written` alike).
  if (options.verify || options.commitPerBatch) await run.setBatch({ id: job.slot, name: batch.name, status: 'written' });

  // The gate.
  if (options.verify) {
    out.verify = await runVerify(options.verify, [...written].sort(), options.root, options.verifyTimeout ?? DEFAULT_VERIFY_TIMEOUT);
    if (!out.verify.ok) {
      await rollBackBatch(run, manifest, written, out, `verify failed (${describeExit(out.verify)})`, 'verify-failed', 'the verify command changed it after canonize wrote it');
      return out;
    }
  }
  if (!options.commitPerBatch) {
    await run.setBatch({ id: job.slot, name: batch.name, status: 'applied' });
    return out;
  }
  await commitBatch(job, wrote, out);
  return out;
}

/** Commit a written batch's files; a failing commit (a hook, say) counts as a failed gate. */
async function commitBatch(job: BatchJob, { manifest, written }: WrittenFiles, out: BatchApplyResult): Promise<void> {
  const { run, batch, chosen, options } = job;
  await run.setBatch({ id: job.slot, name: batch.name, status: 'committing' });
  const paths = [...written].sort();
  try {
    out.commit = await commitFiles(options.root, paths, commitMessage(job, chosen.filter((f) => written.has(f.path))));
    await run.setBatch({ id: job.slot, name: batch.name, status: 'applied', commit: out.commit });
  } catch (err) {
    await rollBackBatch(run, manifest, written, out, `commit failed: ${(err as Error).message}`, 'commit-failed', 'changed after canonize wrote it (by a commit hook?)');
  }
}

/** The commit message of a batch: what it is, its rules and counts, and the trailer recovery looks for. */
function commitMessage(job: BatchJob, files: PreparedFile[]): string {
  const rules: Record<string, number> = {};
  for (const f of files) for (const [rule, n] of Object.entries(f.rules)) rules[rule] = (rules[rule] ?? 0) + n;
  const lines = Object.keys(rules)
    .sort()
    .map((r) => `- ${r}: ${rules[r]} edit(s)`);
  return `canonize: batch ${job.position}/${job.total} ${job.batch.name} (${files.length} file(s))\n\n${lines.join('\n')}\n\n${commitTrailer(job.run.id, job.slot)}\n`;
}

function describeExit(v: VerifyResult): string {
  if (v.timedOut) return `timed out after ${v.timeoutSeconds} s: \`${v.command}\` was killed`;
  return v.signal ? `killed by ${v.signal}` : v.exitCode === null ? 'did not start' : `exit ${v.exitCode}`;
}

/**
 * Restore the files this run wrote for a batch, and record why. A file changed since canonize wrote it (the
 * verify command edited it) is not overwritten: it is reported, and recorded in the journal so that
 * `canonize rollback` still offers it (`--force` restores its original).
 */
async function rollBackBatch(
  run: RunWriter,
  manifest: BatchManifest,
  written: ReadonlySet<string>,
  out: BatchApplyResult,
  reason: string,
  code: string,
  changedBy: string,
): Promise<void> {
  const restored = await restoreBatch(run.journal, run.id, manifest, { only: written, changedBy: () => changedBy });
  const byPath = new Map(restored.map((r) => [r.path, r]));
  const left: string[] = [];
  for (const f of out.files) {
    const r = byPath.get(f.path);
    if (!r) continue;
    if (r.outcome === 'conflict') {
      left.push(f.path);
      f.outcome = 'failed';
      f.reason = `${reason}; not rolled back: ${r.reason}; \`canonize rollback ${run.id} --force\` restores its original`;
    } else {
      f.outcome = 'rolled-back';
      f.reason = reason;
    }
  }
  out.status = 'rolled-back';
  out.reason = reason;
  await run.setBatch({ id: manifest.batch, name: manifest.name, status: 'rolled-back', reason: code, ...(left.length > 0 ? { unrestored: left, unrestoredReason: changedBy } : {}) });
}
