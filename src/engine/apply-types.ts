/**
 * The vocabulary of `applyPlan` (`apply.ts`, which re-exports it): its options, what the `decide` callback is shown
 * of a batch and answers, and what it reports per file, per batch and per run. See docs/engine.md.
 */
import type { Batch, ChangedFilePlan, FilePlan, Plan } from '../core/types.js';
import type { FileChange } from './diff.js';
import type { FormatterSpec } from './format.js';
import type { RecoveredRun } from './rollback.js';
import type { VerifyResult } from './verify.js';

/**
 * What happened to one file: `written`; `unchanged` (it changed since planning and, re-planned, needs nothing);
 * `stale` (changed since planning, not overwritten); `failed`; `rolled-back` (written, then restored because the
 * batch's verify gate or commit failed); `already-applied` (a previous run of this plan wrote it).
 */
export type FileApplyOutcome = 'written' | 'unchanged' | 'stale' | 'failed' | 'rolled-back' | 'already-applied';

export interface FileApplyResult {
  path: string;
  /** The batch's id ({@link Batch.id}). */
  batch: string;
  outcome: FileApplyOutcome;
  reason?: string;
  edits: number;
  /** The file had changed since it was planned and was planned again from its current bytes. */
  replanned?: boolean;
}

/**
 * What happened to one batch: `applied` (its chosen files written and verified); `skipped` (by the user);
 * `already-applied` (by a previous run of this plan); `rolled-back` (its verify gate or commit failed);
 * `nothing-to-write` (every file stale, failed or unchanged; or the formatter step failed, said in `reason`);
 * `not-reached` (the user quit, or a failed gate stopped the run, before it).
 */
export type BatchApplyStatus = 'applied' | 'skipped' | 'already-applied' | 'rolled-back' | 'nothing-to-write' | 'not-reached';

export interface BatchApplyResult {
  /** The batch's id in the plan ({@link Batch.id}). */
  id: string;
  name: string;
  status: BatchApplyStatus;
  files: FileApplyResult[];
  reason?: string;
  verify?: VerifyResult;
  /** The commit made for the batch (`commitPerBatch`). */
  commit?: string;
}

export interface ApplyResult {
  /** The journal run this apply wrote; undefined when it wrote nothing. */
  runId?: string;
  batches: BatchApplyResult[];
  /** Every file of every batch, flattened. */
  files: FileApplyResult[];
  written: number;
  stale: number;
  failed: number;
  rolledBack: number;
  /** Runs a killed process left unfinished, recovered before this one started. */
  recovered: RecoveredRun[];
  /** The user quit the interactive session. */
  quit: boolean;
}

/** A file of a batch, ready to write: its plan (re-planned if it was stale) and its hashes. */
export interface PreparedFile {
  path: string;
  plan: ChangedFilePlan;
  absPath: string;
  oldHash: string;
  newHash: string;
  /** Edits per rule id. */
  rules: Record<string, number>;
  /** Lines added and removed (counted only when a `decide` callback will show them). */
  added: number;
  removed: number;
  replanned: boolean;
}

/** What `decide` is shown of a batch before it is written. */
export interface BatchPreview {
  batch: Batch;
  /** 1-based position among the batches this apply offers, and their count. */
  position: number;
  total: number;
  /** The files that can be written. */
  files: PreparedFile[];
  /** Files of the batch that will not be written (stale, failed, unchanged, already applied). */
  problems: FileApplyResult[];
  editsByRule: Record<string, number>;
  added: number;
  removed: number;
  /** The batch's changes, for a diff: re-read from disk now. */
  changes(): Promise<FileChange[]>;
}

/**
 * The answer for one batch: apply it (or only `files` of it); skip it; apply it and every later batch without
 * asking again; or quit, leaving it and the rest unapplied.
 */
export type BatchDecision = { action: 'apply'; files?: readonly string[] } | { action: 'skip' } | { action: 'apply-all' } | { action: 'quit' };

export interface ApplyPlanOptions {
  /** The plan, or a function that makes it: called after recovery, with the project locked. */
  plan: Plan | (() => Promise<Plan>);
  /** Absolute project root the plan's paths are relative to; the journal lives in `<root>/.canonize`. */
  root: string;
  /** Batch ids to apply (default: all, in order). */
  batches?: readonly string[];
  /** Asked before each batch (default: apply everything). */
  decide?: (preview: BatchPreview) => Promise<BatchDecision>;
  /** A shell command run after each batch, in the root; `{files}` expands to the batch's files, shell-quoted. */
  verify?: string;
  /** Seconds a verify command may run before its process group is killed and the gate fails (default 600). */
  verifyTimeout?: number;
  /**
   * Formatters the changed files of each batch are piped through (stdin to stdout) before the batch is journaled,
   * written and verified (`format.ts`); a formatter failing on a file leaves its batch unwritten.
   */
  format?: readonly FormatterSpec[];
  /** When a verify gate, a batch commit or the formatter step fails: `stop` (default) or `continue` with the next batch. */
  onVerifyFail?: 'stop' | 'continue';
  /** Commit each applied batch with git (one commit per batch). */
  commitPerBatch?: boolean;
  /** Write files that git reports as having uncommitted changes (default: refuse). */
  allowDirty?: boolean;
  /** Plan a file again from its current bytes when it changed since it was planned (undefined: it stays stale). */
  replan?: (file: ChangedFilePlan) => Promise<FilePlan | undefined>;
  /** Called after each file is written (`done` counts files over all batches to write). */
  onProgress?: (done: number, total: number) => void;
  /** Called when a batch is finished, whatever its status. */
  onBatch?: (result: BatchApplyResult) => void;
}
