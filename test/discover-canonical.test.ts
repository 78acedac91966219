// `init --discover`, public first (issue 19): one small tree per rule of the canonical choice, each asserting the
// cluster's canonical binding, the rule that decided and the exact moves; the issue's own case (a private class
// bound publicly as WebSocketManager) rendered byte for byte; and the minority-spelling rule for renames.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverConfig, type DiscoverResult } from '../src/propose/propose.js';
import { renderDiscoveredConfig } from '../src/propose/render.js';
import { tempTree } from './helpers/tmp.js';

/** `n` consumer files importing `line`, named `app/<stem>_<i>.py`. */
function consumers(stem: string, n: number, line: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`app/${stem}_${i}.py`] = `${line}\n`;
  return files;
}

/** Each cluster as `module.name (rule)`, its status, and the moves as `from → to: symbols`. */
function summary(result: DiscoverResult) {
  return {
    clusters: result.clusters.map((c) => `${c.canonical.module}.${c.canonical.name} (${c.canonical.rule}, ${c.status})`),
    moves: result.moves.filter((m) => m.status === 'proposed').map((m) => `${m.from} → ${m.to}: ${JSON.stringify(m.symbols)} (${m.files} files)`),
  };
}

const ISSUE_TREE: Record<string, string> = {
  'ws/__init__.py': '',
  // The implementation under a private name, in a public module…
  'ws/unified.py': 'class _UnifiedWebSocketManagerImplementation:\n    pass\n',
  // …and the documented public import, which most files use.
  'ws/websocket_manager.py': 'from ws.unified import _UnifiedWebSocketManagerImplementation as WebSocketManager\n\n__all__ = ["WebSocketManager"]\n',
  ...consumers('public', 4, 'from ws.websocket_manager import WebSocketManager'),
  ...consumers('private', 1, 'from ws.unified import _UnifiedWebSocketManagerImplementation'),
};

describe('the canonical binding: one rule decides each tree', () => {
  it('public: never a private name or module when a public binding exists (the issue: _UnifiedWebSocketManagerImplementation)', async () => {
    const result = await discoverConfig({ root: tempTree(ISSUE_TREE) });
    expect(summary(result)).toEqual({
      clusters: ['ws.websocket_manager.WebSocketManager (public, proposed)'],
      moves: ['ws.unified → ws.websocket_manager: {"_UnifiedWebSocketManagerImplementation":"WebSocketManager"} (2 files)'],
    });
    // Rendered whole, byte for byte: the rule is named with what it means.
    const expected = readFileSync(join(import.meta.dirname, 'discover-fixtures', 'public-first.config.yaml'), 'utf8');
    expect(renderDiscoveredConfig(result)).toBe(expected);
  });

  it('public: a private module loses to a public re-export even with more importers', async () => {
    const root = tempTree({
      'lib/__init__.py': '',
      'lib/_impl.py': 'class Engine:\n    pass\n',
      'lib/engine.py': 'from lib._impl import Engine\n',
      ...consumers('public', 1, 'from lib.engine import Engine'),
      ...consumers('private', 3, 'from lib._impl import Engine'),
    });
    expect(summary(await discoverConfig({ root }))).toEqual({
      clusters: ['lib.engine.Engine (public, proposed)'],
      moves: ['lib._impl → lib.engine: ["Engine"] (4 files)'],
    });
  });

  it('public: a private name in the only module gives way to its public alias', async () => {
    const root = tempTree({
      'ws.py': 'class _WebSocketManagerFactory:\n    pass\n\n\nWebSocketManager = _WebSocketManagerFactory\n',
      ...consumers('public', 3, 'from ws import WebSocketManager'),
      ...consumers('private', 1, 'from ws import _WebSocketManagerFactory'),
    });
    expect(summary(await discoverConfig({ root }))).toEqual({
      clusters: ['ws.WebSocketManager (only-module, proposed)'],
      moves: ['ws → ws: {"_WebSocketManagerFactory":"WebSocketManager"} (1 files)'],
    });
  });

  it('not-legacy: a deprecated module loses to the definer even with more importers', async () => {
    const root = tempTree({
      'lib/__init__.py': '',
      'lib/impl.py': 'class Thing:\n    pass\n',
      'lib/old_api.py': 'from lib.impl import Thing\n',
      ...consumers('impl', 1, 'from lib.impl import Thing'),
      ...consumers('old', 3, 'from lib.old_api import Thing'),
    });
    expect(summary(await discoverConfig({ root }))).toEqual({
      clusters: ['lib.impl.Thing (not-legacy, proposed)'],
      moves: ['lib.old_api → lib.impl: ["Thing"] (3 files)'],
    });
  });

  it("listed: the module whose __all__ lists it wins over the definer's importers", async () => {
    const root = tempTree({
      'lib/__init__.py': 'from lib.impl import Thing\n\n__all__ = ["Thing"]\n',
      'lib/impl.py': 'class Thing:\n    pass\n',
      ...consumers('impl', 3, 'from lib.impl import Thing'),
      ...consumers('pkg', 1, 'from lib import Thing'),
    });
    expect(summary(await discoverConfig({ root }))).toEqual({
      clusters: ['lib.Thing (listed, proposed)'],
      // the three consumers, and lib/__init__ itself (which, being the canonical module, is never rewritten)
      moves: ['lib.impl → lib: ["Thing"] (4 files)'],
    });
  });

  it('most-used: with no __all__, the module most files use', async () => {
    const root = tempTree({
      'lib/__init__.py': '',
      'lib/impl.py': 'class Thing:\n    pass\n',
      'lib/shortcuts.py': 'from lib.impl import Thing\n',
      ...consumers('impl', 1, 'from lib.impl import Thing'),
      ...consumers('short', 3, 'from lib.shortcuts import Thing'),
    });
    expect(summary(await discoverConfig({ root }))).toEqual({
      clusters: ['lib.shortcuts.Thing (most-used, proposed)'],
      moves: ['lib.impl → lib.shortcuts: ["Thing"] (2 files)'],
    });
  });

  it('defining-module: when the rest ties, the module that defines it', async () => {
    const root = tempTree({
      'lib/__init__.py': '',
      'lib/impl.py': 'class Thing:\n    pass\n',
      'lib/shortcuts.py': 'from lib.impl import Thing\n',
      ...consumers('impl', 2, 'from lib.impl import Thing'),
      ...consumers('short', 2, 'from lib.shortcuts import Thing'),
    });
    // lib.impl has 3 importing files (lib/shortcuts re-exports it) but 2 users, as lib.shortcuts has.
    expect(summary(await discoverConfig({ root }))).toEqual({
      clusters: ['lib.impl.Thing (defining-module, proposed)'],
      moves: ['lib.shortcuts → lib.impl: ["Thing"] (2 files)'],
    });
  });

  it('TypeScript: an explicit export of a public file wins over a private one, as __all__ does', async () => {
    const root = tempTree({
      'src/_internal/client.ts': 'export function connect(): number {\n  return 1;\n}\n',
      'src/client.ts': "export { connect } from './_internal/client';\n",
      'src/a.ts': "import { connect } from './_internal/client';\nconnect();\n",
      'src/b.ts': "import { connect } from './_internal/client';\nconnect();\n",
      'src/c.ts': "import { connect } from './client';\nconnect();\n",
    });
    const result = await discoverConfig({ root });
    expect(result.typescript!.clusters.map((c) => [c.canonical, c.name, c.rule])).toEqual([['src/client.ts', 'connect', 'public']]);
    expect(result.typescript!.moves).toEqual([{ from: 'src/_internal/client.ts', to: 'src/client.ts', symbols: ['connect'], files: 2 }]);
  });
});

