/**
 * The edits that turn a literal's entries into the canonical shape, byte-minimally: renamed keys keep their quotes,
 * converted values replace only the value, and entries that move under the `nest` key are carried whole (their
 * comments too) into a nested literal written in the literal's own layout: on one line for a one-line literal, one
 * entry per line and one indentation step deeper for a multi-line one. Other layouts are refused, with the reason.
 */
import type { ShapeEntry, ShapeLiteral, ShapeSyntax, Span } from './model.js';

/** What one entry becomes. */
export interface EntryPlan {
  entry: ShapeEntry;
  role: 'rename' | 'top' | 'nest';
  /** Its canonical key, when renamed. */
  rename: string | undefined;
  /** Its value's replacement text (a converted time), when it changes. */
  value: string | undefined;
}

type TextEdit = Span & { text: string };

/** The small edits inside one entry: its key renamed, its value replaced. */
function entryEdits(p: EntryPlan, text: string, syntax: ShapeSyntax): TextEdit[] {
  const e = p.entry;
  if (e.kind === 'shorthand') {
    if (p.rename === undefined && p.value === undefined) return [];
    const name = p.rename ?? e.key!;
    return [{ start: e.start, end: e.end, text: syntax.renameShorthand(e, p.value ?? text.slice(e.start, e.end), name) }];
  }
  const edits: TextEdit[] = [];
  if (p.rename !== undefined && p.rename !== e.key && e.keySpan) edits.push({ ...e.keySpan, text: p.rename });
  if (p.value !== undefined && e.value) edits.push({ start: e.value.start, end: e.value.end, text: p.value });
  return edits;
}

/** `text[start, end)` with `edits` (inside it, sorted) applied. */
function spliced(text: string, start: number, end: number, edits: readonly TextEdit[]): string {
  let out = '';
  let at = start;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at, end);
}

/** The edits for `plans` (one per entry of `literal`, in order), or why its layout is not one the rule writes. */
export function layoutEdits(literal: ShapeLiteral, plans: readonly EntryPlan[], nest: string | undefined, text: string, syntax: ShapeSyntax, eol: string): { edits: TextEdit[] } | { why: string } {
  const small = plans.map((p) => entryEdits(p, text, syntax));
  const firstNest = plans.findIndex((p) => p.role === 'nest');
  if (firstNest === -1 || nest === undefined) return { edits: small.flat() };
  const before = small.slice(0, firstNest).flat();
  const model = plans.find((p) => p.entry.kind === 'pair')?.entry ?? plans[0]!.entry;
  const key = syntax.keyLike(model, nest);
  const region = literal.openRow === literal.closeRow ? oneLine(literal, plans, small, firstNest, key, text) : multiLine(literal, plans, small, firstNest, key, text, syntax, eol);
  if ('why' in region) return region;
  return { edits: [...before, region] };
}

/** A one-line literal: the entries from the first that moves are written again, the nested literal last. */
function oneLine(literal: ShapeLiteral, plans: readonly EntryPlan[], small: readonly TextEdit[][], firstNest: number, key: string, text: string): TextEdit | { why: string } {
  if (literal.hasComments) return { why: 'a comment inside a one-line literal would have to move: rewrite it by hand' };
  const entries = literal.entries;
  const last = entries[entries.length - 1]!;
  const sep = entries.length > 1 && entries[0]!.commaEnd !== undefined ? `,${text.slice(entries[0]!.commaEnd, entries[1]!.start)}` : ', ';
  const pad = text.slice(literal.openEnd, entries[0]!.start);
  const rest = plans.slice(firstNest);
  const tops = rest.flatMap((p, i) => (p.role === 'nest' ? [] : [spliced(text, p.entry.start, p.entry.end, small[firstNest + i]!)]));
  const nested = rest.filter((p) => p.role === 'nest').map((p) => text.slice(p.entry.start, p.entry.end));
  const block = `${key}: {${pad}${nested.join(sep)}${pad}}`;
  const trailing = last.commaEnd !== undefined ? ',' : '';
  return { start: entries[firstNest]!.start, end: last.commaEnd ?? last.end, text: [...tops, block].join(sep) + trailing };
}

/** The leading whitespace of the line `at` is on. */
function lineIndent(text: string, at: number): string {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, at))![0];
}

/**
 * A literal with one entry per line (its braces on lines of their own): each entry is a unit of whole lines (the
 * comment lines above it, the comment after it), moved whole; the nested literal goes after the last entry.
 */
function multiLine(literal: ShapeLiteral, plans: readonly EntryPlan[], small: readonly TextEdit[][], firstNest: number, key: string, text: string, syntax: ShapeSyntax, eol: string): TextEdit | { why: string } {
  const entries = literal.entries;
  const last = entries[entries.length - 1]!;
  const ownLines = entries[0]!.startRow > literal.openRow && literal.closeRow > last.lastRow && entries.every((e, i) => i === 0 || e.startRow > entries[i - 1]!.lastRow);
  if (!ownLines) return { why: 'its entries share lines with each other or with its braces (a layout canonize does not re-flow): rewrite it by hand' };
  // Units partition the lines from the one after `{` to the end of the last entry's line.
  const ends = entries.map((e) => {
    const nl = text.indexOf('\n', e.commaEnd ?? e.end);
    return nl === -1 ? text.length : nl + 1;
  });
  const starts = entries.map((_, i) => (i === 0 ? text.indexOf('\n', literal.openEnd) + 1 : ends[i - 1]!));
  const indent = lineIndent(text, entries[0]!.start);
  const outer = lineIndent(text, literal.start);
  const step = indent.startsWith(outer) && indent.length > outer.length ? indent.slice(outer.length) : syntax.indent;
  const comma = (i: number): TextEdit[] => (i === entries.length - 1 && last.commaEnd === undefined ? [{ start: last.end, end: last.end, text: ',' }] : []);
  let out = '';
  let nested = '';
  for (let i = firstNest; i < entries.length; i++) {
    if (plans[i]!.role === 'nest') nested += reindent(text, starts[i]!, ends[i]!, step, literal.multilineStrings);
    else out += spliced(text, starts[i]!, ends[i]!, [...small[i]!, ...comma(i)]);
  }
  out += `${indent}${key}: {${eol}${nested}${indent}}${last.commaEnd !== undefined ? ',' : ''}${eol}`;
  return { start: starts[firstNest]!, end: ends[entries.length - 1]!, text: out };
}

/** The lines of `text[start, end)` one `step` deeper, except blank lines and lines that start inside a string. */
function reindent(text: string, start: number, end: number, step: string, strings: readonly Span[]): string {
  let out = '';
  let at = start;
  while (at < end) {
    const nl = text.indexOf('\n', at);
    const lineEnd = nl === -1 || nl >= end ? end : nl + 1;
    const line = text.slice(at, lineEnd);
    const inString = strings.some((s) => s.start < at && at < s.end);
    out += line.trim() === '' || inString ? line : step + line;
    at = lineEnd;
  }
  return out;
}
