// The residue scan on its own: every kind of reference it counts, in Python and TS/JS, with the negatives next to
// each positive (comments, docstrings, names that do not move, spellings that name something else); the needles
// found in every file with residue; and the tokenizers, which must never throw, checked against Python's own
// tokenizer on the standard library and against the TypeScript parser on real JS / TS, and fuzzed on seeded text.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type TS from 'typescript';
import { DEFAULT_MODULE_CALLS } from '../src/languages/typescript/config.js';
import type { PythonMoveSpec, TypeScriptMoveSpec } from '../src/rules/move/spec.js';
import { compileResidueScanner, type ResidueRef } from '../src/residue/index.js';
import { tokenizeJs } from '../src/residue/js-tokens.js';
import { tokenizePython } from '../src/residue/python-tokens.js';
import type { Language, ProjectIndex } from '../src/core/types.js';
import type { TsConfigData } from '../src/languages/typescript/facts-data.js';
import { random } from './helpers/random.js';

const tsc = createRequire(import.meta.url)('typescript') as typeof TS;

const PY_MOVES: PythonMoveSpec[] = [
  // only some names move (one renamed)
  { from: 'a.b.legacy', to: 'a.canon', symbols: { Name: 'Name', Old: 'New' } },
  // the whole module moves
  { from: 'a.b.whole', to: 'a.canon2', symbols: '*' },
];

function scanner(py: PythonMoveSpec[] = PY_MOVES, ts: TypeScriptMoveSpec[] = [], sourceRoots = ['.']) {
  return compileResidueScanner({ python: { sourceRoots, moves: py }, typescript: { moves: ts, moduleCalls: DEFAULT_MODULE_CALLS } });
}

/** `line:kind:module:symbol:text` per reference. */
const show = (refs: ResidueRef[]) => refs.map((r) => `${r.line}:${r.kind}:${r.module}:${r.symbol}:${r.text}`);

function py(text: string, path = 'app/x.py', sourceRoots = ['.']): string[] {
  const refs = scanner(PY_MOVES, [], sourceRoots).scan({ path, language: 'python', text });
  for (const r of refs) expect(text.slice(r.start, r.end)).toBe(r.text);
  return show(refs);
}

describe('residue scan: Python imports', () => {
  it('counts from-imports of moved names, not of names that stay', () => {
    expect(py('from a.b.legacy import Name, Kept\nfrom a.b.legacy import Old as O\n')).toEqual([
      '1:import:a.b.legacy:Name:Name',
      '2:import:a.b.legacy:Old:Old',
    ]);
    expect(py('from a.b.legacy import Kept\n')).toEqual([]);
  });

  it('counts `import L` and `from pkg import L` only for a whole-module move', () => {
    expect(py('import a.b.legacy\nfrom a.b import legacy\n')).toEqual([]);
    expect(py('import a.b.whole\nimport a.b.whole as w\nfrom a.b import whole\nfrom a.b import whole as w2\n')).toEqual([
      '1:import:a.b.whole:*:a.b.whole',
      '2:import:a.b.whole:*:a.b.whole',
      '3:import:a.b.whole:*:whole',
      '4:import:a.b.whole:*:whole',
    ]);
    expect(py('from a.b.whole import anything\n')).toEqual(['1:import:a.b.whole:anything:anything']);
  });

  it('counts a wildcard import of a legacy module, even when only some names move', () => {
    expect(py('from a.b.legacy import *\nfrom a.b.whole import *\nfrom a.b import *\n')).toEqual([
      '1:import:a.b.legacy:*:a.b.legacy',
      '2:import:a.b.whole:*:a.b.whole',
    ]);
  });

  it('puts each name of a parenthesised multi-line import on its own line, with the statement around it', () => {
    const text = 'from a.b.legacy import (\n    Kept,\n    Name\n)\n';
    const refs = scanner().scan({ path: 'x.py', language: 'python', text });
    expect(show(refs)).toEqual(['3:import:a.b.legacy:Name:Name']);
    expect([refs[0]!.statementStart, refs[0]!.statementEnd]).toEqual([0, text.length - 1]);
  });

  it('resolves relative imports with its own resolver, from the file path and the source roots', () => {
    expect(py('from .legacy import Name, Kept\nfrom . import whole\nfrom . import legacy\n', 'src/a/b/c.py', ['src'])).toEqual([
      '1:import:a.b.legacy:Name:Name',
      '2:import:a.b.whole:*:whole',
    ]);
    expect(py('from ..whole import x\nfrom .. import whole\n', 'src/a/b/sub/__init__.py', ['src'])).toEqual([
      '1:import:a.b.whole:x:x',
      '2:import:a.b.whole:*:whole',
    ]);
    // Counted from the deepest root; a file outside every root cannot resolve a relative import (not counted).
    expect(py('from .legacy import Name\n', 'lib/a/b/c.py', ['src'])).toEqual([]);
    // Climbing above the top-level package resolves to nothing.
    expect(py('from ...legacy import Name\n', 'a/b.py')).toEqual([]);
  });

  it('finds imports after `;` and after a compound statement colon', () => {
    expect(py('x = 1; from a.b.legacy import Name\nif x: import a.b.whole\n')).toEqual([
      '1:import:a.b.legacy:Name:Name',
      '2:import:a.b.whole:*:a.b.whole',
    ]);
  });
});

