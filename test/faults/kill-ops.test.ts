// Faults suite, SIGKILL half, for whole-file operations (issue 18, part 2): a real `canonize apply` of a plan that
// deletes, creates and edits files, and a real `canonize retire --yes`, killed at random (seeded) moments. After every
// kill: each path is whole — its original bytes, its planned bytes, or absent (a delete done, a create not yet done) —
// nothing appeared in the root or outside it, and the journal lists every path that left its original state with
// its operation and its original bytes and mode. Then either `rollback` (itself killed once at random first) or the
// next run recovers: rollback restores the original tree byte for byte and mode for mode (deleted files back,
// created files gone); the next run finishes the job, and rolling it back (and the killed run) restores it too.
// `npm test` runs a few kills (3 and 2); `npm run faults` (FAULTS_FULL=1) more. Replay with FAULTS_SEED.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retirePlan } from '../../src/api-retire.js';
import { writePlanFile } from '../../src/planner/plan-json.js';
import { creation, deletion, edit, planOf } from '../helpers/plans.js';
import { readTree, runCli } from '../helpers/tmp.js';
import { mulberry32 } from './helpers.js';
import { duration, journaled, runAndKill } from './kill-helpers.js';
import { expectJournaled, expectOriginal, expectRollbacksRestore, expectWhole, opsProject, opsSandbox, resetOps, type OpsProject } from './ops.js';

const FULL = process.env.FAULTS_FULL === '1';
const KILLS = Number(process.env.FAULTS_KILLS ?? 20);
// Each iteration starts four or five real processes: `npm test` runs a few, `npm run faults` half and a quarter of
// FAULTS_KILLS (30 and 15).
const APPLY_KILLS = FULL ? Math.ceil(KILLS / 2) : Math.min(KILLS, 3);
const RETIRE_KILLS = FULL ? Math.ceil(KILLS / 4) : Math.min(KILLS, 2);

const body = (i: number, eol: string) => `"""Module ${i}."""\n${Array.from({ length: 40 }, (_, j) => `def f${j}(x):\n    return x + ${i * j}\n`).join('\n')}`.replaceAll('\n', eol);
const MODES = [0o644, 0o755, 0o600];

/** 12 files deleted (modes vary, some CRLF), 12 created, 12 edited, in 4 batches that mix all three. */
async function applyProject(): Promise<OpsProject> {
  const files: Record<string, string | [string, number]> = { 'canonize.config.yaml': 'version: 1\n' };
  const plan = [];
  for (let i = 0; i < 12; i++) {
    const batch = i % 4;
    const old = body(i, i % 3 === 0 ? '\r\n' : '\n');
    files[`p${batch}/old${i}.py`] = [old, MODES[i % 3]!];
    plan.push(deletion(`p${batch}/old${i}.py`, old, batch));
    plan.push(creation(`p${batch}/new${i}.py`, body(100 + i, '\n'), batch));
    files[`p${batch}/user${i}.py`] = body(200 + i, '\n');
    plan.push(edit(`p${batch}/user${i}.py`, body(200 + i, '\n'), body(300 + i, '\n'), batch));
  }
  const { sandbox, dir } = opsSandbox(files);
  const p = planOf(plan);
  await writePlanFile(p, `${dir}/plan.json`);
  return opsProject(sandbox, dir, p);
}

/**
 * 16 legacy modules, each binding its moved name by importing the canonical class: the even ones imported by nothing
 * any more (deleted), the odd ones still imported by a user (shimmed). Retire's own plan gives each path's planned state
 * (17: the modules, and the record, canonize.retired.json).
 */
async function retireProject(): Promise<OpsProject> {
  const moves: string[] = [];
  const files: Record<string, string | [string, number]> = {};
  for (let i = 0; i < 16; i++) {
    moves.push(`    - from: pkg.old${i}\n      to: pkg.new${i}\n      symbols: { Old${i}: New${i} }\n`);
    files[`pkg/new${i}.py`] = `class New${i}:\n    pass\n`;
    files[`pkg/old${i}.py`] = [`"""Legacy ${i}."""\n${'# history\n'.repeat(200)}from pkg.new${i} import New${i} as Old${i}\n`, MODES[i % 3]!];
    if (i % 2 === 1) files[`app/user${i}.py`] = `from pkg.old${i} import Old${i}\n`;
  }
  files['pkg/__init__.py'] = '';
  files['canonize.config.yaml'] = `version: 1\npython:\n  moves:\n${moves.join('')}`;
  const { sandbox, dir } = opsSandbox(files);
  const { plan } = await retirePlan({ cwd: dir });
  expect(plan.files.filter((f) => f.outcome === 'changed' && f.op === 'delete')).toHaveLength(8);
  return opsProject(sandbox, dir, plan);
}

