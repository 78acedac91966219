// The apply engine end to end on real temp trees and real git repositories: the journal, rollback, verify gates,
// resume, refusals (dirty files, lock, no terminal), per-batch commits, re-planning stale files, the interactive
// prompt (scripted) and recovery of a run that was killed half way.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompts } from '../bin/shared/apply-ui.js';
import { preview } from '../src/api.js';
import { Journal, type BatchManifest, type RunRecord } from '../src/engine/journal.js';
import { readPlanFile } from '../src/planner/plan-json.js';
import { encodeSource, hashBytes } from '../src/core/source.js';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const OLD = 'from legacy.mod import Thing\n';
const NEW = 'from canon.mod import Thing\n';

/** Three batches (by top directory: a, b, c) of legacy files, with CRLF, a BOM, a mode and an awkward name. */
function project(): string {
  return tempTree({
    'canonize.config.yaml': CONFIG,
    'a/one.py': `# one\n${OLD}x = 1\n`,
    'a/two.py': `import os\r\n${OLD.replace('\n', '\r\n')}`,
    'b/three.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${OLD}# ☕\n`)]),
    'b/four.py': OLD,
    "c/it's a file.py": OLD,
    'c/untouched.py': 'x = 2\n',
  });
}

/** What each changed file should hold after apply. */
async function expectedTree(dir: string): Promise<Record<string, Buffer>> {
  const { plan } = await readPlanFile(join(dir, 'plan.json'));
  const out = readTree(dir);
  for (const c of (await preview(plan, dir)).changes) out[c.path] = encodeSource(c.newText, c.encoding, c.bom);
  return out;
}

/** Plan to plan.json; the tree as it is then, and as apply should leave it. */
async function planFile(dir: string): Promise<{ before: Record<string, Buffer>; expected: Record<string, Buffer> }> {
  expect((await runCli(['plan', '-o', 'plan.json'], { cwd: dir })).code).toBe(0);
  return { before: readTree(dir), expected: await expectedTree(dir) };
}

function gitRepo(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.name', 'canonize-test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'original');
}

async function runs(dir: string): Promise<RunRecord[]> {
  return Journal.at(dir).listRuns();
}

const tempFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => /\.canonize-\d+-[0-9a-f]+\.tmp$/.test(p));

describe('the journal', () => {
  it('holds every original and its hashes before files are written, and ignores itself in git', async () => {
    const dir = project();
    gitRepo(dir);
    const before = readTree(dir);
    expect((await runCli(['plan', '-o', 'plan.json'], { cwd: dir })).code).toBe(0);
    git(dir, 'add', 'plan.json');
    git(dir, 'commit', '-q', '-m', 'plan');
    const expected = await expectedTree(dir);
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/written 5 file\(s\); stale 0; failed 0; rolled back 0\njournal: run (\S+)/);

    expect(readFileSync(join(dir, '.canonize/.gitignore'), 'utf8')).toBe('*\n');
    const status = git(dir, 'status', '--porcelain', '--untracked-files=all');
    expect(status.split('\n').filter(Boolean).sort()).toEqual([' M a/one.py', ' M a/two.py', ' M b/four.py', ' M b/three.py', ' M "c/it\'s a file.py"'].sort());

    const [run] = await runs(dir);
    expect(run!.state).toBe('finished');
    expect(run!.batches.map((b) => [b.name, b.status, b.files])).toEqual([
      ['a', 'applied', 2],
      ['b', 'applied', 2],
      ['c', 'applied', 1],
    ]);
    const journal = Journal.at(dir);
    const manifests = await journal.manifests(run!.id);
    for (const m of manifests) {
      for (const e of m.files) {
        expect(e.oldHash).toBe(hashBytes(before[e.path]!));
        expect(e.newHash).toBe(hashBytes(expected[e.path]!));
        expect((await journal.originalBytes(run!.id, m, e)).equals(before[e.path]!)).toBe(true);
      }
    }
    expect(readTree(dir)).toEqual(expected);
  });
});

