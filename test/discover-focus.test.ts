// `init --discover --focus PATTERN` and the top-N limit (issue 19 item 1): on a generated bench tree (bench/generate.ts,
// the real-shaped profile), a focus narrows the proposal to the preset's clusters alone; without focus, only the
// clusters with the most importing files are shown and the rest are counted, with the command to see them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMonorepo } from '../bench/generate.js';
import { packageRoot } from '../src/core/paths.js';
import { focusMatcher } from '../src/propose/focus.js';
import { discoverConfig, type DiscoverResult } from '../src/propose/propose.js';
import { renderDiscoveredConfig } from '../src/propose/render.js';
import { runCli, tempTree } from './helpers/tmp.js';

const CORE = 'netra_backend.app.websocket_core';

let root: string;
let everything: DiscoverResult;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'canonize-discover-focus-'));
  await generateMonorepo({ files: 300, out: root, profile: 'real' });
  rmSync(join(root, 'canonize.config.yaml'));
  everything = await discoverConfig({ root, top: 0 });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ids = (r: DiscoverResult) => r.clusters.map((c) => `${c.id} ${c.status}`);

describe('--focus on a generated bench tree', () => {
  it("narrows to the preset's clusters alone: the preset's legacy modules, onto its canonical module", async () => {
    const focused = await discoverConfig({ root, focus: [CORE] });
    // The deprecated factory module is in that package too: found, and left out as everywhere.
    expect(ids(focused)).toEqual([
      `${CORE}.websocket_manager:WebSocketConnection proposed`,
      `${CORE}.websocket_manager:WebSocketManager proposed`,
      `${CORE}.websocket_manager_factory:create_websocket_manager left-out`,
    ]);
    const preset = parse(readFileSync(join(packageRoot(), 'presets', 'websocket-ssot.yaml'), 'utf8')) as { python: { moves: { from: string; to: string }[] } };
    const proposed = focused.moves.filter((m) => m.status === 'proposed');
    expect(proposed.map((m) => m.from).sort()).toEqual(preset.python.moves.map((m) => m.from).sort());
    expect(new Set(proposed.map((m) => m.to))).toEqual(new Set([`${CORE}.websocket_manager`]));
    // The TypeScript cluster and the deprecated factory's cluster are outside it, and counted.
    expect(focused.typescript!.clusters).toEqual([]);
    expect(focused.selection.hidden).toMatchObject({ clusters: everything.clusters.length - 3, tsClusters: everything.typescript!.clusters.length });
    expect(everything.typescript!.clusters.length).toBeGreaterThan(0);
  });

  it('matches symbol names by glob, without regard to case, and several patterns as a union', async () => {
    const manager = await discoverConfig({ root, focus: ['*websocketmanager'] });
    expect(ids(manager)).toEqual([`${CORE}.websocket_manager:WebSocketManager proposed`]);
    const both = await discoverConfig({ root, focus: ['*WebSocketManager', 'createwebsocket*'] });
    expect(ids(both)).toEqual([`${CORE}.websocket_manager:WebSocketManager proposed`]);
    expect(both.typescript!.clusters.map((c) => `${c.canonical} ${c.name}`)).toEqual(['frontend/src/services/webSocketService.ts createWebSocketService']);
    const none = await discoverConfig({ root, focus: ['nothing_here*'] });
    expect([none.clusters, none.moves, none.typescript!.moves]).toEqual([[], [], []]);
  });

  it('the CLI takes --focus more than once and says what is outside the focus', async () => {
    const dir = tempTree({});
    const run = await runCli(['init', '--discover', '--focus', '*WebSocketConnection', '--focus', 'nothing*', root], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = readFileSync(join(root, 'canonize.config.yaml'), 'utf8');
    expect(text).toContain('# Focus "*WebSocketConnection", "nothing*": only clusters whose symbols, modules or files match; outside it:');
    expect((parse(text) as { python: { moves: { symbols: unknown }[] } }).python.moves.map((m) => m.symbols)).toEqual([['WebSocketConnection']]);
    rmSync(join(root, 'canonize.config.yaml'));
    const bad = await runCli(['init', '--focus', 'x'], { cwd: dir });
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'error [E_USAGE]: init takes --focus, --top and --all only with --discover']);
  });
});

