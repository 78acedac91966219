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
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { asFsError, CanonizeError, FsError, JournalCorruptError, UnsafePathError, UsageError } from '../core/errors.js';
import { hashBytes } from '../core/source.js';
import { fsyncFd, removeStaleTempFiles, stageFile, syncDirectory, writeFileAtomic, type StagedFile } from './atomic.js';
import { containedPath, isPlainMode, pathProblem, READ_NOFOLLOW } from './contain.js';

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
  /**
   * Files a rolled-back batch could not restore because they had changed since canonize wrote them (by the verify
   * command, typically): `canonize rollback` still offers them, and `--force` restores them.
   */
  unrestored?: string[];
  /** Who changed the `unrestored` files, as the rollback says it. */
  unrestoredReason?: string;
}

/**
 * `running` until the run ends; `interrupted` when a later run found it dead and recovered it; `damaged`: its
 * `run.json` is missing or unreadable, and the record was rebuilt from its manifests (never written as such).
 */
export type RunState = 'running' | 'finished' | 'interrupted' | 'rolled-back' | 'damaged';

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

const GITIGNORE = '*\n';

/** The lock file's content: `PID HOST TOKEN`; undefined for anything else (an empty or garbled lock is stale). */
function parseLock(text: string): { pid: number; host: string } | undefined {
  const [pidText, host] = text.trim().split(' ');
  const pid = Number(pidText);
  return Number.isInteger(pid) && pid > 0 && host ? { pid, host } : undefined;
}

