/**
 * Shards: a deterministic split of a tree by path (a file's shard depends on its own path alone), so a CI matrix can
 * plan a tree in parts and `plan --merge` joins them into the plan one run makes. docs/performance.md ("Shards").
 */
import { UsageError } from '../core/errors.js';
import type { Shard } from '../core/types.js';

/** `2/4` → `{ index: 2, count: 4 }`. Throws {@link UsageError} naming `field` for anything else. */
export function parseShard(text: string, field = '--shard'): Shard {
  const m = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index > count) {
    throw new UsageError('E_USAGE', `${field}: "${text}" is not a shard; expected INDEX/COUNT with 1 <= INDEX <= COUNT, such as 1/4`);
  }
  return { index, count };
}

/** A 32-bit hash of a path: FNV-1a over its UTF-16 code units, then murmur3's finalizer to spread the low bits. */
export function pathHash(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The shard (1-based) a path belongs to when the tree is split into `count` shards. */
export function shardOf(path: string, count: number): number {
  return 1 + (pathHash(path) % count);
}

/** A predicate for the paths of one shard. */
export function shardFilter(shard: Shard): (path: string) => boolean {
  return (path) => shardOf(path, shard.count) === shard.index;
}
