/**
 * Undoing runs from their journal: a batch whose verify gate failed, a batch a killed run left half written
 * (recovery), and a whole run on request (`canonize rollback`).
 *
 * A journaled file is compared with its entry before anything is written: holding the run's new bytes, it is
 * restored; holding its old bytes, it is left alone (it was never written, or already restored); holding anything
 * else, someone changed it since the run, and it is a conflict — left as it is, unless the user forces it. Each
 * restore is an atomic replace with the original mode, so a rollback that is itself killed can simply be run again.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CanonizeError, UsageError } from '../errors.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic.js';
import { headMessage } from './git.js';
import { entryState, Journal, type BatchManifest, type EntryState, type RunRecord } from './journal.js';

/** What happened to one journaled file when restoring. */
export interface RestoredFile {
  path: string;
  batch: number;
  /** `restored`: original bytes written back; `original`: it already had them; `conflict`: changed since, left. */
  outcome: 'restored' | 'original' | 'conflict';
  reason?: string;
}

const conflictReason = (state: EntryState) => (state === 'missing' ? 'deleted since the run' : 'changed since the run');

/**
 * Restore the files of one journaled batch (those in `only`, when given). Files changed since the run are
 * conflicts, overwritten only with `force`. Temp files a killed writer left beside them are removed.
 */
export async function restoreBatch(
  journal: Journal,
  runId: string,
  manifest: BatchManifest,
  options: { force?: boolean; only?: ReadonlySet<string> } = {},
): Promise<RestoredFile[]> {
  const out: RestoredFile[] = [];
  const entries = manifest.files.filter((e) => !options.only || options.only.has(e.path));
  for (const entry of entries) {
    const state = await entryState(journal.root, entry);
    if (state === 'old') {
      out.push({ path: entry.path, batch: manifest.batch, outcome: 'original' });
    } else if (state === 'new' || options.force) {
      await writeFileAtomic(join(journal.root, entry.path), await journal.originalBytes(runId, manifest, entry), entry.mode);
      out.push({ path: entry.path, batch: manifest.batch, outcome: 'restored', ...(state !== 'new' ? { reason: `${conflictReason(state)}; overwritten (--force)` } : {}) });
    } else {
      out.push({ path: entry.path, batch: manifest.batch, outcome: 'conflict', reason: conflictReason(state) });
    }
  }
  await removeStaleTempFiles(entries.map((e) => dirname(join(journal.root, e.path))));
  return out;
}

/** The trailer a `--commit-per-batch` commit carries, so recovery can tell whether the commit was made. */
export function commitTrailer(runId: string, batch: number): string {
  return `Canonize-Run: ${runId} batch ${batch}`;
}

/** A run that was killed, and what recovery did to the batches it left unfinished. */
export interface RecoveredRun {
  runId: string;
  batches: { id: number; name: string; files: RestoredFile[] }[];
}

/**
 * Recover every run that was killed (its record says `running`, and the caller holds the lock, so its process is
 * gone): each batch it had not finished is rolled back from the journal — its verify gate never passed — and its
 * finished batches stay applied. Temp files it left are removed. The run is then marked `interrupted`.
 */
export async function recoverInterruptedRuns(journal: Journal): Promise<RecoveredRun[]> {
  const recovered: RecoveredRun[] = [];
  for (const run of await journal.listRuns()) {
    if (run.state !== 'running') continue;
    const report: RecoveredRun = { runId: run.id, batches: [] };
    for (const manifest of await journal.manifests(run.id)) {
      const status = Journal.batchStatus(run, manifest.batch);
      if (status === 'applied' || status === 'rolled-back') continue;
      if (status === 'committing') {
        // Killed between `git commit` and recording it: the commit decides.
        const head = await headMessage(journal.root);
        if (head?.message.includes(commitTrailer(run.id, manifest.batch))) {
          await journal.setBatch(run, { id: manifest.batch, name: manifest.name, status: 'applied', commit: head.id });
          continue;
        }
      }
      const files = await restoreBatch(journal, run.id, manifest);
      const conflicts = files.filter((f) => f.outcome === 'conflict').length;
      await journal.setBatch(run, {
        id: manifest.batch,
        name: manifest.name,
        status: 'rolled-back',
        reason: conflicts > 0 ? `interrupted; ${conflicts} file(s) changed since were left as they are` : 'interrupted',
      });
      report.batches.push({ id: manifest.batch, name: manifest.name, files });
    }
    await journal.cleanRunDir(run.id);
    run.state = 'interrupted';
    await journal.saveRun(run);
    recovered.push(report);
  }
  return recovered;
}

