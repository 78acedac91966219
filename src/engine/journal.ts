/**
 * The journal (`.canonize/` under the project root): for every run of `apply`, the bytes each written file had
 * before, so that any run can be undone byte for byte. `Journal` opens, lists and reads it; `RunWriter` writes one
 * run. Its format is `journal-format.ts` (re-exported here), its lock `lock.ts`, the checks of a run's manifests
 * `manifests.ts`. The layout and the order of writes that make it crash-safe: docs/engine.md ("The journal").
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { asFsError, CanonizeError, FsError, JournalCorruptError, UnsafePathError, UsageError } from '../core/errors.js';
import { hashBytes } from '../core/source.js';
import { fsyncFd, removeStaleTempFiles, stageFile, syncDirectory, writeFileAtomic, type StagedFile } from './atomic.js';
import { containedPath, READ_NOFOLLOW } from './contain.js';
import {
  JOURNAL_DIR,
  JOURNAL_VERSION,
  MANIFEST_RE,
  manifestName,
  originalsName,
  type BatchChange,
  type BatchManifest,
  type EntryState,
  type JournalBatchStatus,
  type JournalEntry,
  type RunRecord,
  type RunState,
  type VerifiedRun,
} from './journal-format.js';
import { takeLock } from './lock.js';
import { readManifests, verifyRun } from './manifests.js';

export { JOURNAL_DIR, JOURNAL_VERSION } from './journal-format.js';
export type {
  BatchChange,
  BatchManifest,
  EntryState,
  JournalBatch,
  JournalBatchStatus,
  JournalEntry,
  JournalProblem,
  RunRecord,
  RunState,
  VerifiedBatch,
  VerifiedRun,
} from './journal-format.js';
export { JournalLockedError } from './lock.js';

/**
 * What a file on disk holds compared with its journal entry. The path is checked first (`contain.ts`): an entry
 * naming a file outside the root, in `.git/` or through a symlink throws {@link UnsafePathError}.
 */
