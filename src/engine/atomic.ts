/**
 * Atomic file replacement: a temp file in the same directory, fsynced, renamed over the target, the directory
 * fsynced. Temp files are named `.NAME.canonize-PID-RANDOM.tmp` so recovery can tell a killed run's leftovers from
 * user files (npm's write-file-atomic names them `NAME.HASH`; hence this small routine). See docs/engine.md.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fchownSync, fsync, lstatSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_RE = /^\..+\.canonize-\d+-[0-9a-f]+\.tmp$/;

/** Whether a file name is one of canonize's temp files. */
export function isTempFileName(name: string): boolean {
  return TEMP_RE.test(name);
}

/**
 * fsync by descriptor, on the thread pool: the one slow step, so many files can wait for their fsyncs at once.
 * (`fsync` is looked up at each call, not bound once, so the faults suite's injected errors reach it.)
 */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
}

export interface WriteAtomicOptions {
  /**
   * fsync the directory after the rename (default true), so the replacement survives a power loss. A caller that
   * replaces many files may pass false and call {@link syncDirectories} once for all of them before it relies on
   * the replacements being durable: the rename itself is atomic either way.
   */
  syncDirectory?: boolean;
}

/** Replace `path` with `bytes` atomically, keeping its permission bits (or using `mode` for a new file). */
export async function writeFileAtomic(path: string, bytes: Uint8Array, mode?: number, options: WriteAtomicOptions = {}): Promise<void> {
  const staged = await stageFile(path, bytes, mode);
  await staged.commit(options);
}

/** New bytes for a file, written and fsynced to a temp file beside it, not yet renamed over it. */
export interface StagedFile {
  /** Rename the temp file over the target (removing it if that fails), then fsync the directory unless told not to. */
  commit(options?: WriteAtomicOptions): Promise<void>;
  /** Remove the temp file instead (best effort). */
  discard(): void;
}

/**
 * The first half of {@link writeFileAtomic}: write `bytes` to a temp file beside `path` with `path`'s permission
 * bits (or `mode`), and fsync it. Whatever happens, `path` is untouched until `commit`.
 *
 * Opening, writing, chmod and close are synchronous: they only touch the page cache and take microseconds, less
 * than a round trip through libuv's thread pool. The fsync, and the rename in `commit` (which can wait for the
 * filesystem's journal), go to the pool, so callers that replace many files at once (`apply` writes a batch
 * several files at a time) overlap those waits.
 */
export async function stageFile(path: string, bytes: Uint8Array, mode?: number): Promise<StagedFile> {
  // The file being replaced (never followed if it is a symlink: callers refuse those, see contain.ts).
  let current: { mode: number; uid: number; gid: number } | undefined;
  try {
    current = lstatSync(path);
  } catch {
    current = undefined;
  }
  const fileMode = mode ?? (current ? current.mode & 0o7777 : 0o644);
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.canonize-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const discard = () => {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  };
  const fd = openSync(temp, 'wx', fileMode);
  try {
    try {
      writeFileSync(fd, bytes);
      // The replacement keeps the original's owner and group when we may set them (as root on another user's
      // file); a user who owns the file is its owner already. Done before chmod, which chown may clear bits of.
      if (current && process.getuid && (current.uid !== process.getuid() || current.gid !== process.getgid?.())) {
        try {
          fchownSync(fd, current.uid, current.gid);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'EPERM' && code !== 'EINVAL') throw err;
        }
      }
      // open() applies the umask; chmod sets the exact bits the original had.
      fchmodSync(fd, fileMode);
      await fsyncFd(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    discard();
    throw err;
  }
  return {
    async commit(options: WriteAtomicOptions = {}) {
      try {
        await rename(temp, path);
      } catch (err) {
        discard();
        throw err;
      }
      if (options.syncDirectory ?? true) await syncDirectory(dir);
    },
    discard,
  };
}

/** Errors of a directory fsync that only say the platform or filesystem does not support it. */
const DIR_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EPERM', 'EACCES', 'EBADF']);

/**
 * fsync a directory so that a rename in it is durable. Where directory fsync is not supported (Windows, some
 * filesystems) that is ignored — the rename itself is still atomic — but a real failure (EIO) is thrown: the
 * renames in it may not be on the disk.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    await fsyncFd(fd);
  } catch (err) {
    if (!DIR_SYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** fsync each of `dirs` once (at most `concurrency` at a time), making the renames done in them durable. */
export async function syncDirectories(dirs: Iterable<string>, concurrency = 16): Promise<void> {
  await forEachConcurrently([...new Set(dirs)], concurrency, syncDirectory);
}

/**
 * Run `fn` on every item, at most `limit` at a time (in item order as slots free up). Rejects with the first
 * error once every started call has settled, so no call is left running behind the caller's back.
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { err: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (err) {
        failed ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed.err;
}

/** Remove canonize temp files left in `dirs` by a killed run. Returns the paths removed. */
export async function removeStaleTempFiles(dirs: Iterable<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter(isTempFileName).sort()) {
      await unlink(join(dir, name)).catch(() => undefined);
      removed.push(join(dir, name));
    }
  }
  return removed;
}