describe('renames: only of the minority spelling', () => {
  const tree = (oldUsers: number, newUsers: number) =>
    tempTree({
      'opts.py': 'class OptError(Exception):\n    pass\n\n\nerror = OptError\n',
      ...consumers('old', oldUsers, 'from opts import error'),
      ...consumers('new', newUsers, 'from opts import OptError'),
    });

  it('renames the old alias when fewer files use it', async () => {
    expect(summary(await discoverConfig({ root: tree(1, 3) }))).toEqual({
      clusters: ['opts.OptError (only-module, proposed)'],
      moves: ['opts → opts: {"error":"OptError"} (1 files)'],
    });
  });

  it('keeps the majority spelling, says why, and proposes nothing', async () => {
    const result = await discoverConfig({ root: tree(3, 1) });
    expect(summary(result)).toEqual({ clusters: ['opts.OptError (only-module, left-out)'], moves: [] });
    expect(result.clusters[0]!.kept.map((k) => [k.path.name, k.reason, k.spelling, k.canonicalSpelling])).toEqual([['error', 'majority-spelling', 3, 1]]);
    expect(renderDiscoveredConfig(result)).toContain('#     opts.error: 3 files; not renamed: error is the majority spelling (3 files, OptError 1)');
  });

  it('never renames a value bound under two names', async () => {
    const root = tempTree({
      'flags.py': '_set = set()\nsupports_fd = _set\nsupports_dir_fd = _set\n',
      ...consumers('fd', 2, 'from flags import supports_fd'),
      ...consumers('dir', 1, 'from flags import supports_dir_fd'),
    });
    const result = await discoverConfig({ root });
    expect(summary(result)).toEqual({ clusters: ['flags.supports_fd (only-module, left-out)'], moves: [] });
    expect(result.clusters[0]!.kept.map((k) => [k.path.name, k.reason])).toEqual([['supports_dir_fd', 'value']]);
  });
});
