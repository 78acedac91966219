// `canonize retire` analysis on real temp trees: the references left to each legacy module (the residue scan over
// every other file: imports, strings, re-export chains), the names that stay, import-time side effects, and the
// verdict (delete / shim / keep with the reason), to a fixpoint across legacy modules; and `retire --dry-run`.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/config/compile.js';
import { loadConfig } from '../src/config/load.js';
import { analyseRetire } from '../src/retire/analyse.js';
import type { RetiredModule } from '../src/retire/types.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const PY_CONFIG = `version: 1
python:
  moves:
    - from: pkg.old
      to: pkg.new
      symbols: { OldThing: Thing, helper: helper }
`;
const CANONICAL = 'class Thing:\n    pass\n\n\ndef helper():\n    return 1\n';
const ONLY_MOVED = 'from pkg.new import Thing as OldThing, helper\n';

async function analyse(files: Record<string, string>, shim?: string[]): Promise<Map<string, RetiredModule>> {
  const dir = tempTree(files);
  const config = compileConfig(await loadConfig({ searchFrom: [dir] }));
  const report = await analyseRetire({ config, ...(shim ? { shim } : {}) });
  return new Map(report.modules.map((m) => [m.module, m]));
}

const py = (old: string, extra: Record<string, string> = {}, config = PY_CONFIG) =>
  ({ 'canonize.config.yaml': config, 'pkg/__init__.py': '', 'pkg/new.py': CANONICAL, 'pkg/old.py': old, ...extra });

describe('Python legacy modules', () => {
  it('no reference left and nothing stays: delete', async () => {
    const m = (await analyse(py(ONLY_MOVED, { 'app.py': 'from pkg.new import Thing\n' }))).get('pkg.old')!;
    expect(m).toMatchObject({ verdict: 'delete', path: 'pkg/old.py', references: [], stays: [], reasons: ['no reference left and nothing stays'] });
    expect(m.shim).toBeUndefined();
  });

  it('a reference left to a moved name: shim, the reference listed', async () => {
    const m = (await analyse(py(ONLY_MOVED, { 'app.py': 'import os\nfrom pkg.old import OldThing\n' }))).get('pkg.old')!;
    expect(m.verdict).toBe('shim');
    expect(m.references).toEqual([{ path: 'app.py', line: 2, column: 21, kind: 'import', symbol: 'OldThing', text: 'OldThing', moved: true, chain: false }]);
    expect(m.reasons).toEqual(['1 reference(s) left in 1 file(s)']);
    expect(m.shim).toContain('"OldThing": ("pkg.new", "Thing"),');
  });

  it('every reference counts: the module itself, a name that stays, strings (not only the moved names)', async () => {
    const m = (
      await analyse(
        py(ONLY_MOVED, {
          'a.py': 'import pkg.old\n',
          'b.py': 'from unittest import mock\n\n@mock.patch("pkg.old.OldThing")\ndef test(): pass\n',
          'c.py': 'import importlib\nm = importlib.import_module("pkg.old")\n',
          'd.py': '# pkg.old is gone\n"""pkg.old in a docstring"""\n',
        }),
      )
    ).get('pkg.old')!;
    expect(m.references.map((r) => [r.path, r.kind, r.text, r.moved])).toEqual([
      ['a.py', 'import', 'pkg.old', false],
      ['b.py', 'string', 'pkg.old.OldThing', true],
      ['c.py', 'string', 'pkg.old', false],
    ]);
    expect(m.verdict).toBe('shim');
  });

  it('names that stay: never deleted, only shimmed', async () => {
    const m = (await analyse(py(`${ONLY_MOVED}\n\ndef kept():\n    return helper()\n`))).get('pkg.old')!;
    // `helper` is read by code that stays, and is the canonical object already: it stays bound (said).
    expect(m).toMatchObject({ verdict: 'shim', stays: ['kept'], references: [] });
    expect(m.reasons).toEqual(['names stay in it: kept', expect.stringContaining('helper stays bound')]);
  });

  it('--shim asks for a shim of a module nothing references; an unknown module is a usage error', async () => {
    const m = (await analyse(py(ONLY_MOVED), ['pkg.old'])).get('pkg.old')!;
    expect(m).toMatchObject({ verdict: 'shim', reasons: ['--shim asks for a shim'] });
    await expect(analyse(py(ONLY_MOVED), ['pkg.nope'])).rejects.toThrow(/--shim pkg.nope: not a legacy module of the config/);
  });

  it('a re-export chain: `from legacy import *` and a name listed in __all__ are chains', async () => {
    const m = (
      await analyse(
        py(ONLY_MOVED, {
          'reexport/__init__.py': 'from pkg.old import *\n',
          'listed.py': 'from pkg.old import helper as h\n\n__all__ = ["h"]\n',
          'plain.py': 'from pkg.old import helper\n',
        }),
      )
    ).get('pkg.old')!;
    expect(m.references.map((r) => [r.path, r.chain])).toEqual([
      ['listed.py', true],
      ['plain.py', false],
      ['reexport/__init__.py', true],
    ]);
    expect(m.reasons).toEqual(['3 reference(s) left in 3 file(s), 2 of them re-exporting it']);
  });

  it('its canonical module imports a moved name from it: keep (a shim would import itself in a circle)', async () => {
    const m = (await analyse(py('class OldThing:\n    pass\n\n\ndef helper():\n    return 1\n', { 'pkg/new.py': 'from pkg.old import OldThing as Thing, helper\n' }))).get('pkg.old')!;
    expect(m.verdict).toBe('keep');
    expect(m.reasons).toEqual(['its canonical module pkg/new.py imports OldThing from it (line 1): move the definition there first']);
  });

  it('code that stays uses a moved definition: shim, the definition replaced by an import of the canonical object', async () => {
    const m = (await analyse(py('# The old thing.\nclass OldThing:\n    pass\n\n\ndef make():\n    return OldThing()\n'))).get('pkg.old')!;
    expect(m.verdict).toBe('shim');
    expect(m.reasons).toEqual([
      'names stay in it: make',
      'code that stays in the module uses OldThing: the shim binds it to pkg.new.Thing where it was defined, so importing it from here does not warn',
    ]);
    // The comment above the definition goes with it, as when a definition is cut.
    expect(m.shim!.split('# canonize retire')[0]).toBe('from pkg.new import Thing as OldThing\n\n\ndef make():\n    return OldThing()\n\n\n');
    // Still forwarded by __getattr__'s table (never asked: the name is bound), so a fresh checkout's check finds it.
    expect(m.shim).toContain('"OldThing": ("pkg.new", "Thing"),');
  });

  it('code that stays assigns to a member of a moved definition, or declares it global: keep, naming the line', async () => {
    for (const [code, reason] of [
      ['OldThing.count = 0\n', 'OldThing moves, but code that stays in the module assigns to a member of it (line 5); the canonical object cannot stand in for it'],
      ['def reset():\n    global OldThing\n    OldThing = None\n', 'OldThing moves, but code that stays in the module declares it global (line 6); the canonical object cannot stand in for it'],
    ]) {
      const m = (await analyse(py(`class OldThing:\n    pass\n\n\n${code}`))).get('pkg.old')!;
      expect(m, code).toMatchObject({ verdict: 'keep', reasons: [`no shim can be written: ${reason}`] });
    }
  });

  it('code that stays uses a moved definition and the canonical module imports the legacy one: keep (a circular import)', async () => {
    const m = (await analyse(py('class OldThing:\n    pass\n\n\ndef make():\n    return OldThing()\n', { 'pkg/new.py': `${CANONICAL}\nfrom pkg.old import make\n` }))).get('pkg.old')!;
    expect(m.verdict).toBe('keep');
    expect(m.reasons).toEqual(['its canonical module pkg/new.py imports it (line 8), and its shim would import that module as it loads (for code that stays in it): a circular import']);
  });

  it('import-time side effects are reported, definitions and constants are not', async () => {
    const old = `"""Doc."""\nimport logging\n\nLIMIT = 3\nlog = logging.getLogger(__name__)\nprint("loaded")\nif LIMIT:\n    pass\n__all__ = ["OldThing"]\n__all__ += ["helper"]\n\n@decorator\ndef f():\n    pass\n${ONLY_MOVED}`;
    const m = (await analyse(py(old))).get('pkg.old')!;
    expect(m.sideEffects).toEqual([
      { line: 5, column: 1, text: 'log = logging.getLogger(__name__)' },
      { line: 6, column: 1, text: 'print("loaded")' },
      { line: 7, column: 1, text: 'if LIMIT:' },
    ]);
  });

  it('a legacy module referenced only by another that is deleted is deleted too (fixpoint)', async () => {
    const config = `${PY_CONFIG}    - from: pkg.older\n      to: pkg.new\n      symbols: [Thing]\n`;
    const modules = await analyse(py(ONLY_MOVED, { 'pkg/older.py': 'from pkg.old import OldThing as Thing\n' }, config));
    expect([...modules.values()].map((m) => [m.module, m.verdict])).toEqual([
      ['pkg.old', 'delete'],
      ['pkg.older', 'delete'],
    ]);
    // Kept alive from outside, the second one keeps the first alive through the lines its shim keeps.
    const alive = await analyse(py(ONLY_MOVED, { 'pkg/older.py': 'from pkg.old import helper\n\n\ndef keep():\n    return helper()\n\n\nThing = 1\n', 'app.py': 'import pkg.older\n' }, config));
    expect([...alive.values()].map((m) => [m.module, m.verdict, m.references.map((r) => r.path)])).toEqual([
      ['pkg.old', 'shim', ['pkg/older.py']],
      ['pkg.older', 'shim', ['app.py']],
    ]);
  });

  it("a package's submodules are not references to the package's own names", async () => {
    const config = 'version: 1\npython:\n  moves:\n    - from: pkg\n      to: pkg.new\n      symbols: [Thing]\n';
    const m = (await analyse({ 'canonize.config.yaml': config, 'pkg/__init__.py': 'from pkg.new import Thing\n', 'pkg/new.py': CANONICAL, 'pkg/util.py': 'X = 1\n', 'app.py': 'from pkg.util import X\nimport pkg.new\n' })).get('pkg')!;
    expect(m).toMatchObject({ verdict: 'delete', references: [] });
  });

  it('a module the tree does not have: keep, saying so', async () => {
    const m = (await analyse({ 'canonize.config.yaml': PY_CONFIG, 'pkg/new.py': CANONICAL })).get('pkg.old')!;
    expect(m).toMatchObject({ verdict: 'keep', reasons: ['no file for it under the source roots (.)'] });
    expect(m.path).toBeUndefined();
  });
});

const TS_CONFIG = `version: 1
typescript:
  moves:
    - from: src/old.ts
      to: src/new.ts
      symbols: { OldClient: Client, Options: Options }
    - from: src/new.ts
      to: src/new.ts
