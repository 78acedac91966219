// Interactive apply through a real pseudo-terminal: the built CLI runs under a pty (python3's pty module, see
// helpers/pty-driver.py), draws its prompts, and the test answers them with keystrokes — one key per answer at the
// batch prompt, arrows, space and enter in the file list, Ctrl-C — as a person would.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree, tempTree } from './helpers/tmp.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'canonize.js');
const DRIVER = join(import.meta.dirname, 'helpers', 'pty-driver.py');
const OLD = 'from legacy.mod import Thing\n';
const NEW = 'from canon.mod import Thing\n';

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

/** The per-batch prompt as drawn: the batch, its place, and the keys that answer it (one press each, no Enter). */
const ASK = (batch: string, of: string) => `\\? Batch ${batch} \\(${of}\\) \\[y,n,a,d,f,q,\\?\\]`;

describe('interactive apply on a real terminal', () => {
  it('answers on one key press: d shows the diff through the pager, y applies, n skips, f chooses files; Ctrl-C quits with exit 0', () => {
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
        // Batch a: read the diff (through the pager), then apply.
        [ASK('a', '1/4'), 'd'],
        ['PAGED: \\+from canon\\.mod import Thing', ''],
        [ASK('a', '1/4'), 'y'],
        // Batch b: skip.
        [ASK('b', '2/4'), 'n'],
        // Batch c: choose files; untick the first (c/five.py), keep c/four.py.
        [ASK('c', '3/4'), 'f'],
        ['❯◉ c/five\\.py', ' '],
        ['❯◯ c/five\\.py', ENTER],
        // Batch d: Ctrl-C.
        [ASK('d', '4/4'), '\u0003'],
      ],
      { PAGER: "sed 's/^/PAGED: /'" },
    );
    expect(run.error, run.transcript).toBeNull();
    expect(run.exit, run.transcript).toBe(0);
    expect(run.transcript).toContain('Batch a (1 of 4): 2 file(s), +2 -2 line(s)\n  files\n    a/one.py  +1  -1\n    a/two.py  +1  -1\n');
    expect(run.transcript).toContain('✔ Batch a (1/4) show the diff');
    expect(run.transcript).toContain('✔ Batch a (1/4) apply this batch (2 file(s))');
    expect(run.transcript).toContain('batch b: skipped');
    expect(run.transcript).toContain('quit: the batches not applied are offered again');
    const after = readTree(dir);
    expect(after['a/one.py']!.toString()).toBe(NEW);
    expect(after['a/two.py']!.toString()).toBe(NEW);
    expect(after['c/four.py']!.toString()).toBe(NEW);
    for (const p of ['b/three.py', 'c/five.py', 'd/six.py']) expect(after[p]!.equals(before[p]!), p).toBe(true);
    expect(readFileSync(join(dir, '.canonize/.gitignore'), 'utf8')).toBe('*\n');
  });

  it('? lists the keys, a key that answers nothing says so, Shift does not matter; a applies the rest, q quits', () => {
    const files = { 'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n', 'a/one.py': OLD, 'b/two.py': OLD, 'c/three.py': OLD };
    const dir = tempTree(files);
    const run = underPty(dir, ['apply'], [
      [ASK('a', '1/3'), 'x'],
      ['"x" is not an answer; press \\? for help', '?'],
      ['q - quit \\(batches applied so far stay applied\\)\\n {2}\\? - print this help', 'N'],
      [ASK('b', '2/3'), 'a'],
    ]);
    expect(run.error, run.transcript).toBeNull();
    expect(run.exit, run.transcript).toBe(0);
    expect(run.transcript).toContain(
      ['  y - apply this batch (1 file(s))', '  n - skip it', '  a - apply this and all remaining batches', '  d - show the diff', '  f - choose files to apply', '  q - quit (batches applied so far stay applied)'].join('\n'),
    );
    expect(run.transcript).not.toMatch(/Batch c \(3\/3\) \[/); // "a" asked nothing more
    const after = readTree(dir);
    expect([after['a/one.py']!.toString(), after['b/two.py']!.toString(), after['c/three.py']!.toString()]).toEqual([OLD, NEW, NEW]);

    // q: nothing more is written, and the run says how to go on.
    const quit = tempTree(files);
    const q = underPty(quit, ['apply'], [[ASK('a', '1/3'), 'y'], [ASK('b', '2/3'), 'q']]);
    expect(q.error, q.transcript).toBeNull();
    expect(q.exit, q.transcript).toBe(0);
    expect(q.transcript).toContain('batch b: not applied');
    const left = readTree(quit);
    expect([left['a/one.py']!.toString(), left['b/two.py']!.toString(), left['c/three.py']!.toString()]).toEqual([NEW, OLD, OLD]);
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
