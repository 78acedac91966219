/**
 * Writing one batch's files: their originals journaled first (`journal.ts`), then each replaced atomically
 * (`atomic.ts`), or deleted or created (`file-ops.ts`), several at a time, their directories fsynced once for the
 * batch. See docs/engine.md ("The journal").
 */
import { dirname } from 'node:path';
import { hashBytes } from '../core/source.js';
import type { Batch } from '../core/types.js';
import type { FileApplyOutcome, FileApplyResult, PreparedFile } from './apply-types.js';
import { forEachConcurrently, syncDirectories, writeFileAtomic } from './atomic.js';
import type { BatchManifest, JournalEntry } from './journal-format.js';
import type { RunWriter } from './run-writer.js';
import { opOriginal, performOp } from './file-ops.js';
import { bytesToWrite } from './prepare.js';
import { readBytes } from './rebuild.js';

/** Files of a batch being written at once: enough to overlap their fsyncs, few enough to bound open files. */
const WRITE_CONCURRENCY = 16;

/** A batch's files after writing: the journal's manifest, the paths written, and a result per chosen file. */
export interface WrittenFiles {
  manifest: BatchManifest;
  written: Set<string>;
  /** One per chosen file (`written`, `stale` or `failed`), in no particular order. */
  results: FileApplyResult[];
}

/** The result of one prepared file of a batch. */
function resultOf(f: PreparedFile, batch: string, outcome: FileApplyOutcome, reason?: string): FileApplyResult {
  return {
    path: f.path,
    batch,
    outcome,
    edits: f.plan.edits.length,
    ...(reason ? { reason } : {}),
    ...(f.replanned ? { replanned: true } : {}),
  };
}

/**
 * Journal the originals of a batch's chosen files, then write them. A file changed since it was prepared, or with
 * setuid, setgid or sticky bits, is left out of the journal and not written; `progress` is called after each write.
 * The journal files the batch under `slot`, its position in the plan.
 */
export async function writeBatchFiles(run: RunWriter, batch: Batch, slot: number, chosen: readonly PreparedFile[], root: string, progress: () => void): Promise<WrittenFiles> {
  const results: FileApplyResult[] = [];
  const byPath = new Map(chosen.map((f) => [f.path, f]));
  const result = (f: PreparedFile, outcome: FileApplyOutcome, reason?: string) => resultOf(f, batch.id, outcome, reason);

  // 1. The journal: every original, then the manifest, before any file of the batch is touched.
  async function* originals(): AsyncGenerator<{ entry: Omit<JournalEntry, 'offset' | 'length'>; bytes: Uint8Array }> {
    for (const f of chosen) {
      if (f.plan.op) {
        // A file to delete or create (file-ops.ts): its original is its bytes, or none.
        const original = opOriginal(root, f, f.plan.op);
        if ('bytes' in original) yield { entry: { path: f.path, oldHash: f.oldHash, newHash: f.newHash, mode: original.mode, edits: f.plan.edits.length, op: f.plan.op }, bytes: original.bytes };
        else results.push('stale' in original ? result(f, 'stale', original.stale) : result(f, 'failed', original.failed));
        continue;
      }
      const read = readBytes(f.absPath);
      if ('error' in read || hashBytes(read.bytes) !== f.oldHash) {
        results.push(result(f, 'stale', 'changed while canonize was applying; not written'));
        continue;
      }
      if ((read.mode & ~0o777) !== 0) {
        // Rollback only ever restores plain permission bits (a journal could otherwise grant setuid).
        results.push(result(f, 'failed', `has setuid, setgid or sticky bits (mode ${read.mode.toString(8)}); canonize does not rewrite such files`));
        continue;
      }
      yield { entry: { path: f.path, oldHash: f.oldHash, newHash: f.newHash, mode: read.mode, edits: f.plan.edits.length }, bytes: read.bytes };
    }
  }
  const manifest = await run.journalBatch({ id: slot, name: batch.name }, originals());

  // 2. The files, several at a time: each re-read and re-checked against the hash its original was journaled
  // with, and replaced atomically by its output (temp file, fsync, rename). Each rename is atomic whenever the
  // process dies; their directories are fsynced once, below, before the batch is recorded past `writing`.
  const written = new Set<string>();
  const dirs = new Set<string>();
  await forEachConcurrently(manifest.files, WRITE_CONCURRENCY, async (entry) => {
    const f = byPath.get(entry.path)!;
    if (entry.op) {
      const problem = await performOp(root, f, { ...entry, op: entry.op }).catch((err: unknown) => ({ outcome: 'failed' as const, reason: `cannot ${entry.op}: ${(err as Error).message}` }));
      if (problem) results.push(result(f, problem.outcome, problem.reason));
      else {
        written.add(f.path);
        dirs.add(dirname(f.absPath));
        results.push(result(f, 'written'));
        progress();
      }
      return;
    }
    const out = bytesToWrite(root, f, entry);
    if ('outcome' in out) {
      results.push(result(f, out.outcome, out.reason));
    } else {
      try {
        await writeFileAtomic(f.absPath, out.bytes, entry.mode, { syncDirectory: false });
        written.add(f.path);
        dirs.add(dirname(f.absPath));
        results.push(result(f, 'written'));
        progress();
      } catch (err) {
        results.push(result(f, 'failed', `cannot write: ${(err as Error).message}`));
      }
    }
  });
  await syncDirectories(dirs);
  return { manifest, written, results };
}
