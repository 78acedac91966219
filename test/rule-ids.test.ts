// Stable rule ids (docs/config.md, "Rule ids"): explicit and derived ids, their uniqueness, and that reordering a
// config or inserting an unrelated rule changes no baseline, SARIF log, plan edit id or `check --baseline` verdict.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/config/compile.js';
import { parseConfig } from '../src/config/load.js';
import { toSarif } from '../src/audit/sarif.js';
import { ConfigError } from '../src/core/errors.js';
import { assignRuleIds, contentHash } from '../src/core/rule-ids.js';
import type { Plan } from '../src/core/types.js';
import { runCli, tempTree } from './helpers/tmp.js';

const FILE = '/virtual/canonize.config.yaml';
const ids = (yaml: string) => {
  const { spec } = parseConfig(yaml, FILE);
  return {
    python: [...spec.python.moves.map((m) => m.id), ...spec.python.calls.map((c) => c.id)],
    typescript: [...spec.typescript.moves.map((m) => m.id), ...spec.typescript.calls.map((c) => c.id)],
  };
};
const configError = (yaml: string): ConfigError => {
  try {
    parseConfig(yaml, FILE);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a config error');
};

describe('rule ids in the config', () => {
  it('derives readable ids from what a rule does: the legacy module of a move, the first pattern of a call', () => {
    const got = ids(`python:
  moves:
    - { from: a.old, to: a.new }
  calls:
    - match: ["make_manager( $X )", "make_manager(ctx=$X)"]
      replace: get_manager($X)
typescript:
  moves:
    - { from: "@/lib/socket", to: "@/services/ws" }
  calls:
    - { match: "new Client($$$A)", replace: "createClient($$$A)" }
`);
    expect(got).toEqual({
      python: ['python.moves/a.old', 'python.calls/make_manager( $X )'],
      typescript: ['typescript.moves/@/lib/socket', 'typescript.calls/new Client($$$A)'],
    });
  });

  it('uses an explicit id as written, and no other rule derives it', () => {
    const got = ids(`python:
  moves:
    - { id: ws/manager, from: a.old, to: a.new }
    - { from: b.old, to: b.new }
`);
    expect(got.python).toEqual(['ws/manager', 'python.moves/b.old']);
  });

  it('tells apart two moves out of one module by their target, and identical targets by a content hash, in any order', () => {
    const moves = [
      '    - { from: a.old, to: a.x, symbols: [X] }',
      '    - { from: a.old, to: a.y, symbols: [Y] }',
      '    - { from: b.old, to: b.new, symbols: [P] }',
      '    - { from: b.old, to: b.new, symbols: [Q] }',
      '    - { from: c.old, to: c.new, note: first }',
      '    - { from: c.old, to: c.new, note: second }',
    ];
    const forward = ids(`python:\n  moves:\n${moves.join('\n')}\n`).python;
    const p = `#${contentHash({ from: 'b.old', to: 'b.new', symbols: ['P'] })}`;
    const q = `#${contentHash({ from: 'b.old', to: 'b.new', symbols: ['Q'] })}`;
    const c = `#${contentHash({ from: 'c.old', to: 'c.new', symbols: '*' })}`;
    expect(p).not.toBe(q);
    expect(forward).toEqual([
      'python.moves/a.old->a.x',
      'python.moves/a.old->a.y',
      `python.moves/b.old->b.new${p}`,
      `python.moves/b.old->b.new${q}`,
      // Identical but for their notes: the same rule twice, numbered in list order.
      `python.moves/c.old->c.new${c}`,
      `python.moves/c.old->c.new${c}~2`,
    ]);
    // Reversed, every entry keeps its id (the two identical ones are interchangeable).
    const backward = ids(`python:\n  moves:\n${[...moves].reverse().join('\n')}\n`).python;
    expect(backward.slice(2)).toEqual([...forward.slice(0, 4)].reverse());
  });

  it('keeps explicit and derived ids apart: an explicit id never shares a derived namespace, and a derived id an explicit one took gets a content hash', () => {
    const got = ids(`python:
  calls:
    - { match: "make($X)", replace: "get($X)" }
typescript:
  calls:
    - { id: shared, match: "a($X)", replace: "b($X)" }
    - { match: "a($X)", replace: "c($X)" }
`);
    expect(got.python).toEqual(['python.calls/make($X)']);
    // Two TypeScript calls with one pattern: one named `shared`, the other keeps its derived id (no other derives it).
    expect(got.typescript).toEqual(['shared', 'typescript.calls/a($X)']);
    // Built-in kinds derive ids under `<section>.`, which explicit ids may not use; a kind of one's own may clash.
    const { ids: clash } = assignRuleIds(
      [
        { field: 'x[0]', explicit: 'k', derived: ['p/a'], entry: {} },
        { field: 'x[1]', explicit: undefined, derived: ['k'], entry: { a: 1 } },
      ],
      { ids: [], prefixes: [] },
    );
    expect(clash).toEqual(['k', `k#${contentHash({ a: 1 })}`]);
  });

  it('refuses a duplicate id, naming both fields and the line', () => {
    const err = configError(`python:
  moves:
    - { id: ws, from: a.old, to: a.new }
typescript:
  calls:
    - { match: "a($X)", replace: "b($X)" }
    - { id: ws, match: "c($X)", replace: "d($X)" }
`);
    expect(err.code).toBe('E_CONFIG_INVALID');
    expect(err.issues).toEqual([{ field: 'python.moves[0].id, typescript.calls[1].id', message: 'duplicate rule id "ws": ids must be unique across the config (line 7:13)' }]);
  });

  it('refuses ids that a derived or built-in rule uses, and ids outside the pattern', () => {
    expect(configError('python:\n  moves:\n    - { id: python.moves/x, from: a.old, to: a.new }\n').issues[0]!.message).toContain('starts with "python."');
    expect(configError('python:\n  moves:\n    - { id: residue, from: a.old, to: a.new }\n').issues[0]!.message).toContain('is the id of a built-in rule');
    const bad = configError('python:\n  moves:\n    - { id: "a b|c", from: a.old, to: a.new }\n');
    expect(bad.issues[0]!.field).toBe('python.moves[0].id');
    expect(bad.issues[0]!.message).toContain('expected an id');
  });

  it('keeps field paths in messages about the config', () => {
    const compiled = (yaml: string) => () => compileConfig(parseConfig(yaml, FILE));
    expect(compiled('python:\n  calls:\n    - { match: "x()", replace: "y()" }\n    - { id: mine, match: "make($X", replace: "get($X)" }\n')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ field: 'python.calls[1].match' })] }),
    );
    expect(compiled('python:\n  moves:\n    - { id: a, from: a.old, to: a.new }\n    - { id: b, from: a.new, to: a.old }\n')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ field: 'python.moves[0], python.moves[1]' })] }),
    );
  });
});

