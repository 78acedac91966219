/**
 * The retire report turned into a plan the engine applies: a module to delete is a changed file with `op: delete`, a
 * shim is a whole-file replacement (one edit, an ordinary change). One batch per module, named after it, so each is
 * offered, journaled, verified and rolled back on its own. See docs/retire.md.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledConfig } from '../config/compile.js';
import { editId } from '../core/edits.js';
import { hashBytes, sourceFromBytes } from '../core/source.js';
import { PLAN_VERSION, type ChangedFilePlan, type Plan } from '../core/types.js';
import { EMPTY_HASH } from '../engine/rebuild.js';
import { languageForPath } from '../languages/registry.js';
import { batchIds } from '../planner/batch-ids.js';
import type { RetiredModule, RetireReport } from './types.js';

/** The rule id of retire's edits. */
export const RETIRE_RULE = 'retire';

/** The plan of a report: every `delete` and every `shim` not already in place. */
export async function retirePlanOf(report: RetireReport, config: Pick<CompiledConfig, 'root' | 'hash'>): Promise<Plan> {
  const files: ChangedFilePlan[] = [];
  const todo = report.modules.filter((m) => m.path && ((m.verdict === 'delete' && !m.alreadyDeleted) || (m.verdict === 'shim' && !m.alreadyShimmed)));
  // Batch ids from the module (as every batch id comes from its key, src/planner/batch-ids.ts), never its position.
  const ids = batchIds(todo.map((m) => m.module));
  for (const [i, m] of todo.entries()) files.push(await fileOf(m, config.root, ids[i]!));
  const byPath = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const editsByRule: Record<string, number> = files.length > 0 ? { [RETIRE_RULE]: files.length } : {};
  return {
    version: PLAN_VERSION,
    configHash: config.hash,
    root: '.',
    files: byPath,
    batches: todo.map((m, i) => ({ id: ids[i]!, name: `${m.verdict} ${m.module}`, files: [m.path!] })),
    summary: { scanned: report.modules.length, parsed: files.length, changed: files.length, unchanged: 0, skipped: 0, failed: 0, editsByRule, skippedByReason: {}, findingsByRule: {}, parsedByCompiler: 0 },
  };
}

async function fileOf(m: RetiredModule, root: string, batch: string): Promise<ChangedFilePlan> {
  const path = m.path!;
  const language = languageForPath(path)!;
  const abs = join(root, path);
  const bytes = await readFile(abs);
  const read = sourceFromBytes(bytes, abs, path, language);
  // The analysis read the same file; should it have changed since, the engine reports it stale.
  if (!read.ok) throw new Error(`${path}: ${read.skip.message}`);
  const { text, encoding, bom } = read.file;
  const base = { path, outcome: 'changed' as const, language, baseHash: hashBytes(bytes), encoding, bom, batch, findings: [] };
  if (m.verdict === 'delete') {
    return { ...base, op: 'delete', newHash: EMPTY_HASH, edits: [{ start: 0, end: text.length, text: '', rule: RETIRE_RULE, id: editId(path, RETIRE_RULE, 0, text.length, '') }] };
  }
  const shim = m.shim!;
  // No newHash: the engine parses the shim before writing it (invariant 3), as it does an edited plan.
  return { ...base, edits: [{ start: 0, end: text.length, text: shim, rule: RETIRE_RULE, id: editId(path, RETIRE_RULE, 0, text.length, shim) }] };
}
