// `--transform` alone needs no config file: without one, the defaults (no rules but the transforms) rooted at the
// git work tree's top (or the working directory outside git), said once on stderr; the plan made so applies.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, check } from '../src/index.js';
import { loadCustomTransform } from '../src/custom/load.js';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const PUBLISHED = join(import.meta.dirname, 'jscodeshift', 'replace-act-import.cjs');
const NOTE = 'no canonize config found: using the defaults (no rules but --transform), rooted at';

const TREE = {
  'src/a.test.tsx': "import { act } from 'react-dom/test-utils';\n\nact(() => undefined);\n",
  'src/c.ts': 'export const untouched = 1;\n',
  'sub/readme.txt': 'a subdirectory to run from\n',
};

const notes = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith(NOTE));

describe('--transform without a config file', () => {
  it('in a git work tree: rooted at its top, said once; the plan file applies from a subdirectory and rolls back', async () => {
    const dir = tempTree(TREE);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'init');
    const sub = join(dir, 'sub');
    const before = readTree(dir);

    const planned = await runCli(['plan', '--transform', PUBLISHED, '-o', 'plan.json'], { cwd: sub });
    expect(planned.code).toBe(0);
    expect(notes(planned.stderr)).toEqual([`${NOTE} ${dir}`]);
    expect(planned.stdout).toContain(`canonize plan of ${dir}\n`);
    const plan = JSON.parse(readFileSync(join(sub, 'plan.json'), 'utf8')) as { root: string; files: { path: string; outcome: string }[] };
    expect(resolve(sub, plan.root)).toBe(dir);
    expect(plan.files.filter((f) => f.outcome === 'changed').map((f) => f.path)).toEqual(['src/a.test.tsx']);

    const applied = await runCli(['apply', 'plan.json', '--yes'], { cwd: sub });
    expect(applied.code).toBe(0);
    expect(readFileSync(join(dir, 'src/a.test.tsx'), 'utf8')).toBe("import { act } from 'react';\n\nact(() => undefined);\n");
    expect((await runCli(['rollback'], { cwd: sub })).code).toBe(0);
    const after = readTree(dir);
    delete after['sub/plan.json'];
    expect(after).toEqual(before);
  });

  it('outside git: rooted at the working directory; diff and apply plan now; --json keeps stderr empty', async () => {
    const dir = tempTree(TREE);
    const diff = await runCli(['diff', '--transform', PUBLISHED], { cwd: dir });
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain("+import { act } from 'react';");
    expect(notes(diff.stderr)).toEqual([`${NOTE} ${dir}`]);

    const json = await runCli(['plan', '--json', '--transform', PUBLISHED], { cwd: dir });
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as { summary: { changed: number } }).summary.changed).toBe(1);

    const applied = await runCli(['apply', '--yes', '--transform', PUBLISHED], { cwd: dir });
    expect(applied.code).toBe(0);
    expect(notes(applied.stderr)).toHaveLength(1);
    expect(readFileSync(join(dir, 'src/a.test.tsx'), 'utf8')).toContain("from 'react';");
  });

  it('check and audit take the defaults with transforms too; without a transform, no config is still an error', async () => {
    const dir = tempTree(TREE);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'init');
    const transforms = [await loadCustomTransform(PUBLISHED, {}, dir)];
    let said = 0;
    const checked = await check({ cwd: join(dir, 'sub'), transforms, onDefaultConfig: () => said++ });
    expect(checked.ok).toBe(false);
    expect(checked.violations.map((v) => v.path)).toEqual(['src/a.test.tsx']);
    expect(said).toBe(1);
    const scoped = await check({ cwd: dir, transforms, changedSince: 'HEAD', onDefaultConfig: () => said++ });
    expect(scoped.ok).toBe(true);
    expect(said).toBe(2);
    const audited = await audit({ cwd: dir, transforms });
    expect(audited.report.scanned).toBe(2);

    const none = await runCli(['plan'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('E_CONFIG_NOT_FOUND');
    expect(notes(none.stderr)).toEqual([]);
  });

  it('check and audit take --transform on the command line, as plan does (the gate and the report see its edits)', async () => {
    const dir = tempTree(TREE);
    const checked = await runCli(['check', '--transform', PUBLISHED], { cwd: dir });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('src/a.test.tsx');
    expect(checked.stdout).toContain('check failed: legacy patterns remain in 1 file(s)');
    expect(notes(checked.stderr)).toEqual([`${NOTE} ${dir}`]);

    const json = await runCli(['check', '--json', '--transform', PUBLISHED], { cwd: dir });
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as { violations: { path: string }[] }).violations.map((v) => v.path)).toEqual(['src/a.test.tsx']);

    const audited = await runCli(['audit', '--json', '--transform', PUBLISHED], { cwd: dir });
    expect(audited.code).toBe(0);
    expect(audited.stderr).toBe('');
    expect((JSON.parse(audited.stdout) as { scanned: number }).scanned).toBe(2);

    const orphan = await runCli(['check', '--transform-option', 'a=b'], { cwd: dir });
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toContain('--transform-option needs a --transform');
  });
});
