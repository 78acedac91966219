/**
 * The one splice routine. Every change canonize makes to a file's text goes through `applyEdits`: edits are
 * sorted, checked for overlap (naming both rules), and spliced into the text in one pass. Nothing outside the
 * edited spans is touched, which is what keeps comments, quotes, line endings and encoding byte-exact.
 */
import { createHash } from 'node:crypto';
import { OverlapError } from '../errors.js';
import type { Edit } from '../types.js';

/** Sort by start, then end, then rule: insertions at one point keep a deterministic order. */
export function sortEdits(edits: readonly Edit[]): Edit[] {
  return [...edits].sort((a, b) => a.start - b.start || a.end - b.end || cmp(a.rule, b.rule) || cmp(a.id, b.id));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Throws {@link OverlapError} if two edits share any part of their ranges, or an insertion falls strictly inside
 * a replaced span. Edits that merely touch (one ends where the next starts), and several insertions at one
 * offset, are fine: they are applied in sorted order.
 */
export function assertNoOverlap(sorted: readonly Edit[]): void {
  let widest: Edit | undefined;
  for (const cur of sorted) {
    if (widest && cur.start < widest.end) throw new OverlapError(widest, cur);
    if (!widest || cur.end > widest.end) widest = cur;
  }
}

/** Drop exact duplicates (same span, text and rule): two visits of one site must not insert twice. */
function dedupe(sorted: Edit[]): Edit[] {
  return sorted.filter(
    (e, i) => i === 0 || !(e.start === sorted[i - 1]!.start && e.end === sorted[i - 1]!.end && e.text === sorted[i - 1]!.text && e.rule === sorted[i - 1]!.rule),
  );
}

/**
 * Apply edits to `text`. Offsets are UTF-16 code units into `text`. Throws {@link OverlapError} when two edits
 * collide and `RangeError` when one lies outside the text.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = dedupe(sortEdits(edits));
  for (const e of sorted) {
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= text.length)) {
      throw new RangeError(`edit ${e.id} of rule "${e.rule}" is out of range [${e.start}, ${e.end}) for a text of length ${text.length}`);
    }
  }
  assertNoOverlap(sorted);
  const parts: string[] = [];
  let pos = 0;
  for (const e of sorted) {
    parts.push(text.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

/** A stable id for an edit: the same edit of the same file always gets the same id. */
export function editId(path: string, rule: string, start: number, end: number, text: string): string {
  return createHash('sha256').update(`${path}\0${rule}\0${start}\0${end}\0${text}`).digest('hex').slice(0, 12);
}
