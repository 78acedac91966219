/** Temp directories with real files, and an in-process CLI runner that captures output (planning in-process). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { main, type CliIO } from '../../bin/cli.js';

const made: string[] = [];

/**
 * Remove the temp trees made so far. Run after every test by test/helpers/setup.ts (a setup file runs for each test
 * file, where a hook registered here would be registered once per worker: the modules are shared across files).
 */
export function removeTempTrees(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh temp directory, removed after the test. Files: path → text (UTF-8) or bytes. */
export function tempTree(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'canonize-test-'));
  made.push(dir);
  writeTree(dir, files);
  return dir;
}

export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Every file under `dir` (relative path → bytes), skipping .git and canonize's journal (.canonize). */
export function readTree(dir: string, base = dir): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name === '.git' || name === '.canonize') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(out, readTree(full, base));
    else out[relative(base, full).split('\\').join('/')] = readFileSync(full);
  }
  return out;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real CLI in-process (planning in this thread unless argv names --jobs: {@link inProcessPlanning}). */
export async function runCli(argv: string[], io: Partial<CliIO> & { cwd: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(inProcessPlanning(argv), {
    stdoutIsTTY: false,
    stdinIsTTY: false,
    stderrIsTTY: false,
    env: {},
    prompts: {
      select: async () => {
        throw new Error('unexpected prompt');
      },
      checkbox: async () => {
        throw new Error('unexpected prompt');
      },
      page: async () => {
        throw new Error('unexpected pager');
      },
    },
    ...io,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

/** The commands that take `--jobs` (bin/shared/options.ts, jobsOption). */
const PLANNING_COMMANDS = new Set(['plan', 'diff', 'apply', 'check', 'audit']);

/**
 * `argv` with `--jobs 1` after its command when it plans and names no `--jobs`: in-process runs plan in this thread,
 * as the CLI does by default on one core. The test workers already keep every core busy, and a worker pool started
 * here would load the whole module graph (and TypeScript) again in each of its threads, for nothing (the plan is the
 * same whatever --jobs is). The pool has its own tests: those that pass --jobs, and the real processes.
 */
export function inProcessPlanning(argv: readonly string[]): string[] {
  if (argv.some((a) => a === '-j' || a === '--jobs' || a.startsWith('--jobs=') || /^-j\d/.test(a))) return [...argv];
  // The command is the first word that is neither an option nor the value of the global `-c, --config <file>`.
  const command = argv.findIndex((a, i) => !a.startsWith('-') && !(i > 0 && (argv[i - 1] === '-c' || argv[i - 1] === '--config')));
  if (command < 0 || !PLANNING_COMMANDS.has(argv[command]!)) return [...argv];
  return [...argv.slice(0, command + 1), '--jobs', '1', ...argv.slice(command + 1)];
}

/** Run git in `cwd` with a fixed identity; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=canonize-test', '-c', 'user.email=test@example.invalid', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
