/**
 * The plan cache (`.canonize/cache/` under the project root): the plan of each file the prefilter let through, and
 * which files it ruled out, keyed by everything a file's plan is a function of, so that a run over an unchanged tree
 * costs reading and hashing. How the files are written, checked and pruned is cache-store.ts; a cache that cannot be
 * opened or written never fails a run. docs/performance.md ("The cache") has the key, the bounds and the measurements.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledConfig } from '../config/compile.js';
import { asBuffer } from '../core/bytes.js';
import { packageRoot } from '../core/paths.js';
import type { ProjectIndex } from '../core/types.js';
import { CACHE_FORMAT, openCacheDir, pruneCache, readCacheFile, writeCacheFile } from './cache-store.js';
import type { DiscoveredFile } from './files.js';
import { readDiscoveredFile, type SourcePlanResult } from './plan-source.js';
import { ReadBuffer } from './read.js';

export { CACHE_DIR } from './cache-store.js';
/** The default bound on the cache's total size: beyond it, the least recently used files go at the end of a run. */
export const DEFAULT_CACHE_MAX_BYTES = 256 * 1024 * 1024;

const ENTRY_EXT = '.entry';
/** The keys of the files the prefilter ruled out, one file per run key (the plan of such a file is always the same). */
const RULED_OUT_EXT = '.ruled-out';
/** A ruled-out list holding more keys than this starts again from the run's own (it grows with every edit). */
const MAX_RULED_OUT = 1_000_000;

/** How the cache behaves; `createPlan({ cache })` takes it. */
export interface PlanCacheOptions {
  /** Bound on the entries' total size in bytes (default {@link DEFAULT_CACHE_MAX_BYTES}). */
  maxBytes?: number;
}

/** What the cache did in one run: reported through `createPlan`'s `onCacheStats`. */
export interface PlanCacheStats {
  /** Candidate files whose plan came from the cache (not decoded, not parsed). */
  hits: number;
  /** Files the prefilter ruled out in an earlier run with the same bytes and key, not filtered again. */
  ruledOut: number;
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

/** The plan cache of one run: look candidates up before they are decoded, store what was planned, prune at the end. */
export class PlanCache {
  readonly stats: PlanCacheStats = { hits: 0, ruledOut: 0, misses: 0, written: 0, pruned: 0 };
  /** Keys of the files looked up and missed in this run, by path: their results are stored when they come. */
  private readonly pending = new Map<string, string>();
  private writable = true;
  /** Keys of files ruled out by earlier runs (loaded), and by this one. */
  private readonly ruledOut: Set<string>;
  private readonly ruledOutNow = new Set<string>();

  private constructor(
    private readonly dir: string | undefined,
    private readonly runKey: string,
    private readonly maxBytes: number,
  ) {
    this.ruledOut = dir ? readRuledOut(dir, runKey + RULED_OUT_EXT) : new Set();
  }

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
      .update(JSON.stringify([CACHE_FORMAT, canonizeBuildId(), config.hash, config.root, projectHash, collectSites]))
      .digest('hex');
    return new PlanCache(opened.dir, runKey, maxBytes);
  }

  private static without(reason: string): PlanCache {
    const cache = new PlanCache(undefined, '', 0);
    cache.stats.unavailable = reason;
    return cache;
  }

  /**
   * Read a file for the cache: its bytes (a view of the reader's buffer) and the key of its plan, or undefined when
   * there is no cache or the file cannot be read whole (the planner's own read then says why).
   */
  read(file: DiscoveredFile, reader: ReadBuffer, maxSize: number): { bytes: Uint8Array; key: string } | undefined {
    if (!this.dir) return undefined;
    let read;
    try {
      read = reader.read(file.absPath, maxSize);
    } catch {
      return undefined;
    }
    if (read.tooLarge !== undefined) return undefined;
    const key = createHash('sha256').update(this.runKey).update('\0').update(file.path).update('\0').update(read.bytes).digest('hex');
    return { bytes: read.bytes, key };
  }

  /** Whether an earlier run's prefilter ruled out the file with this key (then it is again: nothing to plan). */
  wasRuledOut(key: string): boolean {
    if (!this.ruledOut.has(key)) return false;
    this.ruledOutNow.add(key);
    this.stats.ruledOut++;
    return true;
  }

  /** Remember that the prefilter ruled out the file with this key. */
  noteRuledOut(key: string): void {
    this.ruledOutNow.add(key);
  }

  /** The cached plan of a candidate file by its key, or undefined (then {@link record} stores the plan made). */
  lookup(path: string, key: string): CachedResult | undefined {
    const found = this.readEntry(key, path);
    if (found) {
      this.stats.hits++;
      return found;
    }
    this.stats.misses++;
    this.pending.set(path, key);
    return undefined;
  }