describe('residue scan: Python dotted names', () => {
  it('counts a moved name spelled out in full, however the parent package was imported', () => {
    expect(py('import a\nx = a.b.legacy.Name\ny = a.b.legacy.Kept\nz = a.b.legacy.Name.attr\n')).toEqual([
      '2:dotted-name:a.b.legacy:Name:a.b.legacy.Name',
      '4:dotted-name:a.b.legacy:Name:a.b.legacy.Name',
    ]);
    expect(py('import a.b\n@a.b.whole.deco\ndef f(): return a.b.whole\n')).toEqual([
      '2:dotted-name:a.b.whole:deco:a.b.whole.deco',
      '3:dotted-name:a.b.whole:*:a.b.whole',
    ]);
  });

  it('counts uses through an alias an import makes', () => {
    expect(py('import a.b.legacy as m\nm.Name()\nm.Kept()\nm.Old.x\n')).toEqual([
      '2:dotted-name:a.b.legacy:Name:m.Name',
      '4:dotted-name:a.b.legacy:Old:m.Old',
    ]);
    expect(py('from a.b import legacy\nlegacy.Name.attr\nlegacy.Kept\n')).toEqual(['2:dotted-name:a.b.legacy:Name:legacy.Name']);
    expect(py('import a.b as ab\nab.legacy.Name\n')).toEqual(['2:dotted-name:a.b.legacy:Name:ab.legacy.Name']);
  });

  it('counts any use of a whole-module alias, passed around or printed', () => {
    expect(py('import a.b.whole as m\nprint(m)\nf(m.x, m)\n')).toEqual([
      '1:import:a.b.whole:*:a.b.whole',
      '2:dotted-name:a.b.whole:*:m',
      '3:dotted-name:a.b.whole:x:m.x',
      '3:dotted-name:a.b.whole:*:m',
    ]);
  });

  it('does not count an attribute of something else, a definition, a keyword argument or a name that stays', () => {
    expect(py('import a.b.whole as m\nx.a.b.legacy.Name\ndef m(): pass\nf(m=1)\nobj.m\n').slice(1)).toEqual([]);
    expect(py('a.b.legacy\na.b.legacy.Kept\na.b.legacyish.Name\n')).toEqual([]);
  });

  it('reads names across line continuations and brackets, and inside f-string fields', () => {
    expect(py('import a\nx = a.b.\\\n    legacy.Name\ny = (a.b\n  .legacy.Name)\nz = f"{a.b.legacy.Name!r:>{w}}"\n')).toEqual([
      '2:dotted-name:a.b.legacy:Name:a.b.\\\n    legacy.Name',
      '4:dotted-name:a.b.legacy:Name:a.b\n  .legacy.Name',
      '6:dotted-name:a.b.legacy:Name:a.b.legacy.Name',
    ]);
  });

  it('does not count a spelled-out path whose first name no import binds (a variable named like a package)', () => {
    expect(py('def f(self):\n    a = self.get_module("a")\n    return a.b.legacy.Name\n')).toEqual([]);
    expect(py('import a.x\n\ndef f():\n    return a.b.legacy.Name\n')).toEqual(['4:dotted-name:a.b.legacy:Name:a.b.legacy.Name']);
  });

  it('over-reports a local that shadows an alias (scopes are not considered)', () => {
    expect(py('import a.b.legacy as m\ndef f(m):\n    return m.Name\n')).toEqual(['3:dotted-name:a.b.legacy:Name:m.Name']);
  });

  it('does not count the canonical module importing what it re-exports from the legacy one', () => {
    expect(py('from a.b.legacy import Name, Old\n', 'a/canon.py')).toEqual([]);
    expect(py('from a.b.whole import *\nfrom a.b.whole import helper\n', 'a/canon2.py')).toEqual([]);
    // The same lines anywhere else are residue, the canonical module of another move included.
    expect(py('from a.b.legacy import Name, Old\n', 'a/other.py')).toHaveLength(2);
    expect(py('from a.b.whole import *\nfrom a.b.whole import helper\n', 'a/canon.py')).toHaveLength(2);
  });

  it('does not count a canonical module nested in the legacy one', () => {
    const s = scanner([{ from: 'a.b', to: 'a.b.c', symbols: '*' }]);
    expect(show(s.scan({ path: 'x.py', language: 'python', text: 'import a.b.c\nx = a.b.c.Name\ny = a.b.d\n' }))).toEqual(['3:dotted-name:a.b:d:a.b.d']);
  });
});

