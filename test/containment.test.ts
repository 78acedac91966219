// Containment (issue 14, defects 1, 2, 7 and 10): a plan and a journal are data anyone can edit, so nothing they name
// outside the project root, inside .git/, through a symlink, or with a setuid mode is ever read, written or restored;
// text the file's encoding cannot hold is never written with a substitute; a plan naming a file twice is refused.
// Real files, real symlinks, in temp dirs; the real CLI (in process).
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply } from '../src/api.js';
import { applyPlan } from '../src/engine/apply.js';
import { Journal, type BatchManifest } from '../src/engine/journal.js';
import { decodeSource, encodeSource, hashBytes } from '../src/core/source.js';
import type { ChangedFilePlan, Plan } from '../src/core/types.js';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const OLD = 'from legacy.mod import Thing\n';
const NEW = 'from canon.mod import Thing\n';

interface PlanJson extends Omit<Plan, 'files'> {
  files: (ChangedFilePlan & { newHash?: string })[];
}

/**
 * `<outer>/repo`, a project with two legacy files (batches a and b) and its plan.json; `<outer>/outside/victim.py`,
 * a legacy file outside it with the same bytes as `a/one.py`, so that a plan entry pointed at it would apply.
 */
async function setup(): Promise<{ outer: string; dir: string; victim: string; plan: PlanJson }> {
  const outer = tempTree({
    'repo/canonize.config.yaml': CONFIG,
    'repo/a/one.py': OLD,
    'repo/b/two.py': `# two\n${OLD}`,
    'outside/victim.py': OLD,
  });
  const dir = join(outer, 'repo');
  // Without the plan cache, so that the only .canonize/ a test can find is one apply made.
  expect((await runCli(['plan', '--no-cache', '-o', 'plan.json'], { cwd: dir })).code).toBe(0);
  return { outer, dir, victim: join(outer, 'outside', 'victim.py'), plan: readPlan(dir) };
}

const readPlan = (dir: string): PlanJson => JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as PlanJson;
const writePlan = (dir: string, plan: PlanJson) => writeFileSync(join(dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);

/** Point the plan's entry for `a/one.py` at `path` (its batch lists the new path). */
function retarget(plan: PlanJson, path: string): PlanJson {
  const f = plan.files.find((x) => x.path === 'a/one.py')!;
  f.path = path;
  for (const b of plan.batches) b.files = b.files.map((p) => (p === 'a/one.py' ? path : p));
  return plan;
}

/** Every file under `dir`, .canonize included (relative path → bytes). */
function everything(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = join(dir, p);
    if (lstatSync(full).isFile()) out[p] = readFileSync(full, 'latin1');
  }
  return out;
}

async function expectRefused(dir: string, code: string, outer: string): Promise<void> {
  const before = everything(outer);
  for (const argv of [
    ['apply', 'plan.json', '--yes'],
    ['diff', 'plan.json'],
    ['apply', 'plan.json', '--dry-run'],
  ]) {
    const r = await runCli(argv, { cwd: dir });
    expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(2);
    expect(r.stderr).toContain(`[${code}]`);
    expect(r.stderr).not.toContain('internal error');
  }
  // Nothing written anywhere: not the victim, not the project, and no journal run.
  const after = everything(outer);
  expect(Object.keys(after).filter((p) => p.includes('.canonize/runs/'))).toEqual([]);
  for (const [p, bytes] of Object.entries(before)) expect(after[p], p).toBe(bytes);
}

