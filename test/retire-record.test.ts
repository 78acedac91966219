// The retire record, canonize.retired.json at the root: written by retire's own plan (its last batch), committed with
// the code, so that a fresh clone (CI: no .canonize/, no journal) still knows the deleted modules; kept true to the
// batches applied (skip, quit, a failed verify gate); rolled back byte for byte; an invalid record is an error.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retire } from '../src/api-retire.js';
import type { BatchDecision, BatchPreview } from '../src/engine/apply-types.js';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const CONFIG = `version: 1
python:
  moves:
    - from: pkg.old
      to: pkg.new
      symbols: [Thing]
typescript:
  moves:
    - from: web/old.ts
      to: web/new.ts
      symbols: [Client]
`;

/** Two legacy modules, each imported once: `apply` migrates the imports, then `retire` can delete both. */
const TREE = {
  'canonize.config.yaml': CONFIG,
  'pkg/__init__.py': '',
  'pkg/new.py': 'class Thing:\n    pass\n',
  'pkg/old.py': 'from pkg.new import Thing\n',
  'app.py': 'from pkg.old import Thing\n\nprint(Thing)\n',
  'tsconfig.json': '{ "include": ["web"] }',
  'web/new.ts': 'export class Client {}\n',
  'web/old.ts': "export { Client } from './new';\n",
  'web/app.ts': "import { Client } from './old';\nexport const c = new Client();\n",
};

const record = (dir: string) => JSON.parse(readFileSync(join(dir, 'canonize.retired.json'), 'utf8')) as { modules: { module: string; verdict: string }[] };

describe('the record in a fresh clone (CI)', () => {
  it('check --retired fails on a re-import of a deleted module, and plan accepts a TS move whose file retire deleted', async () => {
    const dir = tempTree(TREE);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'legacy');
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    const retired = await runCli(['retire', '--yes', '--allow-dirty'], { cwd: dir });
    expect(retired.code, retired.stdout + retired.stderr).toBe(0);
    expect(retired.stdout).toContain('deleted python pkg.old (pkg/old.py)\ndeleted typescript web/old.ts (web/old.ts)\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'migrated and retired');
    // The record is committed; the journal is not.
    expect(git(dir, 'ls-files').split('\n')).toContain('canonize.retired.json');

    const clone = tempTree();
    git(clone, 'clone', '-q', dir, '.');
    expect(existsSync(join(clone, '.canonize'))).toBe(false);
    expect((await runCli(['check', '--retired'], { cwd: clone })).code).toBe(0);
    // The TS move's `from` names a file that is gone: valid, because the record says retire deleted it.
    const plan = await runCli(['plan'], { cwd: clone });
    expect(plan.code, plan.stderr).toBe(0);

    writeFileSync(join(clone, 'again.py'), 'from pkg.old import Thing\n');
    const failed = await runCli(['check', '--retired', '--json'], { cwd: clone });
    expect(failed.code).toBe(1);
    const doc = JSON.parse(failed.stdout) as { retired: { modules: number }; violations: { path: string; rule: string; message: string }[] };
    expect(doc.retired).toEqual({ modules: 2 });
    expect(doc.violations.filter((v) => v.rule === 'retired').map((v) => [v.path, v.message])).toEqual([
      ['again.py', 'Thing of module pkg.old, which canonize retire deleted (pkg/old.py), is imported again: import it from its canonical module'],
    ]);
  }, 60_000);
});

