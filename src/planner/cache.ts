/**
 * The plan cache (`.canonize/cache/` under the project root): the plan of each file the prefilter let through,
 * keyed by everything that plan is a function of, so that a run over an unchanged tree costs reading and hashing.
 * Entries are written to a temp file and renamed, carry their length and checksum, and are pruned least recently
 * used at the end of a run; a cache that cannot be opened or written is left alone and never fails a run.
 * docs/performance.md ("The cache") has the key, the bounds and the measurements.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  futimesSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledConfig } from '../config/compile.js';
import { packageRoot } from '../core/paths.js';
import type { ProjectIndex } from '../core/types.js';
import type { DiscoveredFile } from './files.js';
import type { SourcePlanResult } from './plan-source.js';

/** Where the cache lives, relative to the project root (inside the journal's `.canonize/`). */
export const CACHE_DIR = ['.canonize', 'cache'] as const;
/** The default bound on the entries' total size: beyond it, the least recently used go at the end of a run. */
export const DEFAULT_CACHE_MAX_BYTES = 256 * 1024 * 1024;

/** The first line of every entry starts with this; a format change makes older entries misses. */
const FORMAT = 'canonize-plan-cache/1';
const ENTRY_EXT = '.entry';
const TEMP_EXT = '.tmp';
/** An entry read this long after it was last touched is touched again (its mtime is the LRU clock). */
const TOUCH_AFTER_MS = 60 * 60 * 1000;
/** A temp file this old is a leftover of a killed run. */
const STALE_TEMP_MS = 10 * 60 * 1000;
/** Pruning goes this far below the bound, so that the next runs do not prune again at once. */
const PRUNE_TO = 0.9;

/** How the cache behaves; `createPlan({ cache })` takes it. */
export interface PlanCacheOptions {
  /** Bound on the entries' total size in bytes (default {@link DEFAULT_CACHE_MAX_BYTES}). */
  maxBytes?: number;
}

/** What the cache did in one run: reported through `createPlan`'s `onCacheStats`. */
export interface PlanCacheStats {
  /** Candidate files whose plan came from the cache (not decoded, not parsed). */
  hits: number;
  /** Candidate files planned because no valid entry was found (absent, torn, corrupt). */
  misses: number;
  /** Entries written. */
  written: number;
  /** Entries removed at the end of the run to keep the cache within its bound. */
  pruned: number;
  /** Why the cache was not used, or stopped being written, in this run (never an error of the run). */
  unavailable?: string;
}

/** One planned result as stored: what a worker sends back. */
type CachedResult = Pick<SourcePlanResult, 'plan' | 'parsed'>;

let buildId: string | undefined;

/**
 * canonize's own build: its package.json (version and pinned dependencies, the grammars among them) and the content
 * of every module of the code that runs (dist/src, or src under the test runner), so that a development build never
 * reuses another build's entries. Computed once per process.
 */
export function canonizeBuildId(): string {
  if (buildId) return buildId;
  const hash = createHash('sha256').update(readFileSync(join(packageRoot(), 'package.json')));
  const codeRoot = dirname(dirname(fileURLToPath(import.meta.url)));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && ['.js', '.ts', '.json', '.scm'].includes(extname(entry.name))) files.push(path);
    }
  };
  walk(codeRoot);
  for (const file of files.sort()) hash.update(file.slice(codeRoot.length)).update('\0').update(readFileSync(file)).update('\0');
  return (buildId = hash.digest('hex'));
}

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);

/**
 * The cache directory under a root, created when missing: every segment from the root's real path is a directory
 * and none is a symbolic link, so the cache is never read or written outside the root (the journal's rule, see
 * engine/contain.ts). A reason instead when it cannot be had.
 */
function openCacheDir(root: string): { dir: string } | { unavailable: string } {
  let current: string;
  try {
    current = realpathSync(root);
  } catch (err) {
    return { unavailable: `the root cannot be resolved (${errorCode(err)})` };
  }
  for (const segment of CACHE_DIR) {
    current = join(current, segment);
    try {
      const st = lstatSync(current);
      if (st.isSymbolicLink() || !st.isDirectory()) return { unavailable: `${current} is not a directory of the project (a symbolic link or a file)` };
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') return { unavailable: `${current}: ${errorCode(err)}` };
      try {
        mkdirSync(current);
      } catch (mkdirErr) {
        // Another run may have just made it; anything else (a read-only tree) leaves the run without a cache.
        if (errorCode(mkdirErr) !== 'EEXIST') return { unavailable: `cannot create ${current} (${errorCode(mkdirErr)})` };
      }
      // The cache is private state: it ignores itself, so that it never shows up in `git status`.
      if (segment === CACHE_DIR[CACHE_DIR.length - 1]) tryWrite(join(current, '.gitignore'), '*\n');
    }
  }
  return { dir: current };
}

function tryWrite(path: string, text: string): void {
  try {
    writeFileSync(path, text, { flag: 'wx' });
  } catch {
    // Present already, or not writable: the cache works without it.
  }
}

/** The plan cache of one run: look candidates up before they are decoded, store what was planned, prune at the end. */
export class PlanCache {
  readonly stats: PlanCacheStats = { hits: 0, misses: 0, written: 0, pruned: 0 };
  /** Keys of the files looked up and missed in this run, by path: their results are stored when they come. */
  private readonly pending = new Map<string, string>();
  private writable = true;

  private constructor(
    private readonly dir: string | undefined,
    private readonly runKey: string,
    private readonly maxBytes: number,
  ) {}

