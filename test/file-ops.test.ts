// Whole-file operations in the plan format (issue 18, part 2): a changed file may be deleted or created. Applied
// through the engine on real temp trees: journaled before it happens, rolled back byte for byte (a deleted file comes
// back with its bytes and mode, a created one goes), batched with edits, refused outside the root or through a
// symlink, left alone when stale; shown in the diff and in a patch that a real `git apply` accepts.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply, preview, rollback } from '../src/api.js';
import type { ChangedFilePlan } from '../src/core/types.js';
import { formatPatch, unifiedDiff } from '../src/engine/diff.js';
import { readPlanFile, writePlanFile } from '../src/planner/plan-json.js';
import { creation, deletion, edit, planOf } from './helpers/plans.js';
import { git, readTree, tempTree } from './helpers/tmp.js';

const OLD = '"""Legacy."""\nfrom app.new import Thing\n';
const NEW = '"""The new home."""\n\n\nclass Thing:\n    pass\n';
const EDITED = 'from app.old import Thing\n';

function tree() {
  const dir = tempTree({ 'app/__init__.py': '', 'app/old.py': OLD, 'app/user.py': EDITED });
  chmodSync(join(dir, 'app/old.py'), 0o755);
  return dir;
}
const plan = () => planOf([deletion('app/old.py', OLD), creation('app/new.py', NEW), edit('app/user.py', EDITED, 'from app.new import Thing\n')]);

