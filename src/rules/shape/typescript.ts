/**
 * The shape rule in TypeScript / JavaScript: object literals (`{ type: 'agent_started', ... }`) read into the
 * language-neutral model (model.ts). A key is an identifier, a string or a number; a shorthand `{ type }` is an entry
 * whose value is a variable. Spread entries, computed keys and methods make a literal unreadable: it is reported.
 */
import type Parser from 'tree-sitter';
import type { Transform } from '../../core/types.js';
import type { CompiledShape } from './compiled.js';
import type { EntryValue, ShapeEntry, ShapeLiteral, ShapeSyntax } from './model.js';
import { reportOtherForms, runShapes, type LiteralCandidate, type OtherForm } from './run.js';

type SyntaxNode = Parser.SyntaxNode;

const IGNORE_MARKER = /(\/\/|\/\*).*\bcanonize:\s*ignore\b/;

/** The content of a string literal, or of a template literal without substitutions. */
function stringValue(node: SyntaxNode): string | undefined {
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
  const children = node.namedChildren;
  const strings = node.descendantsOfType('template_string').filter((s) => s.startPosition.row !== s.endPosition.row);
  return {
    start: node.startIndex,
    end: node.endIndex,
    openRow: node.startPosition.row,
    closeRow: node.endPosition.row,
    openEnd: node.startIndex + 1,
    closeStart: node.endIndex - 1,
    entries: children.filter((c) => c.type !== 'comment').map(entryOf),
    hasComments: children.some((c) => c.type === 'comment'),
    multilineStrings: strings.map((s) => ({ start: s.startIndex, end: s.endIndex })),
  };
}

const TS_SYNTAX: ShapeSyntax = {
  keyLike: (model, name) => `${model.keyQuote ?? ''}${name}${model.keyQuote ?? ''}`,
  renameShorthand: (_entry, value, name) => `${name}: ${value}`,
  number: (seconds) => seconds,
  indent: '  ',
};

/** Whether the line `at` is on carries `// canonize: ignore`. */
function suppressedAt(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  return IGNORE_MARKER.test(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd));
}

/** Events built step by step: `evt.type = 'agent_started'`, `evt['type'] = 'agent_started'`. */
function* otherForms(root: SyntaxNode, text: string): Generator<OtherForm> {
  for (const node of root.descendantsOfType('assignment_expression')) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const value = right ? stringValue(right) : undefined;
    let key: string | undefined;
    if (left?.type === 'member_expression') key = left.childForFieldName('property')?.text;
    else if (left?.type === 'subscript_expression') {
      const index = left.childForFieldName('index');
      key = index ? stringValue(index) : undefined;
    }
    if (key !== undefined && value !== undefined) yield { at: node.startIndex, key, value, how: 'built step by step', suppressed: suppressedAt(text, node.startIndex) };
  }
}

/** The shape rule over TypeScript and JavaScript files. */
export function createTsShapeTransform(shapes: readonly CompiledShape[]): Transform {
  return {
    id: 'ts-shape',
    languages: ['typescript', 'tsx'],
    needles: [...new Set(shapes.flatMap((s) => s.needles))],
    run(ctx) {
      const text = ctx.file.text;
      const candidates = function* (): Generator<LiteralCandidate> {
        for (const node of ctx.tree.rootNode.descendantsOfType('object')) {
          yield { start: node.startIndex, end: node.endIndex, suppressed: suppressedAt(text, node.startIndex), read: () => readTsObject(node) };
        }
      };
      runShapes(ctx, shapes, candidates(), TS_SYNTAX);
      reportOtherForms(ctx, shapes, otherForms(ctx.tree.rootNode, text));
    },
  };
}
