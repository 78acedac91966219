// The residue scan wired into the planner, end to end on real files in a temp dir: a legacy reference no rule
// handles is an error finding on its line in `plan`, makes `check` exit 1, is counted by `audit` (JSON, SARIF), and
// is left alone once its line says `canonize: ignore`. The bundled example plans with no residue at all.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../src/api.js';
import type { AuditReport } from '../src/audit/audit.js';
import { DEFAULT_MODULE_CALLS } from '../src/languages/typescript/config.js';
import { compileConfig } from '../src/config/compile.js';
import { loadConfigFile } from '../src/config/load.js';
import { serializePlan } from '../src/planner/plan-json.js';
import { createPlan } from '../src/planner/plan.js';
import { planSource } from '../src/planner/plan-source.js';
import { compileResidueScanner } from '../src/residue/index.js';
import type { ChangedFilePlan, SourceFile } from '../src/core/types.js';
import { runCli, tempTree } from './helpers/tmp.js';

const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'legacy-app');

const CONFIG = `version: 1
include: ["**/*.py", "**/*.ts", "**/*.js"]
python:
  moves:
    - from: a.b.legacy
      to: a.canon
      symbols: [Name]
typescript:
  moves:
    - from: web/src/lib/old.ts
      to: web/src/lib/new.ts
  # the rules look at no call but import(): a require() of a legacy module is left to the residue scan
  moduleCalls: []
`;

