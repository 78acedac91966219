/**
 * Editing comma-separated lists and whole statements in source text, for any language: take items out of a list
 * (with their separators, and the comment on their line when each item has its own line), append items following
 * the list's layout (one line, or one item per line with or without a trailing comma), and delete a statement with
 * its line. Import editors (Python, TypeScript) build on these, so both treat layout the same way.
 */

/** Where an item of a list stands in the text. */
export interface Span {
  startIndex: number;
  endIndex: number;
}

export type SpanEdit = (start: number, end: number, text: string) => void;

/** The language's line comment, e.g. `#` or `//` (as a regex source fragment). */
export interface CommentSyntax {
  line: string;
}

export const PYTHON_COMMENTS: CommentSyntax = { line: '#' };
export const JS_COMMENTS: CommentSyntax = { line: '//' };

/** 0-based line number of an offset. */
export function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The text from `offset` to the end of its line, without the line break. */
export function restOfLine(text: string, offset: number): string {
  const nl = text.indexOf('\n', offset);
  return text.slice(offset, nl === -1 ? text.length : nl);
}

/** The offset where the line of `offset` ends, before `\r\n` or `\n`. */
export function endOfLineContent(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** The whitespace that starts the line of `offset`. */
export function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1))![0];
}

/** The indentation of the line a node starts on, or undefined when other code precedes it on that line. */
export function leadingIndent(text: string, node: Span): string | undefined {
  const before = text.slice(text.lastIndexOf('\n', node.startIndex - 1) + 1, node.startIndex);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** Take some items out of a list, keeping the others, the separators that remain, and the closing bracket. */
export function removeListItems(text: string, all: readonly Span[], removed: ReadonlySet<Span>, edit: SpanEdit, comments: CommentSyntax): void {
  const lastKept = all.map((n) => !removed.has(n)).lastIndexOf(true);
  // A removed item before the last kept one goes with everything up to the next item (its comma and comment).
  all.forEach((item, i) => {
    if (removed.has(item) && i < lastKept) edit(item.startIndex, all[i + 1]!.startIndex, '');
  });
  if (lastKept === all.length - 1) return;
  const keptEnd = all[lastKept]!.endIndex;
  const lastEnd = all[all.length - 1]!.endIndex;
  const tailOwnsItsLines = new RegExp(`^[ \\t]*,?[ \\t]*(${comments.line}.*)?\\r?$`).test(restOfLine(text, lastEnd));
  if (tailOwnsItsLines && lineOf(text, all[lastKept + 1]!.startIndex) > lineOf(text, keptEnd)) {
    // One item per line: remove the tail's whole lines (with their comments); the kept line stays as it was.
    edit(endOfLineContent(text, keptEnd), endOfLineContent(text, lastEnd), '');
  } else {
    // On one line: remove from the end of the last kept item, so a trailing comma or bracket stays.
    edit(keptEnd, lastEnd, '');
  }
}

/** An item to append: its text, and optionally a comment (marker included, `# note`) to write after it on its line. */
export type ListItem = string | { text: string; comment?: string };

/**
 * Append items after the last item of a list, following its layout: `, a, b` on one line; on a list with one item
 * per line (the last item on another line than `open`, where the list opens), one new line per item at the items'
 * indentation, with commas as the list has them (trailing or not), after any comment on the last item's line.
 * When the list closes on the last item's line (`b)`), the new lines go before the bracket; an item's comment then
 * moves the bracket to a line of its own, at the indentation of the line the list opens on.
 */
export function appendListItems(text: string, open: number, last: Span, items: readonly ListItem[], eol: string, edit: SpanEdit, comments: CommentSyntax): void {
  if (items.length === 0) return;
  const parts = items.map((i) => (typeof i === 'string' ? { text: i, comment: undefined } : i));
  if (lineOf(text, last.startIndex) === lineOf(text, open)) {
    edit(last.endIndex, last.endIndex, parts.map((i) => `, ${i.text}`).join(''));
    return;
  }
  const trailingComma = /^\s*,/.test(text.slice(last.endIndex));
  const commaAt = trailingComma ? last.endIndex + text.slice(last.endIndex).indexOf(',') : last.endIndex;
  const ownsLine = new RegExp(`^[ \\t]*,?[ \\t]*(${comments.line}.*)?\\r?$`).test(restOfLine(text, last.endIndex));
  const at = ownsLine ? endOfLineContent(text, commaAt) : commaAt + (trailingComma ? 1 : 0);
  const indent = indentAt(text, last.startIndex);
  let added = parts
    .map((item, i) => `${eol}${indent}${item.text}${trailingComma || i < parts.length - 1 ? ',' : ''}${item.comment ? `  ${item.comment}` : ''}`)
    .join('');
  // A comment would swallow what follows it on the line (the closing bracket): that goes to a line of its own.
  if (!ownsLine && parts[parts.length - 1]!.comment) added += `${eol}${indentAt(text, open)}`;
  if (trailingComma) {
    edit(at, at, added);
  } else if (at === last.endIndex) {
    // The missing comma and the new lines go at the same offset: one insertion, so their order cannot depend on
    // how the planner sorts two edits that start at the same place.
    edit(at, at, `,${added}`);
  } else {
    edit(last.endIndex, last.endIndex, ',');
    edit(at, at, added);
  }
}

/**
 * Delete a whole statement: its lines when it stands alone on them (a comment after it on its line goes too);
 * when it shares its line, the statement with one `separator` next to it (or, when the statement ends with its own
 * separator, with the blanks that follow it).
 */
export function deleteStatement(text: string, node: Span, edit: SpanEdit, comments: CommentSyntax, separator = ';'): void {
  const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  const before = text.slice(lineStart, node.startIndex);
  const after = restOfLine(text, node.endIndex);
  if (/^[ \t]*$/.test(before) && new RegExp(`^[ \\t]*(${comments.line}.*)?\\r?$`).test(after)) {
    let end = node.endIndex + after.length;
    if (text[end] === '\n') end++;
    edit(lineStart, end, '');
    return;
  }
  const sep = separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const following = new RegExp(`^[ \\t]*${sep}[ \\t]*`).exec(after);
  if (following) {
    edit(node.startIndex, node.endIndex + following[0].length, '');
    return;
  }
  const ownSeparator = text.slice(node.startIndex, node.endIndex).endsWith(separator);
  if (ownSeparator && !/^[ \t]*\r?$/.test(after)) {
    edit(node.startIndex, node.endIndex + /^[ \t]*/.exec(after)![0].length, '');
    return;
  }
  const preceding = new RegExp(ownSeparator ? '[ \\t]*$' : `[ \\t]*${sep}[ \\t]*$`).exec(before);
  edit(preceding ? node.startIndex - preceding[0].length : node.startIndex, node.endIndex, '');
}
