// Faults suite for whole-file operations (issue 18, part 2): files deleted and created by a plan, beside ordinary
// edits, under EIO and ENOSPC at every write step of `apply` and of `rollback` (inject.ts counts unlinks too). After
// every fault: an exit code and a message, every path holds its original or its planned state (bytes, or no file),
// nothing outside the root changed, and a rollback restores every original byte and mode, removing what was created.
import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePlanFile } from '../../src/planner/plan-json.js';
import { creation, deletion, edit, planOf } from '../helpers/plans.js';
import { readTree, runCli, tempTree } from '../helpers/tmp.js';
import { expectClean, tempFilesUnder } from './helpers.js';
import { injectFault } from './inject.js';

const STRIDE = process.env.FAULTS_FULL === '1' ? 1 : 5;
const FIRST = 1 + (Number(process.env.FAULTS_SEED ?? Math.floor(Date.now() / 86_400_000)) % STRIDE);

const OLD = (i: number) => `"""Legacy ${i}."""\nfrom canon import Thing\n`;
const NEW = (i: number) => `"""New ${i}."""\n\n\nclass Thing${i}:\n    pass\n`;

/** A sandbox with `repo/` (two batches: deletes, creates and edits) and `outside/`; the states each path may hold. */
async function project() {
  const sandbox = tempTree({ 'outside/victim.py': OLD(9) });
  const dir = join(sandbox, 'repo');
  const files: Record<string, string> = { 'canonize.config.yaml': 'version: 1\n', 'a/old1.py': OLD(1), 'a/user.py': 'x = 1\n', 'b/old2.py': OLD(2), 'b/user.py': 'y = 2\r\n' };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  chmodSync(join(dir, 'b/old2.py'), 0o750);
  const plan = planOf([
    deletion('a/old1.py', OLD(1), 0),
    creation('a/new1.py', NEW(1), 0),
    edit('a/user.py', 'x = 1\n', 'x = 10\n', 0),
    deletion('b/old2.py', OLD(2), 1),
    creation('b/new2.py', NEW(2), 1),
    edit('b/user.py', 'y = 2\r\n', 'y = 20\r\n', 1),
  ]);
  await writePlanFile(plan, join(dir, 'plan.json'));
  const original = readTree(dir);
  const planned: Record<string, Buffer | undefined> = { 'a/old1.py': undefined, 'a/new1.py': Buffer.from(NEW(1)), 'a/user.py': Buffer.from('x = 10\n'), 'b/old2.py': undefined, 'b/new2.py': Buffer.from(NEW(2)), 'b/user.py': Buffer.from('y = 20\r\n') };
  return { sandbox, dir, original, planned, outside: readTree(join(sandbox, 'outside')) };
}
type Project = Awaited<ReturnType<typeof project>>;

function expectConsistent(p: Project, where: string): void {
  const now = readTree(p.dir);
  for (const path of new Set([...Object.keys(p.original), ...Object.keys(p.planned)])) {
    const got = now[path];
    const was = p.original[path];
    const will = path in p.planned ? p.planned[path] : was;
    const same = (a: Buffer | undefined, b: Buffer | undefined) => (a === undefined ? b === undefined : b !== undefined && a.equals(b));
    expect(same(got, was) || same(got, will), `${path} is neither its original nor its planned state (${where})`).toBe(true);
  }
  const extra = Object.keys(now).filter((k) => !(k in p.original) && !(k in p.planned) && !tempFilesUnder(p.dir).includes(k));
  expect(extra, `files that appeared (${where})`).toEqual([]);
  expect(readTree(join(p.sandbox, 'outside')), `outside the root (${where})`).toEqual(p.outside);
}

async function expectRollbackRestores(p: Project, where: string): Promise<void> {
  const rb = await runCli(['rollback'], { cwd: p.dir });
  expectClean(rb, [0], `rollback after ${where}`);
  expect(readTree(p.dir), `rollback restores every original (${where})`).toEqual(p.original);
  expect(statSync(join(p.dir, 'b/old2.py')).mode & 0o777, where).toBe(0o750);
  expect(tempFilesUnder(p.dir), where).toEqual([]);
}

function reset(p: Project): void {
  for (const path of Object.keys(p.planned)) if (!(path in p.original)) rmSync(join(p.dir, path), { force: true });
  for (const [path, bytes] of Object.entries(p.original)) writeFileSync(join(p.dir, path), bytes);
  chmodSync(join(p.dir, 'b/old2.py'), 0o750);
  rmSync(join(p.dir, '.canonize'), { recursive: true, force: true });
  for (const t of tempFilesUnder(p.dir)) rmSync(join(p.dir, t));
}

async function withFault(p: Project, argv: string[], at: number, code: 'EIO' | 'ENOSPC') {
  const injection = injectFault(at, code);
  try {
    return { r: await runCli(argv, { cwd: p.dir }), fired: injection.fired(), steps: injection.steps() };
  } finally {
    injection.restore();
  }
}

describe('I/O errors while deleting and creating files', () => {
  for (const code of ['EIO', 'ENOSPC'] as const) {
    it(`${code} at each write step of apply, then of rollback: a message, never a torn state, rollback restores all`, async () => {
      const p = await project();
      const clean = await runCli(['apply', 'plan.json', '--yes'], { cwd: p.dir });
      expect(clean.code, clean.stderr).toBe(0);
      expect(readTree(p.dir)['a/old1.py']).toBeUndefined();
      await expectRollbackRestores(p, 'no fault');
      const hit = new Set<string>();
      let at = FIRST;
      for (; ; at += STRIDE) {
        reset(p);
        const { r, fired, steps } = await withFault(p, ['apply', 'plan.json', '--yes'], at, code);
        if (fired) hit.add(fired.replace(/^step \d+: /, ''));
        const where = `${code} at apply write ${fired ?? `(none of ${steps})`}`;
        expectClean(r, [0, 3, 74], where);
        expectConsistent(p, where);
        await expectRollbackRestores(p, where);
        if (!fired) break;
      }
      expect(at).toBeGreaterThan(20);
      for (at = FIRST; ; at += STRIDE) {
        reset(p);
        const applied = await runCli(['apply', 'plan.json', '--yes'], { cwd: p.dir });
        expect(applied.code, applied.stderr).toBe(0);
        const { r, fired, steps } = await withFault(p, ['rollback'], at, code);
        if (fired) hit.add(`rollback ${fired.replace(/^step \d+: /, '')}`);
        const where = `${code} at rollback write ${fired ?? `(none of ${steps})`}`;
        expectClean(r, [0, 74], where);
        expectConsistent(p, where);
        await expectRollbackRestores(p, where);
        if (!fired) break;
      }
      // Every step is failed in the full run: the deletes' and the creations' undos among them.
      if (STRIDE === 1) expect([...hit].filter((h) => h.includes('unlinkSync')).sort()).toEqual(['rollback unlinkSync', 'unlinkSync']);
    }, 600_000);
  }
});
