/**
 * The journal (`.canonize/` under the project root): for every run of `apply`, the bytes each written file had
 * before, so that any run can be undone byte for byte. `Journal` opens, locks, lists and reads it; `run-writer.ts`
 * writes a run; its format is `journal-format.ts` (re-exported here), its lock `lock.ts`, the checks of a run's
 * manifests `manifests.ts`. The layout, and the order of writes that makes it crash-safe: docs/engine.md.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { asFsError, CanonizeError, FsError, JournalCorruptError, UnsafePathError, UsageError } from '../core/errors.js';
import { hashBytes } from '../core/source.js';
import { opEntryState } from './file-ops.js';
import { removeStaleTempFiles, syncDirectory, writeFileAtomic } from './atomic.js';
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
  type VerifiedRun,
} from './journal-format.js';
import { takeLock } from './lock.js';
import { readManifests, verifyRun } from './manifests.js';

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

/**
 * What a file on disk holds compared with its journal entry. The path is checked first (`contain.ts`): an entry
 * naming a file outside the root, in `.git/` or through a symlink throws {@link UnsafePathError}.
 */
export async function entryState(root: string, entry: Pick<JournalEntry, 'path' | 'oldHash' | 'newHash' | 'op'>): Promise<EntryState> {
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
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return entry.op ? opEntryState({ ...entry, op: entry.op }, undefined) : 'missing';
    throw err;
  }
  const hash = hashBytes(bytes);
  if (entry.op) return opEntryState({ ...entry, op: entry.op }, hash);
  return hash === entry.newHash ? 'new' : hash === entry.oldHash ? 'old' : 'changed';
}

const GITIGNORE = '*\n';

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
  async originalBytes(runId: string, manifest: BatchManifest, entry: JournalEntry): Promise<Uint8Array> {
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
