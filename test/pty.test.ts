// Interactive apply through a real pseudo-terminal: the built CLI runs under a pty (python3's pty module, see
// helpers/pty-driver.py), inquirer draws its prompts, and the test answers them with keystrokes — arrows, space,
// enter, Ctrl-C — as a person would.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree, tempTree } from './helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'canonize.js');
const DRIVER = join(import.meta.dirname, 'helpers', 'pty-driver.py');
const OLD = 'from legacy.mod import Thing\n';
const NEW = 'from canon.mod import Thing\n';

const DOWN = '\u001b[B';
const ENTER = '\r';

interface PtyRun {
  exit: number | null;
  signal: number | null;
  transcript: string;
  error: string | null;
}

/** Run the CLI under a pseudo-terminal, typing `keys` each time `pattern` shows up. */
function underPty(cwd: string, args: string[], steps: [pattern: string, keys: string][], env: Record<string, string> = {}): PtyRun {
  const out = execFileSync('python3', [DRIVER, JSON.stringify(steps), process.execPath, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1', ...env },
  });
  return JSON.parse(out) as PtyRun;
}

describe('interactive apply on a real terminal', () => {
  it('shows the diff through the pager, applies, skips, applies chosen files; Ctrl-C quits with exit 0', () => {
    const dir = tempTree({
      'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n',
      'a/one.py': OLD,
      'a/two.py': OLD,
      'b/three.py': OLD,
      'c/four.py': OLD,
      'c/five.py': OLD,
      'd/six.py': OLD,
    });
    const before = readTree(dir);
    const run = underPty(
      dir,
      ['apply'],
      [
        // Each step waits for the prompt as drawn (its message, then the cursor on the first choice).
        // Batch a: move down to "show the diff", read it (through the pager), then apply.
        ['\\? Batch 0 "a"\\n❯ apply', DOWN],
        ['❯ skip it', DOWN],
        ['❯ show the diff', ENTER],
        ['PAGED: \\+from canon\\.mod import Thing', ''],
        ['\\? Batch 0 "a"\\n❯ apply', ENTER],
        // Batch b: skip.
        ['\\? Batch 1 "b"\\n❯ apply', DOWN],
        ['❯ skip it', ENTER],
        // Batch c: choose files; untick the first (c/five.py), keep c/four.py.
        ['\\? Batch 2 "c"\\n❯ apply', DOWN],
        ['❯ skip it', DOWN],
        ['❯ show the diff', DOWN],
        ['❯ choose files to apply', ENTER],
        ['❯◉ c/five\\.py', ' '],
        ['❯◯ c/five\\.py', ENTER],
        // Batch d: Ctrl-C.
        ['\\? Batch 3 "d"\\n❯ apply', '\u0003'],
      ],
      { PAGER: "sed 's/^/PAGED: /'" },
    );
    expect(run.error, run.transcript).toBeNull();
    expect(run.exit, run.transcript).toBe(0);
    expect(run.transcript).toContain('Batch 0 "a" (1 of 4): 2 file(s), +2 -2 line(s)');
    expect(run.transcript).toContain('batch 1 "b": skipped');
    expect(run.transcript).toContain('quit: the batches not applied are offered again');
    const after = readTree(dir);
    expect(after['a/one.py']!.toString()).toBe(NEW);
    expect(after['a/two.py']!.toString()).toBe(NEW);
    expect(after['c/four.py']!.toString()).toBe(NEW);
    for (const p of ['b/three.py', 'c/five.py', 'd/six.py']) expect(after[p]!.equals(before[p]!), p).toBe(true);
    expect(readFileSync(join(dir, '.canonize/.gitignore'), 'utf8')).toBe('*\n');
  });

  it('--yes draws a progress bar on the terminal; --json writes only the report', () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${i}.py`, OLD]));
    const config = { 'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n' };
    const bulk = underPty(tempTree({ ...config, ...files }), ['apply', '--yes'], []);
    expect(bulk.exit, bulk.transcript).toBe(0);
    expect(bulk.transcript).toMatch(/applying \[.*\] \d+\/30 files/);
    expect(bulk.transcript).toContain('written 30 file(s)');
    const json = underPty(tempTree({ ...config, ...files }), ['apply', '--yes', '--json'], []);
    expect(json.exit, json.transcript).toBe(0);
    expect(json.transcript).not.toContain('applying [');
    expect((JSON.parse(json.transcript) as { written: number }).written).toBe(30);
  });
});
