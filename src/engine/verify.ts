/**
 * Verify gates: a shell command run after each batch is written (`--verify "pytest {files}"`). `{files}` becomes
 * the batch's written files, each shell-quoted, so paths with spaces or quotes reach the command intact. A
 * non-zero exit (or a signal) fails the gate, and the engine rolls the batch back from the journal; the command's
 * output (stdout and stderr interleaved, the tail when it is long) goes into the report.
 */
import { runShell } from './shell.js';

/** The outcome of one verify command. */
export interface VerifyResult {
  /** The command as run, after `{files}` was expanded. */
  command: string;
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  /** stdout and stderr as they came, cut to the last {@link MAX_VERIFY_OUTPUT} characters. */
  output: string;
  /** The command ran longer than `timeoutSeconds` and its process group was killed. */
  timedOut?: boolean;
  timeoutSeconds?: number;
}

export const MAX_VERIFY_OUTPUT = 64 * 1024;

/** Quote a word for a POSIX shell: safe characters as they are, anything else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Expand `{files}` in a verify command to the shell-quoted paths. A path starting with `-` is passed as `./-name`,
 * so that no file name reaches the command as an option (`-rf.py`).
 */
export function expandVerifyCommand(command: string, files: readonly string[]): string {
  return command.replaceAll('{files}', files.map((f) => shellQuote(f.startsWith('-') ? `./${f}` : f)).join(' '));
}

/** The default `--verify-timeout`, in seconds. */
export const DEFAULT_VERIFY_TIMEOUT = 600;

/**
 * Run a verify command through `/bin/sh` in `cwd`. Never throws: a command that cannot start fails the gate.
 *
 * The command runs in its own process group (`shell.ts`). The gate ends when the shell exits (not when its output
 * closes: a background child, `sleep 30 & true`, holding the pipes does not hold up the run), and whatever the
 * command left running in its group is then killed. After `timeoutSeconds` (default {@link DEFAULT_VERIFY_TIMEOUT})
 * the whole group is killed and the gate fails with `timedOut`.
 */
export async function runVerify(command: string, files: readonly string[], cwd: string, timeoutSeconds = DEFAULT_VERIFY_TIMEOUT): Promise<VerifyResult> {
  const expanded = expandVerifyCommand(command, files);
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 2 * MAX_VERIFY_OUTPUT) output = output.slice(-MAX_VERIFY_OUTPUT);
  };
  const run = await runShell(expanded, { cwd, timeoutSeconds, onStdout: append, onStderr: append });
  if (run.startError !== undefined) {
    return { command: expanded, ok: false, exitCode: null, signal: null, output: `cannot run the verify command: ${run.startError}` };
  }
  return {
    command: expanded,
    ok: run.exitCode === 0 && !run.timedOut,
    exitCode: run.exitCode,
    signal: run.signal,
    output: output.slice(-MAX_VERIFY_OUTPUT),
    ...(run.timedOut ? { timedOut: true, timeoutSeconds } : {}),
  };
}