describe('a plan cannot make canonize write outside the project', () => {
  it('refuses an entry "../outside/victim.py" (apply, diff, dry run), writing nothing', async () => {
    const { outer, dir, victim, plan } = await setup();
    writePlan(dir, retarget(plan, '../outside/victim.py'));
    await expectRefused(dir, 'E_PATH_UNSAFE', outer);
    expect(readFileSync(victim, 'utf8')).toBe(OLD);
  });

  it('refuses it even with a zeroed baseHash and no edits (nothing to re-plan it from)', async () => {
    const { outer, dir, plan } = await setup();
    const f = retarget(plan, '../outside/victim.py').files.find((x) => x.path === '../outside/victim.py')!;
    f.baseHash = '0'.repeat(64);
    f.edits = [];
    delete f.newHash;
    writePlan(dir, plan);
    await expectRefused(dir, 'E_PATH_UNSAFE', outer);
  });

  it('refuses it through the library too, before the journal exists (no .canonize/ left behind)', async () => {
    const { outer, dir, victim, plan } = await setup();
    const before = everything(outer);
    const given = retarget(plan, '../outside/victim.py') as unknown as Plan;
    await expect(apply({ plan: given, root: dir })).rejects.toMatchObject({ code: 'E_PATH_UNSAFE' });
    expect(existsSync(join(dir, '.canonize'))).toBe(false);
    expect(everything(outer)).toEqual(before);
    expect(readFileSync(victim, 'utf8')).toBe(OLD);
  });

  it('refuses a plan root of "../outside"', async () => {
    const { outer, dir, victim, plan } = await setup();
    // The victim's directory gets a file with a/one.py's name and bytes, so the re-rooted plan would apply there.
    mkdirSync(join(outer, 'outside', 'a'));
    writeFileSync(join(outer, 'outside', 'a', 'one.py'), OLD);
    plan.root = '../outside';
    writePlan(dir, plan);
    await expectRefused(dir, 'E_PLAN_ROOT', outer);
    expect(readFileSync(join(outer, 'outside', 'a', 'one.py'), 'utf8')).toBe(OLD);
    expect(readFileSync(victim, 'utf8')).toBe(OLD);
    expect(existsSync(join(outer, 'outside', '.canonize'))).toBe(false);
  });

  it('refuses .git/hooks/x.py', async () => {
    const { outer, dir, plan } = await setup();
    git(dir, 'init', '-q');
    mkdirSync(join(dir, '.git', 'hooks'), { recursive: true });
    writeFileSync(join(dir, '.git', 'hooks', 'x.py'), OLD);
    writePlan(dir, retarget(plan, '.git/hooks/x.py'));
    await expectRefused(dir, 'E_PATH_UNSAFE', outer);
    expect(readFileSync(join(dir, '.git', 'hooks', 'x.py'), 'utf8')).toBe(OLD);
  });

  it('refuses a path through a committed symlinked directory', async () => {
    const { outer, dir, victim, plan } = await setup();
    symlinkSync('../outside', join(dir, 'link'));
    git(dir, 'init', '-q');
    git(dir, 'add', 'link');
    git(dir, 'commit', '-q', '-m', 'a symlink');
    writePlan(dir, retarget(plan, 'link/victim.py'));
    await expectRefused(dir, 'E_PATH_UNSAFE', outer);
    expect(readFileSync(victim, 'utf8')).toBe(OLD);
  });

  it('refuses to replace a symlinked file (it stays a symlink)', async () => {
    const { outer, dir, victim, plan } = await setup();
    symlinkSync('../../outside/victim.py', join(dir, 'a', 'sym.py'));
    writePlan(dir, retarget(plan, 'a/sym.py'));
    await expectRefused(dir, 'E_PATH_UNSAFE', outer);
    expect(lstatSync(join(dir, 'a', 'sym.py')).isSymbolicLink()).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe(OLD);
  });

  it('refuses a plan that lists one file twice (it would report "written 2")', async () => {
    const { outer, dir, plan } = await setup();
    const one = plan.files.find((x) => x.path === 'a/one.py')!;
    plan.files.push({ ...one });
    writePlan(dir, plan);
    await expectRefused(dir, 'E_PLAN_INVALID', outer);
    const again = readPlan(dir);
    again.files = again.files.slice(0, -1);
    again.batches[1]!.files.push('a/one.py');
    writePlan(dir, again);
    await expectRefused(dir, 'E_PLAN_INVALID', outer);
  });

  it('makes no .canonize/ in a plan root that does not exist', async () => {
    const { outer, dir, plan } = await setup();
    const missing = join(outer, 'missing');
    await expect(applyPlan({ plan: plan as Plan, root: missing })).rejects.toMatchObject({ code: 'E_PATH_UNSAFE' });
    expect(existsSync(missing)).toBe(false);
    plan.root = 'missing';
    writePlan(dir, plan);
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});

/** Apply the plan; the run's id, and its batch-0 manifest (a/one.py). */
async function applied(dir: string): Promise<{ runId: string; manifestFile: string; manifest: BatchManifest }> {
  const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const [run] = await Journal.at(dir).listRuns();
  const manifestFile = join(dir, '.canonize', 'runs', run!.id, 'batch-0.json');
  return { runId: run!.id, manifestFile, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as BatchManifest };
}

describe('a journal cannot make rollback write outside the project or grant a mode', () => {
  it('refuses a manifest path "../outside/victim.py", restoring nothing; --force restores the rest and names it', async () => {
    const { dir, victim } = await setup();
    const { manifestFile, manifest } = await applied(dir);
    // The victim now looks exactly like a file this run wrote: rollback would "restore" it.
    writeFileSync(victim, NEW);
    manifest.files[0]!.path = '../outside/victim.py';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const migrated = readTree(dir);

    const r = await runCli(['rollback'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[E_JOURNAL_CORRUPT]');
    expect(r.stderr).toContain('../outside/victim.py');
    expect(readTree(dir)).toEqual(migrated);
    expect(readFileSync(victim, 'utf8')).toBe(NEW);

    const forced = await runCli(['rollback', '--force'], { cwd: dir });
    expect(forced.code).toBe(3);
    expect(forced.stderr).toMatch(/not restored: .*\n {2}\.\.\/outside\/victim\.py: the manifest names an unsafe path/);
    expect(readFileSync(victim, 'utf8')).toBe(NEW);
    expect(readFileSync(join(dir, 'b', 'two.py'), 'utf8')).toBe(`# two\n${OLD}`);
  });

  it('refuses a manifest mode of 06777 (setuid); --force restores the others, never with that mode', async () => {
    const { dir } = await setup();
    const { manifestFile, manifest } = await applied(dir);
    manifest.files[0]!.mode = 0o6777;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const r = await runCli(['rollback'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mode 6777 is not plain permission bits');
    expect(readFileSync(join(dir, 'a', 'one.py'), 'utf8')).toBe(NEW);
    const forced = await runCli(['rollback', '--force'], { cwd: dir });
    expect(forced.code).toBe(3);
    expect(readFileSync(join(dir, 'a', 'one.py'), 'utf8')).toBe(NEW);
    expect(statSync(join(dir, 'a', 'one.py')).mode & 0o7000).toBe(0);
    expect(readFileSync(join(dir, 'b', 'two.py'), 'utf8')).toBe(`# two\n${OLD}`);
  });

  it('refuses to restore through a symlink planted after the run', async () => {
    const { outer, dir, victim } = await setup();
    await applied(dir);
    // a/ becomes a symlink to the outside directory, which holds an "a/one.py"-like file with the run's new bytes.
    writeFileSync(join(outer, 'outside', 'one.py'), NEW);
    const { renameSync } = await import('node:fs');
    renameSync(join(dir, 'a'), join(outer, 'a-moved'));
    symlinkSync('../outside', join(dir, 'a'));
    const r = await runCli(['rollback', '--force'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('a/one.py: is reached through a symbolic link (a)');
    expect(readFileSync(join(outer, 'outside', 'one.py'), 'utf8')).toBe(NEW);
    expect(readFileSync(victim, 'utf8')).toBe(OLD);
  });

  it.skipIf(process.getuid?.() !== 0)('keeps the owner and group of a file it rewrites and restores (run as root on another user\'s file)', async () => {
    const { dir } = await setup();
    chownSync(join(dir, 'a', 'one.py'), 1234, 5678);
    await applied(dir);
    expect(readFileSync(join(dir, 'a', 'one.py'), 'utf8')).toBe(NEW);
    expect(statSync(join(dir, 'a', 'one.py'))).toMatchObject({ uid: 1234, gid: 5678 });
    expect((await runCli(['rollback'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'a', 'one.py'), 'utf8')).toBe(OLD);
    expect(statSync(join(dir, 'a', 'one.py'))).toMatchObject({ uid: 1234, gid: 5678 });
  });

  it('does not rewrite a setuid file', async () => {
    const { dir } = await setup();
    chmodSync(join(dir, 'a', 'one.py'), 0o4755);
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('a/one.py: has setuid, setgid or sticky bits');
    expect(readFileSync(join(dir, 'a', 'one.py'), 'utf8')).toBe(OLD);
    expect(readFileSync(join(dir, 'b', 'two.py'), 'utf8')).toBe(`# two\n${NEW}`);
  });
});

describe('no silent character substitution', () => {
  it('encodeSource refuses what the codec cannot hold, and half a surrogate pair', () => {
    expect(() => encodeSource('x = "☕"\n', 'latin1', false)).toThrow(/line 1:6: "☕" \(U\+2615\) cannot be written in the file's encoding latin1/);
    expect(() => encodeSource('a\nx = "\ud800"\n', 'utf-8', false)).toThrow(/line 2:6: half of a UTF-16 surrogate pair \(U\+D800\)/);
    expect(encodeSource('x = "é"\n', 'latin1', false)).toEqual(Buffer.from('x = "\xe9"\n', 'latin1'));
    expect(encodeSource('x = "😀"\n', 'utf-8', true)).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = "😀"\n')]));
  });

  it('apply fails a latin-1 file whose edit the codec cannot hold, and a UTF-8 one given half a surrogate pair; diff refuses them', async () => {
    const latin = Buffer.from(`# -*- coding: latin-1 -*-\n# caf\xe9\n${OLD}`, 'latin1');
    const dir = tempTree({ 'canonize.config.yaml': CONFIG, 'a/latin.py': latin, 'b/utf8.py': OLD });
    expect((await runCli(['plan', '-o', 'plan.json'], { cwd: dir })).code).toBe(0);
    const plan = readPlan(dir);
    for (const f of plan.files) {
      if (f.outcome !== 'changed') continue;
      f.edits[0]!.text = f.path === 'a/latin.py' ? 'canon.mod  # ☕' : 'canon.mod  # \ud800';
      delete f.newHash;
    }
    writePlan(dir, plan);
    const before = readTree(dir);
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("failed: a/latin.py: the rewritten text cannot be written in the file's encoding: line 3:");
    expect(r.stderr).toContain('(U+2615) cannot be written in the file\'s encoding latin-1');
    expect(r.stderr).toContain('failed: b/utf8.py: the rewritten text cannot be written in the file\'s encoding: line 1:');
    expect(readTree(dir)).toEqual(before);
    expect(hashBytes(readFileSync(join(dir, 'a', 'latin.py')))).toBe(hashBytes(latin));
    const d = await runCli(['diff', 'plan.json'], { cwd: dir });
    expect(d.stdout).toBe('');
    expect(d.stderr).toContain('a/latin.py');
  });

  it('decodeSource reports UTF-16 and UTF-32 files as unsupported, not binary', () => {
    const text = 'from legacy.mod import X\n';
    for (const [bytes, name] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'UTF-16 LE'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), 'UTF-16 BE'],
      [Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), 'UTF-32 LE'],
    ] as const) {
      expect(decodeSource(bytes, 'python')).toEqual({ kind: 'not-utf8', message: `${name} (byte-order mark): not supported; canonize reads UTF-8 and PEP 263 codecs — convert the file to UTF-8` });
    }
  });

  it('a UTF-16 source file is reported as unsupported by plan and fails check --strict, instead of passing as clean', async () => {
    const dir = tempTree({
      'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - { from: legacy.mod, to: canon.mod }\n',
      'ok.py': 'x = 1\n',
    });
    writeFileSync(join(dir, 'wide.py'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('from legacy.mod import X\n', 'utf16le')]));
    const plan = await runCli(['plan', '--json'], { cwd: dir });
    expect(JSON.parse(plan.stdout).files).toMatchObject([{ path: 'wide.py', outcome: 'skipped', code: 'not-utf8', reason: expect.stringContaining('UTF-16 LE') }]);
    const strict = await runCli(['check', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stderr + strict.stdout).toContain('wide.py');
  });
});
