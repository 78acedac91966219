/**
 * The flags several commands share (`--batch-by`, `--order`, `--jobs`, `--shard`, `--transform`, …), their value
 * parsers, and what they become in a plan request. The commands themselves are in bin/commands/.
 */
import { Option } from 'commander';
import { CanonizeError, loadTransforms, parseShard, UsageError, type PlanRequest } from '../../src/index.js';

/** `--batch-by` and `--order`: how a plan made now is batched (and `--transform`: which custom transforms it runs; `--jobs`: on how many threads; `--no-cache`). */
export interface Batching {
  batchBy?: string;
  order?: string[];
  jobs?: number;
  transform?: string[];
  transformOption?: string[];
  /** False with `--no-cache`. */
  cache?: boolean;
}

export function batchByOption(): Option {
  return new Option('--batch-by <how>', 'group changed files by dir[:DEPTH], size:N, rule or owner (CODEOWNERS); default: the config\'s batchBy');
}

export function orderOption(): Option {
  return new Option('--order <glob>', 'batches with files matching earlier globs come first ("..." = the rest); repeatable').argParser(
    (glob: string, previous: string[] | undefined) => [...(previous ?? []), glob],
  );
}

export function jobsOption(): Option {
  return new Option('-j, --jobs <n>', 'worker threads that parse and plan (default: the cores; 1: in-process); the plan is the same whatever it is').argParser((v: string) => {
    const n = parsePositiveInt(v, '--jobs');
    if (n < 1) throw new UsageError('E_USAGE', '--jobs expects at least 1');
    return n;
  });
}

export function shardOption(): Option {
  return new Option('--shard <i/n>', 'plan only shard i of n: a deterministic split by path, one per CI job (join shard plans with `plan --merge`)').argParser((v: string) => parseShard(v));
}

/** `--no-cache`: plan every file, neither reading nor writing the plan cache in `.canonize/cache/`. */
export function noCacheOption(): Option {
  return new Option('--no-cache', 'plan every file again: neither read nor write the plan cache (.canonize/cache/); the result is the same');
}

/** The `--no-cache` flag as a plan request field. */
export function cacheRequest(flags: { cache?: boolean }): Pick<PlanRequest, 'cache'> {
  return flags.cache === false ? { cache: false } : {};
}

export function transformFlag(): Option {
  return new Option('--transform <module>', 'also run this transform: a jscodeshift transform module (file, api, options) => string, a canonize transform, or a built-in one by name; repeatable').argParser(
    (module: string, previous: string[] | undefined) => [...(previous ?? []), module],
  );
}

export function transformOptionFlag(): Option {
  return new Option('--transform-option <key=value>', "an option for the transforms (a jscodeshift transform's third argument); repeatable").argParser(
    (pair: string, previous: string[] | undefined) => [...(previous ?? []), pair],
  );
}

/** The batching flags as plan request fields (the transforms are loaded apart: {@link customTransforms}). */
export function batchingRequest(b: Batching): Pick<PlanRequest, 'batchBy' | 'order' | 'jobs' | 'cache'> {
  return { ...(b.batchBy ? { batchBy: b.batchBy } : {}), ...(b.order?.length ? { order: b.order } : {}), ...(b.jobs ? { jobs: b.jobs } : {}), ...cacheRequest(b) };
}

/**
 * Load the `--transform` modules (with `--transform-option` values) for a plan request; `say` (stderr) is told when
 * no config file was found and the defaults are used.
 */
export async function customTransforms(b: Batching, cwd: string, say?: (line: string) => void): Promise<Pick<PlanRequest, 'transforms' | 'onDefaultConfig'>> {
  if (!b.transform?.length) {
    if (b.transformOption?.length) throw new UsageError('E_USAGE', '--transform-option needs a --transform');
    return {};
  }
  const options: Record<string, unknown> = {};
  for (const pair of b.transformOption ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError('E_USAGE', `--transform-option expects key=value, got "${pair}"`);
    const value = pair.slice(eq + 1);
    options[pair.slice(0, eq)] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return {
    transforms: await loadTransforms(b.transform, options, cwd),
    ...(say ? { onDefaultConfig: (root: string) => say(`no canonize config found: using the defaults (no rules but --transform), rooted at ${root}`) } : {}),
  };
}

export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CanonizeError('E_USAGE', `--verify-timeout expects a number of seconds above 0, got "${value}"`);
  return n;
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CanonizeError('E_USAGE', `${flag} expects a whole number, got "${value}"`);
  return n;
}

/** `--batch app,lib --batch tests` → ['app', 'lib', 'tests'] (batch ids never hold a comma). */
export function collectBatchIds(value: string, previous: string[]): string[] {
  const ids = value.split(',').map((v) => v.trim());
  if (ids.some((id) => id === '')) throw new CanonizeError('E_USAGE', `--batch expects batch ids separated by commas, got "${value}"`);
  return [...previous, ...ids];
}
