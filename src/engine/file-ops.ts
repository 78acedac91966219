/**
 * Whole-file operations of a plan: a changed file's `op` is `delete` (the file goes; its original bytes and mode are
 * journaled first and a rollback writes them back) or `create` (a new file, which must not exist; a rollback removes
 * it). Everything else about them is an ordinary changed file: batched, journaled before it happens, written or
 * removed only through containment checks, shown in `diff` and `--patch` (`deleted file mode` / `new file mode`).
 * The hooks the engine calls for them live here, so that the batch write and the journal stay as they are for edits.
 * See docs/engine.md ("Deleting and creating files").
 */
import { unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { hashBytes } from '../core/source.js';
import type { ChangedFilePlan } from '../core/types.js';
import { syncDirectory, writeFileAtomic } from './atomic.js';
import { containedStill } from './contain.js';
import type { EntryState, JournalEntry } from './journal-format.js';
import { absent, CREATED_MODE, materializeOp, readBytes, type FileOp } from './rebuild.js';

/** What these hooks read of a prepared file (apply-types.ts `PreparedFile`, which imports the engine's other types). */
interface PreparedOp {
  path: string;
  absPath: string;
  oldHash: string;
  plan: ChangedFilePlan;
}

/** The original a whole-file operation journals: a file to delete's bytes and mode, or none for a file to create. */
export function opOriginal(root: string, f: PreparedOp, op: FileOp): { bytes: Uint8Array; mode: number } | { stale: string } | { failed: string } {
  // Nothing is read (or journaled) through a symlink planted since the batch was prepared.
  const still = containedStill(root, f.path);
  if ('unsafe' in still) return { failed: still.unsafe };
  if (op === 'create') return absent(f.absPath) ? { bytes: Buffer.alloc(0), mode: CREATED_MODE } : { stale: 'created by someone else while canonize was applying; not written' };
  const read = readBytes(f.absPath);
  if ('error' in read || hashBytes(read.bytes) !== f.oldHash) return { stale: 'changed while canonize was applying; not deleted' };
  if ((read.mode & ~0o777) !== 0) return { failed: `has setuid, setgid or sticky bits (mode ${read.mode.toString(8)}); canonize does not delete such files` };
  return read;
}

/**
 * Carry out a journaled delete or create, checked once more right before it (a symlink planted since is refused, a
 * file changed or created since is left alone). Returns why it was not done, or undefined. The directory is not
 * fsynced here: the caller syncs the batch's directories once.
 */
export async function performOp(root: string, f: PreparedOp, entry: JournalEntry & { op: FileOp }): Promise<{ outcome: 'stale' | 'failed'; reason: string } | undefined> {
  const still = containedStill(root, f.path, { mustExist: entry.op === 'delete' });
  if ('unsafe' in still) return { outcome: 'failed', reason: still.unsafe };
  const abs = still.abs;
  if (entry.op === 'delete') {
    const read = readBytes(abs);
    if ('error' in read || hashBytes(read.bytes) !== entry.oldHash) return { outcome: 'stale', reason: 'changed while canonize was applying; not deleted' };
    unlinkSync(abs);
    return undefined;
  }
  if (!absent(abs)) return { outcome: 'stale', reason: 'created by someone else while canonize was applying; not written' };
  const m = materializeOp({ ...f.plan, op: 'create' }, root);
  if (!m.ok) return { outcome: m.outcome, reason: m.reason };
  if (m.newHash !== entry.newHash) return { outcome: 'failed', reason: 'rebuilding the file gave other bytes than were journaled' };
  await writeFileAtomic(abs, m.newBytes, CREATED_MODE, { syncDirectory: false });
  return undefined;
}

/** What a path holds compared with a whole-file operation's entry: for a delete, no file is its new state. */
export function opEntryState(entry: Pick<JournalEntry, 'oldHash' | 'newHash'> & { op: FileOp }, hash: string | undefined): EntryState {
  if (hash === undefined) return entry.op === 'delete' ? 'new' : 'old';
  if (entry.op === 'delete') return hash === entry.oldHash ? 'old' : 'changed';
  return hash === entry.newHash ? 'new' : 'changed';
}

/**
 * Undo a whole-file operation: a deleted file gets its original bytes and mode back (atomically, as any restore);
 * a created file is removed. `original` reads the journaled bytes.
 */
export async function undoOp(abs: string, entry: JournalEntry & { op: FileOp }, original: () => Promise<Uint8Array>): Promise<void> {
  if (entry.op === 'delete') await writeFileAtomic(abs, await original(), entry.mode);
  else {
    try {
      unlinkSync(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await syncDirectory(dirname(abs));
  }
}
