// The human summaries, byte for byte: `plan`'s (batches with their first file names, rule lists in natural order,
// columns aligned) and the one `apply` prints before it asks about a batch.
import { describe, expect, it } from 'vitest';
import { alignRows, countRows, firstOf, naturalCompare } from '../bin/shared/summary.js';
import type { Prompts } from '../bin/shared/apply-ui.js';
import { runCli, tempTree } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod2\n      to: canon.mod2\n    - from: legacy.mod10\n      to: canon.mod10\n';
const BOTH = 'from legacy.mod2 import A\nfrom legacy.mod10 import B\n';

function tree(): string {
  const files: Record<string, string> = { 'canonize.config.yaml': CONFIG, 'lib/l.py': 'from legacy.mod10 import B\n', 'top.py': 'from legacy.mod2 import A\n' };
  for (let i = 1; i <= 5; i++) files[`app/m${i}.py`] = BOTH;
  return tempTree(files);
}

describe('summary pieces', () => {
  it('sorts naturally, the same everywhere: numbers as numbers, case only to break ties', () => {
    const ids = ['python.moves[10]', 'python.moves[2]', 'Python.moves[1]', 'python.moves[1]', 'python.calls/b', 'python.calls/A', 'python.calls/f_sync($X)', 'python.calls/f($X)'];
    expect([...ids].sort(naturalCompare)).toEqual([
      'python.calls/A',
      'python.calls/b',
      'python.calls/f($X)',
      'python.calls/f_sync($X)',
      'Python.moves[1]',
      'python.moves[1]',
      'python.moves[2]',
      'python.moves[10]',
    ]);
  });

  it('aligns columns without trailing blanks, and cuts a list only when more than one would be left out', () => {
    expect(alignRows([['a', 'bb', 'c'], ['aaa', 'b', '']], '  ')).toEqual(['  a    bb  c', '  aaa  b']);
    expect(countRows({ 'r[10]': 1, 'r[2]': 22 }, '')).toEqual(['r[2]   22', 'r[10]  1']);
    expect(firstOf([1, 2, 3, 4], 3)).toEqual({ shown: [1, 2, 3, 4], more: undefined });
    expect(firstOf([1, 2, 3, 4, 5], 3)).toEqual({ shown: [1, 2, 3], more: '… and 2 more' });
  });
});

describe('plan summary', () => {
  it('lists each batch with its id, size and first files; rules in natural order, aligned', async () => {
    const dir = tree();
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `canonize plan of ${dir}`,
        '  files scanned   7',
        '  parsed          7  (the prefilter let these through)',
        '  to change       7  in 3 batch(es)',
        '  unchanged       0',
        '  skipped         0',
        '  failed          0',
        'edits by rule',
        '  python.moves/legacy.mod2   6',
        '  python.moves/legacy.mod10  6',
        'batches (apply one with --batch ID)',
        '  .    1 file(s)',
        '      top.py',
        '  app  5 file(s)',
        '      app/m1.py',
        '      app/m2.py',
        '      app/m3.py',
        '      … and 2 more',
        '  lib  1 file(s)',
        '      lib/l.py',
        '',
      ].join('\n'),
    );
  });

  it('names a batch whose id is not its key (rule sets)', async () => {
    const r = await runCli(['plan', '--batch-by', 'rule'], { cwd: tree() });
    const batches = r.stdout.slice(r.stdout.indexOf('batches ('));
    expect(batches).toMatch(
      /^batches \(apply one with --batch ID\)\n {2}python\.moves\/legacy\.mod10 {2}1 file\(s\)\n {6}lib\/l\.py\n {2}rules-[0-9a-f]{6} {15}5 file\(s\) {2}python\.moves\/legacy\.mod10 \+ python\.moves\/legacy\.mod2\n/,
    );
  });
});

describe('batch summary at the prompt', () => {
  it('shows the files (the first 10, each with its lines), the edits per rule in natural order, aligned', async () => {
    const files: Record<string, string> = { 'canonize.config.yaml': CONFIG };
    for (let i = 1; i <= 12; i++) files[`app/m${String(i).padStart(2, '0')}.py`] = i === 12 ? 'from legacy.mod10 import B\n' : BOTH;
    const dir = tempTree(files);
    const asked: string[] = [];
    const prompts: Prompts = {
      select: async <T extends string>(message: string, choices: readonly { key?: string; value: T }[]): Promise<T> => {
        asked.push(`${message} ${choices.map((c) => c.key).join('')}`);
        return 'quit' as T;
      },
      checkbox: async () => [],
      page: async () => undefined,
    };
    const r = await runCli(['apply'], { cwd: dir, stdinIsTTY: true, prompts });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Batch app (1/1) ynadfq']);
    expect(r.stderr).toBe(
      [
        'Batch app (1 of 1): 12 file(s), +23 -23 line(s)',
        '  files',
        '    app/m01.py  +2  -2',
        '    app/m02.py  +2  -2',
        '    app/m03.py  +2  -2',
        '    app/m04.py  +2  -2',
        '    app/m05.py  +2  -2',
        '    app/m06.py  +2  -2',
        '    app/m07.py  +2  -2',
        '    app/m08.py  +2  -2',
        '    app/m09.py  +2  -2',
        '    app/m10.py  +2  -2',
        '    … and 2 more',
        '  edits by rule',
        '    python.moves/legacy.mod2   11',
        '    python.moves/legacy.mod10  12',
        'batch app: not applied',
        '',
      ].join('\n'),
    );
  });
});
