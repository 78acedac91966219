// Audit counts on a tree whose true counts are known by construction, SARIF validated against the official 2.1.0
// schema, Markdown output, and the check --baseline ratchet.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSite, type AuditReport, type PatternCount } from '../src/audit/audit.js';
import { runCli, tempTree } from './helpers/tmp.js';

const L = 'legacy.ws';
const C = 'canon.ws';
const CONFIG = `version: 1
python:
  moves:
    - from: ${L}.manager
      to: ${C}.manager
      symbols: { OldManager: Manager }
  calls:
    - match: [make_manager($X), make_manager(ctx=$X)]
      from: ${L}.factory
      replace: get_manager(ctx=$X)
      to: ${C}.manager
      await: drop
    - match: make_manager()
      from: ${L}.factory
      replace: get_manager()
      to: ${C}.manager
      await: drop
  singletons: [${L}.factory.make_manager]
`;

/**
 * A tree with, by construction: 3 from-imports, 2 relative imports, 4 module-attribute uses, 1 wildcard, 2 strings
 * of the move; 2 positional, 3 keyword-awaited and 1 no-argument legacy calls; 4 canonical imports and 2 canonical
 * calls; 1 module-level instance; 1 file that does not parse.
 */
function knownTree(): string {
  const files: Record<string, string> = { 'canonize.config.yaml': CONFIG };
  for (let i = 0; i < 3; i++) files[`app/from_${i}.py`] = `from ${L}.manager import OldManager\n\nx = OldManager\n`;
  for (let i = 0; i < 2; i++) files[`legacy/ws/rel_${i}.py`] = `from .manager import OldManager\n\ny = OldManager\n`;
  files['app/attrs.py'] = `import ${L}.manager as m\n\na = m.OldManager\nb = m.OldManager\nc = m.OldManager\nd = m.OldManager\n`;
  files['app/star.py'] = `from ${L}.manager import *\n`;
  files['tests/test_strings.py'] = `from unittest.mock import patch\n\npatch("${L}.manager.OldManager")\npatch("${L}.manager.OldManager.send")\n`;
  files['app/calls.py'] = [
    `from ${L}.factory import make_manager`,
    '',
    '',
    'async def f(ctx):',
    '    a = make_manager(ctx)',
    '    b = make_manager(ctx)',
    '    c = await make_manager(ctx=ctx)',
    '    d = await make_manager(ctx=ctx)',
    '    e = await make_manager(ctx=ctx)',
    '    return a, b, c, d, e',
    '',
    '',
    'def g():',
    '    return make_manager()',
    '',
    'SHARED = make_manager(None)',
    '',
  ].join('\n');
  for (let i = 0; i < 4; i++) files[`app/canon_${i}.py`] = `from ${C}.manager import Manager${i < 2 ? ', get_manager' : ''}\n\nz = Manager${i < 2 ? '\nw = get_manager(ctx=None)' : ''}\n`;
  files['app/broken.py'] = `from ${L}.manager import OldManager\ndef (:\n`;
  return tempTree(files);
}

async function auditJson(dir: string): Promise<AuditReport> {
  const r = await runCli(['audit', '--json'], { cwd: dir });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AuditReport;
}

