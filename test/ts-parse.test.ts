// Files tree-sitter's grammar cannot read in part although the TypeScript compiler parses them (a bare `&` in JSX
// text), and JavaScript in the default include: what is planned, what stays skipped and why, what the summary says.
// The byte-exact outputs are fixtures (test/__fixtures__/ts-parse/); these tests pin the outcomes fixtures cannot.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../src/api.js';
import { compileConfig } from '../src/config/compile.js';
import { parseConfig } from '../src/config/load.js';
import { grammarVerdict, parseSource } from '../src/languages/parse.js';
import { planSource, UNREADABLE_RULE } from '../src/planner/plan-source.js';
import { buildProjectIndex } from '../src/planner/project-index.js';
import { sourceFromBytes } from '../src/core/source.js';
import type { Language, SourceFile, Transform } from '../src/core/types.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { runCli, tempTree } from './helpers/tmp.js';

const FOLDER = join(FIXTURES_DIR, 'ts-parse');
const config = compileConfig(parseConfig(readFileSync(join(FOLDER, 'canonize.config.yaml'), 'utf8'), join(FOLDER, 'canonize.config.yaml')));
const project = await buildProjectIndex(join(FOLDER, '__tree__'), config.pythonSourceRoots, config.transforms);

function source(text: string, path: string, language: Language = 'tsx'): SourceFile {
  const read = sourceFromBytes(Buffer.from(text), `/v/${path}`, path, language);
  if (!read.ok) throw new Error(read.skip.message);
  return read.file;
}

const fixture = (name: string, path: string) => source(readFileSync(join(FOLDER, `${name}.input.tsx`), 'utf8'), path);
const planned = (file: SourceFile, transforms: readonly Transform[] = config.transforms) => planSource(file, transforms, project, { residue: config.residue });

/** A stand-in rule: inserts `text` before the first `at` of the file (once: it is not there yet). */
const inserting = (at: string, text: string): Transform => ({
  id: 'insert',
  languages: ['tsx', 'typescript'],
  needles: [],
  run(ctx) {
    if (!ctx.file.text.includes(text)) ctx.edit(ctx.file.text.indexOf(at), ctx.file.text.indexOf(at), text);
  },
});

