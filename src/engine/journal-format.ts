/**
 * The journal's on-disk format: the run record (`run.json`), the batch manifests (`batch-<n>.json`) with their
 * schema, the originals' file names (`batch-<n>.orig`), and what checking a run reports. The layout and the order
 * of writes that make it crash-safe: docs/engine.md ("The journal").
 */
import { z } from 'zod';

export const JOURNAL_DIR = '.canonize';
export const JOURNAL_VERSION = 1 as const;

/** One file of a journaled batch. */
export interface JournalEntry {
  /** Path relative to the root, `/` separators. */
  path: string;
  /** sha256 of the bytes before the run (what rollback restores). */
  oldHash: string;
  /** sha256 of the bytes the run writes (a file with these bytes was written by this run). */
  newHash: string;
  /** Permission bits to restore. */
  mode: number;
  /** Where the original bytes are in the batch's `.orig` file. */
  offset: number;
  length: number;
  edits: number;
  /** A whole-file operation (file-ops.ts): `delete` (restored by writing the original back), `create` (by removing it). */
  op?: 'delete' | 'create';
}

export interface BatchManifest {
  version: typeof JOURNAL_VERSION;
  runId: string;
  batch: number;
  name: string;
  files: JournalEntry[];
}

/**
 * Where a journaled batch stands. `writing`: files are being replaced; `written`: all are, the verify gate has not
 * passed yet; `committing`: verified, the git commit is being made; `applied`: done; `rolled-back`: restored.
 */
export type JournalBatchStatus = 'writing' | 'written' | 'committing' | 'applied' | 'rolled-back';

export interface JournalBatch {
  id: number;
  name: string;
  status: JournalBatchStatus;
  files: number;
  /** Why a batch was rolled back: `verify-failed`, `commit-failed`, `interrupted` or `rollback`. */
  reason?: string;
  /** The commit made for the batch (`--commit-per-batch`). */
  commit?: string;
  /**
   * Files a rolled-back batch could not restore because they had changed since canonize wrote them (by the verify
   * command, typically): `canonize rollback` still offers them, and `--force` restores them.
   */
  unrestored?: string[];
  /** Who changed the `unrestored` files, as the rollback says it. */
  unrestoredReason?: string;
}

/**
 * `running` until the run ends; `interrupted` when a later run found it dead and recovered it; `damaged`: its
 * `run.json` is missing or unreadable, and the record was rebuilt from its manifests (never written as such).
 */
export type RunState = 'running' | 'finished' | 'interrupted' | 'rolled-back' | 'damaged';

export interface RunRecord {
  version: typeof JOURNAL_VERSION;
  id: string;
  /** sha256 of the serialised plan the run applied: how a re-run of the same plan.json finds what is done. */
  planId: string;
  pid: number;
  hostname: string;
  startedAt: string;
  updatedAt: string;
  state: RunState;
  batches: JournalBatch[];
}

/** What a file on disk holds compared with a journal entry. */
export type EntryState = 'new' | 'old' | 'changed' | 'missing';

/** A change to one batch of a run record: its id and name, and the fields to set. */
export type BatchChange = Omit<JournalBatch, 'status' | 'files'> & Partial<JournalBatch>;

/** The file names of batch `n`'s manifest and originals in a run's directory. */
export const manifestName = (batch: number) => `batch-${batch}.json`;
export const originalsName = (batch: number) => `batch-${batch}.orig`;
export const MANIFEST_RE = /^batch-(\d+)\.json$/;

/** A manifest as read from disk: checked against this before any of it is trusted. */
const HEX64 = /^[0-9a-f]{64}$/;
export const ManifestSchema = z.object({
  version: z.literal(JOURNAL_VERSION),
  runId: z.string(),
  batch: z.number().int().nonnegative(),
  name: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      oldHash: z.string().regex(HEX64),
      newHash: z.string().regex(HEX64),
      // Checked per entry by verifyRun (a bad mode is that file's problem, not the whole manifest's).
      mode: z.number(),
      offset: z.number().int().nonnegative(),
      length: z.number().int().nonnegative(),
      edits: z.number().int().nonnegative(),
      op: z.enum(['delete', 'create']).optional(),
    }),
  ),
});

/** Something missing or wrong in a run's journal: which batch, which file (when it is about one), and what. */
export interface JournalProblem {
  batch?: number;
  path?: string;
  message: string;
}

/** A batch of a verified run: its manifest, and the entries whose originals verify. */
export interface VerifiedBatch {
  manifest: BatchManifest;
  entries: JournalEntry[];
}

/** The result of checking a run's journal (`Journal.verifyRun`). */
export interface VerifiedRun {
  run: RunRecord;
  verified: VerifiedBatch[];
  problems: JournalProblem[];
}