`;

describe('TypeScript legacy modules', () => {
  const ts = (old: string, extra: Record<string, string> = {}) => ({
    'canonize.config.yaml': TS_CONFIG,
    'tsconfig.json': '{ "compilerOptions": { "strict": true }, "include": ["src"] }',
    'src/new.ts': 'export interface Options { url: string }\nexport class Client {}\n',
    'src/old.ts': old,
    ...extra,
  });
  const onlyMoved = "export { Client as OldClient } from './new';\nexport type { Options } from './new';\n";

  it('no importer left: delete; a move that only respells its own module is not a legacy module', async () => {
    const modules = await analyse(ts(onlyMoved, { 'src/app.ts': "import { Client } from './new';\n" }));
    expect([...modules.keys()]).toEqual(['src/old.ts']);
    expect(modules.get('src/old.ts')).toMatchObject({ verdict: 'delete', references: [] });
  });

  it('an importer left: shim, re-exporting each moved name from a specifier relative to the module, types as types', async () => {
    const m = (await analyse(ts(`${onlyMoved}export const VERSION = 1;\nsetup();\n`, { 'src/app.ts': "import { OldClient } from './old';\nexport * from './old';\n" }))).get('src/old.ts')!;
    expect(m.verdict).toBe('shim');
    expect(m.stays).toEqual(['VERSION']);
    expect(m.references.map((r) => [r.path, r.line, r.chain])).toEqual([
      ['src/app.ts', 1, false],
      ['src/app.ts', 2, true],
    ]);
    expect(m.sideEffects).toEqual([{ line: 4, column: 1, text: 'setup();' }]);
    expect(m.shim).toBe(
      [
        'export const VERSION = 1;',
        'setup();',
        '',
        '// canonize retire: deprecation shim: the exports below moved; importing them from here still works.',
        "/** @deprecated use Client from './new' */",
        "export { Client as OldClient } from './new';",
        "/** @deprecated use Options from './new' */",
        "export type { Options } from './new';",
        '',
      ].join('\n'),
    );
  });

  it('a moved declaration that code staying in the module uses: shim, the canonical one imported under the old name', async () => {
    const m = (await analyse(ts('export class OldClient {}\nexport interface Options {}\nexport const make = (o: Options) => new OldClient();\n'))).get('src/old.ts')!;
    expect(m.verdict).toBe('shim');
    expect(m.reasons.slice(1)).toEqual([
      'code that stays in the module uses OldClient (its declaration moves): the shim imports it from its canonical module under that name',
      'code that stays in the module uses Options (its declaration moves): the shim imports it from its canonical module under that name',
    ]);
    expect(m.shim).toBe(
      [
        'export const make = (o: Options) => new OldClient();',
        '',
        '// canonize retire: deprecation shim: the exports below moved; importing them from here still works.',
        "import { Client as OldClient } from './new';",
        "import type { Options } from './new';",
        "/** @deprecated use Client from './new' */",
        "export { Client as OldClient } from './new';",
        "/** @deprecated use Options from './new' */",
        "export type { Options } from './new';",
        '',
      ].join('\n'),
    );
  });

  it('a moved name that staying code assigns to, or to a member of: keep, with the line', async () => {
    for (const [code, line] of [
      ['OldClient.instances = 0;', 3],
      ['export function reset() { OldClient = class {}; }', 3],
    ] as const) {
      const m = (await analyse(ts(`export class OldClient {}\nexport const make = () => new OldClient();\n${code}\n`))).get('src/old.ts')!;
      expect(m.verdict, code).toBe('keep');
      expect(m.reasons).toEqual([`no shim can be written: OldClient moves, but code that stays in the module assigns to it (line ${line}); the canonical one cannot stand in for it`]);
    }
  });
});

describe('canonize retire --dry-run', () => {
  it('prints each module with its verdict and why, and writes nothing; without --dry-run or --yes it refuses (exit 2)', async () => {
    const dir = tempTree(py(ONLY_MOVED, { 'app.py': 'from pkg.old import helper\n' }));
    const run = await runCli(['retire', '--dry-run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '1 legacy module(s): 0 to delete, 1 to shim, 0 kept',
        '',
        'python pkg.old (pkg/old.py): shim',
        '  why: 1 reference(s) left in 1 file(s)',
        '  moves: OldThing -> pkg.new.Thing',
        '  moves: helper -> pkg.new.helper',
        '  references left (1):',
        '    app.py:1:21 import "helper" (moved name)',
        '',
      ].join('\n'),
    );
    const json = await runCli(['retire', '--dry-run', '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ version: 1, modules: [{ module: 'pkg.old', verdict: 'shim' }], unread: [] });
    const refused = await runCli(['retire'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('retire deletes and rewrites files: it needs --yes (or --dry-run to look first)');
  });
});

/** The record of retiring `files()` below: sorted by language and module, two-space JSON, a final newline. */
const RECORD = `{
  "version": 1,
  "modules": [
    {
      "language": "python",
      "module": "pkg.old",
      "path": "pkg/old.py",
      "verdict": "delete",
      "moved": [
        {
          "name": "OldThing",
          "to": "pkg.new",
          "newName": "Thing",
          "rule": "python.moves/pkg.old"
        },
        {
          "name": "helper",
          "to": "pkg.new",
          "newName": "helper",
          "rule": "python.moves/pkg.old"
        }
      ]
    },
    {
      "language": "typescript",
      "module": "web/old.ts",
      "path": "web/old.ts",
      "verdict": "shim",
      "moved": [
        {
          "name": "Client",
          "to": "web/new.ts",
          "newName": "Client",
          "rule": "typescript.moves/web/old.ts"
        }
      ]
    }
  ]
}
`;

describe('canonize retire --yes and check --retired', () => {
  const config = `${PY_CONFIG}typescript:\n  moves:\n    - from: web/old.ts\n      to: web/new.ts\n      symbols: [Client]\n`;
  const files = () =>
    py(ONLY_MOVED, {
      'canonize.config.yaml': config,
      'pkg/kept.py': 'from pkg.new import Thing\n',
      'tsconfig.json': '{ "include": ["web"] }',
      'web/new.ts': 'export class Client {}\n',
      'web/old.ts': "export { Client } from './new';\nexport const LEGACY = 1;\n",
      'web/app.ts': "import { LEGACY } from './old';\nexport const x = LEGACY;\n",
    });

  it('deletes and shims through the journal, records them in canonize.retired.json, and rolls back byte for byte', async () => {
    const dir = tempTree(files());
    const before = readTree(dir);
    const run = await runCli(['retire', '--yes', '--json'], { cwd: dir });
    expect(run.code, run.stdout).toBe(0);
    const doc = JSON.parse(run.stdout) as { runId: string; files: { path: string; outcome: string }[] };
    // The record is written by the run's last batch, after the module batches.
    expect(doc.files).toEqual([
      { path: 'pkg/old.py', outcome: 'written' },
      { path: 'web/old.ts', outcome: 'written' },
      { path: 'canonize.retired.json', outcome: 'written' },
    ]);
    expect(existsSync(join(dir, 'pkg/old.py'))).toBe(false);
    expect(readFileSync(join(dir, 'web/old.ts'), 'utf8')).toBe(
      "export const LEGACY = 1;\n\n// canonize retire: deprecation shim: the exports below moved; importing them from here still works.\n/** @deprecated use Client from './new' */\nexport { Client } from './new';\n",
    );
    expect(readFileSync(join(dir, 'canonize.retired.json'), 'utf8')).toBe(RECORD);
    expect((await runCli(['check', '--retired'], { cwd: dir })).code).toBe(0);
    const back = await runCli(['rollback'], { cwd: dir });
    expect(back.code, back.stderr).toBe(0);
    // The record retire created is gone again.
    expect(readTree(dir)).toEqual(before);
  });

  it("check --retired fails while a deleted module, or a shim's moved name, is imported again (record or marker)", async () => {
    const dir = tempTree(files());
    expect((await runCli(['retire', '--yes'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'pkg/again.py'), 'import pkg.old\n');
    writeFileSync(join(dir, 'web/again.ts'), "import { Client, LEGACY } from './old';\nexport const y = [Client, LEGACY];\n");
    const failed = await runCli(['check', '--retired', '--json'], { cwd: dir });
    expect(failed.code).toBe(1);
    const doc = JSON.parse(failed.stdout) as { retired: { modules: number }; violations: { path: string; rule: string; line: number; message: string }[] };
    expect(doc.retired).toEqual({ modules: 2 });
    expect(doc.violations.filter((v) => v.rule === 'retired').map((v) => [v.path, v.line, v.message])).toEqual([
      ['pkg/again.py', 1, 'module pkg.old, which canonize retire deleted (pkg/old.py), is imported again: import it from its canonical module'],
      ['web/again.ts', 1, 'Client of module web/old.ts, which canonize retire shimmed (web/old.ts), is imported again: import it from its canonical module'],
    ]);
    // Without the record, the shim is still found by its marker (the deleted module is known only from the record).
    rmSync(join(dir, 'canonize.retired.json'));
    const marker = JSON.parse((await runCli(['check', '--retired', '--json'], { cwd: dir })).stdout) as typeof doc;
    expect(marker.retired).toEqual({ modules: 1 });
    expect(marker.violations.filter((v) => v.rule === 'retired').map((v) => v.path)).toEqual(['web/again.ts']);
  });
});
