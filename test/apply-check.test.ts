// Invariant 3 at apply time: a plan is editable data, so apply checks that every output parses no worse than its
// input, except for bytes the plan itself vouches for (`newHash`: the output the planner parsed and found clean).
// Also the pieces apply writes a batch with: bounded concurrency and staged (temp + fsync) files.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { materializeBytes, materializeFile, plannedOutputHash } from '../src/engine/rebuild.js';
import { forEachConcurrently, stageFile } from '../src/engine/atomic.js';
import { Journal } from '../src/engine/journal.js';
import { readPlanFile } from '../src/planner/plan-json.js';
import { hashBytes } from '../src/core/source.js';
import type { ChangedFilePlan } from '../src/core/types.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const OLD = 'from legacy.mod import Thing\n';
const NEW = 'from canon.mod import Thing\n';

interface PlanJson {
  files: (ChangedFilePlan & { newHash?: string })[];
}

const readPlan = (dir: string): PlanJson => JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as PlanJson;
const writePlan = (dir: string, plan: PlanJson) => writeFileSync(join(dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);

/**
 * A plan (plan.json) of one legacy file, `a/one.py`, and another, `b/two.py`, in two batches. The planner vouches for
 * each output with `newHash`, which must be the hash of the output apply builds; without `withHashes` it is dropped,
 * as in a plan made before the field existed.
 */
async function planned(withHashes: boolean): Promise<string> {
  const dir = tempTree({ 'canonize.config.yaml': CONFIG, 'a/one.py': `# one\n${OLD}x = 1\n`, 'b/two.py': OLD });
  expect((await runCli(['plan', '-o', 'plan.json'], { cwd: dir })).code).toBe(0);
  const plan = readPlan(dir);
  for (const f of plan.files) {
    if (f.outcome !== 'changed') continue;
    const m = await materializeFile(f, dir);
    if (!m.ok) throw new Error(m.reason);
    expect(f.newHash).toBe(m.newHash);
    if (!withHashes) delete f.newHash;
  }
  writePlan(dir, plan);
  return dir;
}

/** Break a/one.py's edit by hand so that its output would not parse. */
function breakEdit(dir: string): void {
  const plan = readPlan(dir);
  const f = plan.files.find((x) => x.path === 'a/one.py')!;
  expect(f.edits.length).toBeGreaterThan(0);
  f.edits[0]!.text = `${f.edits[0]!.text}(`;
  writePlan(dir, plan);
}

describe('apply re-checks hand-edited plans', () => {
  for (const withHashes of [false, true]) {
    it(`refuses an output that would not parse (plan ${withHashes ? 'with' : 'without'} newHash), and writes the rest`, async () => {
      const dir = await planned(withHashes);
      breakEdit(dir);
      const before = readTree(dir);
      const r = await runCli(['apply', 'plan.json', '--yes', '--json'], { cwd: dir });
      expect(r.code).toBe(3);
      const report = JSON.parse(r.stdout) as { batches: { files: { path: string; outcome: string; reason?: string }[] }[] };
      const byPath = Object.fromEntries(report.batches.flatMap((b) => b.files).map((f) => [f.path, f]));
      expect(byPath['a/one.py']).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/would not parse \(.*\)/) });
      expect(byPath['b/two.py']).toMatchObject({ outcome: 'written' });
      expect(readFileSync(join(dir, 'a/one.py'))).toEqual(before['a/one.py']);
      expect(readFileSync(join(dir, 'b/two.py'), 'utf8')).toBe(NEW);
    });
  }

  it('applies a plan whose newHash vouches for each output, byte for byte as without it', async () => {
    const plain = await planned(false);
    const hashed = await planned(true);
    // Reading the plan file keeps the field, and apply can use it.
    const { plan: read } = await readPlanFile(join(hashed, 'plan.json'));
    const changed = read.files.filter((f): f is ChangedFilePlan => f.outcome === 'changed');
    expect(changed).toHaveLength(2);
    for (const f of changed) expect(plannedOutputHash(f)).toMatch(/^[0-9a-f]{64}$/);
    expect((await runCli(['apply', 'plan.json', '--yes'], { cwd: plain })).code).toBe(0);
    expect((await runCli(['apply', 'plan.json', '--yes'], { cwd: hashed })).code).toBe(0);
    const strip = (t: Record<string, Buffer>) => Object.fromEntries(Object.entries(t).filter(([p]) => p !== 'plan.json'));
    expect(strip(readTree(hashed))).toEqual(strip(readTree(plain)));
    expect(readFileSync(join(hashed, 'a/one.py'), 'utf8')).toBe(`# one\n${NEW}x = 1\n`);
    // The journal's planned hashes are the plan's.
    const [run] = await Journal.at(hashed).listRuns();
    const manifests = await Journal.at(hashed).manifests(run!.id);
    const plan = readPlan(hashed);
    for (const entry of manifests.flatMap((m) => m.files)) expect(entry.newHash).toBe(plan.files.find((f) => f.path === entry.path)!.newHash);
  });
});

