/**
 * The shape rule in Python: dict literals (`{"type": "agent_started", ...}`) read into the language-neutral model
 * (model.ts). A key is a plain string literal (`"k"`, `'k'`, `u"k"`); `**kwargs` entries, f-string and non-literal
 * keys make a literal unreadable, and it is reported rather than guessed.
 */
import type Parser from 'tree-sitter';
import type { Transform } from '../../core/types.js';
import type { CompiledShape } from './compiled.js';
import type { EntryValue, ShapeEntry, ShapeLiteral, ShapeSyntax } from './model.js';
import { reportOtherForms, runShapes, type LiteralCandidate, type OtherForm } from './run.js';

type SyntaxNode = Parser.SyntaxNode;

const IGNORE_MARKER = /#.*\bcanonize:\s*ignore\b/;

/** The content span of a plain (not f-, not bytes) string literal, or undefined. */
function stringContent(node: SyntaxNode): { start: number; end: number } | undefined {
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
  const children = node.namedChildren;
  const strings = node.descendantsOfType('string').filter((s) => s.startPosition.row !== s.endPosition.row);
  return {
    start: node.startIndex,
    end: node.endIndex,
    openRow: node.startPosition.row,
    closeRow: node.endPosition.row,
    openEnd: node.startIndex + 1,
    closeStart: node.endIndex - 1,
    entries: children.filter((c) => c.type !== 'comment').map((c) => entryOf(c, text)),
    hasComments: children.some((c) => c.type === 'comment'),
    multilineStrings: strings.map((s) => ({ start: s.startIndex, end: s.endIndex })),
  };
}

const PYTHON_SYNTAX: ShapeSyntax = {
  keyLike: (model, name) => `${model.keyQuote ?? '"'}${name}${model.keyQuote ?? '"'}`,
  renameShorthand: (_entry, text) => text,
  // The canonical timestamp is a float in Python: `1696154400.0`, never an int.
  number: (seconds) => (seconds.includes('.') ? seconds : `${seconds}.0`),
  indent: '    ',
};

/** Whether the line `at` is on carries `# canonize: ignore`. */
function suppressedAt(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  return IGNORE_MARKER.test(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd));
}

/** The plain string content of `node`, or undefined. */
function plainString(node: SyntaxNode | null, text: string): string | undefined {
  const content = node ? stringContent(node) : undefined;
  return content ? text.slice(content.start, content.end) : undefined;
}

/** Events built without one literal: `evt["type"] = "agent_started"`, `dict(type="agent_started", ...)`. */
function* otherForms(root: SyntaxNode, text: string): Generator<OtherForm> {
  for (const node of root.descendantsOfType(['assignment', 'call'])) {
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const key = left?.type === 'subscript' ? plainString(left.childForFieldName('subscript'), text) : undefined;
      const value = plainString(node.childForFieldName('right'), text);
      if (key !== undefined && value !== undefined) yield { at: node.startIndex, key, value, how: 'built step by step', suppressed: suppressedAt(text, node.startIndex) };
    } else if (node.childForFieldName('function')?.text === 'dict') {
      for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg.type !== 'keyword_argument') continue;
        const value = plainString(arg.childForFieldName('value'), text);
        const key = arg.childForFieldName('name')?.text;
        if (key !== undefined && value !== undefined) yield { at: node.startIndex, key, value, how: 'built by dict(...)', suppressed: suppressedAt(text, node.startIndex) };
      }
    }
  }
}

/** The shape rule over Python files. */
export function createPythonShapeTransform(shapes: readonly CompiledShape[]): Transform {
  return {
    id: 'python-shape',
    languages: ['python'],
    needles: [...new Set(shapes.flatMap((s) => s.needles))],
    run(ctx) {
      const text = ctx.file.text;
      const candidates = function* (): Generator<LiteralCandidate> {
        for (const node of ctx.tree.rootNode.descendantsOfType('dictionary')) {
          yield { start: node.startIndex, end: node.endIndex, suppressed: suppressedAt(text, node.startIndex), read: () => readPythonDict(node, text) };
        }
      };
      runShapes(ctx, shapes, candidates(), PYTHON_SYNTAX);
      reportOtherForms(ctx, shapes, otherForms(ctx.tree.rootNode, text));
    },
  };
}
