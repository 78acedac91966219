/**
 * Turns a whole-file rewrite (what a jscodeshift transform returns) into the smallest set of edits that produces
 * it: a line diff (Myers, from the `diff` package) finds the changed runs of lines, and each run shrinks to the
 * characters that differ. So a plan shows, and apply writes, only what the transform changed: lines it did not
 * touch keep their bytes even where recast would reprint them the same, and two tools' edits to one file can be
 * checked for overlap.
 */
import { diffArrays } from 'diff';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Lines with their line breaks, so that joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Edits that turn `oldText` into `newText`; offsets are UTF-16 code units into `oldText`. */
export function minimalEdits(oldText: string, newText: string): TextEdit[] {
  if (oldText === newText) return [];
  const edits: TextEdit[] = [];
  let offset = 0;
  let pending: { start: number; end: number; text: string } | undefined;
  const flush = () => {
    if (!pending) return;
    const { start, end, text } = pending;
    const old = oldText.slice(start, end);
    // Shrink the run to the characters that differ.
    let head = 0;
    while (head < old.length && head < text.length && old[head] === text[head]) head++;
    let tail = 0;
    while (tail < old.length - head && tail < text.length - head && old[old.length - 1 - tail] === text[text.length - 1 - tail]) tail++;
    // Never split a surrogate pair.
    if (head > 0 && isHighSurrogate(old.charCodeAt(head - 1))) head--;
    if (tail > 0 && isLowSurrogate(old.charCodeAt(old.length - tail))) tail--;
    edits.push({ start: start + head, end: end - tail, text: text.slice(head, text.length - tail) });
    pending = undefined;
  };
  for (const part of diffArrays(splitLines(oldText), splitLines(newText))) {
    const joined = part.value.join('');
    if (!part.added && !part.removed) {
      flush();
      offset += joined.length;
    } else if (part.removed) {
      pending = pending ? { ...pending, end: offset + joined.length } : { start: offset, end: offset + joined.length, text: '' };
      offset += joined.length;
    } else {
      pending = pending ? { ...pending, text: pending.text + joined } : { start: offset, end: offset, text: joined };
    }
  }
  flush();
  return edits;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