describe('residue scan: Python strings', () => {
  it('counts strings naming a moved name, or a whole-moved module', () => {
    expect(py('patch("a.b.legacy.Name")\nX = \'a.b.legacy.Name.method\'\nM = "a.b.whole"\nimportlib.import_module(r"a.b.whole")\n')).toEqual([
      '1:string:a.b.legacy:Name:a.b.legacy.Name',
      '2:string:a.b.legacy:Name:a.b.legacy.Name.method',
      '3:string:a.b.whole:*:a.b.whole',
      '4:string:a.b.whole:*:a.b.whole',
    ]);
  });

  it('does not count the module of a partial move, a name that stays, bytes, or formatted text', () => {
    expect(py('x = "a.b.legacy"\ny = "a.b.legacy.Kept"\nz = b"a.b.legacy.Name"\nw = f"{p}a.b.legacy.Name"\nv = "a.b.legacy.Name "\n')).toEqual([]);
    // An f-string without fields is a plain string.
    expect(py('w = f"a.b.legacy.Name"\n')).toEqual(['1:string:a.b.legacy:Name:a.b.legacy.Name']);
  });

  it('does not count comments or docstrings', () => {
    const text = [
      '"""Module docs: from a.b.legacy import Name."""',
      '# from a.b.legacy import Name; a.b.legacy.Name',
      'def f():',
      '    """a.b.legacy.Name"""',
      "    'a.b.whole'",
      '    return 1  # a.b.whole',
      'class C:',
      '    r"""',
      '    import a.b.whole',
      '    """',
      '',
    ].join('\n');
    expect(py(text)).toEqual([]);
  });

  it('leaves lines marked `# canonize: ignore` alone', () => {
    expect(py('from a.b.legacy import Name  # canonize: ignore\nx = a.b.legacy.Name  # canonize:ignore\ny = "a.b.whole" # noqa canonize: ignore\nimport a  # canonize: ignore\nz = a.b.whole\n')).toEqual([
      '5:dotted-name:a.b.whole:*:a.b.whole',
    ]);
    expect(py('from a.b.legacy import (  # canonize: ignore\n    Name,\n)\n')).toEqual([]);
  });

  it('gives a message a user can act on', () => {
    const [ref] = scanner().scan({ path: 'x.py', language: 'python', text: 'import a\na.b.legacy.Old()\n' });
    expect(ref!.message).toBe(
      'name "a.b.legacy.Old" still reaches Old of legacy module a.b.legacy (python.moves/a.b.legacy moves it to a.canon.New): ' +
        'rewrite it to a.canon.New or mark the line `# canonize: ignore`',
    );
    expect(ref!.rule).toBe('python.moves/a.b.legacy');
  });
});