describe('deleting and creating files', () => {
  it('apply deletes and creates in one batch with an edit; rollback restores every byte and mode, and removes what it created', async () => {
    const dir = tree();
    const before = readTree(dir);
    const result = await apply({ plan: plan(), root: dir });
    expect(result.files.map((f) => [f.path, f.outcome])).toEqual([
      ['app/new.py', 'written'],
      ['app/old.py', 'written'],
      ['app/user.py', 'written'],
    ]);
    expect(existsSync(join(dir, 'app/old.py'))).toBe(false);
    expect(readFileSync(join(dir, 'app/new.py'), 'utf8')).toBe(NEW);
    expect(statSync(join(dir, 'app/new.py')).mode & 0o777).toBe(0o644);
    // Applying the same plan again: everything is already applied.
    const again = await apply({ plan: plan(), root: dir });
    expect(again.files.map((f) => f.outcome)).toEqual(['already-applied', 'already-applied', 'already-applied']);
    const back = await rollback({ cwd: dir });
    expect(back.restored).toBe(3);
    expect(readTree(dir)).toEqual(before);
    expect(statSync(join(dir, 'app/old.py')).mode & 0o777).toBe(0o755);
    expect(existsSync(join(dir, 'app/new.py'))).toBe(false);
  });

  it('the plan file keeps the operation (read back, it applies the same)', async () => {
    const dir = tree();
    const file = join(dir, 'plan.json');
    await writePlanFile(plan(), file);
    const { plan: read } = await readPlanFile(file, { cwd: dir });
    expect(read.files.map((f) => (f.outcome === 'changed' ? f.op ?? 'edit' : f.outcome))).toEqual(['create', 'delete', 'edit']);
  });

  it('stale: a file to delete that changed, a file to create that exists, are left alone (exit 3 material)', async () => {
    const dir = tree();
    writeFileSync(join(dir, 'app/old.py'), `${OLD}# changed\n`);
    writeFileSync(join(dir, 'app/new.py'), 'somebody else\n');
    const result = await apply({ plan: plan(), root: dir, replanStale: false });
    expect(result.files.filter((f) => f.path !== 'app/user.py').map((f) => [f.path, f.outcome, f.reason])).toEqual([
      ['app/new.py', 'stale', 'exists already: a planned creation never overwrites a file'],
      ['app/old.py', 'stale', 'changed since it was planned (content hash differs); re-run plan'],
    ]);
    expect(readFileSync(join(dir, 'app/new.py'), 'utf8')).toBe('somebody else\n');
    expect(readFileSync(join(dir, 'app/old.py'), 'utf8')).toBe(`${OLD}# changed\n`);
  });

  it('contained: a plan deleting through a symlink or one, or creating through a symlinked directory or outside the root, is refused whole', async () => {
    const dir = tree();
    const outside = tempTree({ 'victim.py': OLD });
    symlinkSync(outside, join(dir, 'linked'));
    symlinkSync(join(outside, 'victim.py'), join(dir, 'app/link.py'));
    const before = readTree(outside);
    for (const [file, why] of [
      [deletion('linked/victim.py', OLD), /reached through a symbolic link/],
      [deletion('app/link.py', OLD), /is a symbolic link/],
      [creation('linked/made.py', NEW), /reached through a symbolic link/],
      [creation('../escape.py', NEW), /outside the project root/],
      [creation('.git/hooks/post-commit', NEW), /inside .git/],
    ] as const) {
      await expect(apply({ plan: planOf([file, creation('app/fine.py', NEW)]), root: dir })).rejects.toThrow(why);
    }
    expect(existsSync(join(dir, 'app/fine.py'))).toBe(false);
    expect(readTree(outside)).toEqual(before);
  });

  it('contained at the last moment: a symlink planted after the batch was prepared is refused, nothing outside is touched', async () => {
    const dir = tempTree({ 'sub/keep.py': 'x = 1\n', 'app/old.py': OLD });
    const outside = tempTree({ 'old.py': OLD });
    const result = await apply({
      plan: planOf([creation('sub/new.py', NEW), deletion('app/old.py', OLD)]),
      root: dir,
      decide: async () => {
        // Between preparing and writing: both paths now go through symlinks to another tree.
        rmSync(join(dir, 'sub'), { recursive: true });
        symlinkSync(outside, join(dir, 'sub'));
        rmSync(join(dir, 'app'), { recursive: true });
        symlinkSync(outside, join(dir, 'app'));
        return { action: 'apply' };
      },
    });
    expect(result.files.map((f) => [f.path, f.outcome])).toEqual([
      ['app/old.py', 'failed'],
      ['sub/new.py', 'failed'],
    ]);
    expect(readdirSync(outside)).toEqual(['old.py']);
    expect(readFileSync(join(outside, 'old.py'), 'utf8')).toBe(OLD);
  });

  it('diff shows `deleted file mode` / `new file mode`, and a real `git apply` takes the patch to the same tree apply writes', async () => {
    const dir = tree();
    mkdirSync(join(dir, 'app/empty'));
    writeFileSync(join(dir, 'app/empty/gone.py'), '');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    const p = planOf([...plan().files as ChangedFilePlan[], deletion('app/empty/gone.py', '')]);
    const { changes, problems } = await preview(p, dir);
    expect(problems).toEqual([]);
    const shown = changes.map((c) => unifiedDiff(c)).join('');
    expect(shown).toContain('diff --git a/app/old.py b/app/old.py\ndeleted file mode 100755\n--- a/app/old.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-"""Legacy."""\n');
    expect(shown).toContain('diff --git a/app/new.py b/app/new.py\nnew file mode 100644\n--- /dev/null\n+++ b/app/new.py\n@@ -0,0 +1,5 @@\n+"""The new home."""\n');
    expect(shown).toContain('diff --git a/app/empty/gone.py b/app/empty/gone.py\ndeleted file mode 100644\n');
    const patched = tempTree();
    cpSync(dir, patched, { recursive: true });
    writeFileSync(join(dir, 'retire.patch'), formatPatch(changes));
    git(patched, 'apply', '--check', join(dir, 'retire.patch'));
    git(patched, 'apply', join(dir, 'retire.patch'));
    await apply({ plan: p, root: dir, allowDirty: true });
    const strip = (t: Record<string, Buffer>) => Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'retire.patch'));
    expect(strip(readTree(patched))).toEqual(strip(readTree(dir)));
    expect(statSync(join(patched, 'app/new.py')).mode & 0o777).toBe(0o644);
  });
});