/** Files a rollback would overwrite although they changed since the run. Exit 2; `--force` overrides. */
export class RollbackConflictError extends CanonizeError {
  override readonly name = 'RollbackConflictError';
  constructor(
    readonly runId: string,
    readonly conflicts: RestoredFile[],
  ) {
    super(
      'E_ROLLBACK_CONFLICT',
      `run ${runId} was not rolled back: ${conflicts.length} file(s) changed since it wrote them:\n${conflicts.map((c) => `  ${c.path} (${c.reason})`).join('\n')}`,
      'look at those files first; `canonize rollback --force` overwrites them with their originals',
    );
  }
}

export interface RollbackOptions {
  /** Absolute project root (where `.canonize/` is). */
  root: string;
  /** The run to undo; default: the latest run that still has applied batches. */
  runId?: string;
  /** Overwrite files changed since the run. */
  force?: boolean;
}

export interface RollbackResult {
  /** The run rolled back; undefined when there was none to roll back. */
  runId?: string;
  files: RestoredFile[];
  restored: number;
  /** Runs found killed and recovered first. */
  recovered: RecoveredRun[];
}

/** The batches of a run that may still hold its bytes. */
async function liveManifests(journal: Journal, run: RunRecord): Promise<BatchManifest[]> {
  return (await journal.manifests(run.id)).filter((m) => Journal.batchStatus(run, m.batch) !== 'rolled-back');
}

/**
 * Restore every file a run wrote, byte for byte, from its journal. All or nothing: when a file changed since the
 * run, nothing is restored and {@link RollbackConflictError} names the files, unless `force`.
 */
export async function rollbackRun(options: RollbackOptions): Promise<RollbackResult> {
  if (!existsSync(Journal.at(options.root).runsDir)) {
    if (options.runId) throw new UsageError('E_RUN_NOT_FOUND', `no canonize run "${options.runId}": ${options.root} has no journal`);
    return { files: [], restored: 0, recovered: [] };
  }
  const journal = await Journal.open(options.root);
  const release = await journal.lock();
  try {
    const recovered = await recoverInterruptedRuns(journal);
    let run: RunRecord | undefined;
    if (options.runId) {
      run = await journal.readRun(options.runId);
      if (run.state === 'rolled-back') throw new UsageError('E_ALREADY_ROLLED_BACK', `run ${run.id} was already rolled back`);
    } else {
      for (const candidate of (await journal.listRuns()).reverse()) {
        if (candidate.state !== 'rolled-back' && (await liveManifests(journal, candidate)).length > 0) {
          run = candidate;
          break;
        }
      }
    }
    if (!run) return { files: [], restored: 0, recovered };
    const manifests = (await liveManifests(journal, run)).reverse();
    if (!options.force) {
      const conflicts: RestoredFile[] = [];
      for (const manifest of manifests) {
        for (const entry of manifest.files) {
          const state = await entryState(options.root, entry);
          if (state === 'changed' || state === 'missing') conflicts.push({ path: entry.path, batch: manifest.batch, outcome: 'conflict', reason: conflictReason(state) });
        }
      }
      if (conflicts.length > 0) throw new RollbackConflictError(run.id, conflicts);
    }
    const files: RestoredFile[] = [];
    for (const manifest of manifests) {
      files.push(...(await restoreBatch(journal, run.id, manifest, { force: options.force ?? false })));
      await journal.setBatch(run, { id: manifest.batch, name: manifest.name, status: 'rolled-back', reason: 'rollback' });
    }
    run.state = 'rolled-back';
    await journal.saveRun(run);
    return { runId: run.id, files, restored: files.filter((f) => f.outcome === 'restored').length, recovered };
  } finally {
    await release();
  }
}

/** A run as `canonize rollback --list` shows it. */
export interface RunSummary {
  id: string;
  state: RunRecord['state'];
  startedAt: string;
  batches: { applied: number; rolledBack: number; other: number };
  files: number;
}

/** Every run in the journal, newest first. */
export async function listRuns(root: string): Promise<RunSummary[]> {
  const journal = Journal.at(root);
  const out: RunSummary[] = [];
  for (const run of (await journal.listRuns()).reverse()) {
    const count = (s: string) => run.batches.filter((b) => b.status === s).length;
    out.push({
      id: run.id,
      state: run.state,
      startedAt: run.startedAt,
      batches: { applied: count('applied'), rolledBack: count('rolled-back'), other: run.batches.length - count('applied') - count('rolled-back') },
      files: run.batches.reduce((n, b) => n + b.files, 0),
    });
  }
  return out;
}
