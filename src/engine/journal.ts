/**
 * The journal: for every run of `apply`, the bytes each written file had before, so that any run can be undone
 * byte for byte, whether it finished, failed a verify gate or was killed half way.
 *
 * Layout, under the project root (the directory ignores itself through its own `.gitignore`):
 *
 * ```
 * .canonize/
 *   .gitignore            "*": nothing here is ever committed
 *   lock                  the pid of the run or rollback in progress
 *   runs/<run-id>/
 *     run.json            the run: plan id, pid, state, and per batch its status (writing → written → applied,
 *                         or rolled-back with a reason)
 *     batch-<n>.orig      the original bytes of batch n's files, one after another
 *     batch-<n>.json      batch n's manifest: per file its path, mode, old hash, planned new hash, and where its
 *                         original bytes are in batch-<n>.orig
 * ```
 *
 * The order of writes is what makes a run crash-safe. A batch's originals are written and fsynced, then its
 * manifest is written atomically (temp + fsync + rename): the manifest is the commit point, and no file of the
 * batch is touched before it exists. Each file is then replaced atomically, so whenever the process dies every
 * file holds either its old bytes (hash `oldHash`) or its new ones (`newHash`), and the manifest says which is
 * which. `run.json` is advisory: a manifest whose batch it does not mention counts as `writing`.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CanonizeError, UsageError } from '../errors.js';
import { hashBytes } from '../planner/source.js';
import { fsyncFd, removeStaleTempFiles, stageFile, writeFileAtomic, type StagedFile } from './atomic.js';

export const JOURNAL_DIR = '.canonize';
export const JOURNAL_VERSION = 1 as const;

/** One file of a journaled batch. */
export interface JournalEntry {
  /** Path relative to the root, `/` separators. */
  path: string;
  /** sha256 of the bytes before the run (what rollback restores). */
  oldHash: string;
  /** sha256 of the bytes the run writes (a file with these bytes was written by this run). */
  newHash: string;
  /** Permission bits to restore. */
  mode: number;
  /** Where the original bytes are in the batch's `.orig` file. */
  offset: number;
  length: number;
  edits: number;
}

export interface BatchManifest {
  version: typeof JOURNAL_VERSION;
  runId: string;
  batch: number;
  name: string;
  files: JournalEntry[];
}

/**
 * Where a journaled batch stands. `writing`: files are being replaced; `written`: all are, the verify gate has not
 * passed yet; `committing`: verified, the git commit is being made; `applied`: done; `rolled-back`: restored.
 */
export type JournalBatchStatus = 'writing' | 'written' | 'committing' | 'applied' | 'rolled-back';

export interface JournalBatch {
  id: number;
  name: string;
  status: JournalBatchStatus;
  files: number;
  /** Why a batch was rolled back: `verify-failed`, `commit-failed`, `interrupted` or `rollback`. */
  reason?: string;
  /** The commit made for the batch (`--commit-per-batch`). */
  commit?: string;
}

/** `running` until the run ends; `interrupted` when a later run found it dead and recovered it. */
export type RunState = 'running' | 'finished' | 'interrupted' | 'rolled-back';

export interface RunRecord {
  version: typeof JOURNAL_VERSION;
  id: string;
  /** sha256 of the serialised plan the run applied: how a re-run of the same plan.json finds what is done. */
  planId: string;
  pid: number;
  hostname: string;
  startedAt: string;
  updatedAt: string;
  state: RunState;
  batches: JournalBatch[];
}

/** What a file on disk holds compared with a journal entry. */
export type EntryState = 'new' | 'old' | 'changed' | 'missing';

/** What a file on disk holds compared with its journal entry. */
export async function entryState(root: string, entry: Pick<JournalEntry, 'path' | 'oldHash' | 'newHash'>): Promise<EntryState> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(root, entry.path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  const hash = hashBytes(bytes);
  return hash === entry.newHash ? 'new' : hash === entry.oldHash ? 'old' : 'changed';
}

/** Another canonize process holds the project's lock. Exit 2. */
export class JournalLockedError extends CanonizeError {
  override readonly name = 'JournalLockedError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

const manifestName = (batch: number) => `batch-${batch}.json`;
const originalsName = (batch: number) => `batch-${batch}.orig`;

/** The `.canonize/` directory of one project root. */
export class Journal {
  readonly dir: string;
  readonly runsDir: string;

  private constructor(readonly root: string) {
    this.dir = join(root, JOURNAL_DIR);
    this.runsDir = join(this.dir, 'runs');
  }

  /** The journal of a project root, for reading (nothing is created). */
  static at(root: string): Journal {
    return new Journal(root);
  }