describe('materializeBytes: how the output is checked', () => {
  const bytes = Buffer.from(`# one\n${OLD}x = 1\n`);
  const base = (over: Partial<ChangedFilePlan> & { newHash?: string } = {}): ChangedFilePlan =>
    ({
      path: 'a/one.py',
      outcome: 'changed',
      language: 'python',
      baseHash: hashBytes(bytes),
      encoding: 'utf-8',
      bom: false,
      edits: [{ start: 11, end: 17, text: 'canon', rule: 'r', id: 'e1' }],
      batch: 0,
      findings: [],
      ...over,
    }) as ChangedFilePlan;
  const good = Buffer.from(`# one\n${NEW}x = 1\n`);

  it('parses when the plan has no newHash', () => {
    const m = materializeBytes(base(), '/x/a/one.py', bytes);
    expect(m.ok && Buffer.from(m.newBytes).equals(good) && m.outputCheck).toBe('parsed');
  });

  it('trusts newHash only for exactly those bytes, in the grammar of the path', () => {
    const newHash = hashBytes(good);
    const vouched = materializeBytes(base({ newHash }), '/x/a/one.py', bytes);
    expect(vouched.ok && vouched.outputCheck).toBe('planned');
    // Another output (an edit changed by hand) is parsed, and refused when it is worse.
    const edited = materializeBytes(base({ newHash, edits: [{ start: 11, end: 17, text: 'canon(', rule: 'r', id: 'e1' }] }), '/x/a/one.py', bytes);
    expect(edited.ok).toBe(false);
    expect(!edited.ok && edited.reason).toMatch(/would not parse/);
    // A plan whose language is not the one the path selects is parsed, whatever its hash says.
    expect(plannedOutputHash(base({ newHash, path: 'a/one.ts' }))).toBeUndefined();
    expect(plannedOutputHash(base({ newHash: 'not a hash' }))).toBeUndefined();
    expect(plannedOutputHash(base({ newHash }))).toBe(newHash);
    // checkParse false: no check at all (bytes checked earlier).
    const unchecked = materializeBytes(base(), '/x/a/one.py', bytes, false);
    expect(unchecked.ok && unchecked.outputCheck).toBe('none');
  });

  it('compares with the input only when the output has errors: no worse is accepted, worse is refused', () => {
    // A hand-made plan for a file that does not parse: an edit elsewhere keeps it exactly as broken.
    const broken = Buffer.from(`${OLD}def f(:\n    pass\n`);
    const plan = (start: number, end: number, text: string): ChangedFilePlan => base({ baseHash: hashBytes(broken), edits: [{ start, end, text, rule: 'r', id: 'e1' }] });
    const same = materializeBytes(plan(5, 11, 'canon'), '/x/a/one.py', broken);
    expect(same.ok && same.newText).toBe(`from canon.mod import Thing\ndef f(:\n    pass\n`);
    const worse = materializeBytes(plan(broken.length, broken.length, 'x = (\n'), '/x/a/one.py', broken);
    expect(!worse.ok && worse.reason).toMatch(/would not parse/);
  });

  it('reports a changed file as stale, and a failed splice as failed', () => {
    const m = materializeBytes(base(), '/x/a/one.py', Buffer.from('changed\n'));
    expect(!m.ok && m.outcome).toBe('stale');
    const overlap = materializeBytes(base({ edits: [{ start: 11, end: 17, text: 'a', rule: 'r', id: 'e1' }, { start: 12, end: 13, text: 'b', rule: 's', id: 'e2' }] }), '/x/a/one.py', bytes);
    expect(!overlap.ok && overlap.outcome).toBe('failed');
  });
});

describe('forEachConcurrently', () => {
  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrently([...Array(50).keys()], 4, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n % 3));
      seen.push(n);
      running--;
    });
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });

  it('rejects with the first error only once the calls already started have settled, and starts no more', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = forEachConcurrently([...Array(20).keys()], 3, async (n) => {
      started.push(n);
      await new Promise((r) => setTimeout(r, 5));
      settled++;
      if (n === 1) throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    expect(settled).toBe(started.length);
    expect(started.length).toBeLessThan(20);
  });
});

describe('stageFile', () => {
  it('leaves the target untouched until commit; discard leaves nothing behind', async () => {
    const dir = tempTree({ 'a.py': 'old\n' });
    const file = join(dir, 'a.py');
    const staged = await stageFile(file, Buffer.from('new\n'));
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toHaveLength(2);
    await staged.commit({ syncDirectory: false });
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['a.py']);
    const dropped = await stageFile(file, Buffer.from('never\n'));
    dropped.discard();
    expect(readdirSync(dir)).toEqual(['a.py']);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
