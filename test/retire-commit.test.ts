// `canonize retire --yes --commit-per-batch` in a real git repository: one commit per retired module holding exactly
// its file — a deletion committed as a deletion, a shim as a modification — with apply's message and trailer. Rolled
// back, the files come back and rollback prints the command that records the undo; run by a shell as printed, it
// commits the restored files (the deleted ones, untracked since, added first), and HEAD holds the original tree.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const CONFIG = `version: 1\npython:\n  moves:\n${[0, 1].map((i) => `    - from: pkg.old${i}\n      to: pkg.new${i}\n      symbols: { Old${i}: New${i} }\n`).join('')}`;

/** pkg.old0: nothing imports it (deleted); pkg.old1: app/user.py does (shimmed). Committed, with an identity. */
function repo(): string {
  const files: Record<string, string> = { 'canonize.config.yaml': CONFIG, 'pkg/__init__.py': '', 'app/user.py': 'from pkg.old1 import Old1\n', 'notes.txt': 'mine\n' };
  for (const i of [0, 1]) {
    files[`pkg/new${i}.py`] = `class New${i}:\n    pass\n`;
    files[`pkg/old${i}.py`] = `"""Legacy ${i}."""\nfrom pkg.new${i} import New${i} as Old${i}\n`;
  }
  const dir = tempTree(files);
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.name', 'canonize-test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'original');
  return dir;
}

describe('retire --commit-per-batch', () => {
  it('one commit per module: the deletion committed as a deletion, the shim as a modification, nothing else', async () => {
    const dir = repo();
    // Something of the user's staged beforehand stays staged, out of canonize's commits.
    git(dir, 'rm', '-q', '--cached', 'notes.txt');
    const r = await runCli(['retire', '--yes', '--commit-per-batch'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const commits = git(dir, 'log', '--format=%h', '-3').trim().split('\n').reverse();
    expect(r.stderr).toContain(`batch pkg.old0 "delete pkg.old0": applied, 1 file(s) written, committed ${commits[0]}`);
    expect(r.stderr).toContain(`batch pkg.old1 "shim pkg.old1": applied, 1 file(s) written, committed ${commits[1]}`);
    expect(git(dir, 'show', '--name-status', '--format=%s', 'HEAD~2')).toBe('canonize: batch 1/3 delete pkg.old0 (1 file(s))\n\nD\tpkg/old0.py\n');
    expect(git(dir, 'show', '--name-status', '--format=%s', 'HEAD~1')).toBe('canonize: batch 2/3 shim pkg.old1 (1 file(s))\n\nM\tpkg/old1.py\n');
    // The record, last (docs/retire.md, "The record").
    expect(git(dir, 'show', '--name-status', '--format=%s', 'HEAD')).toBe('canonize: batch 3/3 record canonize.retired.json (1 file(s))\n\nA\tcanonize.retired.json\n');
    expect(git(dir, 'log', '-1', '--format=%B', 'HEAD~2')).toMatch(/^canonize: batch 1\/3 delete pkg\.old0 \(1 file\(s\)\)\n\n- retire: 1 edit\(s\)\n\nCanonize-Run: \S+ batch 0\n/);
    // HEAD holds the end state: no pkg/old0.py, the shim; the work tree matches it but for the user's staged change.
    expect(git(dir, 'ls-tree', '--name-only', 'HEAD', 'pkg/')).toBe('pkg/__init__.py\npkg/new0.py\npkg/new1.py\npkg/old1.py\n');
    expect(git(dir, 'show', 'HEAD:pkg/old1.py')).toContain('canonize retire: deprecation shim');
    expect(git(dir, 'status', '--porcelain')).toBe('D  notes.txt\n?? notes.txt\n');
  });

  it('rollback restores both files and removes the record; the printed command records the undo, the deleted file added back: HEAD is the original tree', async () => {
    const dir = repo();
    const before = readTree(dir);
    const original = git(dir, 'rev-parse', 'HEAD').trim();
    expect((await runCli(['retire', '--yes', '--commit-per-batch'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['rollback'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readTree(dir)).toEqual(before);
    const runId = /rolled back run (\S+):/.exec(r.stdout)![1];
    // The record the run created is removed again, and the commit records that too.
    const command = `git add -- pkg/old0.py && git commit -m 'Roll back canonize run ${runId}' -- canonize.retired.json pkg/old0.py pkg/old1.py`;
    expect(r.stdout).toContain(`3 restored file(s) differ from HEAD\nrecord the undo with one commit, from the project root:\n  ${command}\n`);
    const shell = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
    expect(shell.status, shell.stderr).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'diff', original, 'HEAD', '--stat')).toBe('');
    expect(git(dir, 'log', '--format=%s', '-1')).toBe(`Roll back canonize run ${runId}\n`);
  });

  it('outside a git work tree it refuses before writing anything (exit 2)', async () => {
    const dir = tempTree({ 'canonize.config.yaml': CONFIG, 'pkg/new0.py': 'class New0:\n    pass\n', 'pkg/old0.py': 'from pkg.new0 import New0 as Old0\n' });
    const before = readTree(dir);
    const r = await runCli(['retire', '--yes', '--commit-per-batch'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error [E_NOT_GIT]: --commit-per-batch needs a git work tree');
    expect(readTree(dir)).toEqual(before);
  });
});