describe('the record follows the batches applied', () => {
  const migrated = async () => {
    const dir = tempTree(TREE);
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    return dir;
  };

  it('a skipped module is not recorded; the one applied is', async () => {
    const dir = await migrated();
    const offered: string[] = [];
    const decide = async (p: BatchPreview): Promise<BatchDecision> => {
      offered.push(p.batch.name);
      return p.batch.name === 'delete pkg.old' ? { action: 'skip' } : { action: 'apply' };
    };
    const result = await retire({ cwd: dir, decide });
    // The record's batch is never asked about: it is bookkeeping, kept true to the others.
    expect(offered).toEqual(['delete pkg.old', 'delete web/old.ts']);
    expect(result.applied.batches.map((b) => [b.name, b.status])).toEqual([
      ['delete pkg.old', 'skipped'],
      ['delete web/old.ts', 'applied'],
      ['record canonize.retired.json', 'applied'],
    ]);
    expect(existsSync(join(dir, 'pkg/old.py'))).toBe(true);
    expect(record(dir).modules.map((m) => [m.module, m.verdict])).toEqual([['web/old.ts', 'delete']]);
    expect(result.retired.map((r) => r.module)).toEqual(['web/old.ts']);

    // Retiring again deletes the module skipped, and adds it to the record.
    expect((await retire({ cwd: dir })).retired.map((r) => r.module)).toEqual(['pkg.old']);
    expect(record(dir).modules.map((m) => m.module)).toEqual(['pkg.old', 'web/old.ts']);
  });

  it('quitting records the modules applied before, and writes no record when there are none', async () => {
    const dir = await migrated();
    const before = readTree(dir);
    const result = await retire({ cwd: dir, decide: async () => ({ action: 'quit' }) });
    expect(result.applied.quit).toBe(true);
    expect(result.applied.batches.map((b) => [b.name, b.status])).toEqual([
      ['delete pkg.old', 'not-reached'],
      ['delete web/old.ts', 'not-reached'],
      ['record canonize.retired.json', 'nothing-to-write'],
    ]);
    expect(readTree(dir)).toEqual(before);

    let asked = 0;
    const second = await retire({ cwd: dir, decide: async () => (++asked === 1 ? { action: 'apply' } : { action: 'quit' }) });
    expect(second.applied.batches.map((b) => b.status)).toEqual(['applied', 'not-reached', 'applied']);
    expect(record(dir).modules.map((m) => m.module)).toEqual(['pkg.old']);
  });

  it('with some batches asked for, the record batch comes too and holds only those', async () => {
    const dir = await migrated();
    const result = await retire({ cwd: dir, batches: ['web/old.ts'] });
    expect(result.applied.batches.map((b) => [b.name, b.status])).toEqual([
      ['delete web/old.ts', 'applied'],
      ['record canonize.retired.json', 'applied'],
    ]);
    expect(record(dir).modules.map((m) => m.module)).toEqual(['web/old.ts']);
  });

  it('a failed verify gate stops the module batches, and the record holds those applied before it', async () => {
    const dir = await migrated();
    // Fails on the TypeScript module's batch only (its {files} name web/old.ts).
    const result = await retire({ cwd: dir, verify: 'case {files} in *web/old.ts*) exit 1;; esac' });
    expect(result.applied.batches.map((b) => [b.name, b.status])).toEqual([
      ['delete pkg.old', 'applied'],
      ['delete web/old.ts', 'rolled-back'],
      ['record canonize.retired.json', 'applied'],
    ]);
    expect(existsSync(join(dir, 'web/old.ts'))).toBe(true);
    expect(record(dir).modules.map((m) => m.module)).toEqual(['pkg.old']);
  });
});

describe('a retire that stopped before its record batch', () => {
  it('the next retire records the Python module it deleted, from the journal', async () => {
    const dir = tempTree(TREE);
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    // As a run killed between a module batch and its record batch: here the record to create appears meanwhile, so
    // the record batch is stale and not written. (The TypeScript module is skipped: a TS move whose file is gone and
    // not recorded is a config error, for retire too — docs/retire.md.)
    const decide = async (p: BatchPreview): Promise<BatchDecision> => ({ action: p.batch.name === 'delete pkg.old' ? 'apply' : 'skip' });
    const onBatch = (b: { name: string }) => b.name === 'delete pkg.old' && writeFileSync(join(dir, 'canonize.retired.json'), '{"version": 1, "modules": []}\n');
    const first = await retire({ cwd: dir, decide, onBatch });
    expect(first.applied.batches.map((b) => b.status)).toEqual(['applied', 'skipped', 'nothing-to-write']);
    expect(existsSync(join(dir, 'pkg/old.py'))).toBe(false);
    expect(record(dir).modules).toEqual([]);

    const second = await retire({ cwd: dir });
    expect(second.report.modules.map((m) => [m.module, m.verdict, m.reasons[0]])).toEqual([
      ['pkg.old', 'delete', 'already deleted by canonize retire'],
      ['web/old.ts', 'delete', 'no reference left and nothing stays'],
    ]);
    expect(second.applied.batches.map((b) => [b.name, b.status])).toEqual([
      ['delete web/old.ts', 'applied'],
      ['record canonize.retired.json', 'applied'],
    ]);
    expect(record(dir).modules.map((m) => [m.module, m.verdict])).toEqual([
      ['pkg.old', 'delete'],
      ['web/old.ts', 'delete'],
    ]);
  });
});