describe('rollback', () => {
  it('restores every file of the latest run byte for byte, with its mode', async () => {
    const dir = project();
    chmodSync(join(dir, 'a/one.py'), 0o750);
    const before = readTree(dir);
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    expect(readTree(dir)).not.toEqual(before);
    const r = await runCli(['rollback'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rolled back run \S+: 5 file\(s\) restored/);
    expect(readTree(dir)).toEqual(before);
    expect(statSync(join(dir, 'a/one.py')).mode & 0o777).toBe(0o750);
    expect(tempFiles(dir)).toEqual([]);
    expect((await runCli(['rollback'], { cwd: dir })).stdout).toBe('nothing to roll back\n');
    const list = await runCli(['rollback', '--list'], { cwd: dir });
    expect(list.stdout).toMatch(/rolled-back .* 0 applied, 3 rolled back batch\(es\); 5 file\(s\)/);
    // Rolled back runs are not resumed: the plan applies again in full.
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'b/four.py'), 'utf8')).toBe(NEW);
  });

  it('refuses a file changed since the run, naming it (exit 2); --force overwrites it', async () => {
    const dir = project();
    const before = readTree(dir);
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'a/one.py'), 'edited after the run\n');
    const [run] = await runs(dir);
    const refused = await runCli(['rollback', run!.id], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('E_ROLLBACK_CONFLICT');
    expect(refused.stderr).toContain('a/one.py (changed since the run)');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'b/four.py'), 'utf8')).toBe(NEW); // all or nothing
    const forced = await runCli(['rollback', run!.id, '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('a/one.py: changed since the run; overwritten (--force)');
    expect(readTree(dir)).toEqual(before);
    expect((await runCli(['rollback', run!.id], { cwd: dir })).code).toBe(2); // already rolled back
    expect((await runCli(['rollback', 'no-such-run'], { cwd: dir })).stderr).toContain('E_RUN_NOT_FOUND');
  });
});

