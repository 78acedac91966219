/**
 * Applying a plan, batch by batch, crash-safely.
 *
 * For each batch: every file is re-read and checked against the hash it was planned from (a file changed since
 * is never overwritten: it is re-planned when the caller allows it, else reported `stale`), rebuilt with the one
 * splice routine and checked (an output with more syntax errors than its input is never written: it is parsed,
 * unless it is byte for byte the output the planner parsed and found clean — see `materializeBytes`). The batch is
 * then offered to `decide` (the interactive prompt; by default everything is applied), its originals go to the
 * journal (`journal.ts`) before any file is touched, its files are replaced atomically (several at a time, their
 * directories fsynced once per batch), the `verify` gate runs, and a failing gate rolls the batch back from the
 * journal. Runs a killed process left unfinished are recovered first, and batches a previous run of the same plan
 * applied are not applied again, so a re-run resumes.
 *
 * The same `materializeFile` step feeds the dry-run preview, so what `diff` shows is exactly what `apply` writes.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { asFsError, CanonizeError, UnsafePathError, UsageError } from '../core/errors.js';
import { languageForPath } from '../planner/files.js';
import { parseSource, syntaxProblems, describeProblem } from '../languages/parse.js';
import { decodeSource, encodeSource, hashBytes } from '../core/source.js';
import type { Batch, ChangedFilePlan, FilePlan, Plan } from '../core/types.js';
import { forEachConcurrently, syncDirectories, writeFileAtomic } from './atomic.js';
import { containedPath, pathProblem, READ_NOFOLLOW, realRoot } from './contain.js';
import { countLines, type FileChange } from './diff.js';
import { applyEdits } from '../core/edits.js';
import { commitFiles, dirtyFiles, gitPrefix } from './git.js';
import { Journal, type BatchManifest, type JournalEntry, type RunWriter } from './journal.js';
import { serializePlan } from '../planner/plan-json.js';
import { commitTrailer, recoverInterruptedRuns, restoreBatch, type RecoveredRun } from './rollback.js';
import { DEFAULT_VERIFY_TIMEOUT, runVerify, type VerifyResult } from './verify.js';

/**
 * How a rebuilt file's output was checked against invariant 3 (it parses with no more syntax errors than its
 * input): `parsed` (parsed now); `planned` (its bytes hash to the plan's `newHash`, the output the planner parsed
 * and found without any syntax error); `none` (the caller asked for no check: bytes it already checked).
 */
export type OutputCheck = 'parsed' | 'planned' | 'none';

/** A planned file rebuilt from the bytes on disk. */
export type MaterializedFile =
  | {
      ok: true;
      plan: ChangedFilePlan;
      absPath: string;
      oldText: string;
      newText: string;
      oldBytes: Buffer;
      newBytes: Buffer;
      /** sha256 of `oldBytes` (the plan's `baseHash`) and of `newBytes`. */
      oldHash: string;
      newHash: string;
      outputCheck: OutputCheck;
    }
  | { ok: false; plan: ChangedFilePlan; absPath: string; outcome: 'stale' | 'failed'; reason: string };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The sha256 of the output bytes the planner parsed and found without syntax errors, when the plan records one
 * (a changed file's `newHash`) and it can vouch for this file: the plan's grammar must be the one the path's
 * extension selects, since that is the grammar the planner parsed with. Read loosely, so that plans without the
 * field (older ones, hand-written ones) are simply checked by parsing.
 */
export function plannedOutputHash(plan: ChangedFilePlan): string | undefined {
  const hash: unknown = plan.newHash;
  if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) return undefined;
  return languageForPath(plan.path) === plan.language ? hash : undefined;
}

/**
 * Rebuild a planned file from bytes already read: verify the base hash, splice, and (unless `checkParse` is
 * false, for bytes already checked) check that the output parses no worse than the input. Never throws.
 *
 * Plans are editable data, so the check does not trust the planner's, with one exception that cannot be forged by
 * editing edits: when the spliced bytes hash to the plan's `newHash` they are exactly the bytes the planner parsed
 * (from the same base bytes, `baseHash`) and found clean, and parsing them again would only repeat that. Any other
 * output is parsed; only when it has syntax errors is the input parsed too, to compare (an output without any
 * error cannot be worse than its input).
 */
