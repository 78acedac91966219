// Rollback of a run applied with --commit-per-batch, in a real git repository: the files are restored, the run's
// commits stay, and rollback says so (short ids, the restored files) with the `git commit` that records the undo,
// as text and as JSON valid against schema/json/rollback.schema.json.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const require = createRequire(import.meta.url);
const Ajv2020 = (require('ajv/dist/2020') as { default: typeof import('ajv/dist/2020.js').default }).default;
const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'json', 'rollback.schema.json'), 'utf8')) as object;

const OLD = 'from legacy.mod import Thing\n';

/** Two batches (a, b) of legacy files and one untouched file, committed. */
function repo(): string {
  const dir = tempTree({
    'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n',
    'a/one.py': OLD,
    "b/it's two.py": `x = 1\n${OLD}`,
    'c/untouched.py': 'x = 2\n',
  });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'original');
  return dir;
}

interface RollbackGit {
  commits: string[];
  paths: string[];
  command: string;
}

describe('rollback after --commit-per-batch', () => {
  it('names the commits that remain and the `git commit` that records the undo; running it leaves a clean tree equal to the original', async () => {
    const dir = repo();
    const before = readTree(dir);
    expect((await runCli(['apply', '--yes', '--commit-per-batch'], { cwd: dir })).code).toBe(0);
    const shorts = git(dir, 'log', '--format=%h', '-2').trim().split('\n').reverse();

    const r = await runCli(['rollback'], { cwd: dir });
    expect(r.code).toBe(0);
    const command = `git commit -m 'Roll back canonize run ${/rolled back run (\S+):/.exec(r.stdout)![1]}' -- a/one.py 'b/it'\\''s two.py'`;
    expect(r.stdout).toContain(`the run's 2 commit(s) stay in git (${shorts.join(' ')}): 2 restored file(s) differ from HEAD\n`);
    expect(r.stdout).toContain(`record the undo with one commit, from the project root:\n  ${command}\n`);
    expect(readTree(dir)).toEqual(before);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe(' M a/one.py\n M "b/it\'s two.py"\n');

    // The command, run by a shell as printed, records the undo: HEAD holds the original bytes again.
    git(dir, 'config', 'user.name', 'canonize-test');
    git(dir, 'config', 'user.email', 'test@example.invalid');
    const shell = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
    expect(shell.status, shell.stderr).toBe(0);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(git(dir, 'diff', 'HEAD~3', 'HEAD', '--stat')).toBe('');
  });

  it('--json: the same as data, valid against the schema; absent when the commits are gone from HEAD, were reverted, or without --commit-per-batch', async () => {
    const validate = new Ajv2020({ strict: false }).compile(SCHEMA);
    const dir = repo();
    await runCli(['apply', '--yes', '--commit-per-batch'], { cwd: dir });
    const ids = git(dir, 'log', '--format=%h', '-2').trim().split('\n').reverse();
    const r = await runCli(['rollback', '--json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { runId: string; git?: RollbackGit };
    expect(validate(doc) ? null : validate.errors).toBeNull();
    expect(doc.git).toEqual({
      commits: ids,
      paths: ['a/one.py', "b/it's two.py"],
      command: `git commit -m 'Roll back canonize run ${doc.runId}' -- a/one.py 'b/it'\\''s two.py'`,
    });

    // The commits reset away by the user: nothing of the run is left in git to speak of.
    const gone = repo();
    await runCli(['apply', '--yes', '--commit-per-batch'], { cwd: gone });
    git(gone, 'reset', '-q', '--hard', 'HEAD~2');
    const afterReset = JSON.parse((await runCli(['rollback', '--json'], { cwd: gone })).stdout) as { git?: RollbackGit };
    expect(afterReset.git).toBeUndefined();

    // `git revert` instead of rollback: a rollback afterwards finds the files original and has nothing to say of git.
    const reverted = repo();
    await runCli(['apply', '--yes', '--commit-per-batch'], { cwd: reverted });
    git(reverted, 'revert', '--no-edit', 'HEAD', 'HEAD~1');
    const afterRevert = JSON.parse((await runCli(['rollback', '--json'], { cwd: reverted })).stdout) as { restored: number; files: { outcome: string }[]; git?: RollbackGit };
    expect(afterRevert.restored).toBe(0);
    expect(afterRevert.files.map((f) => f.outcome)).toEqual(['original', 'original']);
    expect(afterRevert.git).toBeUndefined();

    // Without --commit-per-batch the files were never committed: rollback leaves the tree as HEAD, and says nothing of git.
    const plain = repo();
    await runCli(['apply', '--yes'], { cwd: plain });
    const text = await runCli(['rollback'], { cwd: plain });
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('commit');
    expect(git(plain, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });
});