export async function entryState(root: string, entry: Pick<JournalEntry, 'path' | 'oldHash' | 'newHash'>): Promise<EntryState> {
  const abs = containedPath(root, entry.path);
  let bytes: Buffer;
  try {
    const handle = await open(abs, READ_NOFOLLOW);
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  const hash = hashBytes(bytes);
  return hash === entry.newHash ? 'new' : hash === entry.oldHash ? 'old' : 'changed';
}

const GITIGNORE = '*\n';

function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

function readdirSyncSafe(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

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

  /**
   * Open (creating on first use) the journal of a project root. The directories it makes are fsynced in their
   * parents, and its `.gitignore` is checked: one that is missing, empty (a full disk) or changed is rewritten
   * atomically, so the journal never shows up in `git status`.
   */
  static async open(root: string): Promise<Journal> {
    const journal = new Journal(root);
    const made: string[] = [];
    for (const dir of [journal.dir, journal.runsDir]) {
      try {
        await mkdir(dir);
        made.push(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        const typed = asFsError(err, `cannot create the journal ${dir}`);
        if (typed instanceof FsError) throw typed;
        throw new CanonizeError('E_JOURNAL', `cannot create the journal ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'canonize needs to write its journal in the project root before it writes any file');
      }
    }
    for (const dir of made) await syncDirectory(dirname(dir));
    // The journal is private state: it ignores itself, so users need not touch their own .gitignore.
    const gitignore = join(journal.dir, '.gitignore');
    let current: string | undefined;
    try {
      current = await readFile(gitignore, 'utf8');
    } catch {
      current = undefined;
    }
    for (let attempt = 0; current !== GITIGNORE; attempt++) {
      try {
        await writeFileAtomic(gitignore, Buffer.from(GITIGNORE), 0o644);
        break;
      } catch (err) {
        // ENOENT: the lock holder cleaned our temp file away as a leftover; write it again.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw err;
      }
    }
    return journal;
  }

  /**
   * Take the project's lock (one apply or rollback at a time; `lock.ts`). Returns the release function, which
   * removes the lock only while it is still this process's.
   */
  async lock(): Promise<() => Promise<void>> {
    return takeLock(this.dir, this.root, async () => {
      // Temp files a killed apply or rollback left in the journal (a half-saved run.json, say): nobody else
      // writes there while we hold the lock.
      const runDirs = (await readdir(this.runsDir).catch(() => [] as string[])).map((r) => join(this.runsDir, r));
      await removeStaleTempFiles([this.dir, ...runDirs]);
    });
  }

  /**
   * Every run, oldest first. A run directory whose `run.json` is missing or unreadable but that holds manifests is
   * listed as `damaged`, its record rebuilt from them (every manifest's batch counts as `writing`): a journal never
   * hides a run that may have written files.
   */
  async listRuns(): Promise<RunRecord[]> {
    const names = (await readdir(this.runsDir).catch(() => [] as string[])).sort();
    const runs: RunRecord[] = [];
    for (const name of names) {
      const run = (await this.readRunRecord(name)) ?? this.rebuiltRunRecord(name);
      if (run) runs.push(run);
    }
    return runs;
  }

  private async readRunRecord(id: string): Promise<RunRecord | undefined> {
    try {
      const run = JSON.parse(await readFile(join(this.runsDir, id, 'run.json'), 'utf8')) as RunRecord;
      return run && run.version === JOURNAL_VERSION && run.id === id && Array.isArray(run.batches) && typeof run.state === 'string' ? run : undefined;
    } catch {
      return undefined;
    }
  }

  /** The record of a run whose `run.json` is gone or damaged, from the manifests in its directory (if any). */
  private rebuiltRunRecord(id: string): RunRecord | undefined {
    let names: string[];
    try {
      names = readdirSyncSafe(join(this.runsDir, id));
    } catch {
      return undefined;
    }
    if (!names.some((n) => MANIFEST_RE.test(n))) return undefined;
    const at = new Date(0).toISOString();
    return { version: JOURNAL_VERSION, id, planId: '', pid: 0, hostname: '', startedAt: at, updatedAt: at, state: 'damaged', batches: [] };
  }

  /** A run by id (rebuilt from its manifests when its record is damaged). Throws {@link UsageError} when there is none. */
  async readRun(id: string): Promise<RunRecord> {
    const run = /^[\w.-]+$/.test(id) ? ((await this.readRunRecord(id)) ?? this.rebuiltRunRecord(id)) : undefined;
    if (!run) throw new UsageError('E_RUN_NOT_FOUND', `no canonize run "${id}" in ${this.runsDir}`, 'list the runs with `canonize rollback --list`');
    return run;
  }

  /**
   * The manifests a run wrote, by batch id: every batch whose files the run may have touched. Each is validated;
   * a damaged one throws {@link JournalCorruptError} (use {@link verifyRun} to collect every problem instead).
   */
  async manifests(runId: string): Promise<BatchManifest[]> {
    const { manifests, problems } = await readManifests(this.runsDir, runId);
    if (problems.length > 0) throw new JournalCorruptError(runId, problems.map((p) => p.message));
    return manifests;
  }

  /**
   * Check the whole journal of a run before anything is restored from it (`manifests.ts`): its manifests, and the
   * originals of the batches `wanted` accepts. Returns the manifests and, for each, the entries that verify, with
   * every problem found.
   */
  async verifyRun(run: RunRecord, wanted: (batch: number) => boolean = () => true): Promise<VerifiedRun> {
    return verifyRun(this.root, this.runsDir, run, wanted);
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
        throw new JournalCorruptError(runId, [`${entry.path}: its original bytes in ${originalsName(manifest.batch)} are damaged`], 'restore this file from version control');
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
    // The run's directory entry must be durable before anything in it is relied on.
    await syncDirectory(this.runsDir);
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
      if (run.planId !== planId || run.state === 'rolled-back' || run.state === 'damaged') continue;
      const done = new Set(run.batches.filter((b) => b.status === 'applied').map((b) => b.id));
      for (const manifest of await this.manifests(run.id)) {
        if (!done.has(manifest.batch)) continue;
        for (const entry of manifest.files) {
          const state = await entryState(this.root, entry).catch((err: unknown) => {
            if (err instanceof UnsafePathError) return 'changed' as const;
            throw err;
          });
          if (state === 'new') applied.set(entry.path, run.id);
        }
      }
    }
    return applied;
  }
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