const TS_FILES = [
  'src/lib/socket.ts',
  'src/lib/partial.ts',
  'src/lib/ws/index.ts',
  'src/services/ws.ts',
  'src/app/x.ts',
  'src/app/y.tsx',
  'src/index.ts',
  'other/tsconfig.json',
];
const TSCONFIG: TsConfigData = {
  path: 'tsconfig.json',
  dir: '',
  options: { baseUrl: '.', paths: { '@/*': ['./src/*'], '@sock': ['src/lib/socket.ts'] } },
  files: TS_FILES.filter((f) => f.startsWith('src/')),
  references: [],
};
const PROJECT: ProjectIndex = {
  pythonExports: {},
  typescript: { files: TS_FILES, packageJsons: {}, configs: [TSCONFIG], modules: {}, exports: {}, needles: [] },
};
const TS_MOVES: TypeScriptMoveSpec[] = [
  { from: 'src/lib/socket', to: 'src/services/ws.ts', symbols: '*' },
  { from: 'src/lib/partial.ts', to: '@/services/ws', symbols: ['moved', 'default'] },
  { from: 'legacy-pkg', to: 'new-pkg', symbols: '*' },
  { from: '@/lib/ws', to: 'src/services/ws.ts', symbols: ['Client'] },
];
const tsScanner = scanner([], TS_MOVES);

function ts(text: string, path = 'src/app/x.ts', language: Language = 'typescript'): string[] {
  const refs = tsScanner.scan({ path, language, text }, PROJECT);
  for (const r of refs) expect(text.slice(r.start, r.end)).toBe(r.text);
  return show(refs);
}

