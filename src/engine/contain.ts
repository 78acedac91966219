/**
 * Containment: where a plan or a journal may make canonize read and write. Plans and journals are editable data, so
 * every read, write and restore goes through {@link containedPath}, right before it (a symlink planted since
 * planning is refused too), never once per plan. See docs/engine.md ("Threat model").
 */
import { constants, lstatSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { UnsafePathError } from '../core/errors.js';

/** Directories (first path segment or any segment) canonize never writes into. */
const FORBIDDEN_SEGMENTS = new Set(['.git']);
const JOURNAL_SEGMENT = '.canonize';

/** Open flags for reading a planned or journaled file: never through a symlink at the last component. */
export const READ_NOFOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Why a relative path from a plan or journal is not acceptable as such (before looking at the disk), or undefined.
 * Accepted: `/`-separated segments, none empty, `.` or `..`, none `.git` (any case), not starting with `.canonize`.
 */
export function pathProblem(rel: unknown): string | undefined {
  if (typeof rel !== 'string' || rel === '') return 'not a path';
  if (rel.includes('\0')) return 'contains a NUL character';
  if (isAbsolute(rel) || posix.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return 'an absolute path; plan and journal paths are relative to the project root';
  const segments = rel.split('/');
  for (const [i, seg] of segments.entries()) {
    if (seg === '..') return 'outside the project root (a `..` segment)';
    if (seg === '' || seg === '.') return 'not a normalised relative path (empty or `.` segment)';
    if (FORBIDDEN_SEGMENTS.has(seg.toLowerCase())) return 'inside .git/, which canonize never writes';
    if (i === 0 && seg.toLowerCase() === JOURNAL_SEGMENT) return 'inside canonize\'s own journal (.canonize/)';
  }
  return undefined;
}

/** The real path of a project root; throws {@link UnsafePathError} when it does not exist or is not a directory. */
export function realRoot(root: string): string {
  let real: string;
  try {
    real = realpathSync(root);
  } catch (err) {
    throw new UnsafePathError(root, `the project root does not exist (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'check the plan\'s `root` and where you run canonize');
  }
  if (!statSync(real).isDirectory()) throw new UnsafePathError(root, 'the project root is not a directory');
  return real;
}

/**
 * {@link containedPath} checked again right before a write, after the batch was prepared: a path no longer safe (a
 * symlink planted meanwhile) comes back as the reason to report, which says so; any other error is thrown.
 */
export function containedStill(root: string, rel: string, options: { mustExist?: boolean } = {}): { abs: string } | { unsafe: string } {
  try {
    return { abs: containedPath(root, rel, options) };
  } catch (err) {
    if (err instanceof UnsafePathError) return { unsafe: `${err.message} (it changed while canonize was applying)` };
    throw err;
  }
}

/**
 * The absolute path of `rel` under `root`, after checking that it is safe to read and replace: lexically (see
 * {@link pathProblem}), then on disk, segment by segment from the root's real path: no directory on the way is a
 * symbolic link (or anything but a directory), and the file itself, when it exists, is a regular file, not a
 * symlink. A missing file (or directory) is accepted unless `mustExist`. Throws {@link UnsafePathError}.
 */
export function containedPath(root: string, rel: string, options: { mustExist?: boolean; realRoot?: string } = {}): string {
  const problem = pathProblem(rel);
  if (problem) throw new UnsafePathError(rel, problem);
  const base = options.realRoot ?? realRoot(root);
  const segments = rel.split('/');
  let current = base;
  for (const [i, seg] of segments.entries()) {
    current = join(current, seg);
    const last = i === segments.length - 1;
    let st;
    try {
      st = lstatSync(current);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && !options.mustExist) return join(base, ...segments);
      if (code === 'ENOENT') throw new UnsafePathError(rel, 'does not exist');
      throw err;
    }
    if (st.isSymbolicLink()) throw new UnsafePathError(rel, last ? 'is a symbolic link; canonize does not replace symlinks' : `is reached through a symbolic link (${segments.slice(0, i + 1).join('/')})`);
    if (!last && !st.isDirectory()) throw new UnsafePathError(rel, `${segments.slice(0, i + 1).join('/')} is not a directory`);
    if (last && !st.isFile()) throw new UnsafePathError(rel, 'is not a regular file');
  }
  return current;
}

/** Permission bits canonize will set on a file it writes or restores: read, write and execute; never setuid, setgid or sticky. */
export function isPlainMode(mode: unknown): mode is number {
  return typeof mode === 'number' && Number.isInteger(mode) && mode >= 0 && mode <= 0o777;
}
