/**
 * The plan cache on disk (`.canonize/cache/`, see cache.ts): opening the directory without leaving the root, files
 * written whole (temp file, then rename) behind a header of format, length and checksum, read back only when all
 * three hold, and pruned least recently used. Nothing here throws for a problem of the cache: callers get a miss.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, futimesSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the cache lives, relative to the project root (inside the journal's `.canonize/`). */
export const CACHE_DIR = ['.canonize', 'cache'] as const;
/** The first word of every cache file's header; a format change makes older files misses. */
export const CACHE_FORMAT = 'canonize-plan-cache/1';
/** The files pruning counts (entries and ruled-out lists); anything else but temp files is left alone. */
const PRUNED_EXTS = ['.entry', '.ruled-out'];
const TEMP_EXT = '.tmp';
/** A file read this long after it was last touched is touched again (its mtime is the LRU clock). */
const TOUCH_AFTER_MS = 60 * 60 * 1000;
/** A temp file this old is a leftover of a killed run. */
const STALE_TEMP_MS = 10 * 60 * 1000;
/** Pruning goes this far below the bound, so that the next runs do not prune again at once. */
const PRUNE_TO = 0.9;

export const errorCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/**
 * The cache directory under a root, created when missing: every segment from the root's real path is a directory
 * and none is a symbolic link, so the cache is never read or written outside the root (the journal's rule, see
 * engine/contain.ts). A reason instead when it cannot be had.
 */
export function openCacheDir(root: string): { dir: string } | { unavailable: string } {
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
      if (segment === CACHE_DIR[CACHE_DIR.length - 1]) {
        try {
          writeFileSync(join(current, '.gitignore'), '*\n', { flag: 'wx' });
        } catch {
          // Present already, or not writable: the cache works without it.
        }
      }
    }
  }
  return { dir: current };
}

/**
 * Write `dir/name` whole: a temp file of its own, renamed into place, so that a concurrent reader sees the old file
 * or the new one, never a part. The error code when it cannot be written.
 */
export function writeCacheFile(dir: string, name: string, body: Uint8Array): string | undefined {
  const header = `${CACHE_FORMAT} ${body.length} ${createHash('sha256').update(body).digest('hex')}\n`;
  const temp = join(dir, `${name}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_EXT}`);
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(header), body]), { flag: 'wx' });
    renameSync(temp, join(dir, name));
    return undefined;
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
    return errorCode(err);
  }
}

/**
 * The body of `dir/name` when its header, length and checksum hold; undefined when it is absent, torn or corrupt.
 * Never read through a symlink planted in its place; touched (for LRU) when it was last touched long ago.
 */
export function readCacheFile(dir: string, name: string): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(join(dir, name), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    const body = checkedBody(readFileSync(fd));
    if (body && Date.now() - st.mtimeMs > TOUCH_AFTER_MS) touch(fd);
    return body;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
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

function checkedBody(data: Buffer): Buffer | undefined {
  const newline = data.indexOf(0x0a);
  if (newline < 0) return undefined;
  const [format, length, checksum] = data.subarray(0, newline).toString('latin1').split(' ');
  const body = data.subarray(newline + 1);
  if (format !== CACHE_FORMAT || Number(length) !== body.length) return undefined;
  return createHash('sha256').update(body).digest('hex') === checksum ? body : undefined;
}

/**
 * Remove temp files killed runs left and, when the cache's files exceed `maxBytes`, the least recently used ones
 * (to 90 % of it). Returns how many were removed. Never throws: another run may be pruning too.
 */
export function pruneCache(dir: string, maxBytes: number): number {
  const files: { path: string; size: number; mtime: number }[] = [];
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const now = Date.now();
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (PRUNED_EXTS.some((ext) => name.endsWith(ext))) {
        files.push({ path, size: st.size, mtime: st.mtimeMs });
        total += st.size;
      } else if (name.endsWith(TEMP_EXT) && now - st.mtimeMs > STALE_TEMP_MS) unlinkSync(path);
    } catch {
      // gone meanwhile
    }
  }
  if (total <= maxBytes) return 0;
  files.sort((a, b) => a.mtime - b.mtime || (a.path < b.path ? -1 : 1));
  let pruned = 0;
  for (const file of files) {
    if (total <= maxBytes * PRUNE_TO) break;
    try {
      unlinkSync(file.path);
      pruned++;
    } catch {
      // removed by another run
    }
    total -= file.size;
  }
  return pruned;
}
