/**
 * Reading Python dict literals into the shape rule's language-neutral model (model.ts). A key is a plain string
 * literal (`"k"`, `'k'`, `u"k"`); `**kwargs` entries, f-string and non-literal keys are entries the rule cannot read.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { readLiteral, type EntryValue, type ShapeEntry, type ShapeLiteral } from './model.js';


/** The content span of a plain (not f-, not bytes) string literal, or undefined. */
export function stringContent(node: SyntaxNode): { start: number; end: number } | undefined {
  if (node.type !== 'string') return undefined;
  const open = node.firstChild;
  const close = node.lastChild;
  if (open?.type !== 'string_start' || close?.type !== 'string_end' || /[fFbB]/.test(open.text)) return undefined;
  if (node.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
  return { start: open.endIndex, end: close.startIndex };
}

function valueOf(node: SyntaxNode, text: string): EntryValue {
  const content = stringContent(node);
  if (content) return { start: node.startIndex, end: node.endIndex, string: text.slice(content.start, content.end) };
  return { start: node.startIndex, end: node.endIndex, number: node.type === 'integer' || node.type === 'float' };
}

function entryOf(node: SyntaxNode, text: string): ShapeEntry {
  const comma = node.nextSibling?.type === ',' ? node.nextSibling : undefined;
  const base = { start: node.startIndex, end: node.endIndex, startRow: node.startPosition.row, lastRow: (comma ?? node).endPosition.row, ...(comma ? { commaEnd: comma.endIndex } : {}) };
  if (node.type === 'dictionary_splat') return { ...base, kind: 'unsupported', what: '**kwargs entry' };
  const key = node.childForFieldName('key');
  const value = node.childForFieldName('value');
  const content = key ? stringContent(key) : undefined;
  if (node.type !== 'pair' || !content || !value) return { ...base, kind: 'unsupported', what: 'key that is not a plain string literal' };
  const keyQuote = key!.firstChild!.text.replace(/^[a-zA-Z]+/, '');
  return { ...base, kind: 'pair', key: text.slice(content.start, content.end), keySpan: content, keyQuote, value: valueOf(value, text) };
}

/** Read a `dictionary` node. */
export function readPythonDict(node: SyntaxNode, text: string): ShapeLiteral {
  return readLiteral(node, 'string', (c) => entryOf(c, text));
}
