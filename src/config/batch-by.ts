/** The `batchBy` setting (config field and `--batch-by` flag): how changed files are grouped into batches (planner/batches.ts). */
import { UsageError } from '../core/errors.js';

/** How changed files are grouped into batches. */
export type BatchBy = { kind: 'dir'; depth: number } | { kind: 'size'; size: number } | { kind: 'rule' } | { kind: 'owner' };

/** The accepted spellings of a `batchBy` value, for the config schema and the `--batch-by` flag. */
export const BATCH_BY_PATTERN = /^(dir(:[1-9][0-9]*)?|size:[1-9][0-9]*|rule|owner)$/;
export const BATCH_BY_HINT = 'expected "dir", "dir:DEPTH", "size:N", "rule" or "owner"';

/** Parse a `batchBy` value (`dir`, `dir:2`, `size:50`, `rule`, `owner`). Throws {@link UsageError} naming `field`. */
export function parseBatchBy(text: string, field = 'batchBy'): BatchBy {
  if (!BATCH_BY_PATTERN.test(text)) throw new UsageError('E_BATCH_BY', `${field}: "${text}" is not a batching; ${BATCH_BY_HINT}`);
  const [kind, n] = text.split(':');
  if (kind === 'size') return { kind: 'size', size: Number(n) };
  if (kind === 'rule' || kind === 'owner') return { kind };
  return { kind: 'dir', depth: n ? Number(n) : 1 };
}
