/**
 * Text surgery for shims: removing whole statements (with the comment lines directly above them and the blank lines
 * their removal leaves doubled), and removing items from a comma-separated list, so that a shim keeps every other
 * byte of the module as it was. Offsets are UTF-16, as tree-sitter's node bindings and the plan's edits use.
 */

/** A range of text to delete, or to replace with `text`. */
export interface Cut {
  start: number;
  end: number;
  text?: string;
}

/** Something with a span in the text (a tree-sitter node). */
export interface Span {
  startIndex: number;
  endIndex: number;
}

const lineStartOf = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
const isBlank = (line: string) => /^[ \t\f\r]*$/.test(line);

/**
 * Whether a statement is alone on its lines: only indentation before it and nothing but a comment after it
 * (`comment` is the language's line-comment opener).
 */
export function aloneOnItsLines(text: string, node: Span, comment: string): boolean {
  const before = text.slice(lineStartOf(text, node.startIndex), node.startIndex);
  const after = text.slice(node.endIndex, lineEndAfter(text, node.endIndex)).replace(/\r?\n$/, '');
  return /^[ \t]*$/.test(before) && (/^[ \t]*$/.test(after) || after.trimStart().startsWith(comment));
}

/**
 * The cut that removes a statement alone on its lines: its lines (with a trailing comment), the comment lines directly
 * above it (they describe it), and as many blank lines after it as precede it (so removing a definition between two
 * runs of blank lines leaves the longer run).
 */
export function cutStatementLines(text: string, node: Span, isCommentLine: (line: string) => boolean): Cut {
  let start = lineStartOf(text, node.startIndex);
  while (start > 0) {
    const prev = lineStartOf(text, start - 1);
    if (!isCommentLine(text.slice(prev, start))) break;
    start = prev;
  }
  let end = lineEndAfter(text, node.endIndex);
  // Blank lines before the cut, then as many after it are cut too: the neighbours keep the wider of the two gaps.
  let before = 0;
  for (let at = start; at > 0 && before < 100; before++) {
    const prev = lineStartOf(text, at - 1);
    if (!isBlank(text.slice(prev, at).replace(/\n$/, ''))) break;
    at = prev;
  }
  if (start === 0) before = Infinity;
  for (let n = 0; n < before && end < text.length; n++) {
    const next = lineEndAfter(text, end);
    if (!isBlank(text.slice(end, next).replace(/\n$/, ''))) break;
    end = next;
  }
  return { start, end };
}

/**
 * The cuts that remove some items of a comma-separated list (an import's names, an export clause's specifiers),
 * keeping the others and the list's own layout: an item is cut up to the next item; a run of items at the end is cut
 * from the end of the last kept item. At least one item must be kept.
 */
export function cutListItems(items: readonly Span[], remove: (item: Span) => boolean): Cut[] {
  const lastKept = items.reduce((last, item, i) => (remove(item) ? last : i), -1);
  if (lastKept === -1) throw new Error('cutListItems: every item removed');
  const cuts: Cut[] = [];
  for (let i = 0; i < lastKept; i++) if (remove(items[i]!)) cuts.push({ start: items[i]!.startIndex, end: items[i + 1]!.startIndex });
  if (lastKept < items.length - 1) cuts.push({ start: items[lastKept]!.endIndex, end: items[items.length - 1]!.endIndex });
  return cuts;
}

/** The text with the cuts removed or replaced (cuts must not overlap). */
export function applyCuts(text: string, cuts: readonly Cut[]): string {
  const sorted = [...cuts].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const cut of sorted) {
    if (cut.start < at) throw new Error(`applyCuts: overlapping cuts at ${cut.start}`);
    out += text.slice(at, cut.start) + (cut.text ?? '');
    at = cut.end;
  }
  return out + text.slice(at);
}

/** The text with a block appended after the last line, separated by `blankLines` empty lines. */
export function appendBlock(text: string, block: string, eol: string, blankLines: number): string {
  const trimmed = text.replace(/(?:[ \t]*\r?\n)*$/, '');
  if (trimmed === '') return block;
  return trimmed + eol.repeat(blankLines + 1) + block;
}
