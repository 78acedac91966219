/**
 * Verify gates: a shell command run after each batch is written (`--verify "pytest {files}"`). `{files}` becomes
 * the batch's written files, each shell-quoted, so paths with spaces or quotes reach the command intact. A
 * non-zero exit (or a signal) fails the gate, and the engine rolls the batch back from the journal; the command's
 * output (stdout and stderr interleaved, the tail when it is long) goes into the report.
 */
import { spawn } from 'node:child_process';

/** The outcome of one verify command. */
export interface VerifyResult {
  /** The command as run, after `{files}` was expanded. */
  command: string;
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  /** stdout and stderr as they came, cut to the last {@link MAX_VERIFY_OUTPUT} characters. */
  output: string;
}

export const MAX_VERIFY_OUTPUT = 64 * 1024;

/** Quote a word for a POSIX shell: safe characters as they are, anything else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Expand `{files}` in a verify command to the shell-quoted paths. */
export function expandVerifyCommand(command: string, files: readonly string[]): string {
  return command.replaceAll('{files}', files.map(shellQuote).join(' '));
}

/** Run a verify command through `/bin/sh` in `cwd`. Never throws: a command that cannot start fails the gate. */
export function runVerify(command: string, files: readonly string[], cwd: string): Promise<VerifyResult> {
  const expanded = expandVerifyCommand(command, files);
  return new Promise((resolve) => {
    let output = '';
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > 2 * MAX_VERIFY_OUTPUT) output = output.slice(-MAX_VERIFY_OUTPUT);
    };
    const child = spawn('/bin/sh', ['-c', expanded], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.on('error', (err) => resolve({ command: expanded, ok: false, exitCode: null, signal: null, output: `cannot run the verify command: ${err.message}` }));
    child.on('close', (exitCode, signal) => {
      resolve({ command: expanded, ok: exitCode === 0, exitCode, signal, output: output.slice(-MAX_VERIFY_OUTPUT) });
    });
  });
}
