/**
 * The faults suite's common ground: a small project inside a sandbox directory (with a sentinel tree beside it, to
 * catch writes outside the root), its plan, the bytes every file must hold before and after, and the checks made
 * after every fault — no torn file, nothing written outside the root, no temp file left.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { preview } from '../../src/api.js';
import { isTempFileName } from '../../src/engine/atomic.js';
import { readPlanFile } from '../../src/planner/plan-json.js';
import { encodeSource } from '../../src/core/source.js';
import { readTree, runCli, tempTree, type CliRun } from '../helpers/tmp.js';

export const CONFIG = (batchBy: string) => `version: 1\nbatchBy: ${batchBy}\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n`;

/** Seeded PRNG: the suite's random moments replay with FAULTS_SEED. */
export { mulberry32 } from '../helpers/pygen.js';

export interface FaultProject {
  /** The sandbox: `repo/` (the project root) and `outside/` (a sentinel tree nothing may touch). */
  sandbox: string;
  dir: string;
  original: Record<string, Buffer>;
  planned: Record<string, Buffer>;
  /** The sandbox's `outside/` tree as it must stay. */
  outside: Record<string, Buffer>;
}

/** `files` legacy Python files (some CRLF, one with a BOM) in `batchBy` batches, planned to `plan.json`. */
export async function faultProject(files: number, batchBy: string, base?: string): Promise<FaultProject> {
  const sandbox = base ?? tempTree({});
  const dir = join(sandbox, 'repo');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'canonize.config.yaml'), CONFIG(batchBy));
  for (let i = 0; i < files; i++) {
    const eol = i % 3 === 0 ? '\r\n' : '\n';
    const body = `"""Module ${i}."""\nfrom legacy.mod import Thing\n\n${Array.from({ length: 20 }, (_, j) => `def f${j}(x):\n    return x + ${i * j}\n`).join('\n')}\nthing = Thing()\n`.replaceAll('\n', eol);
    const path = join(dir, `pkg${i % 3}`, `m${i}.py`);
    mkdirSync(join(dir, `pkg${i % 3}`), { recursive: true });
    writeFileSync(path, i === 1 ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]) : body);
  }
  mkdirSync(join(sandbox, 'outside'), { recursive: true });
  writeFileSync(join(sandbox, 'outside', 'victim.py'), 'from legacy.mod import Thing\n');
  const r = await runCli(['plan', '-o', 'plan.json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const original = readTree(dir);
  const { plan } = await readPlanFile(join(dir, 'plan.json'));
  const planned: Record<string, Buffer> = {};
  for (const c of (await preview(plan, dir)).changes) planned[c.path] = encodeSource(c.newText, c.encoding, c.bom);
  expect(Object.keys(planned)).toHaveLength(files);
  return { sandbox, dir, original, planned, outside: readTree(join(sandbox, 'outside')) };
}

/** Paths of canonize temp files anywhere under `dir` (the journal included). */
export function tempFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => isTempFileName(p.split('/').pop()!));
}

/**
 * After a fault: every planned file holds exactly its original or its planned bytes (no torn file), every other
 * file is untouched, and nothing outside the root changed. Returns how many files hold their planned bytes.
 */
export function expectConsistent(p: FaultProject, where: string): number {
  const now = readTree(p.dir);
  let written = 0;
  for (const [path, bytes] of Object.entries(p.original)) {
    const got = now[path];
    expect(got, `${path} missing (${where})`).toBeDefined();
    if (p.planned[path] && got!.equals(p.planned[path])) written++;
    else expect(got!.equals(bytes), `${path} is neither its original nor its planned bytes (${where})`).toBe(true);
  }
  const extra = Object.keys(now).filter((k) => !(k in p.original) && !isTempFileName(k.split('/').pop()!));
  expect(extra, `files that appeared in the root (${where})`).toEqual([]);
  expect(readTree(join(p.sandbox, 'outside')), `outside the root (${where})`).toEqual(p.outside);
  expect(readdirSync(p.sandbox).sort(), `the sandbox (${where})`).toEqual(['outside', 'repo']);
  return written;
}

/** A CLI run ended with a code and a message, never an internal error or a stack trace. */
export function expectClean(r: CliRun, allowed: number[], where: string): void {
  expect(allowed, `exit ${r.code} (${where}): ${r.stderr}`).toContain(r.code);
  expect(r.stderr, where).not.toContain('internal error');
  expect(r.stderr, where).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  if (r.code !== 0) expect(r.stderr, `exit ${r.code} without a message (${where})`).toMatch(/error \[E_[A-Z_]+\]|failed: |rolled back|not restored/);
}

/** Roll back whatever is journaled (no fault): every original byte for byte, and no temp file anywhere. */
export async function expectRollbackRestores(p: FaultProject, where: string): Promise<void> {
  const rb = await runCli(['rollback'], { cwd: p.dir });
  expectClean(rb, [0], `rollback after ${where}`);
  expect(readTree(p.dir), `rollback restores every original (${where})`).toEqual(p.original);
  expect(tempFilesUnder(p.dir), where).toEqual([]);
  expectConsistent(p, where);
}

/** Back to the original tree with no journal. */
export function reset(p: FaultProject): void {
  for (const [path, bytes] of Object.entries(p.original)) writeFileSync(join(p.dir, path), bytes);
  rmSync(join(p.dir, '.canonize'), { recursive: true, force: true });
  for (const t of tempFilesUnder(p.dir)) rmSync(join(p.dir, t));
}