describe('residue scan: TypeScript / JavaScript specifiers', () => {
  it('resolves relative specifiers with or without extension, and tsconfig paths and baseUrl', () => {
    expect(
      ts(
        [
          "import { a } from '../lib/socket';",
          'import b from "../lib/socket.js";',
          "import * as c from '@/lib/socket';",
          "import d from '@sock';",
          "import e from 'src/lib/socket';",
          "import f from '../lib/sockets';",
          "import g from './socket';",
          '',
        ].join('\n'),
      ),
    ).toEqual([
      '1:specifier:src/lib/socket:*:../lib/socket',
      '2:specifier:src/lib/socket:*:../lib/socket.js',
      '3:specifier:src/lib/socket:*:@/lib/socket',
      '4:specifier:src/lib/socket:*:@sock',
      '5:specifier:src/lib/socket:*:src/lib/socket',
    ]);
  });

  it('counts every specifier position: export from, side effects, import(), require, mocks, import = require, references', () => {
    const text = [
      '/// <reference path="../lib/socket.ts" />',
      "export * from '../lib/socket';",
      "export { x as y } from '../lib/socket';",
      "import '../lib/socket';",
      "const m = await import('../lib/socket');",
      "const r = require('../lib/socket');",
      "jest.mock('../lib/socket', () => ({}));",
      "vi.mock(`../lib/socket`);",
      "import s = require('../lib/socket');",
      "type T = typeof import('../lib/socket');",
      "jest.requireActual('../lib/socket');",
      // Calls with type arguments (the first string is the type's import()).
      "const a = await vi.importActual<typeof import('../lib/socket')>('../lib/socket');",
      "const b = await vi.importActual<Record<string, () => string>>('../lib/socket');",
      "jest.requireActual<{ a: Map<string, Set<number>> }>('../lib/socket');",
      '',
    ].join('\n');
    expect(ts(text).map((s) => s.split(':')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '12', '13', '14']);
  });

  it('does not count the same string elsewhere: comments, plain strings, non-module calls, computed specifiers', () => {
    const text = [
      "// import x from '../lib/socket';",
      "/* require('../lib/socket') */",
      "const path = '../lib/socket';",
      "log('../lib/socket');",
      "obj.require('../lib/socket');",
      "require('../lib/socket' + suffix);",
      'import(`../lib/${name}`);',
      "const s = `import x from '../lib/socket'`;",
      '',
    ].join('\n');
    expect(ts(text)).toEqual([]);
  });

  it('counts external legacy specifiers by their exact spelling', () => {
    expect(ts("import io from 'legacy-pkg';\nimport sub from 'legacy-pkg/sub';\nimport n from 'new-pkg';\n")).toEqual([
      '1:specifier:legacy-pkg:*:legacy-pkg',
    ]);
  });

  it('for a partial move, counts only statements that can reach a moved name', () => {
    const text = [
      "import { moved } from '../lib/partial';",
      "import { kept } from '../lib/partial';",
      "import { kept as k, type moved as M } from '../lib/partial';",
      "import * as ns from '../lib/partial';",
      "import '../lib/partial';",
      "export { kept } from '../lib/partial';",
      "export * from '../lib/partial';",
      "const p = require('../lib/partial');",
      "import def from '../lib/partial';",
      "import { Client } from '@/lib/ws';",
      "import { Other } from '../lib/ws';",
      "import ws from '../lib/ws/index.js';",
      "import * as unused from '../lib/partial';",
      "import * as onlyKept from '../lib/partial';",
      "import cjs from '../lib/ws';",
      "import esm from '../lib/ws';",
      'ns.moved(); onlyKept.kept(); use(p); cjs.Client(); esm();',
    ].join('\n');
    expect(ts(text)).toEqual([
      '1:specifier:src/lib/partial.ts:moved:../lib/partial',
      '3:specifier:src/lib/partial.ts:moved:../lib/partial',
      // a namespace reaches what its uses reach: `ns.moved`; `p` is passed on whole
      '4:specifier:src/lib/partial.ts:moved:../lib/partial',
      '7:specifier:src/lib/partial.ts:*:../lib/partial',
      '8:specifier:src/lib/partial.ts:*:../lib/partial',
      // `default` moves here, so the default import reaches it
      '9:specifier:src/lib/partial.ts:default:../lib/partial',
      '10:specifier:@/lib/ws:Client:@/lib/ws',
      // a default import used as `X.Moved` (a CommonJS module's exports) reaches Moved; used bare, nothing moved
      '15:specifier:@/lib/ws:Client:../lib/ws',
    ]);
  });

  it('for a partial move, a destructured or bound require / import() reaches only the keys or members it uses', () => {
    const text = [
      "const { kept } = require('../lib/partial');",
      "const { kept: k, moved: m } = require('../lib/partial');",
      "const { kept: k2 } = await import('../lib/partial');",
      "const { ...all } = require('../lib/partial');",
      "const { [key]: v } = require('../lib/partial');",
      "const whole = require('../lib/partial');",
      "const { Other } = require('../lib/ws');",
      "const { Client } = await import('../lib/ws');",
      "import eq = require('../lib/partial');",
      "const mod = require('../lib/partial');",
      "const onlyKept = require('../lib/partial');",
      'whole.kept(); eq.moved; mod?.moved; onlyKept.kept; require("../lib/partial").moved;',
    ].join('\n');
    expect(ts(text)).toEqual([
      '2:specifier:src/lib/partial.ts:moved:../lib/partial',
      '4:specifier:src/lib/partial.ts:*:../lib/partial',
      '5:specifier:src/lib/partial.ts:*:../lib/partial',
      '8:specifier:@/lib/ws:Client:../lib/ws',
      '9:specifier:src/lib/partial.ts:moved:../lib/partial',
      '10:specifier:src/lib/partial.ts:moved:../lib/partial',
      // not assigned to a local: it may reach anything
      '12:specifier:src/lib/partial.ts:moved:../lib/partial',
    ]);
  });

  it('does not count a move that only respells the specifiers of a module that stays', () => {
    const respell = scanner([], [{ from: 'src/services/ws.ts', to: '@/services/ws', symbols: '*' }]);
    expect(respell.scan({ path: 'src/app/x.ts', language: 'typescript', text: "import { a } from '../services/ws';\n" }, PROJECT)).toEqual([]);
    // a rename is not a respelling
    const rename = scanner([], [{ from: 'src/services/ws.ts', to: '@/services/ws', symbols: { a: 'b' } }]);
    expect(show(rename.scan({ path: 'src/app/x.ts', language: 'typescript', text: "import { a } from '../services/ws';\n" }, PROJECT))).toEqual([
      '1:specifier:src/services/ws.ts:a:../services/ws',
    ]);
  });

  it('survives regular expressions, JSX text and templates around specifiers', () => {
    const text = [
      "const re = /['\"`]/g; const d = a / b / c;",
      'const el = <p>Don\'t {x} "quoted</p>;',
      'const t = `${`${require("../lib/socket")}`}`;',
      "const m = require('../lib/socket');",
      '',
    ].join('\n');
    expect(ts(text, 'src/app/y.tsx', 'tsx')).toEqual(['3:specifier:src/lib/socket:*:../lib/socket', '4:specifier:src/lib/socket:*:../lib/socket']);
  });

  it('leaves lines marked `// canonize: ignore` alone, and says what to do otherwise', () => {
    expect(ts("import a from '../lib/socket'; // canonize: ignore\nimport b from '../lib/socket'; /* canonize: ignore */\n")).toEqual([]);
    const [ref] = tsScanner.scan({ path: 'src/app/x.ts', language: 'typescript', text: "import { moved } from '../lib/partial';\n" }, PROJECT);
    expect(ref!.message).toBe(
      'module specifier "../lib/partial" still reaches moved of legacy module src/lib/partial.ts (typescript.moves/src/lib/partial.ts moves it to moved from @/services/ws): ' +
        'rewrite it to moved from @/services/ws or mark the line `// canonize: ignore`',
    );
  });

  it('uses the multi-line import statement as the range a finding may sit on', () => {
    const text = "import {\n  kept,\n  moved,\n} from '../lib/partial';\n";
    const [ref] = tsScanner.scan({ path: 'src/app/x.ts', language: 'typescript', text }, PROJECT);
    expect([ref!.line, ref!.statementStart, ref!.statementEnd]).toEqual([4, 0, text.length - 2]);
  });
});