describe('audit', () => {
  it('counts every pattern exactly', async () => {
    const report = await auditJson(knownTree());
    const imports = Object.fromEntries(report.imports.map((p) => [p.form, [p.sites, p.files]]));
    expect(imports).toEqual({ 'from-import': [3, 3], 'relative-import': [2, 2], 'module-attribute': [4, 1] });
    const calls = Object.fromEntries(report.calls.map((p) => [p.form, [p.sites, p.files]]));
    // SHARED = make_manager(None) at module level is a positional legacy call too (reported, not rewritten).
    expect(calls).toEqual({ 'call:positional': [3, 1], 'call:keyword:awaited': [3, 1], 'call:none': [1, 1] });
    expect(report.strings).toMatchObject([{ form: 'string', sites: 2, files: 1 }]);
    expect(report.wildcards.map((w) => w.path)).toEqual(['app/star.py']);
    // canonical: 4 imports of Manager and 2 calls of get_manager; legacy: 3 + 2 + 4 imports and 7 calls.
    // Not counted in the figure: the 2 dotted strings and the wildcard import.
    expect(report.compliance).toMatchObject({ canonical: 6, legacy: 16, notCounted: 3, percent: 27.3 });
    expect(report.compliance.definition).toContain('canonical sites / (canonical + legacy sites)');
    expect(report.singletons.map((s) => `${s.path}:${s.line}`)).toEqual(['app/calls.py:16']);
    expect(report.skipped).toEqual([{ path: 'app/broken.py', code: 'parse-error', reason: expect.stringContaining('does not parse') }]);
    expect(report.languages).toEqual([{ language: 'python', legacy: 19, counted: 16, canonical: 6, files: 9 }]);
    // app/: 15 legacy sites, of which the wildcard import of app/star.py is not in the figure.
    expect(report.directories[0]).toEqual({ directory: 'app', legacy: 15, counted: 14, files: 6 });
  });

  it('the headline and the tables agree, or say why not: examples/legacy-app, text and JSON', async () => {
    const dir = tempTree();
    cpSync(join(import.meta.dirname, '..', 'examples', 'legacy-app'), dir, { recursive: true });
    const r = await auditJson(dir);
    const sites = (counts: PatternCount[]) => counts.reduce((n, c) => n + c.sites, 0);
    const total = <T>(rows: T[], key: (row: T) => number) => rows.reduce((n, row) => n + key(row), 0);
    const { legacy, notCounted, canonical } = r.compliance;
    // The figure's legacy sites are the imports and calls tables; the rest is listed apart.
    expect(legacy).toBe(sites(r.imports) + sites(r.calls));
    expect(notCounted).toBeGreaterThan(0);
    expect(legacy + notCounted).toBe(r.legacySites.length);
    expect(r.legacySites.filter((s) => s.form === 'string').length).toBe(sites(r.strings));
    // The language table: `legacy` sums to every site, `counted` and `canonical` to the headline's.
    expect(total(r.languages, (l) => l.legacy)).toBe(legacy + notCounted);
    expect(total(r.languages, (l) => l.counted)).toBe(legacy);
    expect(total(r.languages, (l) => l.canonical)).toBe(canonical);
    // Every directory is listed here (fewer than --top), so the directory table sums the same way.
    expect(r.directories.length).toBeLessThan(10);
    expect(total(r.directories, (d) => d.legacy)).toBe(legacy + notCounted);
    expect(total(r.directories, (d) => d.counted)).toBe(legacy);

    const text = (await runCli(['audit'], { cwd: dir })).stdout;
    // The example's legacy agent events (its shape rules) are listed apart too.
    const shapeSites = (r.shapes ?? []).filter((c) => c.status === 'legacy').reduce((n, c) => n + c.sites, 0);
    expect(shapeSites).toBeGreaterThan(0);
    expect(r.legacySites.filter((s) => s.rule.startsWith('agent-event-')).length).toBe(shapeSites);
    const parts = [`${sites(r.strings)} string(s)`, `${shapeSites} event-shape site(s)`, ...(sites(r.residue) ? [`${sites(r.residue)} residue`] : []), ...(r.wildcards.length ? [`${r.wildcards.length} wildcard import(s)`] : [])];
    expect(text).toContain(`(${canonical} canonical, ${legacy} legacy sites;`);
    expect(text).toContain(
      `\n  not counted: ${notCounted} more legacy site(s) (${parts.join(', ')}); the language and directory tables count all ${legacy + notCounted} ("legacy"), those in the figure apart ("counted")\n`,
    );
    expect(text).toContain('languages (legacy: every legacy site; counted: those in the compliance figure)\n  language    legacy  counted  canonical  files\n');
    for (const l of r.languages) expect(text).toMatch(new RegExp(`\\n  ${l.language} +${l.legacy} +${l.counted} +${l.canonical} +${l.files}\\n`));
  });

  it('renders a terminal table and Markdown with the compliance definition', async () => {
    const dir = knownTree();
    const text = await runCli(['audit'], { cwd: dir });
    expect(text.stdout).toMatch(/^compliance: 27\.3% {2}\(6 canonical, 16 legacy sites; 14 files scanned\)/);
    expect(text.stdout).toContain('module-attribute      4      1');
    const md = await runCli(['audit', '--markdown'], { cwd: dir });
    expect(md.stdout).toContain('**Compliance: 27.3%**');
    expect(md.stdout).toContain('| `python.moves/legacy.ws.manager` | `legacy.ws.manager` | `module-attribute` | 4 | 1 |');
    expect(md.stdout).toContain('### User-isolation risks');
    expect(md.stdout).toContain('> Not counted: 3 more legacy site(s) (2 string(s), 1 wildcard import(s));');
    expect(md.stdout).toContain('| python | 19 | 16 | 6 | 9 |');
    expect(text.stdout).toContain('  not counted: 3 more legacy site(s) (2 string(s), 1 wildcard import(s)); the language and directory tables count all 19');
  });

  it('writes SARIF 2.1.0 that validates against the official schema', async () => {
    const r = await runCli(['audit', '--sarif'], { cwd: knownTree() });
    expect(r.code).toBe(0);
    const sarif = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: unknown[] }[] }[] };
    const require = createRequire(import.meta.url);
    // ajv-draft-04 is CommonJS; its class is `.default` of what require returns.
    const Ajv = (require('ajv-draft-04') as { default: typeof import('ajv-draft-04').default }).default;
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
    delete schema.id; // the schema names itself by a URL; validate it locally
    // The schema's `language` pattern is not valid with the `u` flag ajv uses by default.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    // The schema's `uri`, `uri-reference` and `date-time` formats are checked, not ignored with a warning.
    (require('ajv-formats') as { default: (a: unknown) => void }).default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(['python.calls/make_manager($X)', 'python.calls/make_manager()', 'python.moves/legacy.ws.manager', 'python.singletons']);
    expect(run.results.filter((x) => x.level === 'warning')).toHaveLength(19 + 1); // every legacy site, plus the wildcard report
    expect(run.results.filter((x) => x.level === 'note')).toHaveLength(1);
    // A broken log must not pass: the validator really checks, formats included.
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
    const startingAt = (startTimeUtc: string) => ({ ...sarif, runs: [{ ...run, invocations: [{ executionSuccessful: true, startTimeUtc }] }] });
    expect(validate(startingAt('2026-12-03T05:00:00Z'))).toBe(true);
    expect(validate(startingAt('yesterday'))).toBe(false);
  });
});