  /** Open (creating on first use) the journal of a project root. */
  static async open(root: string): Promise<Journal> {
    const journal = new Journal(root);
    try {
      await mkdir(journal.runsDir, { recursive: true });
    } catch (err) {
      throw new CanonizeError('E_JOURNAL', `cannot create the journal ${journal.dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'canonize needs to write its journal in the project root before it writes any file');
    }
    // The journal is private state: it ignores itself, so users need not touch their own .gitignore.
    await writeFile(join(journal.dir, '.gitignore'), '*\n', { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    return journal;
  }

  /**
   * Take the project's lock (one apply or rollback at a time). A lock left by a process that no longer exists
   * (killed) is taken over. Returns the release function.
   */
  async lock(): Promise<() => Promise<void>> {
    const file = join(this.dir, 'lock');
    const me = `${process.pid} ${hostname()}\n`;
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(file, me, { flag: 'wx' });
        return async () => {
          await unlink(file).catch(() => undefined);
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      }
      const [pidText, host] = (await readFile(file, 'utf8').catch(() => '')).trim().split(' ');
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && (host !== hostname() || isAlive(pid))) {
        throw new JournalLockedError(
          'E_LOCKED',
          `another canonize process (pid ${pid}${host !== hostname() ? ` on ${host}` : ''}) is applying or rolling back in ${this.root}`,
          `wait for it to finish; if it is gone, delete ${file}`,
        );
      }
      await unlink(file).catch(() => undefined);
    }
  }

  /** Every run, oldest first. Unreadable run directories are left out. */
  async listRuns(): Promise<RunRecord[]> {
    const names = (await readdir(this.runsDir).catch(() => [] as string[])).sort();
    const runs: RunRecord[] = [];
    for (const name of names) {
      const run = await this.readRunRecord(name);
      if (run) runs.push(run);
    }
    return runs;
  }

  private async readRunRecord(id: string): Promise<RunRecord | undefined> {
    try {
      const run = JSON.parse(await readFile(join(this.runsDir, id, 'run.json'), 'utf8')) as RunRecord;
      return run.version === JOURNAL_VERSION && run.id === id ? run : undefined;
    } catch {
      return undefined;
    }
  }

  /** A run by id. Throws {@link UsageError} when there is none. */
  async readRun(id: string): Promise<RunRecord> {
    const run = await this.readRunRecord(id);
    if (!run) throw new UsageError('E_RUN_NOT_FOUND', `no canonize run "${id}" in ${this.runsDir}`, 'list the runs with `canonize rollback --list`');
    return run;
  }

  /** The manifests a run wrote, by batch id: every batch whose files the run may have touched. */
  async manifests(runId: string): Promise<BatchManifest[]> {
    const dir = join(this.runsDir, runId);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^batch-\d+\.json$/.test(n));
    const manifests: BatchManifest[] = [];
    for (const name of names) manifests.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as BatchManifest);
    return manifests.sort((a, b) => a.batch - b.batch);
  }

  /** The status of a journaled batch: as run.json records it, `writing` when it does not (yet) mention it. */
  static batchStatus(run: RunRecord, batch: number): JournalBatchStatus {
    return run.batches.find((b) => b.id === batch)?.status ?? 'writing';
  }

  /** The original bytes of an entry, checked against its hash. */
  async originalBytes(runId: string, manifest: BatchManifest, entry: JournalEntry): Promise<Buffer> {
    const handle = await open(join(this.runsDir, runId, originalsName(manifest.batch)), 'r');
    try {
      const bytes = Buffer.alloc(entry.length);
      const { bytesRead } = await handle.read(bytes, 0, entry.length, entry.offset);
      if (bytesRead !== entry.length || hashBytes(bytes) !== entry.oldHash) {
        throw new CanonizeError('E_JOURNAL_CORRUPT', `the journal of run ${runId} has damaged original bytes for ${entry.path}`, 'restore this file from version control');
      }
      return bytes;
    } finally {
      await handle.close();
    }
  }

  /** Remove temp files a killed process left in a run's directory, and originals no manifest refers to. */
  async cleanRunDir(runId: string): Promise<void> {
    const dir = join(this.runsDir, runId);
    await removeStaleTempFiles([dir]);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^batch-(\d+)\.orig$/.exec(name);
      if (m && !names.includes(manifestName(Number(m[1])))) await unlink(join(dir, name)).catch(() => undefined);
    }
  }

  /** Start a new run of a plan. The caller holds the lock. */
  async startRun(planId: string): Promise<RunWriter> {
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
    await mkdir(join(this.runsDir, record.id), { recursive: true });
    const writer = new RunWriter(this, record);
    await writer.save();
    return writer;
  }

  /** Rewrite a run's record (atomically). */
  async saveRun(run: RunRecord): Promise<void> {
    run.updatedAt = new Date().toISOString();
    await writeFileAtomic(join(this.runsDir, run.id, 'run.json'), Buffer.from(`${JSON.stringify(run, null, 2)}\n`), 0o644);
  }

  /** Set the status (and extra fields) of one batch of a run, adding it when the record does not list it yet. */
  async setBatch(run: RunRecord, batch: BatchChange): Promise<void> {
    Journal.updateBatch(run, batch);
    await this.saveRun(run);
  }

  /** {@link setBatch} in memory only. */
  static updateBatch(run: RunRecord, batch: BatchChange): void {
    const existing = run.batches.find((b) => b.id === batch.id);
    if (existing) Object.assign(existing, batch);
    else run.batches.push({ status: 'writing', files: 0, ...batch });
    run.batches.sort((a, b) => a.id - b.id);
  }

  /**
   * Files a run of `planId` applied and that still hold the bytes it wrote: what a re-run of that plan skips
   * (path → run id). A file changed since, or restored, is planned again like any other.
   */
  async appliedFiles(planId: string): Promise<Map<string, string>> {
    const applied = new Map<string, string>();
    for (const run of await this.listRuns()) {
      if (run.planId !== planId || run.state === 'rolled-back') continue;
      const done = new Set(run.batches.filter((b) => b.status === 'applied').map((b) => b.id));
      for (const manifest of await this.manifests(run.id)) {
        if (!done.has(manifest.batch)) continue;
        for (const entry of manifest.files) if ((await entryState(this.root, entry)) === 'new') applied.set(entry.path, run.id);
      }
    }
    return applied;
  }
}

/** A change to one batch of a run record: its id and name, and the fields to set. */
export type BatchChange = Omit<JournalBatch, 'status' | 'files'> & Partial<JournalBatch>;

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
  async journalBatch(batch: { id: number; name: string }, files: AsyncIterable<{ entry: Omit<JournalEntry, 'offset' | 'length'>; bytes: Buffer }>): Promise<BatchManifest> {
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
