// Faults suite: SIGKILL at random (seeded) moments of a real `canonize apply` and of a real `canonize rollback`.
// After every kill: no torn file (each holds its original or its planned bytes), nothing written outside the root;
// then a rollback restores every original byte for byte with no temp file left. The moments are random; the
// assertions never depend on when the kill landed. Replay a failure with FAULTS_SEED; FAULTS_KILLS sets how many
// iterations (each kills one apply and one rollback). `npm test` runs 12 (24 kills; each run draws new moments, the
// seed being the time), `npm run faults` 60: each iteration starts two real processes, and 50 made this file the
// slowest of `npm test` by far (issue 17: the suite under 3 minutes on 2 cores).
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/tmp.js';
import { expectConsistent, expectRollbackRestores, faultProject, mulberry32, reset } from './helpers.js';
import { duration, journaled, runAndKill } from './kill-helpers.js';

const KILLS = Number(process.env.FAULTS_KILLS ?? 12);
const FILES = 48;
const BATCHES = 4; // size:12

describe('SIGKILL at random moments', () => {
  it(`apply and rollback, ${KILLS} kills of each: never torn, nothing outside the root, rollback restores all`, async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 1_000_000);
    const rand = mulberry32(seed);
    const p = await faultProject(FILES, 'size:12');
    const applyWindow = (await duration(p.dir, ['apply', 'plan.json', '--yes'])) * 1.1;
    const rollbackWindow = (await duration(p.dir, ['rollback'])) * 1.1;
    const stats = { applyMid: 0, applyNone: 0, applyAll: 0, rollbackMid: 0, rollbackNone: 0, finished: 0 };
    for (let i = 0; i < KILLS; i++) {
      reset(p);
      const where = `seed ${seed}, iteration ${i}`;
      // A third of the apply kills anywhere in the run, the rest just after a random batch is journaled (while its
      // files are written).
      const a =
        i % 3 === 0
          ? await runAndKill(p.dir, ['apply', 'plan.json', '--yes'], rand() * applyWindow)
          : await runAndKill(p.dir, ['apply', 'plan.json', '--yes'], rand() * 6, ((batch) => () => journaled(p.dir, batch))(Math.floor(rand() * BATCHES)));
      if (a.finished) {
        expect(a.code, where).toBe(0);
        stats.finished++;
      }
      const written = expectConsistent(p, `after apply killed (${where})`);
      if (written === 0) stats.applyNone++;
      else if (written === FILES) stats.applyAll++;
      else stats.applyMid++;

      // Kill a rollback of whatever is there; with nothing written, first apply in full so it has work to do.
      if (written === 0) expect((await runCli(['apply', 'plan.json', '--yes'], { cwd: p.dir })).code, where).toBe(0);
      const r = await runAndKill(p.dir, ['rollback'], rand() * rollbackWindow);
      if (r.finished) stats.finished++;
      const left = expectConsistent(p, `after rollback killed (${where})`);
      if (left === 0) stats.rollbackNone++;
      else stats.rollbackMid++;

      await expectRollbackRestores(p, where);
    }
    // Not an assertion on timing: what the kills hit, so a reader can see the suite did its job.
    console.info(
      `faults/kill (seed ${seed}): ${KILLS} apply kills (${stats.applyMid} mid-write, ${stats.applyNone} before any write, ${stats.applyAll} after the last), ` +
        `${KILLS} rollback kills (${stats.rollbackMid} mid-restore, ${stats.rollbackNone} after the last restore); ${stats.finished} process(es) finished before the kill`,
    );
  }, 600_000);
});