const FILES: Record<string, string> = {
  'canonize.config.yaml': CONFIG,
  'a/__init__.py': '',
  'a/b/__init__.py': '',
  'a/b/legacy.py': 'class Name:\n    pass\n\n\nclass Kept:\n    pass\n',
  'a/canon.py': 'class Name:\n    pass\n',
  // a form the rules handle: edited, so not residue
  'app/handled.py': 'from a.b.legacy import Name\n\nx = Name\n',
  // a moved name reached through its parent package
  'app/parent.py': 'import a\n\n\ndef f():\n    return a.b.legacy.Name()\n',
  // dotted strings that are not call arguments; the second names a name that stays
  'app/strings.py': 'TARGET = "a.b.legacy.Name"\nOTHER = "a.b.legacy.Kept"\n',
  'web/src/lib/old.ts': 'export const x = 1;\n',
  'web/src/lib/new.ts': 'export const x = 1;\n',
  // a require() of the legacy file, a call this config's rules do not look at
  'web/src/ref.ts': "const old = require('./lib/old');\nexport const y = old.x;\n",
};

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('residue in plan, check and audit', () => {
  it('plan reports every reference no rule edits or reports as an error on its line', async () => {
    const dir = tempTree(FILES);
    const { plan: p } = await plan({ cwd: dir, jobs: 1 });
    const residue = p.files.flatMap((f) => f.findings.filter((x) => x.rule === 'residue').map((x) => ({ path: f.path, ...x })));
    // The require(): no TypeScript rule of this config looks at it, so only the scan sees it.
    expect(residue).toContainEqual({
      path: 'web/src/ref.ts',
      rule: 'residue',
      line: 1,
      column: 22,
      severity: 'error',
      message:
        'module specifier "./lib/old" still reaches legacy module web/src/lib/old.ts (typescript.moves/web/src/lib/old.ts moves it to web/src/lib/new.ts): ' +
        'rewrite it to web/src/lib/new.ts or mark the line `// canonize: ignore`',
    });
    // A dotted string outside a call argument is reported by the move rule itself: accounted for, not residue.
    expect(residue.filter((x) => x.path === 'app/strings.py')).toEqual([]);
    expect(p.files.find((f) => f.path === 'app/strings.py')?.findings).toMatchObject([{ rule: 'python.moves/a.b.legacy', line: 1, severity: 'warning' }]);
    expect(residue.filter((x) => x.path === 'app/handled.py')).toEqual([]);
    // The invariant, whatever the rules learn: each legacy line of the tree is edited or reported.
    const legacyLines: [string, number][] = [
      ['app/handled.py', 1],
      ['app/parent.py', 5],
      ['app/strings.py', 1],
      ['web/src/ref.ts', 1],
    ];
    for (const [path, line] of legacyLines) {
      const f = p.files.find((x) => x.path === path);
      const text = FILES[path]!;
      const edited = f?.outcome === 'changed' && (f as ChangedFilePlan).edits.some((e) => lineOf(text, e.start) === line);
      const reported = f?.findings.some((x) => x.line === line && x.severity !== 'info') ?? false;
      expect(edited || reported, `${path}:${line}`).toBe(true);
    }
  });

  it('check exits 1 on residue after migration, and passes once those lines are marked ignore', async () => {
    const dir = tempTree(FILES);
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    const failing = await runCli(['check'], { cwd: dir });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      'web/src/ref.ts:1: module specifier reaching legacy module web/src/lib/old.ts that no rule records (residue scan): rewrite it or mark the line `// canonize: ignore` [residue]',
    );
    expect(failing.stdout).not.toContain('app/handled.py');
    // Mark every line check still names; then nothing is left.
    const json = JSON.parse((await runCli(['check', '--json'], { cwd: dir })).stdout) as { violations: { path: string; line: number; rule: string }[] };
    expect(json.violations.length).toBeGreaterThan(0);
    expect(json.violations.map((v) => v.rule)).toContain('residue');
    for (const v of json.violations) {
      const file = join(dir, v.path);
      const lines = readFileSync(file, 'utf8').split('\n');
      lines[v.line - 1] += v.path.endsWith('.py') ? '  # canonize: ignore' : ' // canonize: ignore';
      writeFileSync(file, lines.join('\n'));
    }
    const passing = await runCli(['check'], { cwd: dir });
    expect(passing.stdout).toContain('check passed');
    expect(passing.code).toBe(0);
    const { plan: again } = await plan({ cwd: dir, jobs: 1 });
    expect(again.summary.findingsByRule.residue).toBeUndefined();
  });

  it('audit counts residue sites (JSON, Markdown) and lists them in SARIF with a real message', async () => {
    const dir = tempTree(FILES);
    const report = JSON.parse((await runCli(['audit', '--json'], { cwd: dir })).stdout) as AuditReport;
    expect(report.residue).toEqual([{ rule: 'residue', module: 'web/src/lib/old.ts', form: 'residue:specifier', symbol: '*', sites: 1, files: 1 }]);
    expect(report.legacySites.filter((s) => s.path === 'web/src/ref.ts')).toEqual([
      {
        path: 'web/src/ref.ts',
        line: 1,
        column: 22,
        rule: 'residue',
        module: 'web/src/lib/old.ts',
        form: 'residue:specifier',
        symbol: '*',
        message: 'module specifier reaching legacy module web/src/lib/old.ts that no rule records (residue scan): rewrite it or mark the line `// canonize: ignore`',
      },
    ]);
    // The same reference is not listed again as an unsafe site.
    expect(report.unsafe.filter((u) => u.path === 'web/src/ref.ts')).toEqual([]);
    const markdown = (await runCli(['audit', '--markdown'], { cwd: dir })).stdout;
    expect(markdown).toContain('### Legacy references no rule records (residue scan)\n\n| module | symbol | form | sites | files |');
    expect(markdown).toContain('| `web/src/lib/old.ts` | `*` | `residue:specifier` | 1 | 1 |');
    const sarif = JSON.parse((await runCli(['audit', '--sarif'], { cwd: dir })).stdout) as {
      runs: { tool: { driver: { rules: { id: string; name: string }[] } }; results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.find((r) => r.id === 'residue')?.name).toBe('UnexplainedLegacyReference');
    const result = run.results.find((r) => r.ruleId === 'residue' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'web/src/ref.ts');
    expect(result?.message.text).toContain('module specifier reaching legacy module web/src/lib/old.ts');
  });

  it('gives the same residue on worker threads (which compile the scanner themselves) as in-process', async () => {
    const dir = tempTree(FILES);
    const config = compileConfig(await loadConfigFile(join(dir, 'canonize.config.yaml')));
    const inProcess = serializePlan(await createPlan({ config, jobs: 1, collectSites: true }));
    for (const prefilterIn of ['main', 'workers'] as const) {
      const pooled = serializePlan(await createPlan({ config, jobs: 2, collectSites: true, pool: { minFilesForPool: 0, prefilterIn } }));
      expect(pooled).toBe(inProcess);
    }
    expect(inProcess).toContain('"rule": "residue"');
  });

  it('scans a file that no rule applies to', () => {
    const residue = compileResidueScanner({
      python: { sourceRoots: ['.'], moves: [{ from: 'a.b.legacy', to: 'a.canon', symbols: ['Name'] }] },
      typescript: { moves: [], moduleCalls: DEFAULT_MODULE_CALLS },
    });
    const text = 'import a\nprint(a.b.legacy.Name)  # no rule here\n';
    const file: SourceFile = { path: 'x.py', absPath: '/x.py', language: 'python', text, encoding: 'utf-8', bom: false, hash: '', eol: '\n' };
    const result = planSource(file, [], undefined, { residue, collectSites: true });
    expect(result.parsed).toBe(false);
    expect(result.plan.findings.map((f) => `${f.line}:${f.column}:${f.rule}:${f.severity}`)).toEqual(['2:7:residue:error']);
    expect(result.plan.sites).toEqual([{ rule: 'residue', status: 'legacy', module: 'a.b.legacy', form: 'residue:dotted-name', symbol: 'Name', line: 2, column: 7 }]);
    // Without the scanner the same file is silently unchanged: what the scan is for.
    expect(planSource(file, [], undefined, {}).plan.findings).toEqual([]);
  });

  it('fails the file, naming the scan, if the scan ever throws (fault injected)', () => {
    const real = compileResidueScanner({
      python: { sourceRoots: ['.'], moves: [{ from: 'a.b.legacy', to: 'a.canon', symbols: ['Name'] }] },
      typescript: { moves: [], moduleCalls: DEFAULT_MODULE_CALLS },
    });
    const throwing = {
      ...real,
      scan: () => {
        throw new Error('residue scan of x.py failed: boom');
      },
    };
    const text = 'import a\nprint(a.b.legacy.Name)\n';
    const file: SourceFile = { path: 'x.py', absPath: '/x.py', language: 'python', text, encoding: 'utf-8', bom: false, hash: '', eol: '\n' };
    expect(planSource(file, [], undefined, { residue: throwing }).plan).toEqual({
      path: 'x.py',
      outcome: 'failed',
      code: 'rule-error',
      reason: 'residue scan of x.py failed: boom',
      findings: [],
    });
  });

  it('the bundled example plans with no residue', async () => {
    const { plan: p } = await plan({ cwd: EXAMPLE, jobs: 1 });
    expect(p.files.flatMap((f) => f.findings.filter((x) => x.rule === 'residue').map((x) => `${f.path}:${x.line}: ${x.message}`))).toEqual([]);
    expect(p.summary.changed).toBeGreaterThan(10);
  });
});
