/**
 * Undoing runs from their journal: a batch whose verify gate or commit failed, a batch a killed run left half
 * written (recovery), and a whole run on request (`canonize rollback`). A file is restored only when it holds the
 * run's new bytes; anything else is a conflict. See docs/engine.md ("Recovery", "Rollback").
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { asFsError, CanonizeError, JournalCorruptError, UsageError } from '../core/errors.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic.js';
import { containedPath, isPlainMode, realRoot } from './contain.js';
import { undoOp } from './file-ops.js';
import { headMessage, rollbackGitState, type RollbackGitState } from './git.js';
import type { BatchManifest, EntryState, JournalEntry, JournalProblem, RunRecord } from './journal-format.js';
import { entryState, Journal } from './journal.js';

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
  options: { force?: boolean; only?: ReadonlySet<string>; entries?: readonly JournalEntry[]; changedBy?: (path: string) => string | undefined } = {},
): Promise<RestoredFile[]> {
  const out: RestoredFile[] = [];
  const entries = (options.entries ?? manifest.files).filter((e) => !options.only || options.only.has(e.path));
  const dirs: string[] = [];
  for (const entry of entries) {
    // Where to write, checked right before writing (contain.ts), and with what mode: never setuid/setgid/sticky.
    const abs = containedPath(journal.root, entry.path);
    if (!isPlainMode(entry.mode)) throw new JournalCorruptError(runId, [`${entry.path}: the manifest's mode ${Number(entry.mode).toString(8)} is not plain permission bits`]);
    dirs.push(dirname(abs));
    const state = await entryState(journal.root, entry);
    const why = () => options.changedBy?.(entry.path) ?? conflictReason(state);
    if (state === 'old') {
      out.push({ path: entry.path, batch: manifest.batch, outcome: 'original' });
    } else if (entry.op && (state === 'new' || options.force)) {
      // A deleted file comes back with its bytes and mode; a created one goes (file-ops.ts).
      await undoOp(abs, { ...entry, op: entry.op }, () => journal.originalBytes(runId, manifest, entry));
      out.push({ path: entry.path, batch: manifest.batch, outcome: 'restored', ...(state !== 'new' ? { reason: `${why()}; overwritten (--force)` } : {}) });
    } else if (state === 'new' || options.force) {
      await writeFileAtomic(abs, await journal.originalBytes(runId, manifest, entry), entry.mode);
      out.push({ path: entry.path, batch: manifest.batch, outcome: 'restored', ...(state !== 'new' ? { reason: `${why()}; overwritten (--force)` } : {}) });
    } else {
      out.push({ path: entry.path, batch: manifest.batch, outcome: 'conflict', reason: why() });
    }
  }
  await removeStaleTempFiles(dirs);
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

/** How recovery treats a run whose `run.json` is missing or damaged. */
export interface RecoverOptions {
  /** `refuse` (apply's default): throw {@link JournalCorruptError}, since whether it finished is unknown; `skip`: leave it (rollback). */
  damaged?: 'refuse' | 'skip';
  /** A run not to recover (the one a rollback is about to undo in full). */
  except?: string;
}

/**
 * Recover every run that was killed (its record says `running`, and the caller holds the lock, so its process is
 * gone): each batch it had not finished is rolled back from the journal — its verify gate never passed — and its
 * finished batches stay applied. The run's journal is verified first (every manifest and original of the batches
 * to restore): a damaged one is refused with {@link JournalCorruptError} before any file is touched. Temp files
 * it left are removed. The run is then marked `interrupted`.
 */