describe('without focus: the top clusters', () => {
  /** `n` symbols, symbol i imported through a legacy re-export by i+1 files: each a cluster with a known size. */
  function fragmented(n: number): Record<string, string> {
    const files: Record<string, string> = { 'core.py': `__all__ = [${[...Array(n).keys()].map((i) => `"Thing${i}"`).join(', ')}]\n\n\n` };
    for (let i = 0; i < n; i++) {
      files['core.py'] += `class Thing${i}:\n    pass\n\n\n`;
      files[`shims/s${i}.py`] = `from core import Thing${i}\n`;
      files[`app/direct_${i}.py`] = `from core import Thing${i}\n`;
      for (let j = 0; j <= i; j++) files[`app/use_${i}_${j}.py`] = `from shims.s${i} import Thing${i}\n`;
    }
    return files;
  }

  it('shows the clusters with the most importing files, and counts the rest with the command to see them', async () => {
    const dir = tempTree({ ...fragmented(5), 'shims/__init__.py': '', 'app/__init__.py': '' });
    const top2 = await discoverConfig({ root: dir, top: 2 });
    expect(ids(top2)).toEqual(['core:Thing3 proposed', 'core:Thing4 proposed']);
    expect(top2.selection).toEqual({ focus: [], top: 2, hidden: { clusters: 3, moves: 3, similar: 0, tsClusters: 0, tsMoves: 0 } });
    expect(ids(await discoverConfig({ root: dir, top: 0 }))).toHaveLength(5);

    const run = await runCli(['init', '--discover', '--top', '2'], { cwd: dir });
    expect(run.stdout).toContain('3 more clusters not shown (--all)');
    expect(readFileSync(join(dir, 'canonize.config.yaml'), 'utf8')).toContain(
      '# Shown: the 2 clusters per language with the most importing files. Not shown: 3 Python clusters (3 moves); see them\n#     with `canonize init --discover --all`, or one area with `--focus PATTERN`.',
    );
  });
});

describe('focusMatcher', () => {
  it('matches names, dotted modules (whole, by segment, or under a plain name) and file paths', () => {
    const subject = { names: ['WebSocketManager'], modules: ['netra_backend.app.websocket_core.manager'], files: ['frontend/src/lib/socket.ts'] };
    const cases: Record<string, boolean> = {
      WebSocketManager: true,
      'websocket*': true,
      '*Manager': true,
      'netra_backend.app': true,
      'netra_backend.ap': false,
      'netra_backend.app.websocket_core': true,
      'frontend/src/lib': true,
      socket: true,
      'frontend/src/li': false,
      'Manager?': false,
      agents: false,
    };
    const actual = Object.fromEntries(Object.keys(cases).map((p) => [p, focusMatcher([p])(subject)]));
    expect(actual).toEqual(cases);
  });
});

/** The comment block above `version: 1`. */
const headerOf = (text: string): string[] => text.slice(0, text.indexOf('\nversion: 1')).split('\n');

describe('confidence: one evidence line per move, and a header that fits a screen', () => {
  it('sorts the moves by importing files and gives each its counts and the rule that decided, in one line', async () => {
    const moves = everything.moves.filter((m) => m.status === 'proposed');
    expect(moves.map((m) => m.files)).toEqual([...moves.map((m) => m.files)].sort((a, b) => b - a));
    const text = renderDiscoveredConfig(everything);
    const first = moves[0]!;
    const names = first.entries.map((e) => `${e.name}${e.name === e.newName ? '' : ` → ${e.newName}`} ${e.path.files.length}`).join(', ');
    const evidence = `[${names}]; rule most-used; `;
    const tests = first.testFiles === 0 ? '' : ` (${first.testFiles} test${first.testFiles === 1 ? '' : 's'})`;
    expect(text).toContain(`    # ${first.from}: ${first.files} files${tests} import the names that move ${evidence}`);
    const head = headerOf(text);
    expect(head.length).toBeLessThanOrEqual(24);
    expect(head).toContain('# Largest moves (of 7; each is explained where it stands below):');
    expect(head.find((l) => l.startsWith(`#   ${first.from} → ${first.to}: ${first.files} files${tests} ${evidence}`))).toBeDefined();
  });

  it('cuts long lists of files in the header and gives them whole at the end', async () => {
    const files: Record<string, string> = { 'core.py': 'class A:\n    pass\n', 'shim.py': 'from core import A\n', 'u1.py': 'from shim import A\n', 'u2.py': 'from core import A\n' };
    for (let i = 0; i < 8; i++) files[`broken_${i}.py`] = 'def f(:\n';
    for (let i = 0; i < 7; i++) files[`old_${i}.py.bak`] = '';
    const text = renderDiscoveredConfig(await discoverConfig({ root: tempTree(files) }));
    const head = headerOf(text);
    expect(head.length).toBeLessThanOrEqual(24);
    expect(head.join('\n')).toContain('broken_4.py and 3 more (all listed\n#     at the end of this file).');
    expect(text).toContain('# Not read, they do not parse (all 8):\n#   broken_0.py\n');
    expect(text).toContain('#   broken_7.py\n');
    expect(text).toContain('# Backup copies, never read (all 7):\n#   old_0.py.bak\n');
  });
});
