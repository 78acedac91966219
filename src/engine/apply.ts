/**
 * Applying a plan. Each changed file is re-read, checked against the hash it was planned from (a file changed
 * since is never overwritten: it is `stale`), rebuilt with the one splice routine, re-parsed (an output with more
 * syntax errors than its input is never written), and replaced atomically. The same `materializeFile` step feeds
 * the dry-run preview, so what `diff` shows is exactly what `apply` writes.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseSource, syntaxProblems, describeProblem } from '../planner/parse.js';
import { encodeSource, sourceFromBytes } from '../planner/source.js';
import type { ChangedFilePlan, Plan } from '../types.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic.js';
import { applyEdits } from './edits.js';

/** A planned file rebuilt from the bytes on disk. */
export type MaterializedFile =
  | { ok: true; plan: ChangedFilePlan; absPath: string; oldText: string; newText: string; oldBytes: Buffer; newBytes: Buffer }
  | { ok: false; plan: ChangedFilePlan; absPath: string; outcome: 'stale' | 'failed'; reason: string };

/** Re-read a changed file, verify its base hash, and compute its new text and bytes. Never throws. */
export async function materializeFile(plan: ChangedFilePlan, root: string): Promise<MaterializedFile> {
  const absPath = join(root, plan.path);
  const fail = (outcome: 'stale' | 'failed', reason: string): MaterializedFile => ({ ok: false, plan, absPath, outcome, reason });
  let bytes: Buffer;
  try {
    bytes = await readFile(absPath);
  } catch (err) {
    return fail('stale', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const read = sourceFromBytes(bytes, absPath, plan.path, plan.language);
  if (!read.ok) return fail('stale', `changed since it was planned: ${read.skip.message}`);
  if (read.file.hash !== plan.baseHash) return fail('stale', 'changed since it was planned (content hash differs); re-run plan');
  if (read.file.encoding !== plan.encoding || read.file.bom !== plan.bom) {
    return fail('failed', `decodes as ${read.file.encoding}${read.file.bom ? ' with BOM' : ''}, the plan says ${plan.encoding}${plan.bom ? ' with BOM' : ''}`);
  }
  let newText: string;
  try {
    newText = applyEdits(read.file.text, plan.edits);
  } catch (err) {
    return fail('failed', (err as Error).message);
  }
  // Plans are editable data: re-check invariant 3 rather than trusting the planner's check.
  const before = syntaxProblems(parseSource(read.file.text, plan.language)).length;
  const afterProblems = syntaxProblems(parseSource(newText, plan.language));
  if (afterProblems.length > before) {
    return fail('failed', `the rewritten file would not parse (${describeProblem(afterProblems[0]!)})`);
  }
  return { ok: true, plan, absPath, oldText: read.file.text, newText, oldBytes: bytes, newBytes: encodeSource(newText, plan.encoding, plan.bom) };
}

/** What happened to one file of a plan when applying it. */
export interface FileApplyResult {
  path: string;
  batch: number;
  outcome: 'written' | 'stale' | 'failed';
  reason?: string;
  edits: number;
}

export interface ApplyResult {
  files: FileApplyResult[];
  written: number;
  stale: number;
  failed: number;
}

export interface ApplyPlanOptions {
  plan: Plan;
  /** Absolute project root the plan's paths are relative to. */
  root: string;
  /** Batch ids to apply (default: all, in order). */
  batches?: readonly number[];
  /** Called after each file. */
  onFile?: (result: FileApplyResult) => void;
}

/** The changed files of the given batches, in batch order then path order. */
export function filesOfBatches(plan: Plan, batches?: readonly number[]): ChangedFilePlan[] {
  const wanted = batches ?? plan.batches.map((b) => b.id);
  const byPath = new Map(plan.files.filter((f): f is ChangedFilePlan => f.outcome === 'changed').map((f) => [f.path, f]));
  return wanted.flatMap((id) => (plan.batches[id]?.files ?? []).map((p) => byPath.get(p)).filter((f): f is ChangedFilePlan => f !== undefined));
}

/** Write the planned changes, file by file, atomically. A stale or failing file is reported and left as it is. */
export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  const results: FileApplyResult[] = [];
  const files = filesOfBatches(options.plan, options.batches);
  // A previous run killed mid-write may have left temp files beside its targets; they are ours to remove.
  await removeStaleTempFiles(files.map((f) => dirname(join(options.root, f.path))));
  for (const file of files) {
    const m = await materializeFile(file, options.root);
    let result: FileApplyResult;
    if (!m.ok) {
      result = { path: file.path, batch: file.batch, outcome: m.outcome, reason: m.reason, edits: file.edits.length };
    } else {
      try {
        await writeFileAtomic(m.absPath, m.newBytes);
        result = { path: file.path, batch: file.batch, outcome: 'written', edits: file.edits.length };
      } catch (err) {
        result = { path: file.path, batch: file.batch, outcome: 'failed', reason: `cannot write: ${(err as Error).message}`, edits: file.edits.length };
      }
    }
    results.push(result);
    options.onFile?.(result);
  }
  return {
    files: results,
    written: results.filter((r) => r.outcome === 'written').length,
    stale: results.filter((r) => r.outcome === 'stale').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
  };
}
