/**
 * The faults suite's ground for whole-file operations: a tree in which paths are deleted, created or edited, the state
 * each path may hold (its original bytes and mode, or none; its planned bytes, or none), and the checks after a
 * fault — every path whole and in one of its two states, nothing else in the root or outside it, the journal listing
 * every path that left its original state with that original, and rollbacks restoring the original tree.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { encodeSource, hashBytes } from '../../src/core/source.js';
import type { Plan } from '../../src/core/types.js';
import { preview } from '../../src/api.js';
import { EMPTY_HASH } from '../../src/engine/rebuild.js';
import { readTree, runCli, tempTree } from '../helpers/tmp.js';
import { expectClean, tempFilesUnder } from './helpers.js';

export interface OpsProject {
  /** `repo/` (the root) and `outside/` (a sentinel tree nothing may touch). */
  sandbox: string;
  dir: string;
  /** Every file of the root before (bytes), and its permission bits. */
  original: Record<string, Buffer>;
  modes: Record<string, number>;
  /** The planned state of each changed path: its bytes, or undefined when the plan deletes it. */
  planned: Record<string, Buffer | undefined>;
  /** The plan's operation per changed path (`edit` for an ordinary changed file). */
  ops: Record<string, 'delete' | 'create' | 'edit'>;
  outside: Record<string, Buffer>;
}

/** A sandbox with `repo/` holding `files` (path → text, or [text, mode]) and an `outside/` sentinel. */
export function opsSandbox(files: Record<string, string | [string, number]>): { sandbox: string; dir: string } {
  const texts = Object.fromEntries(Object.entries(files).map(([path, f]) => [`repo/${path}`, typeof f === 'string' ? f : f[0]]));
  const sandbox = tempTree({ ...texts, 'outside/victim.py': 'from legacy.mod import Thing\n' });
  const dir = join(sandbox, 'repo');
  for (const [path, f] of Object.entries(files)) if (typeof f !== 'string') chmodSync(join(dir, path), f[1]);
  return { sandbox, dir };
}

/** The project as it is now (its original), with the planned state of each path `plan` changes (from a preview). */
export async function opsProject(sandbox: string, dir: string, plan: Plan): Promise<OpsProject> {
  const original = readTree(dir);
  const modes = Object.fromEntries(Object.keys(original).map((p) => [p, statSync(join(dir, p)).mode & 0o7777]));
  const { changes, problems } = await preview(plan, dir);
  expect(problems).toEqual([]);
  const planned: OpsProject['planned'] = {};
  const ops: OpsProject['ops'] = {};
  for (const c of changes) {
    ops[c.path] = c.op ?? 'edit';
    planned[c.path] = c.op === 'delete' ? undefined : encodeSource(c.newText, c.encoding, c.bom);
  }
  return { sandbox, dir, original, modes, planned, ops, outside: readTree(join(sandbox, 'outside')) };
}

const same = (a: Buffer | undefined, b: Buffer | undefined) => (a === undefined ? b === undefined : b !== undefined && a.equals(b));

/**
 * After a fault: every path holds its original or its planned state (whole bytes, or no file), nothing else appeared
 * in the root, nothing outside changed. Returns the paths in their planned state (and not also in their original).
 */
export function expectWhole(p: OpsProject, where: string): string[] {
  const now = readTree(p.dir);
  const done: string[] = [];
  for (const path of new Set([...Object.keys(p.original), ...Object.keys(p.planned)])) {
    const got = now[path];
    const was = p.original[path];
    const will = path in p.planned ? p.planned[path] : was;
    if (same(got, was)) continue;
    expect(same(got, will), `${path} is neither its original nor its planned state (${where})`).toBe(true);
    done.push(path);
  }
  const temps = new Set(tempFilesUnder(p.dir));
  const extra = Object.keys(now).filter((k) => !(k in p.original) && !(k in p.planned) && !temps.has(k));
  expect(extra, `files that appeared in the root (${where})`).toEqual([]);
  expect(readTree(join(p.sandbox, 'outside')), `outside the root (${where})`).toEqual(p.outside);
  expect(readdirSync(p.sandbox).sort(), `the sandbox (${where})`).toEqual(['outside', 'repo']);
  return done.sort();
}

