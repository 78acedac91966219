/**
 * The retire record (`canonize.retired.json` at the root, read by src/core/retired.ts) as retire's plan writes it:
 * what the record holds once a set of modules is retired, its text (sorted, two-space JSON, final newline: a plan is
 * reproducible and a second `retire` plans nothing), and the planned change that writes it (a creation the first
 * time, an edit after). See docs/retire.md ("The record").
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { editId } from '../core/edits.js';
import { RETIRED_RECORD_FILE, RETIRED_RECORD_VERSION, RetiredRecordError, type RetiredEntry } from '../core/retired.js';
import { hashBytes, sourceFromBytes } from '../core/source.js';
import type { ChangedFilePlan } from '../core/types.js';
import { EMPTY_HASH } from '../engine/rebuild.js';
import type { RetiredModule } from './types.js';

/** A module retire retired in a run (what `retire` returns): its record entry and the run that wrote it. */
export interface RetiredRecord extends RetiredEntry {
  /** The apply run that wrote it (`canonize rollback RUN` undoes it, and its record entry with it). */
  runId: string;
}

/** The rule id of the record's edit. */
const RECORD_RULE = 'retire';

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const keyOf = (m: { language: string; module: string }) => `${m.language}\0${m.module}`;

/** The record entry of a module deleted or shimmed. */
export function entryOf(m: RetiredModule & { verdict: 'delete' | 'shim'; path: string }): RetiredEntry {
  return { language: m.language, module: m.module, path: m.path, verdict: m.verdict, moved: m.moved.map(({ name, to, newName, rule }) => ({ name, to, newName, rule })).sort(byName) };
}

/** The record after `retired` are added to `existing` (a module recorded again replaces its entry), sorted. */
export function mergeRecord(existing: readonly RetiredEntry[], retired: readonly RetiredEntry[]): RetiredEntry[] {
  const all = new Map(existing.map((m) => [keyOf(m), m]));
  for (const m of retired) all.set(keyOf(m), m);
  return [...all.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/**
 * The record's text. Only strings, numbers, lists and objects: it is JSON and also a Python expression, which is
 * how the engine's parse check (invariant 3) reads it (the plan gives it language `python`).
 */
export function renderRecord(modules: readonly RetiredEntry[]): string {
  const ordered = modules.map((m) => ({ language: m.language, module: m.module, path: m.path, verdict: m.verdict, moved: m.moved.map((x) => ({ name: x.name, to: x.to, newName: x.newName, rule: x.rule })) }));
  return `${JSON.stringify({ version: RETIRED_RECORD_VERSION, modules: ordered }, null, 2)}\n`;
}

/** The record file as it is on disk: its text and what an edit of it is planned from (absent: no record yet). */
export interface RecordOnDisk {
  text: string;
  baseHash: string;
  encoding: string;
  bom: boolean;
}

/** Read the record file's bytes for planning (undefined when there is none). */
export async function recordOnDisk(root: string): Promise<RecordOnDisk | undefined> {
  const abs = join(root, RETIRED_RECORD_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const read = sourceFromBytes(bytes, abs, RETIRED_RECORD_FILE, 'python');
  if (!read.ok) throw new RetiredRecordError(RETIRED_RECORD_FILE, read.skip.message);
  return { text: read.file.text, baseHash: hashBytes(bytes), encoding: read.file.encoding, bom: read.file.bom };
}

/**
 * The planned change that makes the record hold `modules`: created when there is none, rewritten whole otherwise;
 * undefined when it already holds exactly that (or there is none and nothing to record).
 */
export function recordFilePlan(disk: RecordOnDisk | undefined, modules: readonly RetiredEntry[], batch: string): ChangedFilePlan | undefined {
  const text = renderRecord(modules);
  if (disk ? disk.text === text : modules.length === 0) return undefined;
  const path = RETIRED_RECORD_FILE;
  const base = { path, outcome: 'changed' as const, language: 'python' as const, batch, findings: [] };
  if (!disk) {
    const edit = { start: 0, end: 0, text, rule: RECORD_RULE, id: editId(path, RECORD_RULE, 0, 0, text) };
    return { ...base, op: 'create', baseHash: EMPTY_HASH, newHash: hashBytes(Buffer.from(text)), encoding: 'utf-8', bom: false, edits: [edit] };
  }
  const end = disk.text.length;
  const edit = { start: 0, end, text, rule: RECORD_RULE, id: editId(path, RECORD_RULE, 0, end, text) };
  return { ...base, baseHash: disk.baseHash, encoding: disk.encoding, bom: disk.bom, edits: [edit] };
}