describe('verify gates', () => {
  const failOnB = 'for f in {files}; do case "$f" in b/*) echo "broken: $f"; exit 1;; esac; done';

  it('roll a failing batch back, report the output, and stop (exit 3)', async () => {
    const dir = project();
    const before = readTree(dir);
    const r = await runCli(['apply', '--yes', '--verify', failOnB], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('batch b: rolled back: verify failed (exit 1)');
    expect(r.stderr).toMatch(/\| broken: b\/(four|three)\.py/);
    expect(r.stderr).toContain('batch c: not applied');
    const after = readTree(dir);
    expect(after['a/one.py']!.toString()).toContain(NEW);
    for (const p of ['b/three.py', 'b/four.py', "c/it's a file.py"]) expect(after[p]!.equals(before[p]!), p).toBe(true);
    const [run] = await runs(dir);
    expect(run!.batches.map((b) => [b.status, b.reason])).toEqual([
      ['applied', undefined],
      ['rolled-back', 'verify-failed'],
    ]);
  });

  it('--on-verify-fail continue goes on with the next batch; --json reports the gate', async () => {
    const dir = project();
    const r = await runCli(['apply', '--yes', '--json', '--verify', failOnB, '--on-verify-fail', 'continue'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { rolledBack: number; batches: { status: string; verify?: { ok: boolean; output: string }; files: { outcome: string }[] }[] };
    expect(report.batches.map((b) => b.status)).toEqual(['applied', 'rolled-back', 'applied']);
    expect(report.batches[1]!.verify!.output).toMatch(/^broken: b\//);
    expect(report.batches[1]!.files.map((f) => f.outcome)).toEqual(['rolled-back', 'rolled-back']);
    expect(report.rolledBack).toBe(2);
    expect(readFileSync(join(dir, "c/it's a file.py"), 'utf8')).toBe(NEW);
  });

  it('expands {files} to the batch files, shell-quoted', async () => {
    const dir = project();
    const out = join(tempTree(), 'args.txt');
    const r = await runCli(['apply', '--yes', '--verify', `printf '%s\\n' {files} >> '${out}'`], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe("a/one.py\na/two.py\nb/four.py\nb/three.py\nc/it's a file.py\n");
  });
});

describe('batches, resume and refusals', () => {
  it('--batch applies one batch; re-running the plan file resumes where it stopped', async () => {
    const dir = project();
    const { before, expected } = await planFile(dir);
    expect((await runCli(['apply', 'plan.json', '--yes', '--batch', 'b'], { cwd: dir })).code).toBe(0);
    const mid = readTree(dir);
    expect(mid['b/four.py']!.toString()).toBe(NEW);
    expect(mid['a/one.py']!.equals(before['a/one.py']!)).toBe(true);
    const r = await runCli(['apply', 'plan.json', '--yes', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { written: number; batches: { status: string }[] };
    expect(report.batches.map((b) => b.status)).toEqual(['applied', 'already-applied', 'applied']);
    expect(report.written).toBe(3);
    expect(readTree(dir)).toEqual(expected);
    const again = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('batch a: already applied by an earlier run of this plan');
    const unknown = await runCli(['apply', 'plan.json', '--yes', '--batch', '7'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the plan has no batch 7 (it has batches a, b, c)');
    expect(unknown.stderr).toContain('batch ids are names now, not positions');
  });

  it('refuses files with uncommitted changes, tracked or not, unless --allow-dirty (exit 2)', async () => {
    const dir = project();
    gitRepo(dir);
    writeFileSync(join(dir, 'a/one.py'), `# local change\n${OLD}`);
    writeFileSync(join(dir, 'c/new.py'), OLD);
    const r = await runCli(['apply', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_DIRTY');
    expect(r.stderr).toContain('  a/one.py\n  c/new.py');
    expect(r.stderr).toContain('--allow-dirty');
    expect(readFileSync(join(dir, 'b/four.py'), 'utf8')).toBe(OLD);
    expect((await runCli(['apply', '--yes', '--allow-dirty'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'a/one.py'), 'utf8')).toBe(`# local change\n${NEW}`);
  });

  it('refuses to run while another live process holds the lock (exit 2)', async () => {
    const dir = project();
    await Journal.open(dir);
    writeFileSync(join(dir, '.canonize/lock'), `${process.pid} ${(await import('node:os')).hostname()}\n`);
    const r = await runCli(['apply', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_LOCKED');
    expect(readFileSync(join(dir, 'b/four.py'), 'utf8')).toBe(OLD);
  });
});

describe('--commit-per-batch', () => {
  it('makes one commit per batch, listing its rules and counts', async () => {
    const dir = project();
    gitRepo(dir);
    const r = await runCli(['apply', '--yes', '--commit-per-batch'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    const log = git(dir, 'log', '--format=%s', '-4').trim().split('\n');
    expect(log).toEqual(['canonize: batch 3/3 c (1 file(s))', 'canonize: batch 2/3 b (2 file(s))', 'canonize: batch 1/3 a (2 file(s))', 'original']);
    expect(git(dir, 'show', '--stat', '--format=%B', 'HEAD~1')).toMatch(/- python\.moves\/legacy\.mod: 2 edit\(s\)\n\nCanonize-Run: \S+ batch 1\n[\s\S]*b\/four\.py[\s\S]*b\/three\.py/);
    const [run] = await runs(dir);
    expect(run!.batches.map((b) => b.commit)).toEqual(git(dir, 'log', '--format=%H', '-3').trim().split('\n').reverse());
  });

  it('rolls a batch back when its commit fails (a hook), exit 3; needs a git work tree', async () => {
    const dir = project();
    gitRepo(dir);
    const hook = join(dir, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\nif git diff --cached --name-only | grep -q "^b/"; then echo "hook says no"; exit 1; fi\n');
    chmodSync(hook, 0o755);
    const r = await runCli(['apply', '--yes', '--commit-per-batch'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/batch b: rolled back: commit failed: .*hook says no/);
    expect(git(dir, 'log', '--format=%s').trim().split('\n')).toHaveLength(2);
    expect(readFileSync(join(dir, 'b/four.py'), 'utf8')).toBe(OLD);
    // `git add` staged the batch before the hook ran; the rolled back files now match HEAD again.
    expect(git(dir, 'diff', 'HEAD', '--stat')).toBe('');
    const plain = project();
    const notGit = await runCli(['apply', '--yes', '--commit-per-batch'], { cwd: plain });
    expect(notGit.code).toBe(2);
    expect(notGit.stderr).toContain('E_NOT_GIT');
  });
});

describe('stale files', () => {
  it('are planned again when the config is the one the plan was made with', async () => {
    const dir = project();
    await runCli(['plan', '-o', 'plan.json'], { cwd: dir });
    writeFileSync(join(dir, 'a/one.py'), `# edited after planning\n${OLD}`);
    const r = await runCli(['apply', 'plan.json', '--yes', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { batches: { files: { path: string; outcome: string; replanned?: boolean }[] }[] };
    expect(report.batches[0]!.files[0]).toMatchObject({ path: 'a/one.py', outcome: 'written', replanned: true });
    expect(readFileSync(join(dir, 'a/one.py'), 'utf8')).toBe(`# edited after planning\n${NEW}`);
  });

  it('stay stale (exit 3) when the config changed since the plan', async () => {
    const dir = project();
    await runCli(['plan', '-o', 'plan.json'], { cwd: dir });
    writeFileSync(join(dir, 'a/one.py'), `# edited after planning\n${OLD}`);
    writeFileSync(join(dir, 'canonize.config.yaml'), `${CONFIG}exclude: ["nothing/**"]\n`);
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('stale: a/one.py: changed since it was planned');
    expect(readFileSync(join(dir, 'a/one.py'), 'utf8')).toBe(`# edited after planning\n${OLD}`);
  });
});

/** Prompts that answer from a script and record what they were asked. */
function scripted(answers: string[][]): Prompts & { asked: string[]; paged: string[] } {
  const queue = [...answers];
  const asked: string[] = [];
  const paged: string[] = [];
  return {
    asked,
    paged,
    select: async <T extends string>(message: string): Promise<T> => {
      asked.push(message);
      return queue.shift()![0] as T;
    },
    checkbox: async (message) => {
      asked.push(message);
      return queue.shift()!;
    },
    page: async (text) => {
      paged.push(text);
    },
  };
}

describe('interactive apply (scripted prompts)', () => {
  it('shows the diff, applies chosen files, skips, and quits with exit 0', async () => {
    const dir = project();
    const before = readTree(dir);
    const prompts = scripted([['diff'], ['choose'], ['a/two.py'], ['skip'], ['quit']]);
    const r = await runCli(['apply'], { cwd: dir, stdinIsTTY: true, prompts });
    expect(r.code).toBe(0);
    expect(prompts.asked).toEqual(['Batch a (1/3)', 'Batch a (1/3)', 'Files to apply', 'Batch b (2/3)', 'Batch c (3/3)']);
    expect(prompts.paged[0]).toContain('-from legacy.mod import Thing\r\n+from canon.mod import Thing\r\n');
    expect(r.stderr).toContain(
      ['Batch a (1 of 3): 2 file(s), +2 -2 line(s)', '  files', '    a/one.py  +1  -1', '    a/two.py  +1  -1', '  edits by rule', '    python.moves/legacy.mod  2\n'].join('\n'),
    );
    expect(r.stderr).toContain('batch b: skipped');
    expect(r.stdout).toContain('quit: the batches not applied are offered again');
    const after = readTree(dir);
    expect(after['a/two.py']!.toString()).toContain('from canon.mod');
    for (const p of ['a/one.py', 'b/four.py', "c/it's a file.py"]) expect(after[p]!.equals(before[p]!), p).toBe(true);

    // Again: what is left is offered; "apply all remaining" asks no more.
    const all = scripted([['all']]);
    expect((await runCli(['apply'], { cwd: dir, stdinIsTTY: true, prompts: all })).code).toBe(0);
    expect(all.asked).toEqual(['Batch a (1/3)']);
    expect(readFileSync(join(dir, "c/it's a file.py"), 'utf8')).toBe(NEW);
  });
});

describe('recovery', () => {
  it('rolls back the batch a killed run left half written, keeps its finished batches, then applies the rest', async () => {
    const dir = project();
    const { before, expected } = await planFile(dir);
    // Batch 0 applied by a run, which then journaled batch 1, wrote one of its files and was killed.
    expect((await runCli(['apply', 'plan.json', '--yes', '--batch', 'a'], { cwd: dir })).code).toBe(0);
    const journal = await Journal.open(dir);
    const [first] = await journal.listRuns();
    first!.state = 'running';
    await journal.saveRun(first!);
    const manifest: BatchManifest = (await journal.manifests(first!.id))[0]!;
    const { RunWriter } = await import('../src/engine/run-writer.js');
    const writer = new RunWriter(journal, first!);
    const files = ['b/four.py', 'b/three.py'];
    async function* originals() {
      for (const path of files) {
        yield { entry: { path, oldHash: hashBytes(before[path]!), newHash: hashBytes(expected[path]!), mode: 0o644, edits: 1 }, bytes: before[path]! };
      }
    }
    await writer.journalBatch({ id: 1, name: 'b' }, originals());
    writeFileSync(join(dir, 'b/four.py'), expected['b/four.py']!);
    writeFileSync(join(dir, 'b/.four.py.canonize-99-abcdef.tmp'), 'half');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dir, '.canonize/lock'), `${dead} ${(await import('node:os')).hostname()}\n`);
    expect(manifest.batch).toBe(0);

    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`recovered interrupted run ${first!.id}: 1 unfinished batch(es) rolled back, 1 file(s) restored`);
    expect(r.stderr).toContain('batch a: already applied');
    expect(readTree(dir)).toEqual(expected);
    expect(tempFiles(dir)).toEqual([]);
    const [recovered] = await journal.listRuns();
    expect(recovered!.state).toBe('interrupted');
    expect(recovered!.batches.map((b) => [b.id, b.status, b.reason])).toEqual([
      [0, 'applied', undefined],
      [1, 'rolled-back', 'interrupted'],
    ]);
    expect(existsSync(join(dir, '.canonize/lock'))).toBe(false);
  });
});
