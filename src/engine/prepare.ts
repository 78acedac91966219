/**
 * A batch's files made ready to write: each rebuilt from disk (`rebuild.ts`), re-planned when it changed since it
 * was planned and the caller allows it, its new bytes kept (within a budget) until the write, and checked once
 * more right before it. See docs/engine.md ("Stale files").
 */
import { UnsafePathError } from '../core/errors.js';
import { hashBytes } from '../core/source.js';
import type { ChangedFilePlan } from '../core/types.js';
import type { ApplyPlanOptions, FileApplyOutcome, FileApplyResult, PreparedFile } from './apply-types.js';
import { containedPath } from './contain.js';
import { countLines, type FileChange } from './diff.js';
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
const PREPARED_BYTES_PER_BATCH = 64 * 1024 * 1024;

/**
 * Prepare the files of a batch for writing, in order: the ones that can be written, and a result for each that
 * cannot (stale, failed, or unchanged once re-planned). Lines added and removed are counted only when
 * `countChangedLines` (a `decide` callback will show them).
 */
export async function prepareBatch(
  files: readonly ChangedFilePlan[],
  root: string,
  replan: ApplyPlanOptions['replan'],
  countChangedLines: boolean,
): Promise<{ prepared: PreparedFile[]; problems: FileApplyResult[] }> {
  const prepared: PreparedFile[] = [];
  const problems: FileApplyResult[] = [];
  const budget = { bytes: PREPARED_BYTES_PER_BATCH };
  for (const file of files) {
    const p = await prepareFile(file, root, replan, countChangedLines, budget);
    if ('newHash' in p) prepared.push(p);
    else problems.push(p);
  }
  return { prepared, problems };
}

/** Materialize one file for writing, re-planning it when it is stale and `replan` allows. */
async function prepareFile(
  file: ChangedFilePlan,
  root: string,
  replan: ApplyPlanOptions['replan'],
  countChangedLines: boolean,
  budget: { bytes: number },
): Promise<PreparedFile | FileApplyResult> {
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
  const lines = countChangedLines ? countLines({ path: file.path, oldText: m.oldText, newText: m.newText, encoding: m.plan.encoding, bom: m.plan.bom }) : { added: 0, removed: 0 };
  const prepared: PreparedFile = {
    path: file.path,
    plan: m.plan,
    absPath: m.absPath,
    oldHash: m.oldHash,
    newHash: m.newHash,
    rules: countRules(m.plan),
    ...lines,
    replanned,
  };
  if (m.newBytes.length <= budget.bytes) {
    budget.bytes -= m.newBytes.length;
    preparedBytes.set(prepared, m.newBytes);
  }
  return prepared;
}

/**
 * The bytes to write for a journaled file: its current bytes must still be the journaled original (`oldHash`),
 * and the output is then the prepared one (kept from preparing, else rebuilt and checked against `newHash`).
 */
export function bytesToWrite(root: string, f: PreparedFile, entry: JournalEntry): { bytes: Uint8Array } | { outcome: 'stale' | 'failed'; reason: string } {
  const stale = { outcome: 'stale', reason: 'changed while canonize was applying; not written' } as const;
  try {
    // Again right before the write: a symlink planted since the batch was prepared is refused too.
    containedPath(root, f.path, { mustExist: true });
  } catch (err) {
    if (err instanceof UnsafePathError) return { outcome: 'failed', reason: `${err.message} (it changed while canonize was applying)` };
    return stale;
  }
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
    if (m.ok) changes.push({ path: f.path, oldText: m.oldText, newText: m.newText, encoding: f.plan.encoding, bom: f.plan.bom });
  }
  return changes;
}
