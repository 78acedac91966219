/**
 * What `check --changed-since REF` and `check --staged` ask of git: the files that changed between a revision and
 * the working tree (or between HEAD and the index), with the blob ids of their contents before and after, and those
 * blobs' bytes. Git's output is read with `-z`, so any file name (spaces, non-ASCII, newlines) comes through as is.
 */
import { spawn } from 'node:child_process';
import { CanonizeError } from '../core/errors.js';
import { gitPrefix } from './git.js';

/** One file git reports changed, its path relative to the project root (renames and copies: the new path). */
export interface GitChange {
  /** `added` covers copies and untracked files; a rename is a `deleted` of its old path and an `added` of its new. */
  kind: 'added' | 'modified' | 'deleted';
  /** Path relative to the project root, `/`-separated; undefined when the file lies outside the root. */
  path: string | undefined;
  /** Path relative to the top of the git work tree. */
  fromTop: string;
  /** The blob before the change (absent for an added file). */
  before?: string;
  /** The blob after the change, when git knows it (`--staged`: the index's); for the working tree, read the file. */
  after?: string;
  /** For the two halves of a rename: the other path (relative to the top). */
  renamed?: string;
}

/** What to compare: a revision with the working tree (untracked files count as added), or HEAD with the index. */
export type ChangeSource = { since: string } | { staged: true };

interface GitRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function runGit(cwd: string, args: string[], input?: string): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

const NO_BLOB = /^0+$/;

/**
 * The files that changed, as git reports them (`git diff --raw -z --find-renames`), in git's order, and the root's
 * path inside the work tree (`prefix`, as {@link gitPrefix} gives it). Throws
 * `E_CHANGED_NOT_GIT` outside a git work tree and `E_GIT_REF` for a revision git does not know.
 */
export async function gitChanges(root: string, source: ChangeSource): Promise<{ prefix: string; changes: GitChange[] }> {
  const prefix = await gitPrefix(root);
  const what = 'since' in source ? `--changed-since ${source.since}` : '--staged';
  if (prefix === undefined) throw new CanonizeError('E_CHANGED_NOT_GIT', `${what}: ${root} is not inside a git work tree (or git is not installed)`, 'run it in a git checkout, or check the whole tree without it');
  let base: string[];
  if ('since' in source) {
    const rev = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${source.since}^{commit}`]);
    if (rev.code !== 0) throw new CanonizeError('E_GIT_REF', `--changed-since: git knows no commit "${source.since}"`, 'name a branch, tag or commit of this repository (in CI, fetch it first: `git fetch origin main`)');
    base = [rev.stdout.toString('utf8').trim()];
  } else base = ['--cached'];
  // Without `--relative`, paths are relative to the top of the work tree, wherever git runs.
  const diff = await runGit(root, ['-c', 'core.quotePath=false', 'diff', '--raw', '-z', '--no-abbrev', '--find-renames', '--no-ext-diff', ...base, '--']);
  if (diff.code !== 0) throw new CanonizeError('E_GIT', `git diff failed in ${root}: ${diff.stderr.trim()}`);
  const toRoot = (fromTop: string) => (prefix === '' ? fromTop : fromTop.startsWith(`${prefix}/`) ? fromTop.slice(prefix.length + 1) : undefined);
  const changes = parseRawDiff(diff.stdout.toString('utf8')).flatMap((r): GitChange[] => {
    const side = (kind: GitChange['kind'], fromTop: string, blobs: Pick<GitChange, 'before' | 'after'>, renamed?: string): GitChange => ({
      kind,
      path: toRoot(fromTop),
      fromTop,
      ...blobs,
      ...(renamed !== undefined ? { renamed } : {}),
    });
    const after = NO_BLOB.test(r.after) ? {} : { after: r.after };
    switch (r.status) {
      case 'A':
        return [side('added', r.path, after)];
      case 'D':
        return [side('deleted', r.path, { before: r.before })];
      case 'R':
        return [side('deleted', r.path, { before: r.before }, r.to), side('added', r.to!, after, r.path)];
      case 'C':
        return [side('added', r.to!, after)];
      default:
        // M, T (type change) and U (unmerged): the file is there, with other content.
        return [side('modified', r.path, { before: r.before, ...after })];
    }
  });
  if ('since' in source) {
    // A new file not yet added is part of the working tree too.
    const others = await runGit(root, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', ':/']);
    if (others.code !== 0) throw new CanonizeError('E_GIT', `git ls-files failed in ${root}: ${others.stderr.trim()}`);
    for (const fromTop of others.stdout.toString('utf8').split('\0')) if (fromTop !== '') changes.push({ kind: 'added', path: toRoot(fromTop), fromTop });
  }
  return { prefix, changes };
}

interface RawRecord {
  status: string;
  before: string;
  after: string;
  path: string;
  to?: string;
}

/** `:oldmode newmode oldblob newblob STATUS\0path\0[newpath\0]`, repeated. */
function parseRawDiff(text: string): RawRecord[] {
  const fields = text.split('\0');
  const records: RawRecord[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const head = fields[i++]!.split(' ');
    const status = head[4]![0]!;
    const path = fields[i++]!;
    const record: RawRecord = { status, before: head[2]!, after: head[3]!, path };
    if (status === 'R' || status === 'C') record.to = fields[i++]!;
    records.push(record);
  }
  return records;
}

/**
 * The bytes of git objects, by the name asked for (a blob id, or `:path` for the index's copy of a file, `path`
 * relative to the top of the work tree): `git cat-file --batch`, which answers in the order asked. An object git
 * does not have is left out; a name with a newline cannot be asked for and is left out too.
 */
export async function readBlobs(root: string, names: readonly string[]): Promise<Map<string, Uint8Array>> {
  const wanted = [...new Set(names)].filter((n) => !n.includes('\n'));
  const blobs = new Map<string, Buffer>();
  if (wanted.length === 0) return blobs;
  const run = await runGit(root, ['cat-file', '--batch'], `${wanted.join('\n')}\n`);
  if (run.code !== 0) throw new CanonizeError('E_GIT', `git cat-file failed in ${root}: ${run.stderr.trim()}`);
  const out = run.stdout;
  let at = 0;
  for (const name of wanted) {
    if (at >= out.length) break;
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    // `<id> <type> <size>` then the bytes and a newline; `<name> missing` (or `ambiguous`) alone.
    if (/ (missing|ambiguous)$/.test(header)) continue;
    const fields = header.split(' ');
    const size = Number(fields[2]);
    if (fields[1] === 'blob') blobs.set(name, Buffer.from(out.subarray(at, at + size)));
    at += size + 1;
  }
  return blobs;
}