// A Python and TypeScript tree with legacy imports, calls and an unsafe site, and a config for it.
const TREE = {
  'canon/__init__.py': '',
  'canon/ws.py': 'class Manager: ...\ndef get_manager(ctx=None): ...\n',
  'canon/events.py': 'class Bus: ...\n',
  'legacy/__init__.py': '',
  'legacy/ws.py': 'from canon.ws import Manager\n',
  'legacy/events.py': 'from canon.events import Bus\n',
  'legacy/factory.py': 'def make_manager(ctx=None): ...\n',
  'app/__init__.py': '',
  'app/both.py': 'from legacy.ws import Manager\nfrom legacy.events import Bus\nfrom legacy.factory import make_manager\n\nm = make_manager(1)\nn = make_manager()\n',
  'app/star.py': 'from legacy.events import *\n',
  // Two moves and two calls in one function: the new imports land at one place.
  'app/pkg.py': 'import legacy\nfrom legacy.factory import make_manager\n\n\ndef make():\n    return legacy.ws.Manager(), legacy.events.Bus(), make_manager(1), make_manager()\n',
  'app/attr.py': 'import legacy.ws\n\nx = legacy.ws.Manager\n',
  'src/lib/socket.ts': 'export const getSocket = () => 1;\n',
  'src/lib/events.ts': 'export const on = () => 2;\n',
  'src/services/ws.ts': 'export const getSocket = () => 1;\n',
  'src/services/events.ts': 'export const on = () => 2;\n',
  'src/app.ts': "import { getSocket } from './lib/socket';\nimport { on } from './lib/events';\n\ngetSocket();\non();\n",
  'tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }\n',
};

