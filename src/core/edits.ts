/**
 * The one splice routine. Every change canonize makes to a file's text goes through `applyEdits`: edits are
 * sorted, checked for overlap (naming both rules), and spliced into the text in one pass. Nothing outside the
 * edited spans is touched, which is what keeps comments, quotes, line endings and encoding byte-exact.
 */
import { createHash } from 'node:crypto';
import { OverlapError } from './errors.js';
import type { Edit } from './types.js';

/**
 * Sort by start, then end. Insertions at one point keep the order they were made in (the sort is stable), which is
 * also the order a plan lists them in: it never depends on the rules' ids, so naming a rule differently cannot
 * change a file's text.
 */
export function sortEdits(edits: readonly Edit[]): Edit[] {
  return [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
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
  // Duplicates share a span, so only the edits since the last change of span need comparing.
  let from = 0;
  return sorted.filter((e, i) => {
    if (i > 0 && (e.start !== sorted[i - 1]!.start || e.end !== sorted[i - 1]!.end)) from = i;
    for (let j = from; j < i; j++) {
      const d = sorted[j]!;
      if (d.text === e.text && d.rule === e.rule) return false;
    }
    return true;
  });
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

/** Sorted, without exact duplicates, checked for overlap: the form {@link applyEdits} splices. */
export function normalizeEdits(edits: readonly Edit[]): Edit[] {
  const sorted = dedupe(sortEdits(edits));
  assertNoOverlap(sorted);
  return sorted;
}

/** Where each edit of a normalized list lands in the text it produces: `[outStart, outEnd)`. */
function outputSpans(edits: readonly Edit[]): { edit: Edit; outStart: number; outEnd: number; delta: number }[] {
  let delta = 0;
  return edits.map((edit) => {
    const outStart = edit.start + delta;
    delta += edit.text.length - (edit.end - edit.start);
    return { edit, outStart, outEnd: outStart + edit.text.length, delta };
  });
}

/**
 * Map an offset of the text that `edits` (normalized, against some base text) produce back to the base text. An
 * offset inside an edit's replacement text maps to where that edit starts; any other offset moves by the length
 * changes of the edits before it.
 */
export function mapOffsetBack(edits: readonly Edit[], offset: number): number {
  let delta = 0;
  for (const { edit, outStart, outEnd, delta: after } of outputSpans(edits)) {
    if (offset < outStart) break;
    if (offset < outEnd) return edit.start;
    delta = after;
  }
  return offset - delta;
}

/**
 * Compose two rounds of edits into one: `first` (normalized) turns `base` into a text T, `second` turns T into U;
 * the result turns `base` into U, as edits against `base` — so a plan made of several passes of its rules still
 * holds edits against the bytes it was planned from. An edit of `second` that lies in text `first` did not touch
 * moves by the length changes before it; one that touches or overlaps text an edit of `first` wrote (or another
 * edit of its group) is merged with it into one edit, attributed to the second round's rule when that edit covers
 * what the first round wrote, else to the first round's. `id` makes the ids of new edits.
 */
export function composeEdits(base: string, first: readonly Edit[], second: readonly Edit[], id: (e: Omit<Edit, 'id'>) => string): Edit[] {
  const firstOut = outputSpans(first);
  const secondSorted = normalizeEdits(second);
  const middle = applyEdits(base, first);
  type Item = { s: number; e: number } & ({ kind: 'first'; span: (typeof firstOut)[number] } | { kind: 'second'; edit: Edit });
  const items: Item[] = [
    ...firstOut.map((span): Item => ({ kind: 'first', s: span.outStart, e: span.outEnd, span })),
    ...secondSorted.map((edit): Item => ({ kind: 'second', s: edit.start, e: edit.end, edit })),
  ].sort((a, b) => a.s - b.s || a.e - b.e || (a.kind === b.kind ? 0 : a.kind === 'first' ? -1 : 1));
  // Groups of items that touch or overlap in T: each group with a second-round edit becomes one edit.
  const groups: Item[][] = [];
  let end = -1;
  for (const item of items) {
    if (groups.length > 0 && item.s <= end) {
      groups[groups.length - 1]!.push(item);
      end = Math.max(end, item.e);
    } else {
      groups.push([item]);
      end = item.e;
    }
  }
  // The length change of the first round's edits before an offset of T that lies outside their output.
  const deltaBefore = (offset: number) => {
    let delta = 0;
    for (const span of firstOut) {
      if (span.outEnd > offset) break;
      delta = span.delta;
    }
    return delta;
  };
  const out: Edit[] = [];
  for (const group of groups) {
    const firsts = group.flatMap((i) => (i.kind === 'first' ? [i.span] : []));
    const seconds = group.flatMap((i) => (i.kind === 'second' ? [i.edit] : []));
    if (seconds.length === 0) {
      out.push(...firsts.map((f) => f.edit));
      continue;
    }
    if (firsts.length === 0 && seconds.length === 1) {
      const e = seconds[0]!;
      const delta = deltaBefore(e.start);
      const moved = { start: e.start - delta, end: e.end - delta, text: e.text, rule: e.rule };
      out.push({ ...moved, id: id(moved) });
      continue;
    }
    const gs = Math.min(...group.map((i) => i.s));
    const ge = Math.max(...group.map((i) => i.e));
    // Both ends lie outside the first round's output, or on its edges: map them through the edits before them.
    const startFirst = firsts.find((f) => f.outStart === gs);
    const endFirst = [...firsts].reverse().find((f) => f.outEnd === ge);
    const start = startFirst ? startFirst.edit.start : gs - deltaBefore(gs);
    const end = endFirst ? endFirst.edit.end : ge - deltaBefore(ge);
    const text = applyEdits(
      middle.slice(gs, ge),
      seconds.map((e) => ({ ...e, start: e.start - gs, end: e.end - gs })),
    );
    const covering = seconds.find((e) => firsts.every((f) => e.start <= f.outStart && e.end >= f.outEnd));
    const rule = firsts.length === 0 ? seconds[0]!.rule : (covering?.rule ?? firsts[0]!.edit.rule);
    const merged = { start, end, text, rule };
    out.push({ ...merged, id: id(merged) });
  }
  return sortEdits(out);
}
