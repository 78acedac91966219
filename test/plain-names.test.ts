// Finding a file's imports from its text, and resolving a name without scope analysis (src/languages/python/plain-names.ts) must say what the analysis says:
// `qualifiedNames` is compared both ways on every identifier and attribute chain of the fixtures (inputs and
// outputs), the bundled example and generated modules, and on the constructs that bind a name other than by import.
// collectImports with the text, and callsRootedAt, must find what a walk of the tree finds.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/languages/parse.js';
import { rootName } from '../src/languages/python/file.js';
import { collectImports, type ImportStatement } from '../src/languages/python/imports.js';
import { plainImportBindings } from '../src/languages/python/plain-names.js';
import { FIXTURE_ROOTS } from './helpers/fixtures.js';
import { generatePythonFile } from './helpers/pygen.js';
import { pythonFile, pythonFilesUnder } from './helpers/pyfile.js';



const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'legacy-app');

/** Every answer of `qualifiedNames` in a file, without and with local definitions, one line per node. */
function answers(path: string, text: string, analyseFirst: boolean): string[] {
  const py = pythonFile(path, text);
  // Asking for the analysis first makes every question go to it.
  if (analyseFirst) expect(py.analysis.occurrences.length).toBeGreaterThanOrEqual(0);
  return py.nodesOfType(['identifier', 'attribute']).map((node) => {
    const plain = py.qualifiedNames(node)?.join(',') ?? '-';
    const withLocals = py.qualifiedNames(node, { localDefinitions: true })?.join(',') ?? '-';
    return `${node.startIndex} ${node.text}: ${plain} | ${withLocals}`;
  });
}

function expectSameAnswers(path: string, text: string): void {
  expect(answers(path, text, false), path).toEqual(answers(path, text, true));
}

/** The identifiers spelled `name` (the `n`th, from 0) and whether the plain path answers for it. */
function plain(text: string, name: string, n = -1): boolean {
  const tree = parseSource(text, 'python');
  const nodes = tree.rootNode.descendantsOfType('identifier').filter((i) => i.text === name);
  return plainImportBindings(tree.rootNode, text, nodes.at(n)!) !== undefined;
}

/** The fixtures (inputs and outputs), the example, generated modules. */
const files = [
  ...FIXTURE_ROOTS.flatMap((root) => pythonFilesUnder(root)).map((p) => ({ path: 'pkg/mod.py', text: readFileSync(p, 'latin1') })),
  ...pythonFilesUnder(EXAMPLE).map((p) => ({ path: relative(EXAMPLE, p), text: readFileSync(p, 'utf8') })),
  ...Array.from({ length: 40 }, (_, i) => generatePythonFile(2000 + i)),
];

describe('collectImports from the text', () => {
  const spans = (stmts: ImportStatement[]) => stmts.map((s) => `${s.node.startIndex}-${s.node.endIndex} ${s.kind}`);

  it('finds the statements a walk of the tree finds, in the same order', () => {
    let statements = 0;
    for (const { text } of files) {
      const root = parseSource(text, 'python').rootNode;
      const walked = collectImports(root, undefined);
      expect(spans(collectImports(root, undefined, text))).toEqual(spans(walked));
      statements += walked.length;
    }
    expect(statements).toBeGreaterThan(500);
  });

  it('skips the word in strings, comments and names, and future imports', () => {
    const text = '"""import this"""\n# import that\nreimport = 1\nfrom __future__ import annotations\ndef f():\n    import a.b as c\nfrom .x import (y,\n  z)\n';
    const found = spans(collectImports(parseSource(text, 'python').rootNode, undefined, text));
    expect(found).toEqual([`${text.indexOf('import a.b')}-${text.indexOf(' as c') + 5} import`, `${text.indexOf('from .x')}-${text.length - 1} from`]);
  });
});