export async function recoverInterruptedRuns(journal: Journal, options: RecoverOptions = {}): Promise<RecoveredRun[]> {
  const recovered: RecoveredRun[] = [];
  for (const run of await journal.listRuns()) {
    if (run.id === options.except) continue;
    if (run.state === 'damaged') {
      if (options.damaged === 'skip') continue;
      throw new JournalCorruptError(
        run.id,
        [`run.json is missing or unreadable, so whether the run finished is unknown (its manifests are there)`],
        `\`canonize rollback ${run.id}\` restores its files (after verifying the journal); to keep them as they are, delete ${journal.runsDir}/${run.id}`,
      );
    }
    if (run.state !== 'running') continue;
    const unfinished = (batch: number) => {
      const status = Journal.batchStatus(run, batch);
      return status !== 'applied' && status !== 'rolled-back';
    };
    const checked = await journal.verifyRun(run, unfinished);
    if (checked.problems.length > 0) {
      throw new JournalCorruptError(
        run.id,
        checked.problems.map((p) => p.message),
        `run ${run.id} was killed and its journal is damaged, so nothing was restored; \`canonize rollback ${run.id} --force\` restores every file whose original verifies and lists the rest`,
      );
    }
    const report: RecoveredRun = { runId: run.id, batches: [] };
    for (const { manifest, entries } of checked.verified) {
      const status = Journal.batchStatus(run, manifest.batch);
      if (status === 'committing') {
        // Killed between `git commit` and recording it: the commit decides.
        const head = await headMessage(journal.root);
        if (head?.message.includes(commitTrailer(run.id, manifest.batch))) {
          await journal.setBatch(run, { id: manifest.batch, name: manifest.name, status: 'applied', commit: head.id });
          continue;
        }
      }
      const files = await restoreBatch(journal, run.id, manifest, { entries });
      const conflicts = files.filter((f) => f.outcome === 'conflict');
      await journal.setBatch(run, {
        id: manifest.batch,
        name: manifest.name,
        status: 'rolled-back',
        reason: conflicts.length > 0 ? `interrupted; ${conflicts.length} file(s) changed since were left as they are` : 'interrupted',
        ...(conflicts.length > 0 ? { unrestored: conflicts.map((c) => c.path), unrestoredReason: 'changed after the interrupted run wrote it' } : {}),
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
  /**
   * With `force`, what the journal could not vouch for and was therefore not restored (a missing manifest, damaged
   * original bytes, an unsafe path or mode): each named. Empty otherwise (a damaged journal is refused).
   */
  unverified: JournalProblem[];
  /**
   * When batches of the run were committed (`apply --commit-per-batch`) and those commits are still in HEAD's
   * history: they stay there, and the restored files differ from HEAD; `command` records the undo (docs/engine.md).
   */
  git?: RollbackGitState;
}

/** Whether a batch of a run may still hold the run's bytes: not rolled back, or rolled back leaving files. */
function isLive(run: RunRecord, batch: number): boolean {
  const b = run.batches.find((x) => x.id === batch);
  return !b || b.status !== 'rolled-back' || (b.unrestored?.length ?? 0) > 0;
}

/** The entries of a live batch still to restore: all of them, or only those a rollback left. */
function liveEntries(run: RunRecord, batch: number, entries: readonly JournalEntry[]): JournalEntry[] {
  const b = run.batches.find((x) => x.id === batch);
  if (b?.status !== 'rolled-back') return [...entries];
  const left = new Set(b.unrestored ?? []);
  return entries.filter((e) => left.has(e.path));
}

/** Who changed a file a rolled-back batch left, as recorded. */
function changedBy(run: RunRecord, batch: number): (path: string) => string | undefined {
  const b = run.batches.find((x) => x.id === batch);
  return (path) => (b?.unrestored?.includes(path) ? (b.unrestoredReason ?? 'changed since the run') : undefined);
}

/**
 * Restore every file a run wrote, byte for byte, from its journal. The whole journal of the run is verified
 * first: a missing or damaged manifest or original refuses the rollback ({@link JournalCorruptError}) before
 * anything is restored, unless `force`, which restores what verifies and lists the rest (`unverified`). All or
 * nothing otherwise: when a file changed since the run, nothing is restored and {@link RollbackConflictError}
 * names the files, unless `force`.
 */
export async function rollbackRun(options: RollbackOptions): Promise<RollbackResult> {
  realRoot(options.root);
  if (!existsSync(Journal.at(options.root).runsDir)) {
    if (options.runId) throw new UsageError('E_RUN_NOT_FOUND', `no canonize run "${options.runId}": ${options.root} has no journal`);
    return { files: [], restored: 0, recovered: [], unverified: [] };
  }
  try {
    const journal = await Journal.open(options.root);
    const release = await journal.lock();
    try {
      return await rollbackLocked(journal, options);
    } finally {
      await release();
    }
  } catch (err) {
    throw asFsError(err, `rollback in ${options.root}`);
  }
}

async function rollbackLocked(journal: Journal, options: RollbackOptions): Promise<RollbackResult> {
  const recovered = await recoverInterruptedRuns(journal, { damaged: 'skip', ...(options.runId ? { except: options.runId } : {}) });
  let run: RunRecord | undefined;
  if (options.runId) {
    run = await journal.readRun(options.runId);
    if (run.state === 'rolled-back' && !run.batches.some((b) => isLive(run!, b.id))) throw new UsageError('E_ALREADY_ROLLED_BACK', `run ${run.id} was already rolled back`);
  } else {
    for (const candidate of (await journal.listRuns()).reverse()) {
      if (candidate.state === 'damaged' || candidate.batches.some((b) => isLive(candidate, b.id))) {
        run = candidate;
        break;
      }
      if (candidate.state !== 'rolled-back') {
        // A batch journaled but not yet in run.json (killed before the record was saved) counts as writing.
        const listed = new Set(candidate.batches.map((b) => b.id));
        if ((await journal.manifests(candidate.id).catch(() => [])).some((m) => !listed.has(m.batch))) {
          run = candidate;
          break;
        }
      }
    }
  }
  if (!run) return { files: [], restored: 0, recovered, unverified: [] };
  const target = run;

  // 1. The whole journal of the run, before anything is restored.
  const checked = await journal.verifyRun(target, (batch) => isLive(target, batch));
  if (checked.problems.length > 0 && !options.force) throw new JournalCorruptError(target.id, checked.problems.map((p) => p.message));
  const batches = checked.verified
    .map(({ manifest, entries }) => ({ manifest, entries: liveEntries(target, manifest.batch, entries) }))
    .reverse();

  // 2. All or nothing: files changed since the run stop the rollback unless forced.
  if (!options.force) {
    const conflicts: RestoredFile[] = [];
    for (const { manifest, entries } of batches) {
      const by = changedBy(target, manifest.batch);
      for (const entry of entries) {
        const state = await entryState(options.root, entry);
        if (state === 'changed' || state === 'missing') conflicts.push({ path: entry.path, batch: manifest.batch, outcome: 'conflict', reason: by(entry.path) ?? conflictReason(state) });
      }
    }
    if (conflicts.length > 0) throw new RollbackConflictError(target.id, conflicts);
  }

  // 3. Restore. The batches' commits are read first: the records below replace the batches' statuses.
  const commits = target.batches.filter((b) => b.commit && isLive(target, b.id)).map((b) => b.commit!);
  const files: RestoredFile[] = [];
  for (const { manifest, entries } of batches) {
    files.push(...(await restoreBatch(journal, target.id, manifest, { force: options.force ?? false, entries, changedBy: changedBy(target, manifest.batch) })));
    const left = checked.problems.filter((p) => p.batch === manifest.batch && p.path).map((p) => p.path!);
    await journal.setBatch(target, {
      id: manifest.batch,
      name: manifest.name,
      status: 'rolled-back',
      reason: left.length > 0 ? `rollback; ${left.length} file(s) could not be verified` : 'rollback',
      unrestored: undefined,
      unrestoredReason: undefined,
    });
  }
  target.state = 'rolled-back';
  await journal.saveRun(target);
  await journal.cleanRunDir(target.id);
  const restoredPaths = files.filter((f) => f.outcome !== 'conflict').map((f) => f.path);
  const git = await rollbackGitState(options.root, target.id, commits, restoredPaths);
  return { runId: target.id, files, restored: files.filter((f) => f.outcome === 'restored').length, recovered, unverified: checked.problems, ...(git ? { git } : {}) };
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
