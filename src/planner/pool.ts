/**
 * The planner's per-file loop: the main thread reads every file and runs the prefilter on its raw bytes; worker
 * threads parse and plan the few files that pass; results stream back to be sorted by the caller. `jobs: 1` runs the
 * same per-file functions in-process. Why this shape, with its measurements: docs/performance.md ("The pool").
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { CompiledConfig } from '../config/compile.js';
import type { LoadedConfig } from '../config/load.js';
import { packageRoot } from '../core/paths.js';
import type { ProjectIndex } from '../core/types.js';
import { readThroughCache, type PlanCache } from './cache.js';
import type { DiscoveredFile } from './files.js';
import { planFileBytes, type SourcePlanResult } from './plan-source.js';
import { ReadBuffer } from './read.js';

/** Knobs of the pool; the defaults are the ones the benchmark measured best. */
export interface PoolTuning {
  /**
   * Where the literal prefilter runs: `main` (default) reads every file on the main thread and sends workers only the
   * files that pass; `workers` sends workers chunks of paths to read, filter and plan.
   */
  prefilterIn?: 'main' | 'workers';
  /** Files that must pass the prefilter before workers are started (default 256); fewer are planned in-process. */
  minFilesForPool?: number;
  /**
   * Old-generation heap of each worker, in MB (default 72; its young generation gets half as much, at most 32 MB;
   * 0: V8's defaults). V8 grows a heap lazily, so without a cap each worker holds far more garbage than live data; a smaller
   * cap costs more collections (docs/performance.md has the trade-off). A file that needs more heap than that is
   * planned again on the main thread.
   */
  workerHeapMb?: number;
}

export interface PlanFilesOptions extends PoolTuning {
  config: CompiledConfig;
  project: ProjectIndex;
  collectSites: boolean;
  /** Worker threads (default: the machine's cores). 1, or a config a worker cannot rebuild, plans in-process. */
  jobs?: number;
  /** Bytes to plan in place of some files' (by absolute path); workers then never read files themselves. */
  contents?: ReadonlyMap<string, Uint8Array>;
  /** Called once per file as it is read, with whether the prefilter let it through (a candidate, to be planned). */
  onRead?(candidate: boolean): void;
  /** Called once per file, in completion order, after its `onRead`; `candidate` as `onRead` said. */
  onResult(result: SourcePlanResult, candidate: boolean): void;
  /**
   * The plan cache: a file read on this thread is looked up by its bytes — one the prefilter ruled out before is not
   * filtered again, a candidate's plan is not decoded nor sent to a worker — and what is planned for a miss is stored
   * (cache.ts). Files workers read (`prefilterIn: 'workers'`) are not.
   */
  cache?: PlanCache;
}

/** What every worker is started with: enough to rebuild the main thread's compiled config and plan alone. */
export interface PoolWorkerData {
  source: LoadedConfig;
  project: ProjectIndex;
  collectSites: boolean;
}

/** One task: a file the main thread read and let through (its bytes transferred), or paths to read and filter. */
export type PoolTask = { file: DiscoveredFile; bytes: Uint8Array } | { files: DiscoveredFile[] };

/** A worker's answer: the plan of each file (the new text stays behind: the plan does not need it). */
export type PoolResult = Pick<SourcePlanResult, 'plan' | 'parsed'>[];

// Below ≈ 250 candidates two workers cost more than they save (each starts in ≈ 0.6 s of CPU). Measured, quiet, 2 cores,
// `plan --no-cache` with the pool against `--jobs 1`: 36 candidates 1.55 s vs 0.95 s wall, 59 candidates 2.2 s vs
// 1.6 s, 681 candidates 7.8 s vs 9.3 s; a linear fit breaks even near 250 (docs/performance.md, "The pool").
const DEFAULT_MIN_FILES_FOR_POOL = 256;
// 72 MB: at 64, major collections cost a 10k-file plan ≈ 15 % more CPU for no less peak RSS (docs/performance.md).
const DEFAULT_WORKER_HEAP_MB = 72;
/** Beside a 64 MB old generation, a young one of 48 or 64 MB measured slower than 32 (more CPU, not less). */
const MAX_YOUNG_GENERATION_MB = 32;
/** Files per task when workers read for themselves. */
const CHUNK = 32;
/** Tasks queued per worker beyond the one it runs, so that none waits for the main thread. */
const QUEUED_PER_WORKER = 3;

