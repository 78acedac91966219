/**
 * A batch's files made ready to write: each rebuilt from disk (`rebuild.ts`), re-planned when it changed since it
 * was planned and the caller allows it, formatted (`format.ts`) when formatters are configured, its new bytes kept
 * (within a budget; formatted ones always) until the write, and checked once more right before it. See
 * docs/engine.md ("Stale files", "The formatter step").
 */
import { availableParallelism } from 'node:os';
import { UnsafePathError } from '../core/errors.js';
import { hashBytes } from '../core/source.js';
import type { ChangedFilePlan } from '../core/types.js';
import type { ApplyPlanOptions, FileApplyOutcome, FileApplyResult, PreparedFile } from './apply-types.js';
import { forEachConcurrently } from './atomic.js';
import { containedStill } from './contain.js';
import { countLines, type FileChange } from './diff.js';
import { FormatError, type FormattedOutput, type Formatters } from './format.js';
import type { JournalEntry } from './journal-format.js';
import { materializeBytes, materializeFile, readBytes, type MaterializedFile } from './rebuild.js';

function countRules(plan: ChangedFilePlan): Record<string, number> {
  const rules: Record<string, number> = {};
  for (const e of plan.edits) rules[e.rule] = (rules[e.rule] ?? 0) + 1;
  return rules;
}

/**
 * The new bytes of prepared files, kept from preparing to writing so they are not rebuilt (within a budget per
 * batch; files beyond it are rebuilt from disk when written). Keyed by the prepared file, so they go with it.
 */
const preparedBytes = new WeakMap<PreparedFile, Uint8Array>();
/** The formatted text of prepared files the formatter step ran on (for the diff shown before the write). */
const formattedTexts = new WeakMap<PreparedFile, string>();
const PREPARED_BYTES_PER_BATCH = 64 * 1024 * 1024;

/** A batch's files prepared: those that can be written, a result for each that cannot, and formatter failures. */
export interface PreparedBatch {
  prepared: PreparedFile[];
  problems: FileApplyResult[];
  /**
   * The formatter step failed on these files (`format.ts`): then `prepared` is empty, every file of the batch is
   * among `problems` as `failed`, and the batch is not written.
   */
  formatErrors: FormatError[];
}

/** Formatter runs at once: each is a process of its own. */
const FORMAT_CONCURRENCY = Math.max(1, Math.min(8, availableParallelism()));

/**
 * Prepare the files of a batch for writing, in order: the ones that can be written, and a result for each that
 * cannot (stale, failed, or unchanged once re-planned). With `formatters`, each file's new bytes are formatted (the
 * formatted bytes are what is journaled, written and verified); a formatter failing on any file leaves the whole batch
 * unwritten. Lines added and removed are counted only when `countChangedLines` (a `decide` callback will show them).
 */
export async function prepareBatch(
  files: readonly ChangedFilePlan[],
  root: string,
  replan: ApplyPlanOptions['replan'],
  countChangedLines: boolean,
  formatters?: Formatters,
): Promise<PreparedBatch> {
  const ready: ReadyFile[] = [];
  const problems: FileApplyResult[] = [];
  for (const file of files) {
    const p = await prepareFile(file, root, replan);
    if ('m' in p) ready.push(p);
    else problems.push(p);
  }
  const formatErrors = formatters?.any ? await formatAll(ready, formatters) : [];
  if (formatErrors.length > 0) return { prepared: [], problems: [...problems, ...unformatted(ready, formatErrors)], formatErrors };
  const budget = { bytes: PREPARED_BYTES_PER_BATCH };
  const prepared = ready.map((r) => finish(r, countChangedLines, budget));
  return { prepared, problems, formatErrors };
}

/** A file rebuilt and ready but for the formatter step, its output kept, lines and budget to count. */
interface ReadyFile {
  file: ChangedFilePlan;
  m: Extract<MaterializedFile, { ok: true }>;
  replanned: boolean;
  formatted?: FormattedOutput;
}