  /**
   * The cache for planning `config` against `project`. Without a dir (it cannot be had, or the config's transforms
   * were added in memory, which no key can describe), every lookup misses and nothing is written.
   */
  static open(config: CompiledConfig, project: ProjectIndex, collectSites: boolean, options: PlanCacheOptions = {}): PlanCache {
    const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    // Custom transforms and rule kinds of the caller's own are code the config's hash does not cover.
    if (!config.source) return PlanCache.without('the config has transforms or rule kinds added in memory, which the cache key cannot cover');
    const opened = openCacheDir(config.root);
    if ('unavailable' in opened) return PlanCache.without(opened.unavailable);
    const projectHash = createHash('sha256').update(JSON.stringify(project)).digest('hex');
    const runKey = createHash('sha256')
      .update(JSON.stringify([FORMAT, canonizeBuildId(), config.hash, config.root, projectHash, collectSites]))
      .digest('hex');
    return new PlanCache(opened.dir, runKey, maxBytes);
  }

  private static without(reason: string): PlanCache {
    const cache = new PlanCache(undefined, '', 0);
    cache.stats.unavailable = reason;
    return cache;
  }

  /** The cached plan of a candidate file from its bytes, or undefined (then {@link record} stores the plan made). */
  lookup(file: DiscoveredFile, bytes: Uint8Array): CachedResult | undefined {
    if (!this.dir) return undefined;
    const key = createHash('sha256').update(this.runKey).update('\0').update(file.path).update('\0').update(bytes).digest('hex');
    const found = this.read(key, file.path);
    if (found) {
      this.stats.hits++;
      return found;
    }
    this.stats.misses++;
    this.pending.set(file.path, key);
    return undefined;
  }

  /** Store the result of a file this run looked up and missed; any other result is ignored. */
  record(result: CachedResult): void {
    const key = this.pending.get(result.plan.path);
    if (key === undefined) return;
    this.pending.delete(result.plan.path);
    if (!this.writable || !this.dir) return;
    const body = JSON.stringify({ key, parsed: result.parsed, plan: result.plan });
    const bytes = Buffer.from(body);
    const header = `${FORMAT} ${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}\n`;
    const temp = join(this.dir, `${key}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_EXT}`);
    try {
      writeFileSync(temp, Buffer.concat([Buffer.from(header), bytes]), { flag: 'wx' });
      // A rename replaces the entry whole: a concurrent reader sees the old one or the new one, never a part.
      renameSync(temp, join(this.dir, key + ENTRY_EXT));
      this.stats.written++;
    } catch (err) {
      this.writable = false;
      this.stats.unavailable = `cannot write the cache (${errorCode(err)})`;
      try {
        unlinkSync(temp);
      } catch {
        // never written
      }
    }
  }

  /** An entry's result, or undefined when it is absent, torn, corrupt or not this key's. */
  private read(key: string, path: string): CachedResult | undefined {
    let fd: number;
    try {
      // Never through a symlink planted in place of an entry.
      fd = openSync(join(this.dir!, key + ENTRY_EXT), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch {
      return undefined;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return undefined;
      const data = Buffer.allocUnsafe(st.size);
      let length = 0;
      while (length < st.size) {
        const n = readSync(fd, data, length, st.size - length, null);
        if (n === 0) break;
        length += n;
      }
      const result = parseEntry(data.subarray(0, length), key, path);
      if (result && Date.now() - st.mtimeMs > TOUCH_AFTER_MS) touch(fd);
      return result;
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * End of the run: when entries were written, remove temp files killed runs left and, if the entries exceed the
   * bound, the least recently used ones. Never throws: another run may be pruning too.
   */
  close(): void {
    if (!this.dir || this.stats.written === 0) return;
    const entries: { path: string; size: number; mtime: number }[] = [];
    let total = 0;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const now = Date.now();
    for (const name of names) {
      const path = join(this.dir, name);
      try {
        const st = statSync(path);
        if (name.endsWith(ENTRY_EXT)) {
          entries.push({ path, size: st.size, mtime: st.mtimeMs });
          total += st.size;
        } else if (name.endsWith(TEMP_EXT) && now - st.mtimeMs > STALE_TEMP_MS) unlinkSync(path);
      } catch {
        // gone meanwhile
      }
    }
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.mtime - b.mtime || (a.path < b.path ? -1 : 1));
    for (const entry of entries) {
      if (total <= this.maxBytes * PRUNE_TO) break;
      try {
        unlinkSync(entry.path);
        this.stats.pruned++;
      } catch {
        // removed by another run
      }
      total -= entry.size;
    }
  }
}

function touch(fd: number): void {
  try {
    const now = new Date();
    futimesSync(fd, now, now);
  } catch {
    // Not ours to touch (a read-only cache): it may be pruned earlier than its use deserves.
  }
}

/** The result in an entry's bytes, when its header, length, checksum and key all hold. */
function parseEntry(data: Buffer, key: string, path: string): CachedResult | undefined {
  const newline = data.indexOf(0x0a);
  if (newline < 0) return undefined;
  const [format, length, checksum] = data.subarray(0, newline).toString('latin1').split(' ');
  const body = data.subarray(newline + 1);
  if (format !== FORMAT || Number(length) !== body.length) return undefined;
  if (createHash('sha256').update(body).digest('hex') !== checksum) return undefined;
  const entry = JSON.parse(body.toString('utf8')) as { key?: unknown; parsed?: unknown; plan?: { path?: unknown } };
  if (entry.key !== key || typeof entry.parsed !== 'boolean' || entry.plan?.path !== path) return undefined;
  return { parsed: entry.parsed, plan: entry.plan as CachedResult['plan'] };
}