describe('the record and the formatters', () => {
  it('no formatter runs on the record (it is JSON); one limited to globs that match it is refused', async () => {
    const format = `format:\n  command: "cat; echo '# formatted'"\n  languages: [python]\n`;
    // A record already there: rewritten, an ordinary edit (a file created is never formatted anyway).
    const earlier = '{"version": 1, "modules": []}\n';
    const dir = tempTree({ ...TREE, 'canonize.config.yaml': `${CONFIG}${format}`, 'canonize.retired.json': earlier });
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    await retire({ cwd: dir, shim: ['pkg.old'] });
    // The shim went through the formatter; the record did not, and is still a record.
    expect(readFileSync(join(dir, 'pkg/old.py'), 'utf8')).toMatch(/# formatted\n$/);
    expect(readFileSync(join(dir, 'canonize.retired.json'), 'utf8')).not.toContain('# formatted');
    expect(record(dir).modules.map((m) => [m.module, m.verdict])).toEqual([
      ['pkg.old', 'shim'],
      ['web/old.ts', 'delete'],
    ]);

    const globbed = tempTree({ ...TREE, 'canonize.config.yaml': `${CONFIG}format:\n  command: cat\n  files: ["*"]\n` });
    const run = await runCli(['retire', '--yes', '--json'], { cwd: globbed });
    expect(run.code).toBe(2);
    expect((JSON.parse(run.stdout) as { error: { message: string } }).error.message).toBe('format[0].files matches canonize.retired.json, which retire writes as JSON, unformatted');
  });
});

describe('an existing record', () => {
  it('is rewritten sorted with the new modules, rolled back byte for byte, and a second retire plans nothing', async () => {
    // A module retired earlier (written by hand here, on one line): kept, whatever the config says now.
    const earlier = '{"version": 1, "modules": [{"language": "python", "module": "zz.gone", "path": "zz/gone.py", "verdict": "delete", "moved": []}]}';
    const dir = tempTree({ ...TREE, 'canonize.retired.json': earlier });
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    const migrated = readTree(dir);
    expect((await runCli(['retire', '--yes'], { cwd: dir })).code).toBe(0);
    expect(record(dir).modules.map((m) => m.module)).toEqual(['pkg.old', 'zz.gone', 'web/old.ts']);
    const retired = readTree(dir);
    const dry = await runCli(['retire', '--dry-run', '--json'], { cwd: dir });
    expect(dry.code).toBe(0);
    const again = await runCli(['retire', '--yes'], { cwd: dir });
    expect(again.stdout).toContain('nothing to retire');
    expect(readTree(dir)).toEqual(retired);
    expect((await runCli(['rollback'], { cwd: dir })).code).toBe(0);
    expect(readTree(dir)).toEqual(migrated);
    expect(readFileSync(join(dir, 'canonize.retired.json'), 'utf8')).toBe(earlier);
  });

  it('that is not a record is an error naming the file, never read as empty', async () => {
    const dir = tempTree({ ...TREE, 'canonize.retired.json': '{"version": 1, "modules": [{"language": "cobol"}]}\n' });
    for (const args of [['check', '--retired'], ['retire', '--dry-run']]) {
      const run = await runCli([...args, '--json'], { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      const doc = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      expect(doc.error.code).toBe('E_RETIRED_RECORD');
      expect(doc.error.message).toMatch(/^canonize\.retired\.json: not a retire record: modules\[0\]\.language: /);
    }
    writeFileSync(join(dir, 'canonize.retired.json'), Buffer.from('{"version": 1, "modules": [], "x": "\xff"}', 'latin1'));
    const latin1 = await runCli(['check', '--retired'], { cwd: dir });
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toContain('canonize.retired.json: not UTF-8 text');
    writeFileSync(join(dir, 'canonize.retired.json'), 'not json');
    // plan reads the record when a TS move's `from` names no file.
    writeFileSync(join(dir, 'canonize.config.yaml'), CONFIG.replace('from: web/old.ts', 'from: web/gone.ts'));
    const plan = await runCli(['plan'], { cwd: dir });
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('canonize.retired.json: not valid JSON');
  });
});