describe('residue scan: needles', () => {
  it('lists the moved names of partial moves, and the module name (plus relative forms) of whole moves', () => {
    expect(scanner().needles({ path: 'app/x.py', language: 'python' })).toEqual(['Name', 'Old', 'whole']);
    // inside the package that holds a whole-moved module, `from . import *` may reach it
    expect(scanner().needles({ path: 'a/b/c.py', language: 'python' })).toEqual(['Name', 'Old', 'from .', 'from.', 'whole']);
    expect(scanner(PY_MOVES, [], ['src']).needles({ path: 'src/a/b/sub/d.py', language: 'python' })).toContain('from .');
    expect(scanner(PY_MOVES, [], ['src']).needles({ path: 'a/b/c.py', language: 'python' })).not.toContain('from .');
  });

  it('lists TS file stems, directory names of index files, exact paths aliases and external specifiers', () => {
    expect(tsScanner.needles({ path: 'src/app/x.ts', language: 'typescript' }, PROJECT)).toEqual(['."', '.`', ".'", '/"', '/`', "/'", '@sock', 'legacy-pkg', 'partial', 'socket', 'ws'].sort());
  });

  it('every text with residue in these tests contains a needle', () => {
    const samples: [string, Language, string][] = [
      ['from . import whole\n', 'python', 'src/a/b/c.py'],
      ['from . import *\n', 'python', 'src/a/b/whole/__init__.py'],
      ['from.legacy import Name\n', 'python', 'a/b/c.py'],
      ['import a.b as ab\nab.legacy.Old\n', 'python', 'x.py'],
      ["import x from '@sock'\n", 'typescript', 'src/app/x.ts'],
      ["import { Client } from '..'\n", 'typescript', 'src/lib/ws/sub/y.ts'],
    ];
    const s = scanner(PY_MOVES, TS_MOVES, ['.', 'src']);
    for (const [text, language, path] of samples) {
      expect(s.scan({ path, language, text }, PROJECT).length, text).toBeGreaterThan(0);
      expect(s.mightContain({ path, language }, Buffer.from(text), PROJECT), text).toBe(true);
    }
  });
});


