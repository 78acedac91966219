// A damaged journal never pretends (issue 14, defect 6): the whole run is verified before anything is restored; a
// run whose run.json is gone is rebuilt from its manifests; anything missing or corrupt is refused with a clear
// error and exit code (never a stack trace), and `--force` restores what verifies and lists exactly what does not.
// Also (defect 8) the journal's .gitignore is repaired, and (10) a killed rollback's temp files do not stay.
import { readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, type RunRecord } from '../src/engine/journal.js';
import { readTree, runCli, tempTree, type CliRun } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const OLD = 'from legacy.mod import Thing\n';

/** Three batches (a, b, c) of two files each, applied. The tree before and after, and the run. */
async function appliedProject(): Promise<{ dir: string; original: Record<string, Buffer>; migrated: Record<string, Buffer>; run: RunRecord; runDir: string }> {
  const files: Record<string, string> = { 'canonize.config.yaml': CONFIG };
  for (const d of ['a', 'b', 'c']) for (const n of [1, 2]) files[`${d}/m${n}.py`] = `# ${d}${n}\n${OLD}`;
  const dir = tempTree(files);
  expect((await runCli(['plan', '-o', 'plan.json'], { cwd: dir })).code).toBe(0);
  const original = readTree(dir);
  const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const [run] = await Journal.at(dir).listRuns();
  expect(run!.batches.map((b) => b.status)).toEqual(['applied', 'applied', 'applied']);
  return { dir, original, migrated: readTree(dir), run: run!, runDir: join(dir, '.canonize', 'runs', run!.id) };
}