/**
 * The compiled worker script. From the sources (under vitest) the workers run the build in dist/, which the test
 * setup keeps current; without one, planning stays in-process.
 */
function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const script = here.endsWith('.ts') ? join(packageRoot(), 'dist', 'src', 'planner', 'plan-worker.js') : join(dirname(here), 'plan-worker.js');
  return existsSync(script) ? script : undefined;
}

/** Plan every file, reporting each result through `onResult` as soon as it is known. */
export async function planFiles(files: readonly DiscoveredFile[], given: PlanFilesOptions): Promise<void> {
  const { cache } = given;
  // Every result passes the cache on its way out: those of its misses are stored.
  const options: PlanFilesOptions = cache ? { ...given, onResult: (result, candidate) => (cache.record(result), given.onResult(result, candidate)) } : given;
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  const script = jobs > 1 && options.config.source ? workerScript() : undefined;
  if (!script) return planInProcess(files, options);
  const data: PoolWorkerData = { source: options.config.source!, project: options.project, collectSites: options.collectSites };
  // A task a worker could not finish for want of heap is planned again here, from the files.
  const planHere = (files: readonly DiscoveredFile[], readBefore: boolean) => planInProcess(files, options, readBefore);
  const start = (): Pool => new Pool(script, jobs, data, options.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB, options, planHere);
  if (options.prefilterIn === 'workers' && !options.contents) {
    const pool = start();
    return pool.finish(async () => {
      for (let i = 0; i < files.length; i += CHUNK) await pool.submit({ files: files.slice(i, i + CHUNK) });
    });
  }
  const minFiles = options.minFilesForPool ?? DEFAULT_MIN_FILES_FOR_POOL;
  const waiting: { file: DiscoveredFile; bytes: Buffer }[] = [];
  let pool: Pool | undefined;
  const reader = new ReadBuffer(options.contents);
  const readAll = async () => {
    let sinceYield = 0;
    for (const file of files) {
      const read = readThroughCache(file, options, reader);
      options.onRead?.(read.result === undefined || read.candidate);
      if (read.result) options.onResult(read.result, read.candidate);
      // The reader's bytes are a view of its own buffer, which must never be transferred (detached): copied.
      else if (pool) await pool.submit(taskOf(file, read.bytes, { shared: true }));
      else {
        // The reader's next read overwrites these bytes: keep a copy.
        waiting.push({ file, bytes: Buffer.from(read.bytes) });
        if (waiting.length >= minFiles) {
          pool = start();
          for (const w of waiting.splice(0)) await pool.submit(taskOf(w.file, w.bytes));
        }
      }
      // Turn the event loop now and then, so that results are collected while reading goes on.
      if (++sinceYield === 64) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  };
  try {
    await readAll();
  } catch (err) {
    await (pool as Pool | undefined)?.destroy();
    throw err;
  }
  if (pool) return (pool as Pool).finish(async () => undefined);
  // Too few candidates to pay for a worker: plan them here.
  for (const { file, bytes } of waiting) {
    options.onResult(planFileBytes(file, bytes, options.config, options.project, options), true);
    await yieldToEventLoop();
  }
}

/**
 * The in-process loop: the same per-file functions, with the event loop turned after every parse. `readBefore`: the
 * files were read and reported as candidates already (a pool task planned again here), so they count as such.
 */
async function planInProcess(files: readonly DiscoveredFile[], options: PlanFilesOptions, readBefore = false): Promise<void> {
  let sinceYield = 0;
  const reader = new ReadBuffer(options.contents);
  for (const file of files) {
    const read = readThroughCache(file, options, reader);
    if (!readBefore) options.onRead?.(read.result === undefined || read.candidate);
    if (read.result) {
      options.onResult(read.result, readBefore || read.candidate);
      if (++sinceYield < 256) continue;
    } else options.onResult(planFileBytes(file, read.bytes, options.config, options.project, options), true);
    // The file's trees are freed already (plan-source.ts); turning the event loop after each parsed file lets the
    // progress timer and signals in between, and any tree left to the safety net be freed (src/core/tree-sitter.ts).
    sinceYield = 0;
    await yieldToEventLoop();
  }
}

/** A file's bytes as a task, transferred to the worker rather than copied. */
function taskOf(file: DiscoveredFile, bytes: Uint8Array, options: { shared?: boolean } = {}): PoolTask {
  // Bytes that fill an ArrayBuffer of their own are transferred; a view of a shared one (the reader's — which may be
  // exactly as long as the file it last grew for — or Node's buffer pool), which must not be detached, is copied into
  // a buffer of its own first.
  const fills = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const own = fills && !options.shared ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { file, bytes: new Uint8Array(own) };
}

const outOfMemory = (error: unknown) => (error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
const filesOf = (task: PoolTask) => ('files' in task ? task.files : [task.file]);

/**
 * A piscina pool with a bounded number of tasks in flight, whose results go to one consumer. A task whose worker ran
 * out of heap is planned again on the main thread; when workers cannot even start within their heap, the pool is
 * stopped and everything left is planned on the main thread. Any other failure fails the plan.
 */
class Pool {
  private readonly piscina: Piscina;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly limit: number;
  private failure: { error: unknown } | undefined;
  private cannotStart = false;
  private destroyed: Promise<void> | undefined;

  constructor(
    script: string,
    jobs: number,
    data: PoolWorkerData,
    heapMb: number,
    private readonly report: Pick<PlanFilesOptions, 'onRead' | 'onResult'>,
    private readonly planHere: (files: readonly DiscoveredFile[], readBefore: boolean) => Promise<void>,
  ) {
    this.piscina = new Piscina({
      filename: pathToFileURL(script).href,
      minThreads: jobs,
      maxThreads: jobs,
      concurrentTasksPerWorker: 1,
      // Message passing rather than Atomics.wait, so that a worker's event loop turns between tasks.
      atomics: 'disabled',
      workerData: data,
      ...(heapMb > 0 ? { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.max(1, Math.min(MAX_YOUNG_GENERATION_MB, Math.round(heapMb / 2))) } } : {}),
    });
    // A worker that fails outside any task failed while starting, and piscina starts no more: stop the pool, which
    // rejects the queued tasks (handled below).
    this.piscina.on('error', (error: unknown) => {
      if (outOfMemory(error)) this.cannotStart = true;
      else this.failure ??= { error };
      void this.destroy();
    });
    this.limit = jobs * (1 + QUEUED_PER_WORKER);
  }

  /** Queue a task; waits while the pool has as many in flight as it may hold. */
  async submit(task: PoolTask): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure.error;
    // The main thread read a task of bytes (and reported it); a worker reads a task of paths.
    const readHere = 'bytes' in task;
    if (this.cannotStart) return this.planHere(filesOf(task), readHere);
    const transferList = readHere ? [task.bytes.buffer as ArrayBuffer] : [];
    const running: Promise<void> = (this.piscina.run(task, { transferList }) as Promise<PoolResult>)
      .then(
        (results) => {
          for (const r of results) {
            // What a worker read: the main thread learns only whether it was parsed, which stands for passing.
            if (!readHere) this.report.onRead?.(r.parsed);
            this.report.onResult(r, readHere || r.parsed);
          }
        },
        async (error: unknown) => {
          if (this.failure) return;
          // Out of heap (the worker is replaced), or the pool stopped because workers cannot start: plan it here.
          if (this.cannotStart || outOfMemory(error)) await this.planHere(filesOf(task), readHere);
          else this.failure = { error };
        },
      )
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  /** Run `produce`, wait for every task, and stop the workers whatever happens. */
  async finish(produce: () => Promise<void>): Promise<void> {
    try {
      await produce();
      while (this.inFlight.size > 0) await Promise.race(this.inFlight);
      if (this.failure) throw this.failure.error;
    } finally {
      await this.destroy();
    }
  }

  destroy(): Promise<void> {
    return (this.destroyed ??= this.piscina.destroy());
  }
}
