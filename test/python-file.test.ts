// The rules' cheap exclusions (src/rules/call/python.ts, python-singletons.ts) skip a callee unless its leftmost name
// is one the file's imports bind towards the target (`importedLocalsReaching`), before any scope analysis. That is
// only right if every name `qualifiedNames` resolves is reached that way: checked here on every identifier and
// attribute chain of the fixtures' inputs, the bundled example and generated modules.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/languages/parse.js';
import { rootName } from '../src/languages/python/file.js';
import { analyzeScopes } from '../src/languages/python/scope.js';
import { FIXTURE_ROOTS } from './helpers/fixtures.js';
import { generatePythonFile } from './helpers/pygen.js';
import { pythonFile, pythonFilesUnder } from './helpers/pyfile.js';



const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'legacy-app');
const inputs: { path: string; text: string }[] = [
  ...FIXTURE_ROOTS.flatMap((root) => pythonFilesUnder(root, true)).map((p) => {
    const pathFile = p.replace(/\.input\.py$/, '.path');
    let path = 'pkg/mod.py';
    try {
      path = readFileSync(pathFile, 'utf8').trim();
    } catch {
      // no .path: the default module
    }
    return { path, text: readFileSync(p, 'latin1') };
  }),
  ...pythonFilesUnder(EXAMPLE).map((p) => ({ path: relative(EXAMPLE, p), text: readFileSync(p, 'utf8') })),
  ...Array.from({ length: 40 }, (_, i) => generatePythonFile(1000 + i)),
];

describe('importedLocalsReaching', () => {
  it('reaches every name qualifiedNames resolves, through the leftmost name of the expression', () => {
    let resolved = 0;
    for (const { path, text } of inputs) {
      const py = pythonFile(path, text);
      for (const node of py.nodesOfType(['identifier', 'attribute'])) {
        const names = py.qualifiedNames(node);
        if (!names) continue;
        resolved++;
        const root = rootName(node);
        expect(root, `${path}: ${node.text}`).toBeDefined();
        expect(py.importedLocalsReaching(names).has(root!), `${path}: ${node.text} -> ${names.join(', ')}`).toBe(true);
      }
    }
    // The inputs do resolve names through imports (aliases, module attributes, fallbacks).
    expect(resolved).toBeGreaterThan(500);
  });

  it('follows aliases, module imports and parent packages, in any scope', () => {
    const py = pythonFile(
      'app/x.py',
      ['from a.b import make as mk', 'import a.b as ab', 'import a', 'from a import b', 'def f():', '    from a.b import make', '    return make()', 'from c import make as other', ''].join('\n'),
    );
    expect([...py.importedLocalsReaching(['a.b.make'])].sort()).toEqual(['a', 'ab', 'b', 'make', 'mk']);
    expect([...py.importedLocalsReaching(['a.b.other'])].sort()).toEqual(['a', 'ab', 'b']);
    expect([...py.importedLocalsReaching(['z.make'])]).toEqual([]);
  });
});

describe('scope analysis of case patterns', () => {
  const text = [
    'import m',
    'def f(event):',
    '    match event:',
    '        case m.Kind.X:',
    '            pass',
    '        case m.Point(x=0, y=captured) as whole:',
    '            pass',
    '        case [first, *rest] | {"k": value, **extra}:',
    '            pass',
    '        case Kind if guard:',
    '            pass',
    '',
  ].join('\n');
  const analysis = analyzeScopes(parseSource(text, 'python').rootNode);
  const function_ = analysis.occurrences.find((o) => o.name === 'event' && o.kind === 'binding')!.scope;
  const kinds = (name: string) => analysis.occurrences.filter((o) => o.name === name).map((o) => o.kind);

  it('reads a dotted value or a class from its first name, and nothing else of the chain', () => {
    expect(kinds('m')).toEqual(['binding', 'reference', 'reference']);
    const uses = analysis.occurrences.filter((o) => o.name === 'm' && o.kind === 'reference');
    expect(uses.every((o) => o.resolved === analysis.module)).toBe(true);
    // Attribute parts and keyword names of a class pattern are not variables.
    for (const name of ['X', 'Point', 'x', 'y']) expect(kinds(name), name).toEqual([]);
    // `Kind` is an attribute in `m.Kind.X`, and a capture on its own.
    expect(kinds('Kind')).toEqual(['binding']);
  });

  it('binds captures, star captures, `as` names and mapping values in the enclosing function', () => {
    for (const name of ['captured', 'whole', 'first', 'rest', 'value', 'extra', 'Kind']) {
      const bindings = analysis.occurrences.filter((o) => o.name === name && o.kind === 'binding');
      expect(bindings.length, name).toBe(1);
      expect(bindings[0]!.scope, name).toBe(function_);
    }
    // A guard is an expression: `guard` is read, not bound.
    expect(kinds('guard')).toEqual(['reference']);
  });
});