describe('SIGKILL while files are deleted and created', () => {
  it(`apply of a plan with deletes, creates and edits, ${APPLY_KILLS} kills: whole files, journaled, recovered by rollback or the next run`, async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed);
    const p = await applyProject();
    const argv = ['apply', 'plan.json', '--yes'];
    const window = (await duration(p.dir, argv)) * 1.1;
    expect(expectWhole(p, 'a full apply')).toHaveLength(Object.keys(p.planned).length);
    const rollbackWindow = (await duration(p.dir, ['rollback'])) * 1.1;
    expectOriginal(p, 'a full apply rolled back');
    const stats = { mid: 0, none: 0, all: 0, journaled: 0 };
    for (let i = 0; i < APPLY_KILLS; i++) {
      resetOps(p);
      const where = `seed ${seed}, iteration ${i}`;
      // A third of the kills anywhere in the run, the rest just after a random batch is journaled (while its files change).
      const batch = Math.floor(rand() * 4);
      const a = i % 3 === 0 ? await runAndKill(p.dir, argv, rand() * window) : await runAndKill(p.dir, argv, rand() * 6, () => journaled(p.dir, batch));
      if (a.finished) expect(a.code, where).toBe(0);
      const done = expectWhole(p, `after apply killed (${where})`);
      if (expectJournaled(p, done, `after apply killed (${where})`) > 0) stats.journaled++;
      stats[done.length === 0 ? 'none' : done.length === Object.keys(p.planned).length ? 'all' : 'mid']++;
      if (i % 2 === 0) {
        // Recovered by rollback, itself killed once first.
        await runAndKill(p.dir, ['rollback'], rand() * rollbackWindow);
        expectWhole(p, `after rollback killed (${where})`);
        await expectRollbacksRestore(p, 1, where);
      } else {
        // Recovered by the next run: it rolls back what the killed run left unfinished, then applies everything.
        const again = await runCli(argv, { cwd: p.dir });
        expect(again.code, `${where}: ${again.stderr}`).toBe(0);
        expect(expectWhole(p, `after the next run (${where})`)).toHaveLength(Object.keys(p.planned).length);
        await expectRollbacksRestore(p, 2, `the next run (${where})`);
      }
    }
    console.info(`faults/kill-ops (seed ${seed}): ${APPLY_KILLS} apply kills (${stats.mid} mid-write, ${stats.none} before any change, ${stats.all} after the last; ${stats.journaled} with a journal)`);
  }, 600_000);

  it(`retire --yes, ${RETIRE_KILLS} kills: whole modules, journaled, recovered by rollback or the next retire`, async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed + 1);
    const p = await retireProject();
    const argv = ['retire', '--yes'];
    const full = await runCli(argv, { cwd: p.dir });
    expect(full.code, full.stderr).toBe(0);
    expect(expectWhole(p, 'a full retire')).toHaveLength(17);
    await expectRollbacksRestore(p, 1, 'a full retire');
    const batches = Object.keys(p.planned).length;
    for (let i = 0; i < RETIRE_KILLS; i++) {
      resetOps(p);
      const where = `seed ${seed}, iteration ${i}`;
      const batch = Math.floor(rand() * batches);
      const r = await runAndKill(p.dir, argv, rand() * 4, () => journaled(p.dir, batch));
      if (r.finished) expect(r.code, where).toBe(0);
      const done = expectWhole(p, `after retire killed (${where})`);
      expectJournaled(p, done, `after retire killed (${where})`);
      if (i % 2 === 0) await expectRollbacksRestore(p, 1, where);
      else {
        const again = await runCli(argv, { cwd: p.dir });
        expect(again.code, `${where}: ${again.stderr}`).toBe(0);
        expect(expectWhole(p, `after the next retire (${where})`)).toHaveLength(17);
        await expectRollbacksRestore(p, 2, `the next retire (${where})`);
      }
      expectOriginal(p, where);
      expect(Object.keys(readTree(p.dir)).length, where).toBe(Object.keys(p.original).length);
    }
  }, 600_000);

  it('a retire killed after a batch was written: the next retire recovers it first, then analyses, and retires that module too', async () => {
    const p = await retireProject();
    const marker = join(p.sandbox, 'verifying');
    // The verify gate of the first batch holds the run after its file was deleted and before the batch is applied.
    const r = await runAndKill(p.dir, ['retire', '--yes', '--verify', `touch ${marker} && sleep 3`], 0, () => existsSync(marker));
    expect(r.finished).toBe(false);
    rmSync(marker);
    expect(expectWhole(p, 'killed in the first verify')).toEqual(['pkg/old0.py']);
    const again = await runCli(['retire', '--yes'], { cwd: p.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^recovered interrupted run [^:]+: 1 unfinished batch\(es\) rolled back, 1 file\(s\) restored$/m);
    expect(again.stdout).toContain('deleted python pkg.old0 (pkg/old0.py)');
    expect(expectWhole(p, 'the next retire')).toHaveLength(17);
    await expectRollbacksRestore(p, 2, 'the next retire');
  }, 120_000);
});
