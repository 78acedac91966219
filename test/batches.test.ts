// Batching: by directory, size, rule and CODEOWNERS owner; ordering by globs; and the flags that choose them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignBatches, createOrderRank, ownersOf, parseCodeOwners } from '../src/planner/batches.js';
import { parseBatchBy } from '../src/config/batch-by.js';
import { readPlanFile } from '../src/planner/plan-json.js';
import type { ChangedFilePlan } from '../src/core/types.js';
import { runCli, tempTree } from './helpers/tmp.js';

function file(path: string, rules: string[] = ['python.moves[0]']): ChangedFilePlan {
  return {
    path,
    outcome: 'changed',
    language: 'python',
    baseHash: '0'.repeat(64),
    encoding: 'utf-8',
    bom: false,
    edits: rules.map((rule, i) => ({ start: i, end: i, text: '', rule, id: `${path}:${i}` })),
    batch: '',
    findings: [],
  };
}

const names = (batches: { name: string; files: string[] }[]) => batches.map((b) => `${b.name}: ${b.files.join(' ')}`);

describe('assignBatches', () => {
  const paths = ['tests/unit/test_a.py', 'app/routes/r.py', 'app/core/c.py', 'top.py', 'app/routes/s.py', 'lib/l.py'];

  it('groups by directory to a depth, sorted, and gives each batch (and its files) its id', () => {
    const files = paths.map((p) => file(p));
    const batches = assignBatches(files, { kind: 'dir', depth: 2 });
    expect(names(batches)).toEqual(['.: top.py', 'app/core: app/core/c.py', 'app/routes: app/routes/r.py app/routes/s.py', 'lib: lib/l.py', 'tests/unit: tests/unit/test_a.py']);
    expect(batches.map((b) => b.id)).toEqual(['.', 'app/core', 'app/routes', 'lib', 'tests/unit']);
    expect(files.find((f) => f.path === 'app/routes/s.py')!.batch).toBe('app/routes');
  });

  it('orders by globs: critical first, "..." for the rest, tests last', () => {
    const order = ['app/routes/**', '...', 'tests/**'];
    expect(names(assignBatches(paths.map((p) => file(p)), { kind: 'dir', depth: 1 }, { order }))).toEqual([
      'app: app/core/c.py app/routes/r.py app/routes/s.py',
      '.: top.py',
      'lib: lib/l.py',
      'tests: tests/unit/test_a.py',
    ]);
    // Without "...", unmatched files go after every glob.
    const rank = createOrderRank(['lib/**']);
    expect([rank('lib/x.py'), rank('other.py')]).toEqual([0, 1]);
  });

  it('cuts size:N batches after ordering, so ordering decides who shares a batch', () => {
    const batches = assignBatches(paths.map((p) => file(p)), { kind: 'size', size: 2 }, { order: ['app/routes/**', '...', 'tests/**'] });
    expect(names(batches)).toEqual(['files 1-2: app/routes/r.py app/routes/s.py', 'files 3-4: app/core/c.py lib/l.py', 'files 5-6: top.py tests/unit/test_a.py']);
  });

  it('groups by the set of rules that edit a file', () => {
    const files = [file('a.py', ['python.moves[1]', 'python.moves[0]']), file('b.py', ['python.moves[0]']), file('c.py', ['python.moves[0]', 'python.moves[1]'])];
    expect(names(assignBatches(files, { kind: 'rule' }))).toEqual(['python.moves[0]: b.py', 'python.moves[0] + python.moves[1]: a.py c.py']);
  });

  it('groups by CODEOWNERS owner: last match wins, GitHub pattern rules', () => {
    const co = parseCodeOwners(
      [
        '# owners',
        '*       @org/everyone',
        '/app/   @org/app   # anchored directory',
        'routes/ @org/web',
        'docs/*  @org/docs',
        '*.pyi   @org/types',
        'lib/vendored',
        '',
        '[Section]',
      ].join('\n'),
      'CODEOWNERS',
    );
    expect(ownersOf(co, 'app/core/c.py')).toEqual(['@org/app']);
    expect(ownersOf(co, 'app/routes/r.py')).toEqual(['@org/web']);
    expect(ownersOf(co, 'x/routes/deep/r.py')).toEqual(['@org/web']);
    expect(ownersOf(co, 'docs/a.py')).toEqual(['@org/docs']);
    expect(ownersOf(co, 'docs/deep/a.py')).toEqual(['@org/everyone']);
    expect(ownersOf(co, 'app/x.pyi')).toEqual(['@org/types']);
    expect(ownersOf(co, 'lib/vendored/v.py')).toEqual([]);
    const batches = assignBatches(['app/core/c.py', 'app/routes/r.py', 'lib/vendored/v.py', 'top.py'].map((p) => file(p)), { kind: 'owner' }, { codeOwners: co });
    expect(names(batches)).toEqual(['(no owner): lib/vendored/v.py', '@org/app: app/core/c.py', '@org/everyone: top.py', '@org/web: app/routes/r.py']);
  });

  it('reads CODEOWNERS patterns as gitignore does: escaped spaces, plain parentheses and signs', () => {
    const co = parseCodeOwners(
      ['*  @org/everyone', 'docs/release\\ notes/  @org/writers', 'design/(draft)+final.md @org/design', 'My\\ Files/*.py @org/mine @org/theirs'].join('\n'),
      'CODEOWNERS',
    );
    expect(co.rules.map((r) => [r.pattern, r.owners])).toEqual([
      ['*', ['@org/everyone']],
      ['docs/release\\ notes/', ['@org/writers']],
      ['design/(draft)+final.md', ['@org/design']],
      ['My\\ Files/*.py', ['@org/mine', '@org/theirs']],
    ]);
    expect(ownersOf(co, 'docs/release notes/1.0.md')).toEqual(['@org/writers']);
    expect(ownersOf(co, 'docs/release/notes.md')).toEqual(['@org/everyone']);
    expect(ownersOf(co, 'design/(draft)+final.md')).toEqual(['@org/design']);
    expect(ownersOf(co, 'design/draft+final.md')).toEqual(['@org/everyone']);
    expect(ownersOf(co, 'My Files/a.py')).toEqual(['@org/mine', '@org/theirs']);
    expect(ownersOf(co, 'My Files/deep/a.py')).toEqual(['@org/everyone']);
  });

  it('needs a CODEOWNERS file to batch by owner, and rejects unknown batchings', () => {
    expect(() => assignBatches([file('a.py')], { kind: 'owner' })).toThrow(/CODEOWNERS/);
    expect(parseBatchBy('dir')).toEqual({ kind: 'dir', depth: 1 });
    expect(parseBatchBy('size:50')).toEqual({ kind: 'size', size: 50 });
    expect(() => parseBatchBy('size:0', '--batch-by')).toThrow(/--batch-by: "size:0"/);
  });
});

