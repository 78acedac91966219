/**
 * Reading TypeScript / JavaScript object literals into the shape rule's language-neutral model (model.ts). A key is
 * an identifier, a string or a number; a shorthand `{ type }` is an entry whose value is a variable; spread entries,
 * computed keys and methods are entries the rule cannot read.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { readLiteral, type EntryValue, type ShapeEntry, type ShapeLiteral } from './model.js';


/** The content of a string literal, or of a template literal without substitutions. */
export function stringValue(node: SyntaxNode): string | undefined {
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

/** Wrappers that leave a literal's value as it is: `'x' as const`, `'x' satisfies T`, `('x')`. */
const WRAPPERS = new Set(['as_expression', 'satisfies_expression', 'parenthesized_expression', 'non_null_expression']);

function valueOf(node: SyntaxNode): EntryValue {
  let inner = node;
  while (WRAPPERS.has(inner.type) && inner.namedChildren[0]) inner = inner.namedChildren[0];
  const string = stringValue(inner);
  return { start: node.startIndex, end: node.endIndex, ...(string !== undefined ? { string } : { number: inner.type === 'number' }) };
}

const UNSUPPORTED: Record<string, string> = { spread_element: 'spread entry', method_definition: 'method' };

function entryOf(node: SyntaxNode): ShapeEntry {
  const comma = node.nextSibling?.type === ',' ? node.nextSibling : undefined;
  const base = { start: node.startIndex, end: node.endIndex, startRow: node.startPosition.row, lastRow: (comma ?? node).endPosition.row, ...(comma ? { commaEnd: comma.endIndex } : {}) };
  if (node.type === 'shorthand_property_identifier') {
    return { ...base, kind: 'shorthand', key: node.text, keySpan: { start: node.startIndex, end: node.endIndex }, value: { start: node.startIndex, end: node.endIndex } };
  }
  const key = node.childForFieldName('key');
  const value = node.childForFieldName('value');
  if (node.type !== 'pair' || !key || !value) return { ...base, kind: 'unsupported', what: UNSUPPORTED[node.type] ?? node.type.replace(/_/g, ' ') };
  if (key.type === 'property_identifier' || key.type === 'number') {
    return { ...base, kind: 'pair', key: key.text, keySpan: { start: key.startIndex, end: key.endIndex }, keyQuote: '', value: valueOf(value) };
  }
  if (key.type === 'string') {
    return { ...base, kind: 'pair', key: key.text.slice(1, -1), keySpan: { start: key.startIndex + 1, end: key.endIndex - 1 }, keyQuote: key.text[0]!, value: valueOf(value) };
  }
  return { ...base, kind: 'unsupported', what: 'computed key' };
}

/** Read an `object` node. */
export function readTsObject(node: SyntaxNode): ShapeLiteral {
  return readLiteral(node, 'template_string', entryOf);
}