  /** Store the result of a file this run looked up and missed; any other result is ignored. */
  record(result: CachedResult): void {
    const key = this.pending.get(result.plan.path);
    if (key === undefined) return;
    this.pending.delete(result.plan.path);
    const body = JSON.stringify({ key, parsed: result.parsed, plan: result.plan });
    if (this.writeAtomic(key + ENTRY_EXT, Buffer.from(body))) this.stats.written++;
  }

  /** The ruled-out keys of this run key: those loaded and this run's, unless there are too many. */
  private writeRuledOut(): void {
    const keys = this.ruledOut.size + this.ruledOutNow.size > MAX_RULED_OUT ? this.ruledOutNow : new Set([...this.ruledOut, ...this.ruledOutNow]);
    this.writeAtomic(this.runKey + RULED_OUT_EXT, Buffer.from([...keys].join(''), 'hex'));
  }

  /** Write a file of the cache whole; the first failure stops writing for the rest of the run. */
  private writeAtomic(name: string, body: Buffer): boolean {
    if (!this.writable || !this.dir) return false;
    const error = writeCacheFile(this.dir, name, body);
    if (error === undefined) return true;
    this.writable = false;
    this.stats.unavailable = `cannot write the cache (${error})`;
    return false;
  }

  /** An entry's result, or undefined when it is absent, torn, corrupt or not this key's. */
  private readEntry(key: string, path: string): CachedResult | undefined {
    const body = readCacheFile(this.dir!, key + ENTRY_EXT);
    if (!body) return undefined;
    try {
      const entry = JSON.parse(asBuffer(body).toString('utf8')) as { key?: unknown; parsed?: unknown; plan?: { path?: unknown } };
      if (entry.key !== key || typeof entry.parsed !== 'boolean' || entry.plan?.path !== path) return undefined;
      return { parsed: entry.parsed, plan: entry.plan as CachedResult['plan'] };
    } catch {
      return undefined;
    }
  }

  /**
   * End of the run: the ruled-out list written when it grew, and, when anything was written, the cache pruned to its
   * bound (cache-store.ts). Never throws.
   */
  close(): void {
    if (!this.dir) return;
    const grew = [...this.ruledOutNow].some((key) => !this.ruledOut.has(key));
    if (grew) this.writeRuledOut();
    if (this.stats.written > 0 || grew) this.stats.pruned += pruneCache(this.dir, this.maxBytes);
  }
}

/** The keys of a ruled-out list (none when it is absent, torn or corrupt). */
function readRuledOut(dir: string, name: string): Set<string> {
  const keys = new Set<string>();
  const body = readCacheFile(dir, name);
  if (!body || body.length % 32 !== 0) return keys;
  const hex = asBuffer(body).toString('hex');
  for (let i = 0; i < hex.length; i += 64) keys.add(hex.slice(i, i + 64));
  return keys;
}

/** A reader that hands out bytes read already (by {@link PlanCache.read}), so the prefilter sees exactly the bytes keyed. */
class BytesRead extends ReadBuffer {
  bytes: Uint8Array = new Uint8Array(0);

  override read(): { bytes: Uint8Array } {
    return { bytes: this.bytes };
  }
}

const bytesReads = new WeakMap<ReadBuffer, BytesRead>();

/** What reading a file through the cache gives: its result (ruled out, skipped, or a cached plan) or bytes to plan. */
export type CachedRead = { result: SourcePlanResult; candidate: boolean; bytes?: undefined } | { bytes: Uint8Array; result?: undefined };

/**
 * Read a file and run the prefilter (readDiscoveredFile), through the cache when there is one: a file the prefilter
 * ruled out in an earlier run with the same bytes and key is not filtered again, and a candidate's stored plan is its
 * result (`candidate: true`). Bytes are a view of `reader`'s buffer, as readDiscoveredFile's are.
 */
export function readThroughCache(
  file: DiscoveredFile,
  options: { config: CompiledConfig; project: ProjectIndex; collectSites: boolean; cache?: PlanCache },
  reader: ReadBuffer,
): CachedRead {
  const { cache, config, project } = options;
  const pre = cache?.read(file, reader, config.maxFileSize);
  if (pre && cache!.wasRuledOut(pre.key)) return { result: { parsed: false, plan: { path: file.path, outcome: 'unchanged', findings: [] } }, candidate: false };
  let given = reader;
  if (pre) {
    let bytesRead = bytesReads.get(reader);
    if (!bytesRead) bytesReads.set(reader, (bytesRead = new BytesRead()));
    bytesRead.bytes = pre.bytes;
    given = bytesRead;
  }
  const read = readDiscoveredFile(file, config, project, options, given);
  if (read.result) {
    const { plan, parsed } = read.result;
    // Only the prefilter's own verdict is remembered: a file that was skipped (too large, not decodable) says why each time.
    if (pre && !parsed && plan.outcome === 'unchanged' && plan.findings.length === 0 && Object.keys(plan).length === 3) cache!.noteRuledOut(pre.key);
    return { result: read.result, candidate: false };
  }
  const hit = pre && cache!.lookup(file.path, pre.key);
  return hit ? { result: hit, candidate: true } : { bytes: read.bytes };
}