export function materializeBytes(plan: ChangedFilePlan, absPath: string, bytes: Buffer, checkParse = true): MaterializedFile {
  const fail = (outcome: 'stale' | 'failed', reason: string): MaterializedFile => ({ ok: false, plan, absPath, outcome, reason });
  const oldHash = hashBytes(bytes);
  if (oldHash !== plan.baseHash) return fail('stale', 'changed since it was planned (content hash differs); re-run plan');
  const old = decodeSource(bytes, plan.language);
  if ('kind' in old) return fail('failed', `cannot be decoded as it was when planned: ${old.message}`);
  if (old.encoding !== plan.encoding || old.bom !== plan.bom) {
    return fail('failed', `decodes as ${old.encoding}${old.bom ? ' with BOM' : ''}, the plan says ${plan.encoding}${plan.bom ? ' with BOM' : ''}`);
  }
  let newText: string;
  try {
    newText = applyEdits(old.text, plan.edits);
  } catch (err) {
    return fail('failed', (err as Error).message);
  }
  let newBytes: Buffer;
  try {
    newBytes = encodeSource(newText, plan.encoding, plan.bom);
  } catch (err) {
    return fail('failed', `the rewritten text cannot be written in the file's encoding: ${(err as Error).message}`);
  }
  const newHash = hashBytes(newBytes);
  let outputCheck: OutputCheck = 'none';
  if (checkParse) {
    if (newHash === plannedOutputHash(plan)) {
      outputCheck = 'planned';
    } else {
      outputCheck = 'parsed';
      const afterProblems = syntaxProblems(parseSource(newText, plan.language));
      if (afterProblems.length > 0 && afterProblems.length > syntaxProblems(parseSource(old.text, plan.language)).length) {
        return fail('failed', `the rewritten file would not parse (${describeProblem(afterProblems[0]!)})`);
      }
    }
  }
  return { ok: true, plan, absPath, oldText: old.text, newText, oldBytes: bytes, newBytes, oldHash, newHash, outputCheck };
}

/**
 * Read a whole file. Synchronous on purpose: files are small and mostly in the page cache, where a blocking read
 * costs a fraction of the promise API's round trip through the thread pool (which the writes' fsyncs are using).
 */
