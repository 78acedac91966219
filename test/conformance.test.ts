// The real-code conformance harness: first its independent checks on hand-made outputs (so that a clean sample
// means something), then the sample corpora (a slice of the CPython standard library, rxjs's sources and its
// CommonJS build) planned, applied, re-planned and checked. The full corpora run with `npm run conformance`
// (docs/conformance.md).
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPython } from './conformance/common.js';
import { SAMPLE } from './conformance/corpora.js';
import { newDiagnostics, runCorpus, tscDiagnostics, type Failure } from './conformance/harness.js';
import { KNOWN_FAILURES, knownFailure } from './conformance/known-failures.js';
import { PYTHON_DIR } from './conformance/python-corpus.js';
import { checkShapes, type DeclaredShape, type ShapeCheck } from './conformance/shape-check.js';
import { tempTree } from './helpers/tmp.js';

type Problems = { files: Record<string, Record<string, unknown>> };

function checkPython(before: Record<string, string>, after: Record<string, string>, files: string[]): Problems {
  return runPython<Problems>(join(PYTHON_DIR, 'check.py'), { before: tempTree(before), after: tempTree(after), files });
}

describe('the harness checks (on hand-made outputs)', () => {
  const lib = { 'pkg/__init__.py': '', 'pkg/legacy.py': 'target = {}\n\ndef helper():\n    pass\n', 'canon.py': 'from pkg.legacy import target\n' };

  it('report a non-compiling output', () => {
    const out = checkPython({ ...lib, 'u.py': 'from pkg.legacy import target\n' }, { ...lib, 'u.py': 'from canon import target,\n' }, ['u.py']);
    expect(out.files['u.py']?.compile).toMatch(/SyntaxError/);
  });

  it('report an import that resolved before and does not after, and a module attribute the same way', () => {
    const out = checkPython(
      { ...lib, 'u.py': 'from pkg.legacy import helper\nimport pkg.legacy\nprint(pkg.legacy.target)\n' },
      { ...lib, 'u.py': 'from canon import helper\nimport canon\nprint(canon.helper, canon.target)\n' },
      ['u.py'],
    );
    expect(out.files['u.py']?.unresolved).toEqual(['line 1: from canon import helper: canon binds no helper', 'line 3: canon.helper: canon binds no helper']);
  });

  it('do not report what was already unresolved before, or a name reached through a submodule or `import *`', () => {
    const tree = { ...lib, 'star.py': 'from pkg.legacy import *\n' };
    const out = checkPython(
      { ...tree, 'u.py': 'from nowhere import x\nfrom pkg.legacy import target\n' },
      { ...tree, 'u.py': 'from nowhere import x\nfrom star import helper\nfrom pkg import legacy\n' },
      ['u.py'],
    );
    expect(out.files).toEqual({});
  });

  it('report a name that became unbound, and not one that was unbound already', () => {
    const out = checkPython(
      { ...lib, 'u.py': 'import re\n\ndef f(s):\n    return re.compile(s, re.I), missing\n' },
      { ...lib, 'u.py': 'from canon import target\n\ndef f(s):\n    return target(s, re.I), missing\n' },
      ['u.py'],
    );
    expect(out.files['u.py']?.unbound).toEqual(['re']);
  });

  it('report a function that newly assigns a name the module imports (a module attribute store turned into a local)', () => {
    const out = checkPython(
      { ...lib, 'u.py': 'from pkg import legacy\n\ndef f():\n    legacy.target = 1\n\ndef g():\n    for target in []:\n        pass\n' },
      { ...lib, 'u.py': 'from canon import target\n\ndef f():\n    target = 1\n\ndef g():\n    for target in []:\n        pass\n' },
      ['u.py'],
    );
    expect(out.files['u.py']?.shadowed).toEqual(['f:target']);
  });

  it('read tsc diagnostics of a tree without their positions', () => {
    const dir = tempTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['*.ts'] }),
      'b.ts': 'export const y = 1;\n',
      'a.ts': "import { x } from './b';\nexport const z: number = x;\n",
    });
    expect(tscDiagnostics(dir)).toEqual(['a.ts: TS2305 Module \'"./b"\' has no exported member \'x\'.']);
  });

  it('read tsc diagnostics that name a JavaScript module by its absolute path the same in two copies of a tree', () => {
    const tree = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true, checkJs: true, noEmit: true, module: 'commonjs', types: [] }, include: ['*.js'] }),
      'b.js': 'exports.y = 1;\n',
      'a.js': "const b = require('./b');\nexports.z = b.x;\n",
    };
    const [one, two] = [tempTree(tree), tempTree(tree)];
    expect(tscDiagnostics(one)).toEqual([`a.js: TS2339 Property 'x' does not exist on type 'typeof import("<root>/b")'.`]);
    expect(newDiagnostics(tscDiagnostics(one), tscDiagnostics(two))).toEqual([]);
  });

  it('compare tsc diagnostics as a multiset', () => {
    expect(newDiagnostics(['a.ts: TS2307 x', 'a.ts: TS2307 x'], ['a.ts: TS2307 x', 'a.ts: TS2307 x', 'a.ts: TS2307 x', 'b.ts: TS1 y'])).toEqual(['a.ts: TS2307 x', 'b.ts: TS1 y']);
  });
});