const PY_MOVES = ['    - { from: legacy.ws, to: canon.ws, symbols: [Manager] }', '    - { from: legacy.events, to: canon.events }'];
const PY_CALLS = [
  '    - { match: "make_manager($X)", from: legacy.factory, replace: "get_manager(ctx=$X)", to: canon.ws }',
  '    - { match: "make_manager()", from: legacy.factory, replace: "get_manager()", to: canon.ws }',
];
const TS_MOVES = ['    - { from: src/lib/socket.ts, to: src/services/ws.ts }', '    - { from: src/lib/events.ts, to: src/services/events.ts }'];
const config = (py: string[], calls: string[], ts: string[]) =>
  `version: 1\npython:\n  moves:\n${py.join('\n')}\n  calls:\n${calls.join('\n')}\ntypescript:\n  moves:\n${ts.join('\n')}\n`;
const ORIGINAL = config(PY_MOVES, PY_CALLS, TS_MOVES);
// Every list reversed, and an unrelated rule inserted at the top of each.
const REORDERED = config(
  ['    - { from: unrelated.old, to: unrelated.new }', ...[...PY_MOVES].reverse()],
  ['    - { match: "nobody_calls_this($X)", replace: "still_nobody($X)" }', ...[...PY_CALLS].reverse()],
  ['    - { from: old-unused-package, to: src/services/ws.ts }', ...[...TS_MOVES].reverse()],
);

/** Baseline, SARIF log, plan and diff of the tree under the config it holds now. */
async function outputs(dir: string) {
  const baseline = await runCli(['audit', '--write-baseline', 'baseline.json'], { cwd: dir });
  expect(baseline.code).toBe(0);
  const sarif = await runCli(['audit', '--sarif'], { cwd: dir });
  expect((await runCli(['plan', '-o', 'plan.json'], { cwd: dir })).code).toBe(0);
  const diff = await runCli(['diff', 'plan.json'], { cwd: dir });
  const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan;
  return { baseline: readFileSync(join(dir, 'baseline.json'), 'utf8'), sarif: sarif.stdout, plan, diff: diff.stdout };
}

