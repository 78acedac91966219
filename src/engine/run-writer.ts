/**
 * Writing one run's journal: the run's record, and per batch its originals and manifest before any of its files
 * is touched (the commit point), then its status changes. See docs/engine.md ("The journal").
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fsyncFd, stageFile, syncDirectory, type StagedFile } from './atomic.js';
import { JOURNAL_VERSION, manifestName, originalsName, type BatchChange, type BatchManifest, type JournalEntry, type RunRecord, type RunState } from './journal-format.js';
import { Journal } from './journal.js';

function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Writes one run's journal: a batch's originals and manifest before any of its files, then status changes.
 * Changes to the run's record are saved one at a time, in the order they were made.
 */
export class RunWriter {
  private saving: Promise<void> = Promise.resolve();

  constructor(
    readonly journal: Journal,
    readonly record: RunRecord,
  ) {}

  /** Start a new run of a plan in `journal`. The caller holds the lock. */
  static async start(journal: Journal, planId: string): Promise<RunWriter> {
    const now = new Date().toISOString();
    const record: RunRecord = {
      version: JOURNAL_VERSION,
      id: newRunId(),
      planId,
      pid: process.pid,
      hostname: hostname(),
      startedAt: now,
      updatedAt: now,
      state: 'running',
      batches: [],
    };
    await mkdir(join(journal.runsDir, record.id), { recursive: true });
    // The run's directory entry must be durable before anything in it is relied on.
    await syncDirectory(journal.runsDir);
    const writer = new RunWriter(journal, record);
    await writer.save();
    return writer;
  }

  get id(): string {
    return this.record.id;
  }

  /**
   * Queue a change of the record and a save of it after the saves already queued. A save that fails fails every
   * later one too, so the error reaches whoever awaits the next status change.
   */
  private update(change: () => void): Promise<void> {
    const next = this.saving.then(() => {
      change();
      return this.journal.saveRun(this.record);
    });
    this.saving = next;
    return next;
  }

  save(): Promise<void> {
    return this.update(() => undefined);
  }

  /** Wait until the queued saves are done (or failed: their errors go to whoever awaits them). */
  async settled(): Promise<void> {
    await this.saving.catch(() => undefined);
  }

  /**
   * Journal a batch: append each file's original bytes, fsync them, then write the manifest (the commit point).
   * `files` yields each file's entry data and its current bytes; a file it yields `undefined` for is left out.
   */
  async journalBatch(batch: { id: number; name: string }, files: AsyncIterable<{ entry: Omit<JournalEntry, 'offset' | 'length'>; bytes: Uint8Array }>): Promise<BatchManifest> {
    const dir = join(this.journal.runsDir, this.id);
    const manifest: BatchManifest = { version: JOURNAL_VERSION, runId: this.id, batch: batch.id, name: batch.name, files: [] };
    // The originals are written synchronously (page cache only: cheaper than a thread-pool round trip per file).
    const fd = openSync(join(dir, originalsName(batch.id)), 'w', 0o600);
    let staged: StagedFile;
    try {
      let offset = 0;
      for await (const { entry, bytes } of files) {
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
        manifest.files.push({ ...entry, offset, length: bytes.length });
        offset += bytes.length;
      }
      // The originals' fsync and the manifest's temp file (written and fsynced) go to the disk together; the
      // manifest is renamed into place only once both are durable.
      const [synced, stagedManifest] = await Promise.allSettled([fsyncFd(fd), stageFile(join(dir, manifestName(batch.id)), Buffer.from(`${JSON.stringify(manifest)}\n`), 0o644)]);
      if (synced.status === 'rejected') {
        if (stagedManifest.status === 'fulfilled') stagedManifest.value.discard();
        throw synced.reason;
      }
      if (stagedManifest.status === 'rejected') throw stagedManifest.reason;
      staged = stagedManifest.value;
    } finally {
      closeSync(fd);
    }
    // The commit point. The rename is followed by a directory fsync, which also makes the .orig file's name durable.
    await staged.commit();
    // run.json is advisory (a manifest it does not mention counts as `writing`), so recording the batch need not
    // hold up its files: the save runs while they are written, and a failure surfaces at the next status change.
    this.setBatch({ id: batch.id, name: batch.name, status: 'writing', files: manifest.files.length }).catch(() => undefined);
    return manifest;
  }

  setBatch(batch: BatchChange): Promise<void> {
    return this.update(() => Journal.updateBatch(this.record, batch));
  }

  finish(state: RunState = 'finished'): Promise<void> {
    return this.update(() => {
      this.record.state = state;
    });
  }
}
