/**
 * What the engine asks of git: which of the plan's files have uncommitted changes (apply refuses to overwrite
 * work that exists nowhere else), and one commit per applied batch (`--commit-per-batch`). Paths go to git on
 * standard input, NUL-separated and literal, so neither the command line length nor glob characters in file
 * names matter. Outside a git work tree (or without git) there is nothing to check.
 */
import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { CanonizeError } from '../core/errors.js';

interface GitRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run git in `cwd` with literal pathspecs; `input` goes to its stdin. Rejects only when git cannot start. */
function runGit(cwd: string, args: string[], input?: string): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--literal-pathspecs', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** The root's path inside its git work tree (`''` at the top, `a/b` below it), or undefined outside one. */
export async function gitPrefix(root: string): Promise<string | undefined> {
  let top: GitRun;
  try {
    top = await runGit(root, ['rev-parse', '--show-toplevel']);
  } catch {
    return undefined; // git is not installed
  }
  if (top.code !== 0) return undefined;
  return relative(await realpath(top.stdout.trim()), await realpath(root)).split(sep).join('/');
}

/** Of `paths` (relative to the root), those git reports as modified, added, deleted or untracked. */
export async function dirtyFiles(root: string, paths: readonly string[]): Promise<string[]> {
  return [...(await gitStatus(root, paths)).keys()].sort();
}

/** Of `paths` (relative to the root), those git reports a status for, with its two-letter code (`??`: untracked). */
async function gitStatus(root: string, paths: readonly string[]): Promise<Map<string, string>> {
  const prefix = await gitPrefix(root);
  const found = new Map<string, string>();
  if (prefix === undefined || paths.length === 0) return found;
  const status = await runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']);
  if (status.code !== 0) throw new CanonizeError('E_GIT', `git status failed in ${root}: ${status.stderr.trim()}`);
  const wanted = new Set(paths);
  // Porcelain paths are relative to the top of the work tree.
  for (const record of status.stdout.split('\0')) {
    if (record.length < 4) continue;
    const fromTop = record.slice(3);
    const path = prefix === '' ? fromTop : fromTop.startsWith(`${prefix}/`) ? fromTop.slice(prefix.length + 1) : undefined;
    if (path !== undefined && wanted.has(path)) found.set(path, record.slice(0, 2));
  }
  return found;
}

/** Commit exactly `paths` (relative to the root), leaving anything else staged as it was. Returns the commit id. */
export async function commitFiles(root: string, paths: readonly string[], message: string): Promise<string> {
  const input = `${paths.join('\0')}\0`;
  const add = await runGit(root, ['add', '--pathspec-from-file=-', '--pathspec-file-nul'], input);
  if (add.code !== 0) throw new CanonizeError('E_GIT_COMMIT', `git add failed: ${add.stderr.trim()}`);
  // Pathspecs on the command line of `git commit` mean "only these paths", whatever else is staged.
  const commit = await runGit(root, ['commit', '--quiet', '-m', message, '--pathspec-from-file=-', '--pathspec-file-nul'], input);
  if (commit.code !== 0) throw new CanonizeError('E_GIT_COMMIT', `git commit failed: ${(commit.stderr || commit.stdout).trim()}`);
  const head = await runGit(root, ['rev-parse', 'HEAD']);
  return head.stdout.trim();
}

/** The message of the commit HEAD points at, or undefined (no repository, no commits). */
export async function headMessage(root: string): Promise<{ id: string; message: string } | undefined> {
  const log = await runGit(root, ['log', '-1', '--format=%H%n%B']).catch(() => undefined);
  if (!log || log.code !== 0) return undefined;
  const [id, ...message] = log.stdout.split('\n');
  return { id: id!, message: message.join('\n') };
}

/** What a rolled back `--commit-per-batch` run left in git, and how to record the undo. */
export interface RollbackGitState {
  /** The run's batch commits still in HEAD's history (short ids, oldest first). */
  commits: string[];
  /** The restored files that now differ from HEAD (relative to the root). */
  paths: string[];
  /**
   * Run in the root (by a shell): commits exactly the restored files, so HEAD holds the pre-run bytes again; a
   * restored file git does not track (one the run deleted and committed deleted) is `git add`ed first.
   */
  command: string;
}

const shellWord = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

/**
 * After a rollback restored `paths`: which of the run's `commits` (full ids, oldest first) HEAD still contains, and
 * the `git commit` that records the undo. Undefined when none is in HEAD's history or the tree already matches HEAD.
 */
export async function rollbackGitState(root: string, runId: string, commits: readonly string[], paths: readonly string[]): Promise<RollbackGitState | undefined> {
  if (commits.length === 0) return undefined;
  const inHead: string[] = [];
  for (const id of commits) {
    const ancestor = await runGit(root, ['merge-base', '--is-ancestor', id, 'HEAD']).catch(() => undefined);
    if (ancestor?.code !== 0) continue;
    const short = await runGit(root, ['rev-parse', '--short', id]);
    inHead.push(short.code === 0 ? short.stdout.trim() : id);
  }
  const status = inHead.length > 0 ? await gitStatus(root, paths) : new Map<string, string>();
  const differing = [...status.keys()].sort();
  if (differing.length === 0) return undefined;
  // A file the run deleted (and committed deleted) is back but untracked: `git commit -- PATH` takes only paths git
  // knows, so those are added first.
  const untracked = differing.filter((p) => status.get(p) === '??');
  const add = untracked.length > 0 ? `git add -- ${untracked.map(shellWord).join(' ')} && ` : '';
  const command = `${add}git commit -m ${shellWord(`Roll back canonize run ${runId}`)} -- ${differing.map(shellWord).join(' ')}`;
  return { commits: inHead, paths: differing, command };
}