const PIECES = [
  '"', "'", '`', '"""', "'''", 'f"', "rb'", 'f"{', '}', '{', '{{', '(', ')', '[', ']', '\\', '\n', '\r\n', '\r', '#', '//', '/*', '*/',
  '/', '${', ' ', '\t', 'import ', 'from ', 'a.b.legacy', '.Name', 'require(', "'../lib/socket'", 'x', '=', ':', '!', ';', ',',
  '<p>', '</p>', 'é', '\u{1F600}', '\uD800', '0x', '1e', '.5', '@', '$', '# canonize: ignore', 'as ', 'whole',
];

/** The first problem with a token list (out of bounds, empty-negative, out of order), or '' when there is none. */
function tokenProblem(tokens: { start: number; end: number }[], length: number): string {
  let last = -1;
  for (const [i, t] of tokens.entries()) {
    if (t.start < 0 || t.end < t.start || t.end > length || t.start < last) return `token ${i}: ${t.start}-${t.end} (previous start ${last}, length ${length})`;
    last = t.start;
  }
  return '';
}

describe('residue tokenizers', () => {
  it('never throw on seeded random text, and give ordered tokens inside it', () => {
    const next = random(12);
    const s = scanner(PY_MOVES, TS_MOVES);
    for (let n = 0; n < 1500; n++) {
      let text = '';
      const count = Math.floor(next() * 60);
      for (let i = 0; i < count; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(tokenProblem(tokenizePython(text), text.length), JSON.stringify(text)).toBe('');
      expect(tokenProblem(tokenizeJs(text), text.length), JSON.stringify(text)).toBe('');
      s.scan({ path: 'a/b/c.py', language: 'python', text });
      s.scan({ path: 'src/app/y.tsx', language: 'tsx', text }, PROJECT);
    }
  });

  it('never throw on real TypeScript files (this repository)', () => {
    const files = ['src', 'transforms', 'test'].flatMap((d) => walk(d, /\.tsx?$/));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const tokens = tokenizeJs(text);
      expect(tokenProblem(tokens, text.length), f).toBe('');
      // Every line that looks like an import is inside a string or template token, or its specifier is a string token.
      const literals = tokens.filter((t) => t.type === 'string' || t.type === 'template');
      const strings = new Set(literals.filter((t) => t.type === 'string').map((t) => t.start));
      for (const m of text.matchAll(/^import [^;'"]*from ('[^']+');$/gm)) {
        const at = m.index + m[0].length - m[1]!.length - 1;
        const inLiteral = literals.some((t) => t.start < m.index && m.index < t.end);
        expect(inLiteral || strings.has(at), `${f}: ${m[0]}`).toBe(true);
      }
    }
  });

  it('find exactly the string and plain template literals the TypeScript parser finds, in real JS and TS', () => {
    // This repository's sources, and regex-heavy JavaScript parsers shipped in node_modules (pinned by package-lock).
    const files = [...['src', 'transforms', 'bin', 'test'].flatMap((d) => walk(d, /\.ts$/)), 'node_modules/acorn/dist/acorn.js', 'node_modules/esprima/dist/esprima.js'];
    let literals = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const source = tsc.createSourceFile(f, text, tsc.ScriptTarget.Latest, true, f.endsWith('.js') ? tsc.ScriptKind.JS : tsc.ScriptKind.TS);
      const want: string[] = [];
      const visit = (node: TS.Node): void => {
        if (tsc.isStringLiteral(node) || tsc.isNoSubstitutionTemplateLiteral(node)) want.push(`${node.getStart(source)}-${node.end}`);
        tsc.forEachChild(node, visit);
      };
      visit(source);
      const got = tokenizeJs(text)
        .filter((t) => t.type === 'string' || (t.type === 'template' && !t.hasSubstitutions))
        .map((t) => `${t.start}-${t.end}`);
      expect(got, f).toEqual(want.sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0])));
      literals += want.length;
    }
    expect(literals).toBeGreaterThan(10_000);
  });

  it('agree with Python\'s own tokenizer on names, strings and comments of the standard library', () => {
    const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
    const files = [...readdirSync(stdlib).filter((f) => f.endsWith('.py')).sort(), ...readdirSync(join(stdlib, 'json')).filter((f) => f.endsWith('.py')).map((f) => `json/${f}`)]
      .map((f) => join(stdlib, f))
      .filter((_, i) => i % 3 === 0);
    // Python's tokenize: NAME, STRING and COMMENT tokens as UTF-16 offsets (3.11: an f-string is one STRING token, so
    // the strings and comments inside its fields are not compared).
    const script = `
import sys, tokenize, json
out = {}
for path in sys.argv[1:]:
    try:
        src = open(path, encoding='utf-8').read()
    except Exception:
        continue
    lines = src.splitlines(keepends=True)
    starts = [0]
    for l in lines: starts.append(starts[-1] + len(l.encode('utf-16-le')) // 2)
    off = lambda rc: starts[rc[0] - 1] + len(lines[rc[0] - 1][:rc[1]].encode('utf-16-le')) // 2 if rc[0] - 1 < len(lines) else starts[-1]
    toks = []
    try:
        with open(path, 'rb') as fh:
            for t in tokenize.tokenize(fh.readline):
                if t.type in (tokenize.STRING, tokenize.COMMENT, tokenize.NAME):
                    toks.append([tokenize.tok_name[t.type], off(t.start), off(t.end)])
    except Exception:
        continue
    out[path] = toks
print(json.dumps(out))
`;
    const expected = JSON.parse(execFileSync('python3', ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, [string, number, number][]>;
    expect(Object.keys(expected).length).toBeGreaterThan(30);
    for (const [path, want] of Object.entries(expected)) {
      const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      const got = tokenizePython(text)
        .filter((t) => (t.type === 'string' || t.type === 'comment' || t.type === 'name') && !t.inField)
        .map((t) => [t.type === 'string' ? 'STRING' : t.type === 'comment' ? 'COMMENT' : 'NAME', t.start, t.end]);
      expect(got, path).toEqual(want);
    }
  });
});

function walk(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === '__fixtures__') return [];
    return statSync(p).isDirectory() ? walk(p, pattern) : pattern.test(name) ? [p] : [];
  });
}