describe('a file tree-sitter cannot read in part', () => {
  const text = 'export const A = () => <p>Savings & ROI</p>;\n';

  it('is tolerated when the compiler parses it and the unreadable part is JSX text (one verdict per ERROR)', () => {
    const verdict = grammarVerdict(text, 'a.tsx', 'tsx', parseSource(text, 'tsx'));
    expect(verdict).toMatchObject({ tolerated: true, parts: [{ line: 1, column: 35, kind: 'error', start: 34, end: 39, what: 'jsx-text' }] });
    expect(text.slice(34, 39)).toBe('& ROI');
  });

  it('stays skipped when neither parser reads it, saying that the compiler agrees', () => {
    const r = planned(fixture('does-not-parse', 'src/pages/Broken.tsx'));
    expect(r.plan).toMatchObject({
      outcome: 'skipped',
      code: 'parse-error',
      reason: "does not parse: syntax error at 4:40 (the TypeScript compiler agrees: 4:48 '>' expected.)",
    });
  });

  it('is tolerated where the compiler reads only variance modifiers, not where tree-sitter misread the name', () => {
    const text = 'export interface Box<\n  out Output = unknown,\n  in out Input = never,\n> { v: Output; i: Input }\n';
    const verdict = grammarVerdict(text, 'a.ts', 'typescript', parseSource(text, 'typescript'));
    expect(verdict.tolerated && verdict.parts.map((p) => [p.what, text.slice(p.start, p.end)])).toEqual([
      ['variance', 'out'],
      ['variance', 'in out'],
    ]);
  });

  it('stays skipped when tree-sitter cannot read code (not JSX text) there, although the compiler parses it', () => {
    // tree-sitter reads `out` as the type parameter and `T` as an error: its names would be wrong.
    const r = planned(source("import { Money } from '../legacy/Money';\nexport interface Box<out T> { v: T }\nexport const x = Money;\n", 'src/box.ts', 'typescript'));
    expect(r.plan).toMatchObject({ outcome: 'skipped', code: 'parse-error' });
    expect(r.plan.outcome === 'skipped' && r.plan.reason).toBe(
      "does not parse: syntax error at 2:26 (the TypeScript compiler parses the file, but tree-sitter's grammar cannot read code there, so the rules would misread the file; only unreadable JSX text and variance modifiers are tolerated)",
    );
  });

  it('stays skipped when a rule would edit inside the unreadable text (a word there reads as a moved name)', () => {
    const r = planned(fixture('jsx-word-like-a-moved-name', 'src/pages/Tip.tsx'));
    expect(r.plan).toMatchObject({
      outcome: 'skipped',
      code: 'parse-error',
      reason:
        'does not parse: syntax error at 7:10 (the TypeScript compiler parses the file, but rule typescript.moves/src/legacy/Money.tsx would edit inside the JSX text tree-sitter cannot read there)',
    });
  });

  it('is not written when an edit adds a syntax error of tree-sitter, or of the compiler only', () => {
    // `(1, )` neither parser reads; `for (… of a, b)` only tree-sitter reads.
    const treeSitter = planSource(source(text, 'a.tsx'), [inserting('export', 'let bad = (1, );\n')]);
    expect(treeSitter.plan).toMatchObject({ outcome: 'failed', code: 'output-parse-error' });
    expect(treeSitter.plan.outcome === 'failed' && treeSitter.plan.reason).toMatch(/^the rewritten file would not parse \(syntax error at 1:\d+\); rules: insert$/);
    const compiler = planSource(source(text, 'a.tsx'), [inserting('export', 'for (const x of [1], [2]) {}\n')]);
    expect(compiler.plan).toMatchObject({
      outcome: 'failed',
      code: 'output-parse-error',
      reason: "the rewritten file would not parse with the TypeScript compiler (1:20 ')' expected.); rules: insert",
    });
  });

  it('is not written when edits next to the unreadable text change how tree-sitter reads it', () => {
    // Edits at its two ends (not inside) turn it into a string: the output has no error where the input had one.
    const quoting: Transform = {
      id: 'quote',
      languages: ['tsx'],
      needles: [],
      run(ctx) {
        const at = ctx.file.text.indexOf('& ROI');
        if (ctx.file.text[at - 1] !== '{') {
          ctx.edit(at, at, '{"');
          ctx.edit(at + 5, at + 5, '"}');
        }
      },
    };
    const r = planSource(source(text, 'a.tsx'), [quoting]);
    expect(r.plan).toMatchObject({
      outcome: 'failed',
      code: 'output-parse-error',
      reason: 'the rewritten file would not parse (tree-sitter reads the text around 1:35 ("& ROI") differently); rules: quote',
    });
  });

  it('stays skipped when an edit of a later pass would touch the unreadable text', () => {
    // The first pass writes a name the second pass renames (a rule reading another's output); the second pass
    // would rename `ROI` inside the JSX text tree-sitter reads as a name.
    const rename: Transform = {
      id: 'rename',
      languages: ['tsx'],
      needles: [],
      run(ctx) {
        if (!ctx.file.text.includes('ROI2')) return;
        for (let at = ctx.file.text.indexOf('ROI'); at !== -1; at = ctx.file.text.indexOf('ROI', at + 3)) {
          if (ctx.file.text.slice(at, at + 4) !== 'ROI2') ctx.edit(at, at + 3, 'Yield');
        }
      },
    };
    const r = planSource(source(text, 'a.tsx'), [inserting('export', 'const ROI2 = 1;\n'), rename]);
    expect(r.plan).toMatchObject({
      outcome: 'skipped',
      code: 'parse-error',
      reason: 'does not parse: syntax error at 1:35 (the TypeScript compiler parses the file, but rule rename would edit inside the JSX text tree-sitter cannot read there)',
    });
  });

  it('is planned with an edit beside it, the unreadable part carried over through every pass', () => {
    const r = planSource(source(text, 'a.tsx'), [inserting('export', '// header\n')]);
    expect(r.plan.outcome).toBe('changed');
    expect(r.newText).toBe(`// header\n${text}`);
    expect(r.plan.findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.rule}`)).toEqual([`1:35 info ${UNREADABLE_RULE}`]);
  });

  it('in JavaScript: the compiler reads .js and .jsx with JSX too', () => {
    for (const path of ['a.js', 'a.jsx', 'a.mjs']) {
      const verdict = grammarVerdict(text, path, 'tsx', parseSource(text, 'tsx'));
      expect(verdict.tolerated, path).toBe(true);
    }
  });
});

describe('a default run over a small front end', () => {
  const tree = () =>
    tempTree({
      'canonize.config.yaml': readFileSync(join(FOLDER, 'canonize.config.yaml'), 'utf8'),
      ...Object.fromEntries(
        ['tsconfig.json', 'src/services/reports.ts', 'src/legacy/reports.ts', 'src/components/Amount.tsx', 'src/legacy/Money.tsx'].map((f) => [
          f,
          readFileSync(join(FOLDER, '__tree__', f), 'utf8'),
        ]),
      ),
      'src/pages/Savings.tsx': readFileSync(join(FOLDER, 'jsx-bare-ampersand.input.tsx'), 'utf8'),
      'src/pages/Footer.tsx': readFileSync(join(FOLDER, 'jsx-entities.input.tsx'), 'utf8'),
      'src/pages/Broken.tsx': readFileSync(join(FOLDER, 'does-not-parse.input.tsx'), 'utf8'),
      // A global factory mock of a moved module in a JavaScript test setup: selected by the default include.
      'jest.setup.js': "jest.mock('@/legacy/reports');\nrequire('@/legacy/Money');\n",
      // Build output the default include leaves out, although it names the legacy modules.
      'dist/app.js': "require('@/legacy/reports');\n",
      'coverage/lcov-report/sorter.js': "require('@/legacy/reports');\n",
      'public/vendor/chart.min.js': "require('@/legacy/reports');\n",
      // TypeScript there is selected as before.
      'dist/types.d.ts': "export * from '@/legacy/reports';\n",
    });

  it('plans the files only tree-sitter rejects, counts them in the summary, and plans the JavaScript test setup', async () => {
    const dir = tree();
    const { plan: p } = await plan({ cwd: dir });
    const outcome = Object.fromEntries(p.files.map((f) => [f.path, f.outcome]));
    expect(outcome).toMatchObject({
      'jest.setup.js': 'changed',
      'src/pages/Broken.tsx': 'skipped',
      'src/pages/Footer.tsx': 'changed',
      'src/pages/Savings.tsx': 'changed',
    });
    expect(Object.keys(outcome).filter((f) => /^(dist|coverage|public)\//.test(f))).toEqual(['dist/types.d.ts']);
    // The four modules, the three pages, the setup and the declaration file.
    expect(p.summary.scanned).toBe(9);
    expect(p.summary.parsedByCompiler).toBe(2);
    expect(p.summary.findingsByRule[UNREADABLE_RULE]).toBe(3);
    expect(p.summary.skippedByReason).toEqual({ 'parse-error': 1 });
  });

  it('selects build output when the include is the user\'s own', async () => {
    const dir = tree();
    const yaml = readFileSync(join(dir, 'canonize.config.yaml'), 'utf8');
    writeFileSync(join(dir, 'canonize.config.yaml'), yaml.replace('version: 1\n', 'version: 1\ninclude: ["**/*.js"]\n'));
    const { plan: p } = await plan({ cwd: dir });
    expect(p.files.filter((f) => f.outcome === 'changed').map((f) => f.path)).toEqual(['coverage/lcov-report/sorter.js', 'dist/app.js', 'jest.setup.js', 'public/vendor/chart.min.js']);
  });

  it('says so in the CLI summary', async () => {
    const r = await runCli(['plan'], { cwd: tree() });
    expect(r.stdout).toContain('  2 file(s) planned although tree-sitter could not read part of them (the TypeScript compiler can; see the "parse" findings)\n');
  });
});