describe('check --baseline (ratchet)', () => {
  it('fails only on new legacy sites, survives unrelated edits, and reports progress', async () => {
    const dir = knownTree();
    expect((await runCli(['check'], { cwd: dir })).code).toBe(1);
    const w = await runCli(['audit', '--write-baseline', 'baseline.json'], { cwd: dir });
    expect(w.stderr).toContain('baseline of 19 legacy site(s)');
    expect((await runCli(['check', '--baseline', 'baseline.json'], { cwd: dir })).code).toBe(0);

    // Unrelated edits move lines around: still passes (keys are file + rule + module + form + symbol).
    const file = join(dir, 'app/from_0.py');
    writeFileSync(file, `"""Docs."""\nimport os\n\n\n${readFileSync(file, 'utf8')}`);
    expect((await runCli(['check', '--baseline', 'baseline.json'], { cwd: dir })).code).toBe(0);

    // A new legacy import fails, naming only it.
    writeFileSync(join(dir, 'app/new.py'), `from ${L}.manager import OldManager\n`);
    const bad = await runCli(['check', '--baseline', 'baseline.json'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('app/new.py:1: OldManager imported from legacy module legacy.ws.manager [python.moves/legacy.ws.manager]');
    expect(bad.stdout.match(/legacy module/g)).toHaveLength(1);

    // Fixing two old sites is progress, reported.
    writeFileSync(join(dir, 'app/new.py'), 'x = 1\n');
    writeFileSync(join(dir, 'app/from_1.py'), `from ${C}.manager import Manager\n`);
    writeFileSync(join(dir, 'app/from_2.py'), 'x = 2\n');
    const good = await runCli(['check', '--baseline', 'baseline.json'], { cwd: dir });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('17 known legacy site(s) remain; 2 removed since the baseline');
  });

  it('rejects a malformed baseline with exit 2', async () => {
    const dir = knownTree();
    writeFileSync(join(dir, 'b.json'), '{"version": 1, "tool": "canonize", "sites": {"x": -1}}');
    const r = await runCli(['check', '--baseline', 'b.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_BASELINE_INVALID');
  });
});

describe('site descriptions', () => {
  it('calls a TypeScript module string a specifier (not a Python dotted string), naming the file it resolves to', () => {
    expect(describeSite({ form: 'string', module: 'frontend/src/services/webSocketService.ts', symbol: '*' })).toBe(
      'module specifier resolves to legacy module frontend/src/services/webSocketService.ts: write the canonical module instead',
    );
    expect(describeSite({ form: 'string', module: 'a.b.legacy', symbol: 'Name' })).toBe('dotted string names Name of legacy module a.b.legacy');
  });
});

describe('check on TypeScript', () => {
  it('names, on every line, the specifier as written, the file it resolves to, and what to write or do', async () => {
    const dir = tempTree({
      'canonize.config.yaml': [
        'version: 1',
        'typescript:',
        '  moves:',
        '    - { from: src/lib/socket.ts, to: "@/services/ws", symbols: { getSocket: getClient } }',
        '    - { from: src/old/events.ts, to: "@/services/events" }',
        '',
      ].join('\n'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }),
      'src/lib/socket.ts': 'export { getClient as getSocket } from "../services/ws";\n',
      'src/services/ws.ts': 'export function getClient(): number {\n  return 1;\n}\n',
      'src/old/events.ts': 'export const ready = true;\n',
      'src/services/events.ts': 'export const ready = true;\n',
      'src/app.ts': [
        "import { getSocket } from './lib/socket';",
        "const events = require('./old/events');",
        "const lib = require('./lib/socket');",
        'export const used = [getSocket, events.ready, lib];',
        '',
      ].join('\n'),
    });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('src/app.ts'));
    expect(lines).toEqual([
      "src/app.ts:1: getSocket imported from './lib/socket' (legacy module src/lib/socket.ts): write '@/services/ws' instead [typescript.moves/src/lib/socket.ts]",
      "src/app.ts:2: module specifier './old/events' resolves to legacy module src/old/events.ts: write '@/services/events' instead [typescript.moves/src/old/events.ts]",
      expect.stringMatching(
        /^src\/app\.ts:3: require\('\.\/lib\/socket'\): the names read from this legacy module cannot be told: not rewritten, .*getSocket → getClient from '@\/services\/ws'.*destructure the names you use and canonize follows them \('\.\/lib\/socket' resolves to legacy module src\/lib\/socket\.ts\) \[typescript\.moves\/src\/lib\/socket\.ts\]$/,
      ),
    ]);
    // Nothing is garbled: no empty module name, no Python wording.
    expect(r.stdout).not.toMatch(/legacy module {2}|dotted string/);
  });
});