const LEGACY = 'from legacy.mod import Thing\n';
const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';

describe('batching from the command line and the config', () => {
  function tree(extra: Record<string, string> = {}): string {
    return tempTree({ 'canonize.config.yaml': CONFIG, 'app/routes/r.py': LEGACY, 'app/core/c.py': LEGACY, 'tests/t.py': LEGACY, 'lib/l.py': LEGACY, ...extra });
  }

  it('plan --batch-by and --order choose and order the batches, and the summary lists them', async () => {
    const dir = tree();
    const r = await runCli(['plan', '--batch-by', 'dir:2', '--order', 'tests/**', '--order', '...', '-o', 'plan.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('batches (apply one with --batch ID)\n  tests       1 file(s)\n      tests/t.py\n  app/core    1 file(s)\n');
    const { plan } = await readPlanFile(join(dir, 'plan.json'));
    expect(plan.batches.map((b) => b.name)).toEqual(['tests', 'app/core', 'app/routes', 'lib']);
  });

  it('batches by owner from .github/CODEOWNERS, and says so when there is none (exit 2)', async () => {
    const dir = tree({ '.github/CODEOWNERS': '* @all\n/app/ @app-team\n' });
    const r = await runCli(['plan', '--batch-by', 'owner', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { batches: { name: string }[] }).batches.map((b) => b.name)).toEqual(['@all', '@app-team']);
    const none = tree();
    writeFileSync(join(none, 'canonize.config.yaml'), `${CONFIG}batchBy: owner\n`);
    const r2 = await runCli(['plan'], { cwd: none });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('E_NO_CODEOWNERS');
  });

  it('rejects a bad --batch-by, and --batch-by with a plan file (exit 2)', async () => {
    const dir = tree();
    const bad = await runCli(['plan', '--batch-by', 'folder'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--batch-by: "folder"');
    await runCli(['plan', '-o', 'plan.json'], { cwd: dir });
    const withPlan = await runCli(['apply', 'plan.json', '--yes', '--batch-by', 'rule'], { cwd: dir });
    expect(withPlan.code).toBe(2);
    expect(withPlan.stderr).toContain('a plan file keeps the batches it was made with');
  });
});