describe('reordering a config', () => {
  it('changes no baseline, SARIF log or plan edit id, and check --baseline stays clean', async () => {
    const dir = tempTree({ ...TREE, 'canonize.config.yaml': ORIGINAL });
    const before = await outputs(dir);
    expect((await runCli(['check', '--baseline', 'baseline.json'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'baseline.before.json'), before.baseline);

    writeFileSync(join(dir, 'canonize.config.yaml'), REORDERED);
    // The old baseline, under the reordered config: nothing new.
    const check = await runCli(['check', '--baseline', 'baseline.before.json'], { cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('check passed');
    const after = await outputs(dir);
    expect(after.baseline).toBe(before.baseline);
    expect(after.sarif).toBe(before.sarif);
    expect(after.plan.files).toEqual(before.plan.files);
    expect(after.plan.batches).toEqual(before.plan.batches);
    expect(after.diff).toBe(before.diff);

    // What is compared is real: the tree has sites of every rule, and the ids name them.
    const rules = Object.keys(JSON.parse(before.baseline).sites as Record<string, number>).map((key) => key.split('|')[1]);
    expect(new Set(rules)).toEqual(
      new Set(['python.moves/legacy.ws', 'python.moves/legacy.events', 'python.calls/make_manager($X)', 'python.calls/make_manager()', 'typescript.moves/src/lib/socket.ts', 'typescript.moves/src/lib/events.ts']),
    );
    const edits = before.plan.files.flatMap((f) => (f.outcome === 'changed' ? f.edits : []));
    expect(edits.length).toBeGreaterThan(10);
    type Driver = { informationUri?: string; rules: { id: string; helpUri?: string; fullDescription: { text: string } }[] };
    const driver = (JSON.parse(before.sarif) as { runs: { tool: { driver: Driver } }[] }).runs[0]!.tool.driver;
    expect(driver.rules.find((r) => r.id === 'typescript.moves/src/lib/socket.ts')).toMatchObject({
      fullDescription: { text: expect.stringContaining('Import every name from src/services/ws.ts, not from the legacy module src/lib/socket.ts.') },
    });
    // Links come from package.json's homepage / repository; canonize's names none yet, so none is made up.
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { homepage?: string; repository?: unknown };
    if (manifest.homepage === undefined && manifest.repository === undefined) expect([driver.informationUri, ...driver.rules.map((r) => r.helpUri)].filter(Boolean)).toEqual([]);
    else expect(driver.informationUri).toMatch(/^https:\/\//);
    // Given links, every rule links to the page of its kind.
    const report = { legacySites: driver.rules.map((r) => ({ path: 'a.py', line: 1, column: 1, rule: r.id, module: 'm', form: 'from', symbol: 'X', message: 'm' })), unsafe: [], singletons: [] };
    const linked = toSarif(report as never, new Map(), '0.0.0', { homepage: 'https://example.org/canonize', docs: 'https://example.org/canonize/docs/' }) as { runs: { tool: { driver: Driver } }[] };
    expect(linked.runs[0]!.tool.driver.informationUri).toBe('https://example.org/canonize');
    expect(linked.runs[0]!.tool.driver.rules.map((r) => r.helpUri).every((u) => u?.startsWith('https://example.org/canonize/docs/'))).toBe(true);
    expect(driver.rules.every((r) => !r.fullDescription.text.startsWith('canonize rule'))).toBe(true);
  });

  it('carries an explicit id everywhere: edits, findings, sites, baselines and SARIF', async () => {
    const named = config(['    - { id: ws-manager, from: legacy.ws, to: canon.ws, symbols: [Manager] }', PY_MOVES[1]!], PY_CALLS, TS_MOVES);
    const dir = tempTree({ ...TREE, 'canonize.config.yaml': named });
    const out = await outputs(dir);
    expect(out.baseline).toContain('"app/both.py|ws-manager|legacy.ws|from-import|Manager": 1');
    expect(out.sarif).toContain('"ruleId": "ws-manager"');
    const both = out.plan.files.find((f) => f.path === 'app/both.py');
    expect(both?.outcome === 'changed' && both.edits.some((e) => e.rule === 'ws-manager')).toBe(true);
  });

  it('refuses a baseline that names rules by their place, saying how to write it again', async () => {
    const dir = tempTree({ ...TREE, 'canonize.config.yaml': ORIGINAL });
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ version: 1, tool: 'canonize', sites: { 'app/both.py|python.moves[0]|legacy.ws|from-import|Manager': 1 } }));
    const r = await runCli(['check', '--baseline', 'old.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_BASELINE_OUTDATED');
    expect(r.stderr).toContain('python.moves[0]');
    expect(r.stderr).toContain('canonize audit --write-baseline');
    // A baseline of sites that never named a rule by place (residue, custom transforms) still reads.
    writeFileSync(join(dir, 'residue.json'), JSON.stringify({ version: 1, tool: 'canonize', sites: {} }));
    expect((await runCli(['check', '--baseline', 'residue.json'], { cwd: dir })).code).toBe(1);
  });
});
