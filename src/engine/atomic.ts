/**
 * Atomic file replacement: the new bytes go to a temp file in the same directory (same filesystem, so rename is
 * atomic), are fsynced, and renamed over the target; the directory is fsynced so the rename survives a crash.
 * A reader, or a process killed at any moment, sees either the old file or the new one, never a mix.
 * Temp files carry a recognisable name (`.NAME.canonize-PID-RANDOM.tmp`) so recovery can find and remove any
 * that a killed run left behind. (npm's write-file-atomic names them `NAME.HASH`, which recovery cannot tell from
 * user files; hence this small routine.)
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_RE = /^\..+\.canonize-\d+-[0-9a-f]+\.tmp$/;

/** Whether a file name is one of canonize's temp files. */
export function isTempFileName(name: string): boolean {
  return TEMP_RE.test(name);
}

/** Replace `path` with `bytes` atomically, keeping its permission bits (or using `mode` for a new file). */
export async function writeFileAtomic(path: string, bytes: Uint8Array, mode?: number): Promise<void> {
  let fileMode = mode;
  if (fileMode === undefined) {
    try {
      fileMode = (await stat(path)).mode & 0o7777;
    } catch {
      fileMode = 0o644;
    }
  }
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.canonize-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', fileMode);
  try {
    try {
      await handle.writeFile(bytes);
      // open() applies the umask; chmod sets the exact bits the original had.
      await handle.chmod(fileMode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/** fsync a directory so that a rename in it is durable. Not supported everywhere (e.g. Windows): best effort. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Directory fsync is unsupported on some platforms; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
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