function readBytes(absPath: string): { bytes: Buffer; mode: number } | { error: string } {
  let fd: number | undefined;
  try {
    fd = openSync(absPath, READ_NOFOLLOW);
    const mode = fstatSync(fd).mode & 0o7777;
    return { bytes: readFileSync(fd), mode };
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Re-read a changed file, verify its base hash, and compute its new text and bytes. Throws only
 * {@link UnsafePathError}, for a path outside the root, in `.git/` or through a symlink (see `contain.ts`): a plan
 * naming one is refused as a whole, by `diff` as by `apply`.
 */
export async function materializeFile(plan: ChangedFilePlan, root: string): Promise<MaterializedFile> {
  const absPath = containedPath(root, plan.path);
  const read = readBytes(absPath);
  if ('error' in read) return { ok: false, plan, absPath, outcome: 'stale', reason: `cannot read: ${read.error}` };
  return materializeBytes(plan, absPath, read.bytes);
}

/**
 * What happened to one file: `written`; `unchanged` (it changed since planning and, re-planned, needs nothing);
 * `stale` (changed since planning, not overwritten); `failed`; `rolled-back` (written, then restored because the
 * batch's verify gate or commit failed); `already-applied` (a previous run of this plan wrote it).
 */
export type FileApplyOutcome = 'written' | 'unchanged' | 'stale' | 'failed' | 'rolled-back' | 'already-applied';

export interface FileApplyResult {
  path: string;
  batch: number;
  outcome: FileApplyOutcome;
  reason?: string;
  edits: number;
  /** The file had changed since it was planned and was planned again from its current bytes. */
  replanned?: boolean;
}

/**
 * What happened to one batch: `applied` (its chosen files written and verified); `skipped` (by the user);
 * `already-applied` (by a previous run of this plan); `rolled-back` (its verify gate or commit failed);
 * `nothing-to-write` (every file stale, failed or unchanged); `not-reached` (the user quit, or a failed gate
 * stopped the run, before it).
 */
export type BatchApplyStatus = 'applied' | 'skipped' | 'already-applied' | 'rolled-back' | 'nothing-to-write' | 'not-reached';

export interface BatchApplyResult {
  id: number;
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
  batches?: readonly number[];
  /** Asked before each batch (default: apply everything). */
  decide?: (preview: BatchPreview) => Promise<BatchDecision>;
  /** A shell command run after each batch, in the root; `{files}` expands to the batch's files, shell-quoted. */
  verify?: string;
  /** Seconds a verify command may run before its process group is killed and the gate fails (default 600). */
  verifyTimeout?: number;
  /** When a verify gate (or a batch commit) fails: `stop` (default) or `continue` with the next batch. */
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

/** Refusal to overwrite files with uncommitted changes. Exit 2; `--allow-dirty` overrides. */
export class DirtyFilesError extends CanonizeError {
  override readonly name = 'DirtyFilesError';
  constructor(readonly files: string[]) {
    const shown = files.slice(0, 20).map((f) => `  ${f}`);
    if (files.length > 20) shown.push(`  … and ${files.length - 20} more`);
    super(
      'E_DIRTY',
      `git reports uncommitted changes in ${files.length} file(s) the plan would write:\n${shown.join('\n')}`,
      'commit or stash them first (so the change can be reviewed and reverted on its own), or pass --allow-dirty',
    );
  }
}

/** The changed files of the given batches, in batch order then path order. */
export function filesOfBatches(plan: Plan, batches?: readonly number[]): ChangedFilePlan[] {
  const wanted = batches ?? plan.batches.map((b) => b.id);
  const byPath = new Map(plan.files.filter((f): f is ChangedFilePlan => f.outcome === 'changed').map((f) => [f.path, f]));
  return wanted.flatMap((id) => (plan.batches[id]?.files ?? []).map((p) => byPath.get(p)).filter((f): f is ChangedFilePlan => f !== undefined));
}

/** The identity of a plan: the hash of its serialised form. Runs of the same plan.json share it. */
export function planId(plan: Plan): string {
  return hashBytes(Buffer.from(serializePlan(plan)));
}

function countRules(plan: ChangedFilePlan): Record<string, number> {
  const rules: Record<string, number> = {};
  for (const e of plan.edits) rules[e.rule] = (rules[e.rule] ?? 0) + 1;
  return rules;
}

/**
 * The new bytes of prepared files, kept from preparing to writing so they are not rebuilt (within a budget per
 * batch; files beyond it are rebuilt from disk when written). Keyed by the prepared file, so they go with it.
 */
const preparedBytes = new WeakMap<PreparedFile, Buffer>();
const PREPARED_BYTES_PER_BATCH = 64 * 1024 * 1024;

/** Materialize one file for writing, re-planning it when it is stale and `replan` allows. */
async function prepareFile(
  file: ChangedFilePlan,
  root: string,
  options: ApplyPlanOptions,
  countChangedLines: boolean,
  budget: { bytes: number },
): Promise<PreparedFile | FileApplyResult> {
  const result = (outcome: FileApplyOutcome, reason: string, replanned = false): FileApplyResult => ({
    path: file.path,
    batch: file.batch,
    outcome,
    reason,
    edits: file.edits.length,
    ...(replanned ? { replanned } : {}),
  });
  const safely = async (f: ChangedFilePlan): Promise<MaterializedFile> => {
    try {
      return await materializeFile(f, root);
    } catch (err) {
      if (err instanceof UnsafePathError) return { ok: false, plan: f, absPath: f.path, outcome: 'failed', reason: err.message };
      throw err;
    }
  };
  let m = await safely(file);
  let replanned = false;
  if (!m.ok && m.outcome === 'stale' && options.replan) {
    const again = await options.replan(file);
    switch (again?.outcome) {
      case undefined:
        break;
      case 'changed':
        m = await safely({ ...again, batch: file.batch });
        replanned = true;
        break;
      case 'unchanged':
        return result('unchanged', 'changed since it was planned; planned again, it needs no change', true);
      case 'skipped':
      case 'failed':
        return result('stale', `changed since it was planned; planning it again: ${again.reason}`, true);
      default:
        return again satisfies never;
    }
  }
  if (!m.ok) return result(m.outcome, m.reason, replanned);
  const lines = countChangedLines ? countLines({ path: file.path, oldText: m.oldText, newText: m.newText, encoding: m.plan.encoding, bom: m.plan.bom }) : { added: 0, removed: 0 };
  const prepared: PreparedFile = {
    path: file.path,
    plan: m.plan,
    absPath: m.absPath,
    oldHash: m.oldHash,
    newHash: m.newHash,
    rules: countRules(m.plan),
    ...lines,
    replanned,
  };
  if (m.newBytes.length <= budget.bytes) {
    budget.bytes -= m.newBytes.length;
    preparedBytes.set(prepared, m.newBytes);
  }
  return prepared;
}

/**
 * The bytes to write for a journaled file: its current bytes must still be the journaled original (`oldHash`),
 * and the output is then the prepared one (kept from preparing, else rebuilt and checked against `newHash`).
 */
function bytesToWrite(root: string, f: PreparedFile, entry: JournalEntry): { bytes: Buffer } | { outcome: 'stale' | 'failed'; reason: string } {
  const stale = { outcome: 'stale', reason: 'changed while canonize was applying; not written' } as const;
  try {
    // Again right before the write: a symlink planted since the batch was prepared is refused too.
    containedPath(root, f.path, { mustExist: true });
  } catch (err) {
    if (err instanceof UnsafePathError) return { outcome: 'failed', reason: `${err.message} (it changed while canonize was applying)` };
    return stale;
  }
  const read = readBytes(f.absPath);
  if ('error' in read) return stale;
  const kept = preparedBytes.get(f);
  if (kept) return hashBytes(read.bytes) === entry.oldHash ? { bytes: kept } : stale;
  const m = materializeBytes(f.plan, f.absPath, read.bytes, false);
  if ((!m.ok && m.outcome === 'stale') || (m.ok && m.oldHash !== entry.oldHash)) return stale;
  if (!m.ok) return { outcome: 'failed', reason: m.reason };
  if (m.newHash !== entry.newHash) return { outcome: 'failed', reason: 'rebuilding the file gave other bytes than were journaled' };
  return { bytes: m.newBytes };
}

const isPrepared = (x: PreparedFile | FileApplyResult): x is PreparedFile => 'newHash' in x;

/** The commit message of a batch: what it is, its rules and counts, and the trailer recovery looks for. */
function commitMessage(job: BatchJob, files: PreparedFile[]): string {
  const rules: Record<string, number> = {};
  for (const f of files) for (const [rule, n] of Object.entries(f.rules)) rules[rule] = (rules[rule] ?? 0) + n;
  const lines = Object.keys(rules)
    .sort()
    .map((r) => `- ${r}: ${rules[r]} edit(s)`);
  return `canonize: batch ${job.position}/${job.total} ${job.batch.name} (${files.length} file(s))\n\n${lines.join('\n')}\n\n${commitTrailer(job.run.id, job.batch.id)}\n`;
}

/**
 * Apply a plan (or some of its batches): recover killed runs, skip what earlier runs of this plan applied, then
 * per batch decide, journal, write, verify and commit. Files that cannot be written are reported, never
 * half-written; refusals (uncommitted changes, another run in progress, unknown batch) throw before anything is
 * written.
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  // A root that does not exist gets no `.canonize/` made in it: refused before anything is created.
  realRoot(options.root);
  if (typeof options.plan !== 'function') checkPlanPaths(options.plan, options.root);
  try {
    const journal = await Journal.open(options.root);
    const release = await journal.lock();
    try {
      const recovered = await recoverInterruptedRuns(journal);
      const plan = typeof options.plan === 'function' ? await options.plan() : options.plan;
      checkPlanPaths(plan, options.root);
      return await applyLocked(plan, journal, recovered, options);
    } finally {
      await release();
    }
  } catch (err) {
    throw asFsError(err, `apply in ${options.root}`);
  }
}

/**
 * Refuse a plan that names a file canonize must not touch (outside the root, in `.git/` or `.canonize/`, through
 * a symlink, not a regular file) or names one file twice: {@link UnsafePathError} / {@link UsageError}, before
 * anything is written. Checks every changed file of the plan, not only the batches chosen: a plan is trusted as
 * a whole or not at all.
 */
export function checkPlanPaths(plan: Plan, root: string): void {
  const real = realRoot(root);
  const seen = new Set<string>();
  for (const f of plan.files) {
    const problem = pathProblem(f.path);
    if (problem) throw new UnsafePathError(f.path, problem);
    if (seen.has(f.path)) throw new UsageError('E_PLAN_INVALID', `the plan lists ${f.path} more than once`, 're-run `canonize plan`');
    seen.add(f.path);
    if (f.outcome === 'changed') containedPath(root, f.path, { realRoot: real });
  }
  const listed = new Set<string>();
  for (const b of plan.batches) {
    for (const p of b.files) {
      if (listed.has(p)) throw new UsageError('E_PLAN_INVALID', `the plan's batches list ${p} more than once`, 're-run `canonize plan`');
      listed.add(p);
    }
  }
}

/** Throws {@link UsageError} for a batch id the plan does not have. */
export function checkBatchIds(plan: Plan, ids: readonly number[]): void {
  for (const id of ids) {
    if (!plan.batches[id]) {
      const has = plan.batches.length === 0 ? 'no batches' : `batches 0-${plan.batches.length - 1}`;
      throw new UsageError('E_BATCH_NOT_FOUND', `the plan has no batch ${id} (it has ${has})`, 'see `canonize plan` for the batches');
    }
  }
}

async function applyLocked(plan: Plan, journal: Journal, recovered: RecoveredRun[], options: ApplyPlanOptions): Promise<ApplyResult> {
  const { root } = options;
  const ids = options.batches ?? plan.batches.map((b) => b.id);
  checkBatchIds(plan, ids);
  const thisPlan = planId(plan);
  const applied = await journal.appliedFiles(thisPlan);
  const todo = filesOfBatches(plan, ids).filter((f) => !applied.has(f.path));
  if (options.commitPerBatch && (await gitPrefix(root)) === undefined) {
    throw new UsageError('E_NOT_GIT', `--commit-per-batch needs a git work tree, and ${root} is not in one`);
  }
  if (!options.allowDirty) {
    const dirty = await dirtyFiles(root, todo.map((f) => f.path));
    if (dirty.length > 0) throw new DirtyFilesError(dirty);
  }

  const results: BatchApplyResult[] = [];
  let run: RunWriter | undefined;
  let askEach = options.decide !== undefined;
  let stopped: 'quit' | 'failed' | undefined;
  let done = 0;
  const total = todo.length;
  const finish = (r: BatchApplyResult) => {
    results.push(r);
    options.onBatch?.(r);
  };

  for (const [index, id] of ids.entries()) {
    const batch = plan.batches[id]!;
    const files = filesOfBatches(plan, [id]);
    const already: FileApplyResult[] = files
      .filter((f) => applied.has(f.path))
      .map((f) => ({ path: f.path, batch: id, outcome: 'already-applied', reason: `applied by run ${applied.get(f.path)}`, edits: f.edits.length }));
    if (stopped) {
      finish({ id, name: batch.name, status: 'not-reached', files: already });
      continue;
    }
    if (already.length === files.length) {
      finish({ id, name: batch.name, status: 'already-applied', files: already });
      continue;
    }

    const prepared: PreparedFile[] = [];
    const problems: FileApplyResult[] = [...already];
    const budget = { bytes: PREPARED_BYTES_PER_BATCH };
    for (const file of files.filter((f) => !applied.has(f.path))) {
      const p = await prepareFile(file, root, options, askEach, budget);
      if (isPrepared(p)) prepared.push(p);
      else problems.push(p);
    }
    if (prepared.length === 0) {
      finish({ id, name: batch.name, status: 'nothing-to-write', files: problems });
      continue;
    }

    let chosen = prepared;
    if (askEach) {
      const editsByRule: Record<string, number> = {};
      for (const f of prepared) for (const [rule, n] of Object.entries(f.rules)) editsByRule[rule] = (editsByRule[rule] ?? 0) + n;
      const decision = await options.decide!({
        batch,
        position: index + 1,
        total: ids.length,
        files: prepared,
        problems,
        editsByRule,
        added: prepared.reduce((n, f) => n + f.added, 0),
        removed: prepared.reduce((n, f) => n + f.removed, 0),
        changes: () => batchChanges(prepared, root),
      });
      if (decision.action === 'quit') {
        stopped = 'quit';
        finish({ id, name: batch.name, status: 'not-reached', files: problems });
        continue;
      }
      if (decision.action === 'skip') {
        finish({ id, name: batch.name, status: 'skipped', files: problems });
        continue;
      }
      if (decision.action === 'apply-all') askEach = false;
      if (decision.action === 'apply' && decision.files) {
        const keep = new Set(decision.files);
        chosen = prepared.filter((f) => keep.has(f.path));
        if (chosen.length === 0) {
          finish({ id, name: batch.name, status: 'skipped', files: problems });
          continue;
        }
      }
    }

    run ??= await journal.startRun(thisPlan);
    const writer = run;
    const outcome = await writeBatch({ run: writer, batch, position: index + 1, total: ids.length, chosen, problems, options }, () => options.onProgress?.(++done, total)).catch(
      async (err: unknown) => {
        // Leave no save of the run's record running behind the caller (who releases the lock next).
        await writer.settled();
        throw err;
      },
    );
    if (outcome.status === 'rolled-back' && (options.onVerifyFail ?? 'stop') === 'stop') stopped = 'failed';
    finish(outcome);
  }
  // Only a run that got here is finished: one that threw (a full disk, say) stays `running`, and the next apply or
  // rollback recovers it from the journal like a killed one.
  await run?.finish();

  const all = results.flatMap((r) => r.files);
  const count = (o: FileApplyOutcome) => all.filter((f) => f.outcome === o).length;
  return {
    ...(run ? { runId: run.id } : {}),
    batches: results,
    files: all,
    written: count('written'),
    stale: count('stale'),
    failed: count('failed'),
    rolledBack: count('rolled-back'),
    recovered,
    quit: stopped === 'quit',
  };
}

/** The changes of prepared files, re-read from disk (for a diff shown before the batch is written). */
async function batchChanges(files: PreparedFile[], root: string): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const f of files) {
    const m = await materializeFile(f.plan, root);
    if (m.ok) changes.push({ path: f.path, oldText: m.oldText, newText: m.newText, encoding: f.plan.encoding, bom: f.plan.bom });
  }
  return changes;
}

/** Files of a batch being written at once: enough to overlap their fsyncs, few enough to bound open files. */
const WRITE_CONCURRENCY = 16;

interface BatchJob {
  run: RunWriter;
  batch: Batch;
  position: number;
  total: number;
  chosen: PreparedFile[];
  problems: FileApplyResult[];
  options: ApplyPlanOptions;
}

/**
 * Journal a batch's originals, write its files, run its verify gate and make its commit; a failing gate or
 * commit rolls the batch back from the journal.
 */
async function writeBatch(job: BatchJob, progress: () => void): Promise<BatchApplyResult> {
  const { run, batch, chosen, problems, options } = job;
  const files: FileApplyResult[] = [...problems];
  const byPath = new Map(chosen.map((f) => [f.path, f]));
  const result = (f: PreparedFile, outcome: FileApplyOutcome, reason?: string): FileApplyResult => ({
    path: f.path,
    batch: batch.id,
    outcome,
    edits: f.plan.edits.length,
    ...(reason ? { reason } : {}),
    ...(f.replanned ? { replanned: true } : {}),
  });

  // 1. The journal: every original, then the manifest, before any file of the batch is touched.
  async function* originals(): AsyncGenerator<{ entry: Omit<JournalEntry, 'offset' | 'length'>; bytes: Buffer }> {
    for (const f of chosen) {
      const read = readBytes(f.absPath);
      if ('error' in read || hashBytes(read.bytes) !== f.oldHash) {
        files.push(result(f, 'stale', 'changed while canonize was applying; not written'));
        continue;
      }
      if ((read.mode & ~0o777) !== 0) {
        // Rollback only ever restores plain permission bits (a journal could otherwise grant setuid).
        files.push(result(f, 'failed', `has setuid, setgid or sticky bits (mode ${read.mode.toString(8)}); canonize does not rewrite such files`));
        continue;
      }
      yield { entry: { path: f.path, oldHash: f.oldHash, newHash: f.newHash, mode: read.mode, edits: f.plan.edits.length }, bytes: read.bytes };
    }
  }
  const manifest = await run.journalBatch(batch, originals());

  // 2. The files, several at a time: each re-read and re-checked against the hash its original was journaled
  // with, and replaced atomically by its output (temp file, fsync, rename). Each rename is atomic whenever the
  // process dies; their directories are fsynced once, below, before the batch is recorded past `writing`.
  const written = new Set<string>();
  const dirs = new Set<string>();
  await forEachConcurrently(manifest.files, WRITE_CONCURRENCY, async (entry) => {
    const f = byPath.get(entry.path)!;
    const out = bytesToWrite(options.root, f, entry);
    if ('outcome' in out) {
      files.push(result(f, out.outcome, out.reason));
    } else {
      try {
        await writeFileAtomic(f.absPath, out.bytes, entry.mode, { syncDirectory: false });
        written.add(f.path);
        dirs.add(dirname(f.absPath));
        files.push(result(f, 'written'));
        progress();
      } catch (err) {
        files.push(result(f, 'failed', `cannot write: ${(err as Error).message}`));
      }
    }
  });
  await syncDirectories(dirs);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const out: BatchApplyResult = { id: batch.id, name: batch.name, status: 'applied', files };
  if (written.size === 0) {
    // Nothing of the batch is in effect: record it as undone, so a re-run offers it again.
    await run.setBatch({ id: batch.id, name: batch.name, status: 'rolled-back', reason: 'nothing-written' });
    out.status = 'nothing-to-write';
    return out;
  }
  // `written` tells recovery the files are all in place but the gate has not passed; without a gate the batch
  // goes straight to `applied` (recovery treats `writing` and `written` alike).
  if (options.verify || options.commitPerBatch) await run.setBatch({ id: batch.id, name: batch.name, status: 'written' });

  // 3. The gate.
  if (options.verify) {
    out.verify = await runVerify(options.verify, [...written].sort(), options.root, options.verifyTimeout ?? DEFAULT_VERIFY_TIMEOUT);
    if (!out.verify.ok) {
      await rollBackBatch(run, manifest, written, out, `verify failed (${describeExit(out.verify)})`, 'verify-failed', 'the verify command changed it after canonize wrote it');
      return out;
    }
  }
  if (!options.commitPerBatch) {
    await run.setBatch({ id: batch.id, name: batch.name, status: 'applied' });
    return out;
  }

  // 4. The commit; a failing one (a hook, say) counts as a failed gate.
  await run.setBatch({ id: batch.id, name: batch.name, status: 'committing' });
  const paths = [...written].sort();
  try {
    out.commit = await commitFiles(options.root, paths, commitMessage(job, chosen.filter((f) => written.has(f.path))));
    await run.setBatch({ id: batch.id, name: batch.name, status: 'applied', commit: out.commit });
  } catch (err) {
    await rollBackBatch(run, manifest, written, out, `commit failed: ${(err as Error).message}`, 'commit-failed', 'changed after canonize wrote it (by a commit hook?)');
  }
  return out;
}

function describeExit(v: VerifyResult): string {
  if (v.timedOut) return `timed out after ${v.timeoutSeconds} s: \`${v.command}\` was killed`;
  return v.signal ? `killed by ${v.signal}` : v.exitCode === null ? 'did not start' : `exit ${v.exitCode}`;
}

/**
 * Restore the files this run wrote for a batch, and record why. A file changed since canonize wrote it (the
 * verify command edited it) is not overwritten: it is reported, and recorded in the journal so that
 * `canonize rollback` still offers it (`--force` restores its original).
 */
async function rollBackBatch(
  run: RunWriter,
  manifest: BatchManifest,
  written: ReadonlySet<string>,
  out: BatchApplyResult,
  reason: string,
  code: string,
  changedBy: string,
): Promise<void> {
  const restored = await restoreBatch(run.journal, run.id, manifest, { only: written, changedBy: () => changedBy });
  const byPath = new Map(restored.map((r) => [r.path, r]));
  const left: string[] = [];
  for (const f of out.files) {
    const r = byPath.get(f.path);
    if (!r) continue;
    if (r.outcome === 'conflict') {
      left.push(f.path);
      f.outcome = 'failed';
      f.reason = `${reason}; not rolled back: ${r.reason}; \`canonize rollback ${run.id} --force\` restores its original`;
    } else {
      f.outcome = 'rolled-back';
      f.reason = reason;
    }
  }
  out.status = 'rolled-back';
  out.reason = reason;
  await run.setBatch({ id: manifest.batch, name: manifest.name, status: 'rolled-back', reason: code, ...(left.length > 0 ? { unrestored: left, unrestoredReason: changedBy } : {}) });
}