function noCrash(r: CliRun): void {
  expect(r.code).not.toBe(70);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** The tree with batch `b`'s files (m1, m2 of directory `d`) taken from `from`. */
function withBatch(tree: Record<string, Buffer>, from: Record<string, Buffer>, d: string): Record<string, Buffer> {
  return { ...tree, [`${d}/m1.py`]: from[`${d}/m1.py`]!, [`${d}/m2.py`]: from[`${d}/m2.py`]! };
}

describe('a damaged journal', () => {
  it('run.json deleted: the run is rebuilt from its manifests (listed as damaged), apply refuses, rollback restores all', async () => {
    const { dir, original, migrated, run, runDir } = await appliedProject();
    unlinkSync(join(runDir, 'run.json'));
    const list = await runCli(['rollback', '--list'], { cwd: dir });
    expect(list.stdout).toContain(`${run.id}  damaged`);
    const apply = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    noCrash(apply);
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain(`[E_JOURNAL_CORRUPT]: the journal of run ${run.id} is damaged:\n  run.json is missing or unreadable`);
    expect(readTree(dir)).toEqual(migrated);
    const r = await runCli(['rollback'], { cwd: dir });
    noCrash(r);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`rolled back run ${run.id}: 6 file(s) restored`);
    expect(readTree(dir)).toEqual(original);
  });

  it('run.json truncated: the same', async () => {
    const { dir, original, run, runDir } = await appliedProject();
    truncateSync(join(runDir, 'run.json'), 40);
    const r = await runCli(['rollback', run.id], { cwd: dir });
    noCrash(r);
    expect(r.code, r.stderr).toBe(0);
    expect(readTree(dir)).toEqual(original);
  });

  it('a batch manifest deleted: refused before anything is restored; --force restores the rest and names it (exit 3)', async () => {
    const { dir, original, migrated, runDir } = await appliedProject();
    unlinkSync(join(runDir, 'batch-1.json'));
    const r = await runCli(['rollback'], { cwd: dir });
    noCrash(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[E_JOURNAL_CORRUPT]');
    expect(r.stderr).toContain("batch-1.json: missing (the run's record lists batch 1, 2 file(s), applied)");
    expect(readTree(dir)).toEqual(migrated);
    const forced = await runCli(['rollback', '--force'], { cwd: dir });
    noCrash(forced);
    expect(forced.code).toBe(3);
    expect(forced.stdout).toContain('4 file(s) restored');
    expect(forced.stderr).toContain('not restored: the journal could not vouch for 1 item(s):\n  batch-1.json: missing');
    expect(readTree(dir)).toEqual(withBatch(original, migrated, 'b'));
  });

  for (const [kind, damage] of [
    ['truncated', (f: string) => truncateSync(f, 10)],
    [
      'flipped',
      (f: string) => {
        const bytes = readFileSync(f);
        bytes[bytes.length - 3]! ^= 0x20;
        writeFileSync(f, bytes);
      },
    ],
    ['deleted', (f: string) => unlinkSync(f)],
  ] as const) {
    it(`a ${kind} .orig of the first batch: found before the later batches are restored; --force restores those`, async () => {
      const { dir, original, migrated, runDir } = await appliedProject();
      damage(join(runDir, 'batch-0.orig'));
      const r = await runCli(['rollback'], { cwd: dir });
      noCrash(r);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[E_JOURNAL_CORRUPT]');
      expect(r.stderr).toMatch(kind === 'deleted' ? /batch-0\.orig: unreadable \(ENOENT\); the originals of 2 file\(s\) are lost/ : /a\/m2\.py: its original bytes/);
      // Rollback goes newest batch first: before, c and b were restored before batch a's damage was found.
      expect(readTree(dir)).toEqual(migrated);
      const forced = await runCli(['rollback', '--force'], { cwd: dir });
      noCrash(forced);
      expect(forced.code).toBe(3);
      const tree = readTree(dir);
      expect(tree['b/m1.py']).toEqual(original['b/m1.py']);
      expect(tree['c/m2.py']).toEqual(original['c/m2.py']);
      expect(tree['a/m2.py']).toEqual(migrated['a/m2.py']);
    });
  }

  it('a manifest that is not JSON, or not a manifest: refused with the file named, exit 2', async () => {
    const { dir, migrated, runDir } = await appliedProject();
    writeFileSync(join(runDir, 'batch-2.json'), '{"version": 1, "runId": ');
    const r = await runCli(['rollback'], { cwd: dir });
    noCrash(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('batch-2.json: unreadable');
    writeFileSync(join(runDir, 'batch-2.json'), '{"version": 1, "files": 3}');
    const again = await runCli(['rollback'], { cwd: dir });
    noCrash(again);
    expect(again.stderr).toContain('batch-2.json: not a valid manifest');
    expect(readTree(dir)).toEqual(migrated);
  });

  it('a killed run with a damaged original: apply refuses (exit 2) and touches nothing; rollback RUN --force recovers what verifies', async () => {
    const { dir, original, migrated, run, runDir } = await appliedProject();
    // As a SIGKILL during batch 2 leaves it: the record says running, batch 2 writing.
    const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord;
    record.state = 'running';
    record.batches[2]!.status = 'writing';
    writeFileSync(join(runDir, 'run.json'), JSON.stringify(record));
    truncateSync(join(runDir, 'batch-2.orig'), 5);
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    noCrash(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`[E_JOURNAL_CORRUPT]: the journal of run ${run.id} is damaged`);
    expect(r.stderr).toContain(`canonize rollback ${run.id} --force`);
    expect(readTree(dir)).toEqual(migrated);
    const forced = await runCli(['rollback', run.id, '--force'], { cwd: dir });
    noCrash(forced);
    expect(forced.code).toBe(3);
    expect(readTree(dir)).toEqual(withBatch(original, migrated, 'c'));
  });
});

describe('journal housekeeping', () => {
  it('repairs an empty or changed .canonize/.gitignore', async () => {
    const { dir } = await appliedProject();
    for (const bad of ['', 'nothing\n']) {
      writeFileSync(join(dir, '.canonize', '.gitignore'), bad);
      expect((await runCli(['rollback', '--list'], { cwd: dir })).code).toBe(0);
      await Journal.open(dir);
      expect(readFileSync(join(dir, '.canonize', '.gitignore'), 'utf8')).toBe('*\n');
    }
  });

  it('removes the temp files a killed rollback left in the journal', async () => {
    const { dir, original, runDir } = await appliedProject();
    const leftover = join(runDir, `.run.json.canonize-999999-0a1b2c3d.tmp`);
    writeFileSync(leftover, '{"half": ');
    expect((await runCli(['rollback'], { cwd: dir })).code).toBe(0);
    expect(readTree(dir)).toEqual(original);
    expect(readdirSync(runDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    rmSync(runDir, { recursive: true });
  });
});
