/** The built CLI under a real pseudo-terminal (python3's pty module, pty-driver.py), answering prompts with keys. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'canonize.js');
const DRIVER = join(import.meta.dirname, 'pty-driver.py');

export interface PtyRun {
  exit: number | null;
  signal: number | null;
  /** Everything the program wrote to the terminal (stdout and stderr), ANSI escapes and carriage returns removed. */
  transcript: string;
  error: string | null;
}

/** Run the CLI under a pseudo-terminal (120 columns), typing `keys` each time `pattern` shows up. */
export function underPty(cwd: string, args: string[], steps: [pattern: string, keys: string][] = [], env: Record<string, string> = {}): PtyRun {
  const out = execFileSync('python3', [DRIVER, JSON.stringify(steps), process.execPath, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    // No pager unless a test asks for one: `diff` on a terminal would otherwise wait in `less` for a key.
    env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1', CANONIZE_PAGER: 'cat', ...env },
  });
  return JSON.parse(out) as PtyRun;
}
