// Stable batch ids: made from each batch's key, not its position, so a plan made tomorrow (after files were added
// elsewhere, or with batches ordered differently) still means the same batch by the same id; always unique.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchIds, idKey } from '../src/planner/batch-ids.js';
import { readPlanFile } from '../src/planner/plan-json.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const OLD = 'from legacy.mod import Thing\n';
const NEW = 'from canon.mod import Thing\n';
const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';

describe('batchIds', () => {
  it('keeps a short key made of id characters as it is', () => {
    expect(batchIds(['.', 'app/core', 'python.moves/legacy.mod', '@org/web+@org/app', 'files-1-50'])).toEqual(['.', 'app/core', 'python.moves/legacy.mod', '@org/web+@org/app', 'files-1-50']);
  });

  it('turns other keys into id characters and a hash of the whole key, so they stay apart', () => {
    const [spaced, other, call] = batchIds(['my dir', 'my:dir', 'python.calls/create_manager($CTX)']);
    expect(spaced).toMatch(/^my-dir-[0-9a-f]{6}$/);
    expect(other).toMatch(/^my-dir-[0-9a-f]{6}$/);
    expect(spaced).not.toBe(other);
    expect(call).toMatch(/^python\.calls\/create_manager-CTX-[0-9a-f]{6}$/);
    // The same key gives the same id whatever else is in the plan, and wherever it stands.
    expect(batchIds(['zzz', 'python.calls/create_manager($CTX)', 'aaa'])[1]).toBe(call);
    // Too long to type: cut, and the hash tells the cut keys apart.
    const long = batchIds([`a/${'b'.repeat(80)}`, `a/${'b'.repeat(81)}`]);
    expect(long.map((id) => id.length)).toEqual([64, 64]);
    expect(long[0]).not.toBe(long[1]);
  });

  it('resolves a collision deterministically: the key that is its own id keeps it, the other gets a longer hash', () => {
    // `my dir` would be `my-dir-<hash>`; a directory really named so takes that id first.
    const hashed = batchIds(['my dir'])[0]!;
    const ids = batchIds(['my dir', hashed]);
    expect(ids[1]).toBe(hashed);
    expect(ids[0]).toMatch(/^my-dir-[0-9a-f]{8}$/);
    expect(batchIds([hashed, 'my dir'])).toEqual([ids[1], ids[0]]);
    // Two keys that map to the same id text (owners are joined with `+`) are both kept apart.
    const owners = batchIds([idKey('@a @b', { kind: 'owner' }), idKey('@a+@b', { kind: 'owner' })]);
    expect(owners[0]).toBe('@a+@b');
    expect(owners[1]).toMatch(/^@a\+@b-[0-9a-f]{6}$/);
    expect(new Set(owners).size).toBe(2);
  });

  it('makes rule sets and the unowned batch typeable', () => {
    expect(idKey('python.moves/a.legacy + python.moves/b.old', { kind: 'rule' })).toMatch(/^rules-[0-9a-f]{6}$/);
    expect(idKey('python.moves/a.legacy', { kind: 'rule' })).toBe('python.moves/a.legacy');
    expect(idKey('(no owner)', { kind: 'owner' })).toBe('no-owner');
    expect(idKey('app/core', { kind: 'dir', depth: 2 })).toBe('app/core');
  });
});

describe('batch ids between runs', () => {
  async function planIds(dir: string, args: string[] = []): Promise<Record<string, string[]>> {
    expect((await runCli(['plan', '-o', 'plan.json', ...args], { cwd: dir })).code).toBe(0);
    const { plan } = await readPlanFile(join(dir, 'plan.json'));
    return Object.fromEntries(plan.batches.map((b) => [b.id, b.files]));
  }

  it('adding a file in an unrelated directory, or ordering the batches differently, keeps every other id', async () => {
    const dir = tempTree({ 'canonize.config.yaml': CONFIG, 'lib/l.py': OLD, 'tests/t.py': OLD, 'app/a.py': OLD });
    const before = await planIds(dir);
    expect(Object.keys(before)).toEqual(['app', 'lib', 'tests']);
    // A new directory that sorts first would have renumbered every batch when ids were positions.
    mkdirSync(join(dir, 'aaa'));
    writeFileSync(join(dir, 'aaa/new.py'), OLD);
    const after = await planIds(dir);
    expect(Object.keys(after)).toEqual(['aaa', 'app', 'lib', 'tests']);
    for (const [id, files] of Object.entries(before)) expect(after[id], id).toEqual(files);
    const reordered = await planIds(dir, ['--order', 'tests/**', '--order', '...']);
    expect(Object.keys(reordered)).toEqual(['tests', 'aaa', 'app', 'lib']);
    for (const [id, files] of Object.entries(after)) expect(reordered[id], id).toEqual(files);
    // Each file names its batch by the same id.
    const { plan } = await readPlanFile(join(dir, 'plan.json'));
    expect(plan.files.map((f) => [f.path, f.outcome === 'changed' ? f.batch : undefined])).toEqual([
      ['aaa/new.py', 'aaa'],
      ['app/a.py', 'app'],
      ['lib/l.py', 'lib'],
      ['tests/t.py', 'tests'],
    ]);
  });

  it('apply --batch ID applies the same batch from a plan made before or after the tree grew', async () => {
    const dir = tempTree({ 'canonize.config.yaml': CONFIG, 'lib/l.py': OLD, 'tests/t.py': OLD });
    await planIds(dir);
    writeFileSync(join(dir, 'a.py'), OLD);
    expect((await runCli(['apply', 'plan.json', '--yes', '--batch', 'tests'], { cwd: dir })).code).toBe(0);
    await planIds(dir); // now with the batch "." of a.py before the others
    expect((await runCli(['apply', 'plan.json', '--yes', '--batch', 'lib', '--batch', '.'], { cwd: dir })).code).toBe(0);
    const tree = readTree(dir);
    expect([tree['tests/t.py']!.toString(), tree['lib/l.py']!.toString(), tree['a.py']!.toString()]).toEqual([NEW, NEW, NEW]);
  });

  it('refuses a plan made with numbered batches (format 1), saying why (exit 2)', async () => {
    const dir = tempTree({ 'canonize.config.yaml': CONFIG, 'lib/l.py': OLD });
    await planIds(dir);
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { version: number; batches: { id: unknown }[]; files: { batch?: unknown }[] };
    Object.assign(plan, { version: 1 });
    plan.batches[0]!.id = 0;
    plan.files[0]!.batch = 0;
    writeFileSync(join(dir, 'old.json'), JSON.stringify(plan));
    const r = await runCli(['apply', 'old.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan format version 1 is not supported (expected 2) (an older canonize made it: its batch ids were positions');
    expect(r.stderr).toContain('re-run `canonize plan`');
    // A format-2 plan with two batches of one id is refused too.
    const twice = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { batches: { id: string; name: string; files: string[] }[] };
    twice.batches.push({ id: 'lib', name: 'other', files: [] });
    writeFileSync(join(dir, 'twice.json'), JSON.stringify(twice));
    const r2 = await runCli(['apply', 'twice.json', '--yes'], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('has two batches with the id lib');
  });
});