/**
 * The journal says so: each path that left its original state (`done`) is an entry of a journaled batch with the
 * plan's operation, its planned hash, and its original bytes and mode in the batch's originals — so a rollback has
 * all it needs. Every journaled entry is one of the plan's paths. Returns how many entries the journal holds.
 */
export function expectJournaled(p: OpsProject, done: readonly string[], where: string): number {
  const runs = join(p.dir, '.canonize', 'runs');
  const entries = new Map<string, { op: string; newHash: string; mode: number; original: Buffer }>();
  for (const run of existsSync(runs) ? readdirSync(runs) : []) {
    for (const name of readdirSync(join(runs, run))) {
      const n = /^batch-(\d+)\.json$/.exec(name)?.[1];
      if (n === undefined) continue;
      const manifest = JSON.parse(readFileSync(join(runs, run, name), 'utf8')) as { files: { path: string; op?: string; newHash: string; mode: number; offset: number; length: number }[] };
      const origs = readFileSync(join(runs, run, `batch-${n}.orig`));
      for (const e of manifest.files) {
        expect(p.ops[e.path], `journaled ${e.path} is not a planned path (${where})`).toBeDefined();
        entries.set(e.path, { op: e.op ?? 'edit', newHash: e.newHash, mode: e.mode, original: origs.subarray(e.offset, e.offset + e.length) });
      }
    }
  }
  for (const path of done) {
    const e = entries.get(path);
    expect(e, `${path} left its original state but no journaled batch lists it (${where})`).toBeDefined();
    expect(e!.op, `${path}: the journal's operation (${where})`).toBe(p.ops[path]);
    const planned = p.planned[path];
    expect(e!.newHash, `${path}: the journal's planned hash (${where})`).toBe(planned ? hashBytes(planned) : EMPTY_HASH);
    if (p.ops[path] === 'create') expect(e!.original.length, `${path}: a creation journals no original (${where})`).toBe(0);
    else {
      expect(e!.original.equals(p.original[path]!), `${path}: the journaled original (${where})`).toBe(true);
      expect(e!.mode, `${path}: the journaled mode (${where})`).toBe(p.modes[path]);
    }
  }
  return entries.size;
}

/** The root holds its original tree: every byte and mode, no created file, no temp file. */
export function expectOriginal(p: OpsProject, where: string): void {
  expect(readTree(p.dir), `the original tree (${where})`).toEqual(p.original);
  for (const [path, mode] of Object.entries(p.modes)) expect(statSync(join(p.dir, path)).mode & 0o7777, `${path}'s mode (${where})`).toBe(mode);
  expect(tempFilesUnder(p.dir), `temp files (${where})`).toEqual([]);
  expect(readTree(join(p.sandbox, 'outside')), `outside the root (${where})`).toEqual(p.outside);
}

/**
 * `canonize rollback` until no run with applied batches is left (at most `runs` times; each exits 0): the original
 * tree, byte for byte and mode for mode.
 */
export async function expectRollbacksRestore(p: OpsProject, runs: number, where: string): Promise<void> {
  for (let i = 0; i < runs; i++) {
    const rb = await runCli(['rollback'], { cwd: p.dir });
    expectClean(rb, [0], `rollback ${i + 1} after ${where}`);
    if (isOriginal(p)) break;
  }
  expectOriginal(p, where);
}

function isOriginal(p: OpsProject): boolean {
  const now = readTree(p.dir);
  const paths = Object.keys(p.original);
  return Object.keys(now).length === paths.length && paths.every((k) => now[k]?.equals(p.original[k]!));
}

/** Back to the original tree (bytes and modes) with no journal. */
export function resetOps(p: OpsProject): void {
  for (const path of Object.keys(p.planned)) if (!(path in p.original)) rmSync(join(p.dir, path), { force: true });
  for (const [path, bytes] of Object.entries(p.original)) {
    writeFileSync(join(p.dir, path), bytes);
    chmodSync(join(p.dir, path), p.modes[path]!);
  }
  rmSync(join(p.dir, '.canonize'), { recursive: true, force: true });
  for (const t of tempFilesUnder(p.dir)) rmSync(join(p.dir, t));
}
