/**
 * The retire report turned into a plan the engine applies: a module to delete is a changed file with `op: delete`, a
 * shim is a whole-file replacement (one edit, an ordinary change). One batch per module, named after it, so each is
 * offered, journaled, verified and rolled back on its own; then one last batch writes the record
 * (`canonize.retired.json`): the engine allows a file in one batch only, so the record cannot ride in each module's
 * batch. Planned as if every module batch is applied; src/retire/record-batch.ts rewrites it as the run goes, so
 * that it holds exactly the modules whose batch was applied. See docs/retire.md.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledConfig } from '../config/compile.js';
import { editId } from '../core/edits.js';
import { readRetiredRecord, RETIRED_RECORD_FILE, type RetiredEntry } from '../core/retired.js';
import { hashBytes, sourceFromBytes } from '../core/source.js';
import { PLAN_VERSION, type ChangedFilePlan, type Plan } from '../core/types.js';
import { EMPTY_HASH } from '../engine/rebuild.js';
import { languageForPath } from '../languages/registry.js';
import { batchIds } from '../planner/batch-ids.js';
import { entryOf, mergeRecord, recordFilePlan, recordOnDisk, type RecordOnDisk } from './record.js';
import type { RetiredModule, RetireReport } from './types.js';

/** The rule id of retire's edits. */
export const RETIRE_RULE = 'retire';

/** The name of the record's batch (the last one). */
export const RECORD_BATCH_NAME = `record ${RETIRED_RECORD_FILE}`;

/** A module the plan deletes or shims. */
export type PlannedModule = RetiredModule & { verdict: 'delete' | 'shim'; path: string };

/** What the record holds before this run's modules are added (see {@link recordBase}). */
export interface RecordPlan {
  /** The record on disk, with the shims already in place that it does not list yet. */
  base: RetiredEntry[];
  /** The record file as it was when planned (no batch but the record's writes it). */
  disk: RecordOnDisk | undefined;
  /** The batch id of each module's batch, and the record's batch id. */
  modules: Map<string, PlannedModule>;
  recordBatch: string;
}

/** The plan of a report: every `delete` and every `shim` not already in place, and the record. */
export async function retirePlanOf(report: RetireReport, config: Pick<CompiledConfig, 'root' | 'hash'>): Promise<Plan> {
  return (await retirePlanWithRecord(report, config)).plan;
}

/** The plan of a report, with what the record batch is made from (for src/retire/record-batch.ts). */
export async function retirePlanWithRecord(report: RetireReport, config: Pick<CompiledConfig, 'root' | 'hash'>): Promise<{ plan: Plan; record: RecordPlan }> {
  const files: ChangedFilePlan[] = [];
  const todo = report.modules.filter((m): m is PlannedModule => m.path !== undefined && ((m.verdict === 'delete' && !m.alreadyDeleted) || (m.verdict === 'shim' && !m.alreadyShimmed)));
  // Batch ids from the module (as every batch id comes from its key, src/planner/batch-ids.ts), never its position.
  const ids = batchIds([...todo.map((m) => m.module), RETIRED_RECORD_FILE]);
  const recordBatch = ids[todo.length]!;
  for (const [i, m] of todo.entries()) files.push(await fileOf(m, config.root, ids[i]!));
  const base = recordBase(report, readRetiredRecord(config.root));
  const disk = await recordOnDisk(config.root);
  const record = recordFilePlan(disk, mergeRecord(base, todo.map(entryOf)), recordBatch);
  if (record) files.push(record);
  const byPath = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const editsByRule: Record<string, number> = files.length > 0 ? { [RETIRE_RULE]: files.length } : {};
  const batches = todo.map((m, i) => ({ id: ids[i]!, name: `${m.verdict} ${m.module}`, files: [m.path] }));
  if (record) batches.push({ id: recordBatch, name: RECORD_BATCH_NAME, files: [RETIRED_RECORD_FILE] });
  const plan: Plan = {
    version: PLAN_VERSION,
    configHash: config.hash,
    root: '.',
    files: byPath,
    batches,
    summary: { scanned: report.modules.length, parsed: files.length, changed: files.length, unchanged: 0, skipped: 0, failed: 0, editsByRule, skippedByReason: {}, findingsByRule: {}, parsedByCompiler: 0 },
  };
  return { plan, record: { base, disk, modules: new Map(todo.map((m, i) => [ids[i]!, m])), recordBatch } };
}

/**
 * The record before this run: the one on disk, every shim already in place (a shim of an earlier version of canonize,
 * or one whose record entry was lost), and every module a killed retire deleted, so that the record catches up.
 */
function recordBase(report: RetireReport, existing: readonly RetiredEntry[]): RetiredEntry[] {
  const shims = report.modules.filter((m): m is PlannedModule => m.verdict === 'shim' && m.alreadyShimmed === true && m.path !== undefined);
  // Deleted and not recorded: a retire killed before its record batch (the journal says so, src/retire/journal-deletes.ts).
  const recorded = new Set(existing.map((m) => `${m.language}\0${m.module}`));
  const deleted = report.modules.filter((m): m is PlannedModule => m.alreadyDeleted === true && m.path !== undefined && !recorded.has(`${m.language}\0${m.module}`));
  return mergeRecord(existing, [...shims, ...deleted].map(entryOf));
}

async function fileOf(m: PlannedModule, root: string, batch: string): Promise<ChangedFilePlan> {
  const path = m.path;
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
