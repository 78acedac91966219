// `canonize init --discover`: proposed configs on real trees in temp dirs — the bundled example (the preset's
// moves), a generated tree whose clusters and counts are known by construction, a tree with nothing to propose,
// determinism, and the refusal to overwrite.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigFile } from '../src/config/load.js';
import { nameCore } from '../src/propose/names.js';
import { discoverConfig } from '../src/propose/propose.js';
import { runCli, tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'legacy-app');
const CANONICAL = 'netra_backend.app.websocket_core.websocket_manager';

interface MoveSpec {
  from: string;
  to: string;
  symbols: string[] | Record<string, string>;
}

/** The example without its config, in a fresh temp dir. */
function copyExample(): string {
  const dir = tempTree();
  cpSync(EXAMPLE, dir, { recursive: true });
  rmSync(join(dir, 'canonize.config.yaml'));
  return dir;
}

/** Run `init --discover`, check the file validates against the config schema, and return its text and moves. */
async function discover(dir: string, ...args: string[]): Promise<{ text: string; moves: MoveSpec[]; tsMoves: MoveSpec[]; stdout: string }> {
  const run = await runCli(['init', '--discover', ...args], { cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const file = join(dir, 'canonize.config.yaml');
  const loaded = await loadConfigFile(file);
  const text = readFileSync(file, 'utf8');
  const raw = parse(text) as { python: { moves: MoveSpec[] }; typescript?: { moves: MoveSpec[] } };
  // Loading gives every move its id (derived: the config written names none); the rest is the config as written.
  expect(loaded.spec.python.moves.map((m) => ({ ...m, id: undefined }))).toEqual(raw.python.moves);
  expect(loaded.spec.python.moves.every((m) => m.id?.startsWith('python.moves/'))).toBe(true);
  return { text, moves: raw.python.moves, tsMoves: raw.typescript?.moves ?? [], stdout: run.stdout };
}

/** The text with wrapped comment lines joined back (a continuation line is indented deeper than its first line). */
const flat = (text: string): string => text.replace(/\n *# {4,}/g, ' ');

const byFrom = (moves: MoveSpec[]) => Object.fromEntries(moves.map((m) => [m.from, m]));

describe('init --discover on the bundled example', () => {
  it("proposes the preset's moves, onto the canonical module, with the UnifiedWebSocketManager rename", async () => {
    const dir = copyExample();
    const { moves, tsMoves, text, stdout } = await discover(dir);
    expect(stdout).toContain('proposed 6 Python moves');

    expect(byFrom(moves)).toEqual({
      'netra_backend.app.websocket_core': { from: 'netra_backend.app.websocket_core', to: CANONICAL, symbols: ['WebSocketManager'] },
      'netra_backend.app.websocket_core.manager': { from: 'netra_backend.app.websocket_core.manager', to: CANONICAL, symbols: ['WebSocketManager'] },
      'netra_backend.app.websocket_core.unified_manager': {
        from: 'netra_backend.app.websocket_core.unified_manager',
        to: CANONICAL,
        symbols: { UnifiedWebSocketManager: 'WebSocketManager', WebSocketConnection: 'WebSocketConnection' },
      },
      'netra_backend.app.services.websocket': { from: 'netra_backend.app.services.websocket', to: CANONICAL, symbols: ['WebSocketManager'] },
      'netra_backend.app.websocket': { from: 'netra_backend.app.websocket', to: CANONICAL, symbols: ['WebSocketManager'] },
      'netra_backend.app.websocket_core.unified_manager_compat': {
        from: 'netra_backend.app.websocket_core.unified_manager_compat',
        to: CANONICAL,
        symbols: { UnifiedWebSocketManager: 'WebSocketManager' },
      },
    });

    // Against the preset itself: the same legacy modules, the same target, and every proposed mapping is the preset's.
    const preset = parse(readFileSync(join(ROOT, 'presets', 'websocket-ssot.yaml'), 'utf8')) as { python: { moves: MoveSpec[] } };
    const asMap = (s: MoveSpec['symbols']) => (Array.isArray(s) ? Object.fromEntries(s.map((n) => [n, n])) : s);
    expect(moves.map((m) => m.from).sort()).toEqual(preset.python.moves.map((m) => m.from).sort());
    for (const want of preset.python.moves) {
      const got = byFrom(moves)[want.from]!;
      expect(got.to).toBe(want.to);
      expect(asMap(want.symbols)).toMatchObject(asMap(got.symbols));
    }

    // The older TypeScript module re-exports the service under old names; ChatWindow and a test import getSocket.
    expect(tsMoves).toEqual([{ from: 'frontend/src/lib/socket.ts', to: 'frontend/src/services/webSocketService.ts', symbols: { getSocket: 'getClient' } }]);

    // The comments carry the evidence and the counts a reviewer needs.
    expect(flat(text)).toContain('#   same symbol under an old name: class UnifiedWebSocketManager');
    expect(flat(text)).toContain('it subclasses WebSocketManager; its module imports WebSocketManager from');
    expect(text).toContain('# netra_backend.app.websocket_core.manager: 5 files (1 test) import the names that move');
    expect(text).toContain('# netra_backend.app.websocket_core: 2 files import the names that move');
    expect(text).toContain('Not read, they do not parse: netra_backend/app/routes/broken_merge.py.');
    expect(text).toContain('Backup copies, never read and excluded below: netra_backend/app/websocket_core/unified_manager.py.backup.');
    // Left out, with reasons: the factory module is deprecated, the agents' protocol is another class, Isolated is a variant.
    expect(flat(text)).toContain('#   not proposed: netra_backend.app.websocket_core.websocket_manager_factory is deprecated (its docstring says DEPRECATED).');
    expect(text).toContain('#     - from: netra_backend.app.websocket_core.canonical_imports');
    expect(flat(text)).toMatch(/netra_backend\.app\.agents\.interfaces\.WebSocketManager \(class[^~]*~[^:]*websocket_manager\.WebSocketManager[^\n]*same name, different definitions/);
    expect(flat(text)).toMatch(/IsolatedWebSocketManager[^\n]*"Isolated" marks a variant/);
  });

  it('gives a config the planner accepts: it plans the migration and skips only the file that does not parse', async () => {
    const dir = copyExample();
    await discover(dir);
    const run = await runCli(['plan', '--json'], { cwd: dir });
    const plan = JSON.parse(run.stdout) as { files: { path: string; outcome: string }[] };
    expect(plan.files.filter((f) => f.outcome === 'skipped').map((f) => f.path)).toEqual(['netra_backend/app/routes/broken_merge.py']);
    expect(plan.files.filter((f) => f.outcome === 'changed').map((f) => f.path)).toEqual(
      expect.arrayContaining(['netra_backend/app/services/notification_service.py', 'netra_backend/app/routes/websocket_routes.py', 'frontend/src/components/ChatWindow.tsx']),
    );
  });
});

/** How many consumers import each legacy form; every count must come back exactly. */
interface Counts {
  canonical: number;
  pkg: number;
  compat: number;
  oldName: number;
  attribute: number;
  shim: number;
  privateFactory: number;
  canonicalFactory: number;
  tests: number;
}

/** A tree with known clusters: each consumer file imports one form, so every count is known by construction. */
function generatedTree(n: Counts): Record<string, string> {
  const files: Record<string, string> = {
    'core/__init__.py': 'from core.impl import Widget, WidgetFactory\n\n__all__ = ["Widget", "WidgetFactory"]\n',
    'core/impl.py': 'class Widget:\n    pass\n\n\nclass WidgetFactory:\n    def build(self):\n        return Widget()\n\n\ndef make_widget():\n    return Widget()\n',
    'compat/__init__.py': '',
    'compat/widgets.py': 'from core.impl import Widget, make_widget\n\n__all__ = ["Widget", "make_widget"]\n',
    'compat/factory.py': 'from core.impl import WidgetFactory\n\n\nclass _WidgetFactory(WidgetFactory):\n    pass\n',
    'legacy/__init__.py': '',
    'legacy/old_widget.py': 'from core.impl import Widget\n\n\nclass LegacyWidget(Widget):\n    pass\n',
    'shim.py': 'from compat.widgets import Widget\n\n__all__ = ["Widget"]\n',
    // Not the same symbol: another class of the same name, and a variant.
    'other/protocols.py': 'class Widget:\n    kind = "protocol"\n',
    'app/uses_protocol.py': 'from other.protocols import Widget\n\nw: Widget\n',
    'variants.py': 'from core.impl import Widget\n\n\nclass AsyncWidget(Widget):\n    pass\n',
    'app/uses_async.py': 'from variants import AsyncWidget\n\nAsyncWidget()\n',
    // A re-export cycle, a package API used through one path, a deprecated definer.
    'cyc/a.py': 'from cyc.b import Loop\n',
    'cyc/b.py': 'from cyc.a import Loop\n',
    'app/uses_loop.py': 'from cyc.a import Loop\n',
    'api/__init__.py': 'from api.impl import Thing\n\n__all__ = ["Thing"]\n',
    'api/impl.py': 'class Thing:\n    pass\n',
    'app/uses_api.py': 'from api import Thing\n\nThing()\n',
    'app/uses_api_too.py': 'from api import Thing\n\nThing()\n',
    'old_factory.py': '"""DEPRECATED: build things some other way."""\n\n\ndef build_thing():\n    return 1\n',
    'factories.py': 'from old_factory import build_thing\n\n__all__ = ["build_thing"]\n',
    'app/uses_build_a.py': 'from old_factory import build_thing\n\nbuild_thing()\n',
    'app/uses_build_b.py': 'from factories import build_thing\n\nbuild_thing()\n',
    // Never counted: backup copies, a file that does not parse, a line marked to be ignored.
    'core/impl.py.backup': 'from compat.widgets import Widget\n',
    'app/consumer.backup.py': 'from compat.widgets import Widget\nfrom shim import Widget\n',
    'app/broken.py': 'from compat.widgets import Widget\n<<<<<<< HEAD\nx = 1\n',
    'app/ignored.py': 'from compat.widgets import Widget  # canonize: ignore\n',
  };
  const consumers: [keyof Counts, string][] = [
    ['canonical', 'from core.impl import Widget\n\nWidget()\n'],
    ['pkg', 'from core import Widget\n\nWidget()\n'],
    ['compat', 'from compat.widgets import Widget, make_widget\n\nWidget()\nmake_widget()\n'],
    ['oldName', 'from legacy.old_widget import LegacyWidget\n\nLegacyWidget()\n'],
    ['attribute', 'import compat.widgets as cw\n\n\ndef f():\n    return cw.Widget()\n'],
    ['shim', 'from shim import Widget\n\nWidget()\n'],
    ['privateFactory', 'from compat.factory import _WidgetFactory\n\n_WidgetFactory().build()\n'],
    ['canonicalFactory', 'from core.impl import WidgetFactory, make_widget\n\nWidgetFactory().build()\nmake_widget()\n'],
  ];
  for (const [kind, text] of consumers) for (let i = 0; i < n[kind]; i++) files[`app/${kind}_${i}.py`] = text;
  for (let i = 0; i < n.tests; i++) files[`tests/test_widget_${i}.py`] = 'from compat.widgets import Widget\n\n\ndef test_it():\n    assert Widget()\n';
  return files;
}

describe('init --discover on a generated tree', () => {
  const cases: Counts[] = [
    { canonical: 3, pkg: 4, compat: 5, oldName: 2, attribute: 2, shim: 1, privateFactory: 2, canonicalFactory: 1, tests: 2 },
    { canonical: 1, pkg: 1, compat: 1, oldName: 1, attribute: 1, shim: 1, privateFactory: 1, canonicalFactory: 1, tests: 1 },
  ];

  it.each(cases)('finds every cluster with its exact counts (%o)', async (n) => {
    const dir = tempTree(generatedTree(n));
    const result = await discoverConfig({ root: dir });

    expect(result.backups).toEqual(['app/consumer.backup.py', 'core/impl.py.backup']);
    expect(result.notParsed).toEqual(['app/broken.py']);
    expect(result.cycles).toEqual(['cyc.a:Loop', 'cyc.b:Loop']);
    expect(result.singlePath).toBe(1); // api.impl.Thing, used through the package only

    const proposed = result.clusters.filter((c) => c.status === 'proposed');
    // Widget: the package `core` lists it in `__all__` (its definer core.impl has none), so `core` is canonical (rule listed).
    expect(proposed.map((c) => c.id)).toEqual(['core:Widget', 'core.impl:WidgetFactory', 'core.impl:make_widget']);
    const widget = proposed[0]!;
    expect(widget.definitions.map((d) => `${d.module}.${d.name}`)).toEqual(['core.impl.Widget', 'legacy.old_widget.LegacyWidget']);
    // `core` and `shim` both list it; `core` has more users (or, tied, comes first by name).
    expect(widget.canonical.reasons).toEqual(['unmarked-name', n.pkg > n.shim ? 'most-used' : 'first-module-by-name']);
    const counts = Object.fromEntries(widget.paths.map((p) => [`${p.module}.${p.name}`, [p.files.length, p.testFiles, p.reExportFiles]]));
    expect(counts).toEqual({
      // the consumers, plus core/__init__ and compat/widgets (re-exports), legacy/old_widget and variants (subclasses)
      'core.impl.Widget': [n.canonical + 4, 0, 2],
      'core.Widget': [n.pkg, 0, 0],
      // `from compat.widgets import …`, `cw.Widget`, the tests, and shim.py re-exporting it
      'compat.widgets.Widget': [n.compat + n.attribute + n.tests + 1, n.tests, 1],
      'legacy.old_widget.LegacyWidget': [n.oldName, 0, 0],
      'shim.Widget': [n.shim, 0, 0],
    });
    expect(proposed[1]!.definitions.map((d) => d.name)).toEqual(['WidgetFactory', '_WidgetFactory']);

    const moves = Object.fromEntries(result.moves.filter((m) => m.status === 'proposed').map((m) => [`${m.from} → ${m.to}`, [m.symbols, m.files, m.testFiles]]));
    expect(moves).toEqual({
      'compat.widgets → core': [['Widget'], n.compat + n.attribute + n.tests + 1, n.tests],
      'core.impl → core': [['Widget'], n.canonical + 4, 0],
      'legacy.old_widget → core': [{ LegacyWidget: 'Widget' }, n.oldName, 0],
      'shim → core': [['Widget'], n.shim, 0],
      'compat.widgets → core.impl': [['make_widget'], n.compat, 0],
      'compat.factory → core.impl': [{ _WidgetFactory: 'WidgetFactory' }, n.privateFactory, 0],
    });

    // The deprecated definer: found, but left out (its public re-export `factories` is the binding shown).
    expect(result.clusters.filter((c) => c.status === 'left-out').map((c) => [c.id, c.leftOut?.reason, c.leftOut?.module])).toEqual([['factories:build_thing', 'canonical-deprecated', 'old_factory']]);
    expect(result.moves.filter((m) => m.status === 'left-out').map((m) => [m.from, m.to, m.symbols, m.files])).toEqual([['old_factory', 'factories', ['build_thing'], 2]]);

    // Likenesses reported, not acted on.
    expect(result.similar.map((s) => [`${s.definition.module}.${s.definition.name}`, `${s.similarTo.module}.${s.similarTo.name}`, s.reason])).toEqual([
      ['other.protocols.Widget', 'core.impl.Widget', 'same-name-different-body'],
      ['variants.AsyncWidget', 'core.impl.Widget', 'variant'],
    ]);
  });

  it('writes the counts into the comments of a config that validates', async () => {
    const n = cases[0]!;
    const dir = tempTree(generatedTree(n));
    const { text, moves } = await discover(dir);
    expect(moves).toHaveLength(6);
    expect(text).toContain(`# compat.widgets: ${n.compat + n.attribute + n.tests + 1} files (${n.tests} tests) import the names that move`);
    expect(text).toContain(`#   LegacyWidget → Widget (renamed): ${n.oldName} files; defined here (legacy/old_widget.py:4)`);
    expect(text).toContain('#     - from: old_factory');
    expect(text).toContain('Re-export cycles (a module imports the name from one that imports it back), not followed: cyc.a:Loop, cyc.b:Loop.');
  });

  it('only scans the paths it is given', async () => {
    const dir = tempTree(generatedTree(cases[0]!));
    const result = await discoverConfig({ root: dir, paths: ['core', 'app/pkg_0.py', 'app/pkg_1.py', 'app/canonical_0.py'].map((p) => join(dir, p)) });
    // canonical_0 and core/__init__ import it from core.impl; core lists it in `__all__` and has the users.
    expect(result.moves.map((m) => [m.from, m.to, m.symbols, m.files])).toEqual([['core.impl', 'core', ['Widget'], 2]]);
  });
});

describe('init --discover on TypeScript', () => {
  it('follows barrels and renamed re-exports to the declaring file', async () => {
    const dir = tempTree({
      'src/net/client.ts': 'export function connect(): number {\n  return 1;\n}\nexport const VERSION = 2;\n',
      'src/net/index.ts': "export * from './client';\n",
      'src/old/socket.ts': "/** @deprecated use ../net/client */\nexport { connect as openSocket } from '../net/client';\n",
      'src/a.ts': "import { connect } from './net/client';\nconnect();\n",
      'src/b.ts': "import { connect, VERSION } from './net';\nconnect();\nVERSION;\n",
      'src/c.ts': "import { openSocket } from './old/socket';\nopenSocket();\n",
      'src/d.ts': "const { openSocket } = require('./old/socket');\nopenSocket();\n",
      'src/e.ts': "import { VERSION } from './net/client';\nVERSION;\n",
      // Declared in a deprecated file: reached two ways, but not a canonical module.
      'src/legacy/old.ts': '/** @deprecated */\nexport const OLD = 1;\n',
      'src/legacy/index.ts': "export { OLD } from './old';\n",
      'src/f.ts': "import { OLD } from './legacy/old';\nOLD;\n",
      'src/g.ts': "import { OLD } from './legacy';\nOLD;\n",
    });
    const { tsMoves, moves, text } = await discover(dir);
    expect(flat(text)).toContain('# TypeScript, left out: exports reached through several files whose declaring file is @deprecated: src/legacy/old.ts OLD.');
    expect(moves).toEqual([]);
    // Most importing files first.
    expect(tsMoves).toEqual([
      { from: 'src/old/socket.ts', to: 'src/net/client.ts', symbols: { openSocket: 'connect' } },
      { from: 'src/net/index.ts', to: 'src/net/client.ts', symbols: ['VERSION', 'connect'] },
    ]);
  });
});

describe('init --discover without fragmentation', () => {
  it('proposes nothing, and says so', async () => {
    const dir = tempTree({
      'pkg/__init__.py': 'from pkg.a import A\n\n__all__ = ["A"]\n',
      'pkg/a.py': 'class A:\n    pass\n',
      'pkg/b.py': 'from pkg.a import A\n\n\nclass B(A):\n    pass\n',
      'app/main.py': 'from pkg.a import A\nfrom pkg.b import B\nfrom api import Thing\n\nA()\nB()\nThing()\n',
      // A package API: re-exported, used through the package only.
      'api/__init__.py': 'from api.impl import Thing\n',
      'api/impl.py': 'class Thing:\n    pass\n',
      'tests/test_b.py': 'from pkg.b import B\n\n\ndef test_b():\n    assert B()\n',
    });
    const result = await discoverConfig({ root: dir });
    expect(result.clusters).toEqual([]);
    expect(result.moves).toEqual([]);
    const { moves, text, stdout } = await discover(dir);
    expect(moves).toEqual([]);
    expect(stdout).toContain('no fragmentation found, nothing proposed');
    expect(text).toContain('# No fragmentation found: no symbol of this tree is used through more than one module path');
    expect(text).toMatch(/^ {2}moves: \[\]$/m);
    expect(text).not.toContain('typescript:');
    // No move, no example rule test.
    expect(existsSync(join(dir, 'canonize-tests'))).toBe(false);
  });
});

describe('init --discover is deterministic and careful', () => {
  it('gives byte-identical configs for the same tree, wherever it is and in whatever order its files were written', async () => {
    const first = copyExample();
    const a = (await discover(first)).text;
    expect((await discover(first, '--force')).text).toBe(a);
    // The same files written in reverse order, in another directory.
    const files = generatedTree({ canonical: 2, pkg: 2, compat: 2, oldName: 2, attribute: 2, shim: 2, privateFactory: 2, canonicalFactory: 2, tests: 2 });
    const forward = tempTree(files);
    const backward = tempTree(Object.fromEntries(Object.entries(files).reverse()));
    expect((await discover(backward)).text).toBe((await discover(forward)).text);
  });

  it('writes an example rule test of the first proposed move, which passes and which its own second run does not read', async () => {
    const dir = copyExample();
    const { stdout, moves, text } = await discover(dir);
    const tests = join(dir, 'canonize-tests');
    expect(stdout).toContain(`wrote an example rule test in ${tests}`);
    const input = readFileSync(join(tests, 'example.input.py'), 'utf8');
    const output = readFileSync(join(tests, 'example.output.py'), 'utf8');
    const first = moves[0]!;
    const [name, newName] = Array.isArray(first.symbols) ? [first.symbols[0]!, first.symbols[0]!] : Object.entries(first.symbols)[0]!;
    expect(input).toContain(`\nfrom ${first.from} import ${name}\n\nprint(${name})\n`);
    expect(output).toContain(`\nfrom ${first.to} import ${newName}\n\nprint(${newName})\n`);
    // The TypeScript moves name files: stand-ins for them in the shared support folder, so that the config loads there.
    expect(readFileSync(join(tests, '_project', 'frontend', 'src', 'lib', 'socket.ts'), 'utf8')).toBe('export {};\n');
    expect(text).toMatch(/^exclude: \[.*"canonize-tests\/\*\*"\]$/m);
    const run = await runCli(['test', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { cases: { name: string; outcome: string; ok: boolean }[] }).cases).toEqual([expect.objectContaining({ name: 'example', outcome: 'changed', ok: true })]);
    // The cases are not source: discovering again proposes the same config, and keeps the cases as they are.
    expect((await discover(dir, '--force')).text).toBe(text);
    expect(readFileSync(join(tests, 'example.output.py'), 'utf8')).toBe(output);
    expect((await runCli(['check'], { cwd: dir })).stdout).not.toContain('canonize-tests');
  });

  it('refuses to overwrite a config without --force, and takes paths only with --discover', async () => {
    const dir = copyExample();
    writeFileSync(join(dir, 'canonize.config.yaml'), 'version: 1\n');
    const refused = await runCli(['init', '--discover'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('E_INIT_EXISTS');
    expect(readFileSync(join(dir, 'canonize.config.yaml'), 'utf8')).toBe('version: 1\n');
    expect((await runCli(['init', 'netra_backend'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['init', '--discover', '--preset', 'websocket-ssot', '--force'], { cwd: dir })).code).toBe(2);
    expect(readFileSync(join(dir, 'canonize.config.yaml'), 'utf8')).toBe('version: 1\n');
    const { moves } = await discover(dir, '--force');
    expect(moves).toHaveLength(6);
  });
});

describe('similar names', () => {
  it.each([
    ['UnifiedWebSocketManager', 'WebSocketManager', 'old-name'],
    ['_WebSocketManagerFactory', 'WebSocketManagerFactory', 'old-name'],
    ['_UnifiedWebSocketManagerImplementation', 'WebSocketManager', 'old-name'],
    ['_LegacyWebSocketManagerAdapter', 'WebSocketManagerAdapter', 'old-name'],
    ['legacy_create_manager', 'create_manager', 'old-name'],
    ['IsolatedWebSocketManager', 'WebSocketManager', 'variant'],
    ['create_websocket_manager_sync', 'create_websocket_manager', 'variant'],
    ['WebSocketManager', 'WebSocketManager', 'none'],
    ['Oldham', 'Oldham', 'none'],
    ['OldApi', 'Api', 'old-name'],
    ['Unified', 'Unified', 'none'],
    ['__init__', '__init__', 'none'],
  ])('%s → %s (%s)', (name, core, kind) => {
    expect(nameCore(name)).toMatchObject({ core, kind });
  });
});
