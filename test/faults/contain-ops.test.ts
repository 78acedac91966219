// Containment of whole-file operations (issue 18, part 2): a plan and a journal are data anyone can edit, so a file
// to delete or create whose path leaves the root — `..`, an absolute path, a symlinked directory pointing outside, a
// symlink itself — is refused before anything is written (no journal run, nothing inside or outside the root
// touched), and a forged journal cannot make rollback write a "deleted" file outside the root or remove a "created"
// one there, nor through a symlink planted after the run. Real files and real symlinks in temp dirs, the real CLI.
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../../src/core/source.js';
import type { ChangedFilePlan } from '../../src/core/types.js';
import type { BatchManifest } from '../../src/engine/journal-format.js';
import { writePlanFile } from '../../src/planner/plan-json.js';
import { creation, deletion, planOf } from '../helpers/plans.js';
import { readTree, runCli, tempTree } from '../helpers/tmp.js';

const OLD = '"""Legacy."""\nfrom app.new import Thing\n';
const NEW = '"""The new home."""\n\n\nclass Thing:\n    pass\n';

/** `<outer>/repo` (the root: app/old.py to delete, app/new.py to create) and `<outer>/outside` (a victim with OLD's bytes). */
function sandbox() {
  const outer = tempTree({ 'repo/canonize.config.yaml': 'version: 1\n', 'repo/app/old.py': OLD, 'outside/victim.py': OLD });
  return { outer, dir: join(outer, 'repo'), outside: join(outer, 'outside') };
}

/** Every file and symlink under `dir`, `.canonize/` included (relative path → bytes, or the link's target). */
function everything(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const st = lstatSync(join(dir, p));
    if (st.isSymbolicLink()) out[p] = `-> ${readlinkSync(join(dir, p))}`;
    else if (st.isFile()) out[p] = readFileSync(join(dir, p), 'latin1');
  }
  return out;
}

describe('a plan cannot delete or create a file outside the root', () => {
  it('`..`, an absolute path, a symlinked directory or a symlink: refused by apply, diff and the dry run, nothing written anywhere', async () => {
    const { outer, dir, outside } = sandbox();
    symlinkSync(outside, join(dir, 'linked'));
    symlinkSync(join(outside, 'victim.py'), join(dir, 'app/link.py'));
    const cases: [ChangedFilePlan, RegExp][] = [
      [deletion('../outside/victim.py', OLD), /outside the project root/],
      [creation('../outside/made.py', NEW), /outside the project root/],
      [deletion(join(outside, 'victim.py'), OLD), /absolute/],
      [creation(join(outside, 'made.py'), NEW), /absolute/],
      [deletion('linked/victim.py', OLD), /reached through a symbolic link \(linked\)/],
      [creation('linked/made.py', NEW), /reached through a symbolic link \(linked\)/],
      [deletion('app/link.py', OLD), /is a symbolic link/],
    ];
    for (const [unsafe, why] of cases) {
      // Beside it, a delete and a create that would be fine: the whole plan is refused before either happens.
      await writePlanFile(planOf([unsafe, deletion('app/old.py', OLD), creation('app/new.py', NEW)]), join(dir, 'plan.json'));
      const before = everything(outer);
      for (const argv of [['apply', 'plan.json', '--yes'], ['diff', 'plan.json'], ['apply', 'plan.json', '--dry-run'], ['apply', 'plan.json', '--yes', '--json']]) {
        const r = await runCli(argv, { cwd: dir });
        const where = `${unsafe.op} ${unsafe.path}: ${argv.join(' ')}`;
        expect(r.code, `${where}: ${r.stderr}`).toBe(2);
        const message = argv.includes('--json') ? (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error : { code: /\[(E_\w+)\]/.exec(r.stderr)?.[1], message: r.stderr };
        expect(message.code, where).toBe('E_PATH_UNSAFE');
        expect(message.message, where).toMatch(why);
        expect(r.stderr + r.stdout, where).not.toContain('internal error');
      }
      expect(everything(outer), `${unsafe.op} ${unsafe.path}: nothing written`).toEqual(before);
      expect(existsSync(join(dir, '.canonize', 'runs')), `${unsafe.path}: no journal run`).toBe(false);
    }
  });
});

describe('a journal cannot make rollback delete or create outside the root', () => {
  /** Apply the plan (app/old.py deleted, app/new.py created); its batch manifest, to forge. */
  async function applied(dir: string): Promise<{ file: string; manifest: BatchManifest }> {
    await writePlanFile(planOf([deletion('app/old.py', OLD), creation('app/new.py', NEW)]), join(dir, 'plan.json'));
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const runs = join(dir, '.canonize', 'runs');
    const file = join(runs, readdirSync(runs)[0]!, 'batch-0.json');
    return { file, manifest: JSON.parse(readFileSync(file, 'utf8')) as BatchManifest };
  }

  it('a forged entry naming a path outside: rollback (and --force) neither restores a "deleted" file there nor removes a "created" one', async () => {
    const { outer, dir, outside } = sandbox();
    const { file, manifest } = await applied(dir);
    const create = manifest.files.find((f) => f.op === 'create')!;
    const del = manifest.files.find((f) => f.op === 'delete')!;
    // The victim looks exactly like a file this run created (rollback would remove it), and the "deleted" file
    // names a path outside where rollback would write the journaled bytes.
    create.path = '../outside/victim.py';
    create.newHash = hashBytes(Buffer.from(OLD));
    del.path = join(outside, 'planted.py');
    writeFileSync(file, JSON.stringify(manifest));
    const outsideBefore = everything(outside);
    const migrated = readTree(dir);

    const r = await runCli(['rollback'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('[E_JOURNAL_CORRUPT]');
    expect(r.stderr).toContain('../outside/victim.py');
    expect(readTree(dir)).toEqual(migrated);
    const forced = await runCli(['rollback', '--force'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(3);
    expect(forced.stderr).toMatch(/\.\.\/outside\/victim\.py: the manifest names an unsafe path/);
    expect(everything(outside)).toEqual(outsideBefore);
    expect(readdirSync(outer).sort()).toEqual(['outside', 'repo']);
  });

  it('a symlink planted after the run: rollback neither writes the deleted file nor removes the created one through it', async () => {
    const { outer, dir, outside } = sandbox();
    await applied(dir);
    // app/ becomes a symlink to the outside directory, which holds a file with the created file's bytes.
    writeFileSync(join(outside, 'new.py'), NEW);
    renameSync(join(dir, 'app'), join(outer, 'app-moved'));
    symlinkSync(outside, join(dir, 'app'));
    const outsideBefore = everything(outside);
    const r = await runCli(['rollback', '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('app/old.py: is reached through a symbolic link (app)');
    expect(r.stderr).toContain('app/new.py: is reached through a symbolic link (app)');
    expect(everything(outside)).toEqual(outsideBefore);
  });
});