describe('the shape checks (on hand-made outputs)', () => {
  const shapes: DeclaredShape[] = [
    { match: { type: ['a'] }, rename: { type: 'type_v2' }, timestamps: { at: 'at_s' }, nest: 'payload_v2' },
    { match: { code: ['c'] }, rename: { code: 'code_v2' }, nest: 'payload_v2' },
  ];
  // Right (with an event inside a moved value, and a time); wrong (`y` not nested); left whole; reported; canonical.
  const cases: Record<'py' | 'ts', [string, string]> = {
    py: [
      'e = {"type": "a", "at": "2023-10-01T10:00:00Z", "x": [{"code": "c", "n": 1}]}\nf = {"type": "a", "y": 2}\ng = {"type": "a", "z": 3}\nh = {"type": "a", **k}\ni = {"type_v2": "a", "payload_v2": {"code": "c"}}\n',
      'e = {"type_v2": "a", "at_s": 1696154400.0, "payload_v2": {"x": [{"code_v2": "c", "payload_v2": {"n": 1}}]}}\nf = {"type_v2": "a", "y": 2}\ng = {"type": "a", "z": 3}\nh = {"type": "a", **k}\ni = {"type_v2": "a", "payload_v2": {"code": "c"}}\n',
    ],
    ts: [
      'e = {type: "a", at: "2023-10-01T10:00:00Z", x: [{code: "c", n: 1}]};\nf = {type: "a", y: 2};\ng = {type: "a", z: 3};\nh = {type: "a", ...k};\ni = {type_v2: "a", payload_v2: {code: "c"}};\n',
      'e = {type_v2: "a", at_s: 1696154400, payload_v2: {x: [{code_v2: "c", payload_v2: {n: 1}}]}};\nf = {type_v2: "a", y: 2};\ng = {type: "a", z: 3};\nh = {type: "a", ...k};\ni = {type_v2: "a", payload_v2: {code: "c"}};\n',
    ],
  };
  const run = (ext: 'py' | 'ts', reported: number[]): ShapeCheck => {
    const file = `u.${ext}`;
    const request = { before: tempTree({ [file]: cases[ext][0] }), after: tempTree({ [file]: cases[ext][1] }), files: [file], shapes, reported: { [file]: reported }, skipped: [] };
    return ext === 'py' ? runPython<ShapeCheck>(join(PYTHON_DIR, 'shapes.py'), { mode: 'check', ...request }) : checkShapes(request);
  };

  for (const ext of ['py', 'ts'] as const) {
    it(`${ext}: a wrong rewrite and a legacy literal neither rewritten nor reported are failures; a right one is evaluated`, () => {
      const out = run(ext, [4]);
      expect(out.problems.map((p) => `${p.check} ${p.detail.split(':')[0]}`)).toEqual(['wrong-rewrite line 2', 'unexplained line 3']);
      expect({ ...out, problems: [] }).toEqual({ literals: 6, rewritten: 3, reported: 1, canonical: 1, evaluated: 3, skipped: 0, problems: [] });
    });

    it(`${ext}: a literal left whole is explained by a finding on its lines`, () => {
      expect(run(ext, [3, 4]).problems.map((p) => p.check)).toEqual(['wrong-rewrite']);
    });
  }
});

describe('conformance sample', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  for (const spec of SAMPLE) {
    it(`${spec.name}: canonize changes real code, and every failure the checks find is a known one`, { timeout: 240_000 }, async () => {
      const corpus = spec.prepare();
      made.push(dirname(corpus.after));
      const result = await runCorpus(corpus, { jobs: 2 });
      // The relocations (or the shapes) must really bite, or the checks below prove nothing.
      if (result.shapes) {
        expect(result.shapes.rewritten, result.relocations.join('\n')).toBeGreaterThan(40);
        expect(result.shapes.evaluated).toBeGreaterThan(30);
      } else {
        expect(result.changed, result.relocations.join('\n')).toBeGreaterThan(25);
        expect(result.edits).toBeGreaterThan(100);
      }
      // The planted TSX views are planned although tree-sitter cannot read their JSX text (none is skipped: the
      // harness counts a skip as a failure), and the JavaScript setups follow the moves.
      if (corpus.mustPlan) {
        expect(result.parsedByCompiler).toBeGreaterThanOrEqual(corpus.mustPlan.length);
        expect(corpus.mustPlan.length).toBeGreaterThanOrEqual(3);
        expect(readFileSync(join(corpus.after, 'jest.setup.js'), 'utf8')).not.toBe(readFileSync(join(corpus.before, 'jest.setup.js'), 'utf8'));
      }
      const describe = (f: Failure) => `${f.check} ${f.path}: ${f.detail}`;
      const unexpected = result.failures.filter((f) => !knownFailure(spec.name, f)).map(describe);
      expect(unexpected, 'new failures (reduce each to a repro: docs/conformance.md)').toEqual([]);
      const fixed = KNOWN_FAILURES.filter((k) => k.corpus === spec.name && !result.failures.some((f) => knownFailure(spec.name, f) === k));
      expect(fixed.map((k) => `${k.check} ${k.path}: ${k.finding}`), 'fixed: remove from test/conformance/known-failures.ts').toEqual([]);
    });
  }
});
