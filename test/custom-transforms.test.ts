// Custom transforms through canonize's engine: jscodeshift transforms (the built-in one and a published-style one)
// give exactly what the stock jscodeshift CLI prints, as minimal edits; canonize transform modules; failures.
import { execFileSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCustomTransform } from '../src/custom/load.js';
import { minimalEdits } from '../src/core/diff-edits.js';
import { applyEdits } from '../src/core/edits.js';
import { unifiedDiff } from '../src/engine/diff.js';
import { planSource } from '../src/planner/plan-source.js';
import { sourceFromBytes } from '../src/core/source.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const JSCODESHIFT = join(ROOT, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const BUILT_IN = join(ROOT, 'transforms', 'rename-jsx-prop.ts');
const PUBLISHED = join(ROOT, 'test', 'jscodeshift', 'replace-act-import.cjs');

/** What the stock CLI prints for one file with `--dry --print` (it prints the new source with console.log). */
function jscodeshiftPrint(transform: string, file: string, args: string[] = []): string {
  // supports-color turns colours on when CI is set (as in CI): the report lines would then start with escape codes.
  const raw = execFileSync(process.execPath, [JSCODESHIFT, '--dry', '--print', '--silent', '--run-in-band', '-t', transform, file, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  // api.report lines (` REP <file> <message>`) share stdout with the printed source.
  const out = stripVTControlCharacters(raw).replace(/^ REP .*\n/gm, '');
  return out.endsWith('\n') ? out.slice(0, -1) : out;
}

const TESTS = {
  'canonize.config.yaml': 'version: 1\n',
  'src/a.test.tsx': `import { render } from '@testing-library/react';
import { act } from 'react-dom/test-utils';

// a comment that recast keeps
it('renders', async () => {
  await act(async () => {
    render(<div className="x" />);
  });
});
`,
  'src/b.test.ts': `import { act, Simulate } from "react-dom/test-utils";
import * as TestUtils from "react-dom/test-utils";

test("b", () => {
  act(() => Simulate.click(document.body));
  TestUtils.act(() => undefined);
});
`,
  'src/c.ts': 'export const untouched = 1;\n',
};

describe('jscodeshift transforms', () => {
  it('a published-style transform: `canonize diff --transform` is the diff of what `jscodeshift --dry --print` prints', async () => {
    const dir = tempTree(TESTS);
    const before = readTree(dir);
    const r = await runCli(['diff', '--transform', PUBLISHED], { cwd: dir });
    expect(r.code).toBe(0);
    let expected = '';
    for (const path of ['src/a.test.tsx', 'src/b.test.ts']) {
      const oldText = before[path]!.toString('utf8');
      const newText = jscodeshiftPrint(PUBLISHED, join(dir, path));
      expect(newText).not.toBe(oldText);
      expected += unifiedDiff({ path, oldText, newText, encoding: 'utf-8', bom: false });
    }
    expect(r.stdout).toBe(expected);
    // api.report and api.stats become info findings (they never fail `check`).
    expect(r.stderr).toContain("info: src/b.test.ts:1:1: TestUtils.act at line 6: import act from 'react' instead [replace-act-import]");
    expect(r.stderr).toContain('info: src/a.test.tsx:1:1: stats: act imports moved 1 [replace-act-import]');
    expect(r.stderr).toContain('2 file(s) would change');
    expect(readTree(dir)).toEqual(before);
  });

  it('applies through the engine (journal, rollback) and edits only the lines the transform changed', async () => {
    const dir = tempTree(TESTS);
    const before = readTree(dir);
    const plan = await runCli(['plan', '--json', '--transform', PUBLISHED], { cwd: dir });
    const edits = (JSON.parse(plan.stdout) as { files: { path: string; edits?: { start: number; end: number; text: string; rule: string }[] }[] }).files.find(
      (f) => f.path === 'src/a.test.tsx',
    )!.edits!;
    // One import's module name changed: one edit of those characters, not a reprint of the file.
    expect(edits.map(({ text, rule }) => ({ text, rule }))).toEqual([{ text: '', rule: 'replace-act-import' }]);
    expect(before['src/a.test.tsx']!.toString('utf8').slice(edits[0]!.start, edits[0]!.end)).toBe('-dom/test-utils');

    const applied = await runCli(['apply', '--yes', '--transform', PUBLISHED], { cwd: dir });
    expect(applied.code).toBe(0);
    expect(readFileSync(join(dir, 'src/a.test.tsx'), 'utf8')).toContain("import { act } from 'react';");
    expect((await runCli(['rollback'], { cwd: dir })).code).toBe(0);
    expect(readTree(dir)).toEqual(before);
  });

  it('the built-in rename-jsx-prop transform runs under the stock jscodeshift CLI and under canonize with the same result', async () => {
    const source = `import { ConnectionBadge } from './ConnectionBadge';

export function Header({ s }: { s: string }): JSX.Element {
  return (
    <header>
      <ConnectionBadge state={s} title="Connection" />
      <ConnectionBadge
        state="idle"
        // keeps its comment
        connectionState="x"
      />
      <ui.ConnectionBadge state={s} />
    </header>
  );
}
`;
    const dir = tempTree({ 'canonize.config.yaml': 'version: 1\n', 'src/Header.tsx': source });
    const options = ['component=ConnectionBadge', 'from=state', 'to=connectionState'];
    const printed = jscodeshiftPrint(BUILT_IN, join(dir, 'src/Header.tsx'), options.map((o) => `--${o}`));
    expect(printed).toContain('<ConnectionBadge connectionState={s} title="Connection" />');
    expect(printed).toContain('<ui.ConnectionBadge state={s} />');

    // By name, as a built-in, with its options.
    const r = await runCli(['diff', '--transform', 'rename-jsx-prop', ...options.flatMap((o) => ['--transform-option', o])], { cwd: dir });
    expect(r.stdout).toBe(unifiedDiff({ path: 'src/Header.tsx', oldText: source, newText: printed, encoding: 'utf-8', bom: false }));
    expect(r.stderr).toContain('already has a connectionState prop: state left as it is [rename-jsx-prop]');
  });

  it('a transform that throws fails its file only; an async transform is refused per file', async () => {
    const dir = tempTree({
      // The transform modules are JavaScript the default include selects: leave them out, to plan src/a.ts alone.
      'canonize.config.yaml': 'version: 1\nexclude: ["throws.cjs", "async.mjs"]\n',
      'src/a.ts': 'export const a = 1;\n',
      'throws.cjs': "module.exports = (file) => { if (file.source.includes('a = 1')) throw new Error('boom'); };\n",
      'async.mjs': 'export default async function (file) { return file.source + "//"; }\n',
    });
    const thrown = await runCli(['plan', '--json', '--transform', 'throws.cjs'], { cwd: dir });
    expect(JSON.parse(thrown.stdout).files).toMatchObject([{ path: 'src/a.ts', outcome: 'failed', code: 'rule-error', reason: 'rule throws failed: boom' }]);
    const async = await runCli(['plan', '--json', '--transform', 'async.mjs'], { cwd: dir });
    expect(JSON.parse(async.stdout).files[0].reason).toMatch(/async jscodeshift transforms are not supported/);
  });

  it('loads a canonize transform module, and names a module that is neither', async () => {
    const dir = tempTree({
      'canonize.config.yaml': 'version: 1\n',
      'src/a.ts': 'export const a = 1;\n',
      'upper.mjs': "export default { id: 'upper', languages: ['typescript'], needles: ['a'], run(ctx) { ctx.edit(13, 14, 'A'); } };\n",
      'nothing.mjs': 'export const x = 1;\n',
    });
    const upper = await loadCustomTransform('upper.mjs', {}, dir);
    expect(upper.id).toBe('upper');
    const read = sourceFromBytes(Buffer.from('export const a = 1;\n'), join(dir, 'src/a.ts'), 'src/a.ts', 'typescript');
    if (!read.ok) throw new Error('decode');
    expect(planSource(read.file, [upper]).newText).toBe('export const A = 1;\n');
    const bad = await runCli(['plan', '--transform', 'nothing.mjs'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('E_TRANSFORM_LOAD');
  });
});

describe('minimalEdits', () => {
  const roundTrip = (a: string, b: string) => {
    const edits = minimalEdits(a, b).map((e, i) => ({ ...e, rule: 't', id: String(i) }));
    expect(applyEdits(a, edits)).toBe(b);
    return edits.map(({ start, end, text }) => ({ start, end, text }));
  };

  it('keeps unchanged lines out of the edits and shrinks changed runs to the characters that differ', () => {
    expect(roundTrip('a\nb\nc\n', 'a\nb\nc\n')).toEqual([]);
    expect(roundTrip('one\ntwo\nthree\n', 'one\ntwo!\nthree\n')).toEqual([{ start: 7, end: 7, text: '!' }]);
    expect(roundTrip('x\r\ny\r\n', 'x\r\nnew\r\ny\r\n')).toEqual([{ start: 3, end: 3, text: 'new\r\n' }]);
    expect(roundTrip('keep\ndrop\nkeep\n', 'keep\nkeep\n')).toEqual([{ start: 5, end: 10, text: '' }]);
    roundTrip('no final newline', 'no final newline\n');
    roundTrip('', 'all new\n');
  });

  it('never splits a surrogate pair', () => {
    const edits = roundTrip('a 😀 b\n', 'a 😃 b\n');
    for (const e of edits) expect(/[\uD800-\uDBFF]$/.test('a 😀 b\n'.slice(0, e.start))).toBe(false);
  });
});