/** Run the formatters on each ready file (several at once); the errors, in path order. */
async function formatAll(ready: ReadyFile[], formatters: Formatters): Promise<FormatError[]> {
  const errors: FormatError[] = [];
  // A whole-file operation (retire's delete or create) is written as planned: no formatter runs on it.
  await forEachConcurrently(ready.filter((r) => !r.file.op), FORMAT_CONCURRENCY, async (r) => {
    const { plan, oldText, newBytes } = r.m;
    try {
      const out = await formatters.format({ path: plan.path, language: plan.language, encoding: plan.encoding, bom: plan.bom, oldText }, newBytes);
      if (out) r.formatted = out;
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      errors.push(err);
    }
  });
  return errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every ready file of a batch the formatter step failed on: `failed`, with why (its own error, or another file's). */
function unformatted(ready: ReadyFile[], errors: FormatError[]): FileApplyResult[] {
  const byPath = new Map(errors.map((e) => [e.path, e]));
  return ready.map(({ file, replanned }) => ({
    path: file.path,
    batch: file.batch,
    outcome: 'failed' as const,
    reason: byPath.get(file.path)?.message ?? `not written: the formatter failed on ${errors[0]!.path} of the same batch`,
    edits: file.edits.length,
    ...(replanned ? { replanned } : {}),
  }));
}

/** A ready file as a prepared one: its (formatted) output hashed and kept within the budget, its lines counted. */
function finish(r: ReadyFile, countChangedLines: boolean, budget: { bytes: number }): PreparedFile {
  const { file, m, replanned, formatted } = r;
  const newBytes = formatted?.bytes ?? m.newBytes;
  const newText = formatted?.text ?? m.newText;
  const lines = countChangedLines ? countLines({ path: file.path, oldText: m.oldText, newText, encoding: m.plan.encoding, bom: m.plan.bom }) : { added: 0, removed: 0 };
  const prepared: PreparedFile = {
    path: file.path,
    plan: m.plan,
    absPath: m.absPath,
    oldHash: m.oldHash,
    newHash: formatted ? hashBytes(newBytes) : m.newHash,
    rules: countRules(m.plan),
    ...lines,
    replanned,
  };
  // Formatted bytes are always kept: rebuilding them would mean running the formatter again.
  if (formatted || newBytes.length <= budget.bytes) {
    budget.bytes -= newBytes.length;
    preparedBytes.set(prepared, newBytes);
  }
  if (formatted) formattedTexts.set(prepared, newText);
  return prepared;
}

/** Materialize one file for writing, re-planning it when it is stale and `replan` allows. */
async function prepareFile(file: ChangedFilePlan, root: string, replan: ApplyPlanOptions['replan']): Promise<ReadyFile | FileApplyResult> {
  const result = (outcome: FileApplyOutcome, reason: string, replanned = false): FileApplyResult => ({
    path: file.path,
    batch: file.batch,
    outcome,
    reason,
    edits: file.edits.length,
    ...(replanned ? { replanned } : {}),
  });
  const safely = async (f: ChangedFilePlan): Promise<MaterializedFile> => {
    try {
      return await materializeFile(f, root);
    } catch (err) {
      if (err instanceof UnsafePathError) return { ok: false, plan: f, absPath: f.path, outcome: 'failed', reason: err.message };
      throw err;
    }
  };
  let m = await safely(file);
  let replanned = false;
  if (!m.ok && m.outcome === 'stale' && replan) {
    const again = await replan(file);
    switch (again?.outcome) {
      case undefined:
        break;
      case 'changed':
        m = await safely({ ...again, batch: file.batch });
        replanned = true;
        break;
      case 'unchanged':
        return result('unchanged', 'changed since it was planned; planned again, it needs no change', true);
      case 'skipped':
      case 'failed':
        return result('stale', `changed since it was planned; planning it again: ${again.reason}`, true);
      default:
        return again satisfies never;
    }
  }
  if (!m.ok) return result(m.outcome, m.reason, replanned);
  return { file, m, replanned };
}

/**
 * The bytes to write for a journaled file: its current bytes must still be the journaled original (`oldHash`),
 * and the output is then the prepared one (kept from preparing, else rebuilt and checked against `newHash`).
 */
export function bytesToWrite(root: string, f: PreparedFile, entry: JournalEntry): { bytes: Uint8Array } | { outcome: 'stale' | 'failed'; reason: string } {
  const stale = { outcome: 'stale', reason: 'changed while canonize was applying; not written' } as const;
  // Again right before the write: a symlink planted since the batch was prepared is refused too.
  let still: ReturnType<typeof containedStill>;
  try {
    still = containedStill(root, f.path, { mustExist: true });
  } catch {
    return stale;
  }
  if ('unsafe' in still) return { outcome: 'failed', reason: still.unsafe };
  const read = readBytes(f.absPath);
  if ('error' in read) return stale;
  const kept = preparedBytes.get(f);
  if (kept) return hashBytes(read.bytes) === entry.oldHash ? { bytes: kept } : stale;
  const m = materializeBytes(f.plan, f.absPath, read.bytes, false);
  if ((!m.ok && m.outcome === 'stale') || (m.ok && m.oldHash !== entry.oldHash)) return stale;
  if (!m.ok) return { outcome: 'failed', reason: m.reason };
  if (m.newHash !== entry.newHash) return { outcome: 'failed', reason: 'rebuilding the file gave other bytes than were journaled' };
  return { bytes: m.newBytes };
}

/** The changes of prepared files, re-read from disk (for a diff shown before the batch is written). */
export async function batchChanges(files: PreparedFile[], root: string): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const f of files) {
    const m = await materializeFile(f.plan, root);
    if (!m.ok) continue;
    const op = f.plan.op ? { op: f.plan.op, mode: m.mode ?? 0o644 } : {};
    changes.push({ path: f.path, oldText: m.oldText, newText: formattedTexts.get(f) ?? m.newText, encoding: f.plan.encoding, bom: f.plan.bom, ...op });
  }
  return changes;
}
