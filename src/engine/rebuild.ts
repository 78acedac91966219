/**
 * Rebuilding a planned file's new bytes from the bytes on disk: re-read, base-hash check, splice, and the parse
 * check (invariant 3) unless the plan's `newHash` vouches for the output. Shared by preview (`diff`) and apply, so
 * what `diff` shows is exactly what `apply` writes. See docs/engine.md ("Stale files", "The parse check").
 */
import { closeSync, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import { applyEdits } from '../core/edits.js';
import { decodeSource, encodeSource, hashBytes } from '../core/source.js';
import type { ChangedFilePlan } from '../core/types.js';
import { withSourceTree } from '../languages/parse.js';
import { describeProblem, syntaxProblems } from '../core/parse.js';
import { languageForPath } from '../languages/registry.js';
import { containedPath, READ_NOFOLLOW } from './contain.js';

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
      oldBytes: Uint8Array;
      newBytes: Uint8Array;
      /** sha256 of `oldBytes` (the plan's `baseHash`) and of `newBytes`. */
      oldHash: string;
      newHash: string;
      outputCheck: OutputCheck;
      /** For a whole-file operation (`plan.op`): the permission bits of the file deleted or created. */
      mode?: number;
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
export function materializeBytes(plan: ChangedFilePlan, absPath: string, bytes: Uint8Array, checkParse = true): MaterializedFile {
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
      const afterProblems = withSourceTree(newText, plan.language, (t) => syntaxProblems(t));
      if (afterProblems.length > 0 && afterProblems.length > withSourceTree(old.text, plan.language, (t) => syntaxProblems(t)).length) {
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
export function readBytes(absPath: string): { bytes: Uint8Array; mode: number } | { error: string } {
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
  if (plan.op) return materializeOp({ ...plan, op: plan.op }, root);
  const absPath = containedPath(root, plan.path);
  const read = readBytes(absPath);
  if ('error' in read) return { ok: false, plan, absPath, outcome: 'stale', reason: `cannot read: ${read.error}` };
  return materializeBytes(plan, absPath, read.bytes);
}

/** A whole-file operation of a changed file (file-ops.ts): the file is deleted, or created. */
export type FileOp = NonNullable<ChangedFilePlan['op']>;

/** sha256 of no bytes: the `baseHash` of a file to create, the `newHash` of a file to delete. */
export const EMPTY_HASH = hashBytes(Buffer.alloc(0));

/** The mode of a created file (the journal restores plain permission bits only). */
export const CREATED_MODE = 0o644;

/** Whether a path has nothing on it (not even a dangling symlink). */
export function absent(absPath: string): boolean {
  try {
    lstatSync(absPath);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * A delete or create rebuilt from disk, as `materializeFile` gives an edit: a file to delete must hold the bytes it
 * was planned from (its new bytes are none); a file to create must not exist, and its text must parse.
 */
export function materializeOp(plan: ChangedFilePlan & { op: FileOp }, root: string): MaterializedFile {
  const absPath = containedPath(root, plan.path);
  const fail = (outcome: 'stale' | 'failed', reason: string): MaterializedFile => ({ ok: false, plan, absPath, outcome, reason });
  if (plan.op === 'create') {
    if (!absent(absPath)) return fail('stale', 'exists already: a planned creation never overwrites a file');
    if (plan.baseHash !== EMPTY_HASH) return fail('failed', 'a file to create must be planned from no bytes (baseHash of the empty file)');
    let newText: string;
    let newBytes: Buffer;
    try {
      newText = applyEdits('', plan.edits);
      newBytes = encodeSource(newText, plan.encoding, plan.bom);
    } catch (err) {
      return fail('failed', (err as Error).message);
    }
    const problems = withSourceTree(newText, plan.language, (t) => syntaxProblems(t));
    if (problems.length > 0) return fail('failed', `the file to create would not parse (${describeProblem(problems[0]!)})`);
    return { ok: true, plan, absPath, oldText: '', newText, oldBytes: Buffer.alloc(0), newBytes, oldHash: EMPTY_HASH, newHash: hashBytes(newBytes), outputCheck: 'parsed', mode: CREATED_MODE };
  }
  const read = readBytes(absPath);
  if ('error' in read) return fail('stale', `cannot read: ${read.error}`);
  const oldHash = hashBytes(read.bytes);
  if (oldHash !== plan.baseHash) return fail('stale', 'changed since it was planned (content hash differs); re-run plan');
  const old = decodeSource(read.bytes, plan.language);
  if ('kind' in old) return fail('failed', `cannot be decoded as it was when planned: ${old.message}`);
  const oldText = old.text;
  return { ok: true, plan, absPath, oldText, newText: '', oldBytes: read.bytes, newBytes: Buffer.alloc(0), oldHash, newHash: EMPTY_HASH, outputCheck: 'none', mode: read.mode };
}

