/**
 * What `canonize retire` retired, recorded in `.canonize/retired.json` (beside the journal): per module its verdict
 * (deleted or shimmed), its file and its moved names, and the run that did it. `check --retired` reads it, with the
 * shims it finds by their marker, to fail while a retired module is imported again. A run rolled back is dropped from
 * the record the next time it is read.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/atomic.js';
import { RETIRED_RECORD_PATH } from '../core/retired.js';
import { Journal } from '../engine/journal.js';
import type { RetireMovedName } from './types.js';

/** One retired module. */
export interface RetiredRecord {
  language: 'python' | 'typescript';
  module: string;
  path: string;
  verdict: 'delete' | 'shim';
  moved: RetireMovedName[];
  /** The apply run that wrote it (`canonize rollback RUN` undoes it). */
  runId: string;
}

const RecordSchema = z.object({
  version: z.literal(1),
  modules: z.array(
    z.object({
      language: z.enum(['python', 'typescript']),
      module: z.string(),
      path: z.string(),
      verdict: z.enum(['delete', 'shim']),
      moved: z.array(z.object({ name: z.string(), to: z.string(), newName: z.string(), rule: z.string() })),
      runId: z.string(),
    }),
  ),
});

/** The record of a project (empty when there is none, or it is unreadable); runs since rolled back are left out. */
export async function readRetiredRecord(root: string): Promise<RetiredRecord[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(root, ...RETIRED_RECORD_PATH), 'utf8'));
  } catch {
    return [];
  }
  const parsed = RecordSchema.safeParse(raw);
  if (!parsed.success) return [];
  const runs = new Map((await Journal.at(root).listRuns().catch(() => [])).map((r) => [r.id, r]));
  return parsed.data.modules.filter((m) => {
    const run = runs.get(m.runId);
    const batch = run?.batches.find((b) => b.name === `${m.verdict} ${m.module}`);
    return run !== undefined && run.state !== 'rolled-back' && batch?.status === 'applied';
  });
}

/** Add modules to the record (a module recorded again replaces its earlier entry). */
export async function addToRetiredRecord(root: string, modules: readonly RetiredRecord[]): Promise<void> {
  if (modules.length === 0) return;
  // Opening the journal makes `.canonize/` (and its .gitignore) when it is not there yet.
  await Journal.open(root);
  const kept = (await readRetiredRecord(root)).filter((m) => !modules.some((n) => n.language === m.language && n.module === m.module));
  const all = [...kept, ...modules].sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
  await writeFileAtomic(join(root, ...RETIRED_RECORD_PATH), Buffer.from(`${JSON.stringify({ version: 1, modules: all }, null, 2)}\n`), 0o644);
}