/** The name of the claim to take over a lock that holds `content`. */
function takeoverName(content: string): string {
  return `lock.takeover-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
}

function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

const manifestName = (batch: number) => `batch-${batch}.json`;
const MANIFEST_RE = /^batch-(\d+)\.json$/;

const HEX64 = /^[0-9a-f]{64}$/;
const ManifestSchema = z.object({
  version: z.literal(JOURNAL_VERSION),
  runId: z.string(),
  batch: z.number().int().nonnegative(),
  name: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      oldHash: z.string().regex(HEX64),
      newHash: z.string().regex(HEX64),
      // Checked per entry by verifyRun (a bad mode is that file's problem, not the whole manifest's).
      mode: z.number(),
      offset: z.number().int().nonnegative(),
      length: z.number().int().nonnegative(),
      edits: z.number().int().nonnegative(),
    }),
  ),
});

function readdirSyncSafe(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Something missing or wrong in a run's journal: which batch, which file (when it is about one), and what. */
export interface JournalProblem {
  batch?: number;
  path?: string;
  message: string;
}

/** A batch of a verified run: its manifest, and the entries whose originals verify. */
export interface VerifiedBatch {
  manifest: BatchManifest;
  entries: JournalEntry[];
}

/** The result of {@link Journal.verifyRun}. */
export interface VerifiedRun {
  run: RunRecord;
  verified: VerifiedBatch[];
  problems: JournalProblem[];
}
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
   * Take the project's lock (one apply or rollback at a time). Returns the release function, which removes the
   * lock only while it is still this process's.
   *
   * The lock file is created whole: its content (pid, host, a random token) is written to a temp file that is then
   * hard-linked to `lock`, which fails if `lock` exists. A lock whose holder is dead (killed) is taken over
   * atomically: the taker first claims `lock.takeover-<hash of the dead lock's content>` by the same link (one
   * process can), checks that `lock` still holds the dead content, and renames its own file over it. A taker that
   * dies half way leaves its claim, which the next one takes over the same way (the claims form a chain, each
   * naming its claimer). No step depends on timing, and two processes never both hold the lock
   * (`test/lock.test.ts` races real processes against a stale lock).
   */
  async lock(): Promise<() => Promise<void>> {
    const file = join(this.dir, 'lock');
    const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
    const me = `${process.pid} ${hostname()} ${token}\n`;
    const temp = join(this.dir, `.lock.${token}.tmp`);
    await writeFile(temp, me, { flag: 'wx', mode: 0o644 });
    const claims: string[] = [];
    const held = async (): Promise<() => Promise<void>> => {
      await this.cleanLockLeftovers(me);
      // Temp files a killed apply or rollback left in the journal (a half-saved run.json, say): nobody else
      // writes there while we hold the lock.
      const runDirs = (await readdir(this.runsDir).catch(() => [] as string[])).map((r) => join(this.runsDir, r));
      await removeStaleTempFiles([this.dir, ...runDirs]);
      return async () => {
        // Only our own lock is removed: one that was taken over (we were presumed dead) is the new holder's.
        const now = await readFile(file, 'utf8').catch(() => undefined);
        if (now === me) await unlink(file).catch(() => undefined);
      };
    };
    try {
      for (let attempt = 0; attempt < 1000; attempt++) {
        try {
          await link(temp, file);
          return await held();
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const content = await readFile(file, 'utf8').catch(() => undefined);
        if (content === undefined) continue; // released meanwhile: try again
        // Follow the chain of takeover claims to the last claimer: the process entitled to replace `content`.
        let holder = content;
        let claim = join(this.dir, takeoverName(content));
        for (let depth = 0; depth < 1000; depth++) {
          const next = await readFile(claim, 'utf8').catch(() => undefined);
          if (next === undefined) break;
          holder = next;
          claim = join(this.dir, takeoverName(next));
        }
        const owner = parseLock(holder);
        if (owner && (owner.host !== hostname() || isAlive(owner.pid))) {
          throw new JournalLockedError(
            'E_LOCKED',
            `another canonize process (pid ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}) is applying or rolling back in ${this.root}`,
            `wait for it to finish; if it is gone, delete ${file}`,
          );
        }
        try {
          await link(temp, claim);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue; // another process claimed it first
          throw err;
        }
        claims.push(claim);
        // Only the claimer of the end of the chain may replace `content`, and every earlier claimer is dead: if
        // `lock` still holds it, nobody else can change it before our rename.
        if ((await readFile(file, 'utf8').catch(() => undefined)) !== content) {
          // Taken over or released meanwhile: our claim is on a content the lock never holds again.
          await unlink(claims.pop()!).catch(() => undefined);
          continue;
        }
        await rename(temp, file);
        return await held();
      }
      throw new JournalLockedError('E_LOCKED', `could not take the lock ${file}: it kept changing`, 'try again');
    } finally {
      await unlink(temp).catch(() => undefined);
      for (const c of claims) await unlink(c).catch(() => undefined);
    }
  }

  /**
   * With the lock held (its content is `me`): remove takeover claims of earlier locks (the lock never holds their
   * content again) and lock temp files of dead processes.
   */
  private async cleanLockLeftovers(me: string): Promise<void> {
    const mine = takeoverName(me);
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      if (name.startsWith('lock.takeover-') && name !== mine) await unlink(join(this.dir, name)).catch(() => undefined);
      const m = /^\.lock\.(\d+)-[0-9a-f]+\.tmp$/.exec(name);
      if (m && !isAlive(Number(m[1]))) await unlink(join(this.dir, name)).catch(() => undefined);
    }
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
    const { manifests, problems } = await this.readManifests(runId);
    if (problems.length > 0) throw new JournalCorruptError(runId, problems.map((p) => p.message));
    return manifests;
  }

  /** Every manifest file of a run, read and validated: the good ones, and a problem for each bad one. */
  private async readManifests(runId: string): Promise<{ manifests: BatchManifest[]; problems: JournalProblem[] }> {
    const dir = join(this.runsDir, runId);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => MANIFEST_RE.test(n));
    const manifests: BatchManifest[] = [];
    const problems: JournalProblem[] = [];
    for (const name of names) {
      const batch = Number(MANIFEST_RE.exec(name)![1]);
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(join(dir, name), 'utf8'));
      } catch (err) {
        problems.push({ batch, message: `${name}: unreadable (${(err as Error).message.split('\n')[0]})` });
        continue;
      }
      const parsed = ManifestSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        problems.push({ batch, message: `${name}: not a valid manifest (${issue.path.join('.') || '(root)'}: ${issue.message})` });
        continue;
      }
      if (parsed.data.runId !== runId || parsed.data.batch !== batch) {
        problems.push({ batch, message: `${name}: belongs to run ${parsed.data.runId} batch ${parsed.data.batch}` });
        continue;
      }
      manifests.push(parsed.data as BatchManifest);
    }
    return { manifests: manifests.sort((a, b) => a.batch - b.batch), problems: problems.sort((a, b) => (a.batch ?? 0) - (b.batch ?? 0)) };
  }

  /**
   * Check the whole journal of a run before anything is restored from it: every manifest the run's record lists
   * (or, for a damaged record, every manifest there is) readable and valid, and every original of the batches
   * `wanted` accepts present and hashing to its entry's `oldHash`, at a path canonize may write (`contain.ts`)
   * with a plain mode. Returns the manifests and, for each, the entries that verify, with every problem found.
   */
  async verifyRun(run: RunRecord, wanted: (batch: number) => boolean = () => true): Promise<VerifiedRun> {
    const { manifests, problems } = await this.readManifests(run.id);
    const present = new Set(manifests.map((m) => m.batch));
    for (const b of run.batches) {
      if (!present.has(b.id) && !problems.some((p) => p.batch === b.id) && wanted(b.id) && (b.status !== 'rolled-back' || (b.unrestored?.length ?? 0) > 0)) {
        problems.push({ batch: b.id, message: `${manifestName(b.id)}: missing (the run's record lists batch ${b.id}, ${b.files} file(s), ${b.status})` });
      }
    }
    const verified: VerifiedBatch[] = [];
    for (const manifest of manifests) {
      if (!wanted(manifest.batch)) continue;
      const good: JournalEntry[] = [];
      const origPath = join(this.runsDir, run.id, originalsName(manifest.batch));
      let orig: Buffer | undefined;
      try {
        orig = readFileSync(origPath);
      } catch (err) {
        problems.push({ batch: manifest.batch, message: `${originalsName(manifest.batch)}: unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)}); the originals of ${manifest.files.length} file(s) are lost` });
      }
      for (const entry of manifest.files) {
        const bad = (why: string) => problems.push({ batch: manifest.batch, path: entry.path, message: `${entry.path}: ${why}` });
        const unsafe = pathProblem(entry.path);
        if (unsafe) {
          bad(`the manifest names an unsafe path: ${unsafe}`);
          continue;
        }
        if (!isPlainMode(entry.mode)) {
          bad(`the manifest's mode ${Number(entry.mode).toString(8)} is not plain permission bits (setuid, setgid or sticky)`);
          continue;
        }
        try {
          containedPath(this.root, entry.path);
        } catch (err) {
          if (!(err instanceof UnsafePathError)) throw err;
          bad(err.why);
          continue;
        }
        if (!orig) continue;
        if (entry.offset + entry.length > orig.length) {
          bad(`its original bytes are cut off in ${originalsName(manifest.batch)} (truncated)`);
          continue;
        }
        if (hashBytes(orig.subarray(entry.offset, entry.offset + entry.length)) !== entry.oldHash) {
          bad(`its original bytes in ${originalsName(manifest.batch)} are damaged (hash differs)`);
          continue;
        }
        good.push(entry);
      }
      verified.push({ manifest, entries: good });
    }
    return { run, verified, problems };
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