describe('callsRootedAt', () => {
  it('finds the calls a walk over every call finds, whose callee starts with one of the names', () => {
    let found = 0;
    for (const { path, text } of files) {
      const names = new Set(pythonFile(path, text).imports.flatMap((s) => (s.kind === 'from' ? s.names.map((n) => n.local) : s.items.map((i) => i.local))));
      for (const extra of ['self', 'print', 'len', 'os']) names.add(extra);
      const byText = pythonFile(path, text).callsRootedAt(names);
      const walked = pythonFile(path, text);
      const byWalk = walked.nodesOfType(['call']).filter((c) => names.has(rootName(c.childForFieldName('function')!) ?? ''));
      const spans = (calls: { startIndex: number; endIndex: number }[]) => calls.map((c) => `${c.startIndex}-${c.endIndex}`);
      expect(spans(byText), path).toEqual(spans(byWalk));
      // Once the file's calls are walked, they are filtered instead.
      expect(spans(walked.callsRootedAt(names))).toEqual(spans(byWalk));
      found += byWalk.length;
    }
    expect(found).toBeGreaterThan(300);
  });
});

describe('plainImportBindings', () => {
  it('answers as the scope analysis does on every identifier of the fixtures, the example and generated modules', () => {
    expect(files.length).toBeGreaterThan(150);
    let answeredPlainly = 0;
    for (const { path, text } of files) {
      expectSameAnswers(path, text);
      const tree = parseSource(text, 'python');
      for (const node of tree.rootNode.descendantsOfType('identifier')) if (plainImportBindings(tree.rootNode, text, node)?.length) answeredPlainly++;
    }
    // The plain path is the common one: many names are imported once and only read.
    expect(answeredPlainly).toBeGreaterThan(500);
  });

  it('answers for a name imported at module level (once, with a fallback, aliased, as a package) and only read', () => {
    const text = [
      'try:',
      '    from a.b import make',
      'except ImportError:',
      '    from a.c import make',
      'import p.q',
      'import r.s as rs',
      'from .rel import thing',
      'x = make(1)',
      'def f(y=0):',
      '    return [make(i) for i in p.q.run(rs.go(f"{make}"), key=make)]',
      'class C(make):',
      '    v = make',
      '',
    ].join('\n');
    expect(plain(text, 'make')).toBe(true);
    expect(plain(text, 'p')).toBe(true);
    expect(plain(text, 'rs')).toBe(true);
    expect(plain(text, 'thing', 0)).toBe(false); // an import's own name is not a read
    expectSameAnswers('pkg/mod.py', text);
    expect(pythonFile('pkg/mod.py', text).qualifiedNames(parseSource(text, 'python').rootNode.descendantsOfType('identifier').filter((i) => i.text === 'make').at(-1)!)).toEqual(['a.b.make', 'a.c.make']);
  });

  it('leaves to the analysis a name bound any other way, or imported inside a function or class', () => {
    const bound = [
      'make = other',
      'def f(make): pass',
      'def g():\n    global make\n    make = 1',
      'class K:\n    make = 1',
      '[0 for make in xs]',
      'with open(p) as make: pass',
      'try:\n    pass\nexcept E as make:\n    pass',
      'match v:\n    case make:\n        pass',
      'if (make := 1): pass',
      'for make in xs: pass',
      'def make(): pass',
      'class make: pass',
      'def h():\n    from a.b import make',
      'class L:\n    from a.b import make',
      'del make',
      'make += 1',
      'a, make = 1, 2',
      'lambda make: make',
    ];
    for (const extra of bound) {
      const text = `from a.b import make\n${extra}\nmake(1)\n`;
      expect(plain(text, 'make'), extra).toBe(false);
      expectSameAnswers('pkg/mod.py', text);
    }
  });

  it('does not take the other names of an import statement (its module path, an aliased name) for bindings', () => {
    const text = ['import a.b as ab', 'from c.d import e as f', 'from .g import h', 'from __future__ import annotations', 'a.run(c.go, d, e, g, annotations)', ''].join('\n');
    for (const name of ['a', 'c', 'd', 'e', 'g', 'annotations']) {
      expect(plain(text, name), name).toBe(true);
      const py = pythonFile('pkg/mod.py', text);
      const read = parseSource(text, 'python').rootNode.descendantsOfType('identifier').filter((i) => i.text === name).at(-1)!;
      expect(py.qualifiedNames(read), name).toBeUndefined();
    }
    expectSameAnswers('pkg/mod.py', text);
  });

  it('does not answer in a file with a syntax error, or for a name read more often than it pays', () => {
    expect(plain('from a import make\nmake(1\n', 'make')).toBe(false);
    const many = `from a import make\n${'make(1)\n'.repeat(80)}`;
    expect(plain(many, 'make')).toBe(false);
    expectSameAnswers('pkg/mod.py', many);
  });
});
