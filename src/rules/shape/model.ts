/**
 * The language-neutral view of one dict / object literal the shape rule works on: its entries (keys, values,
 * commas, rows) and how the language writes a key. Python (python.ts) and TypeScript (typescript.ts) build it from
 * their trees; rewrite.ts and layout.ts plan its edits without knowing the language.
 */

import type { SyntaxNode } from '../../core/syntax.js';

/** A span of the decoded text (UTF-16 offsets). */
export interface Span {
  start: number;
  end: number;
}

/** A value of an entry: its span, and what it is when it is a literal. */
export interface EntryValue extends Span {
  /** The content of a plain string literal (no interpolation), as written between its quotes. */
  string?: string;
  /** A numeric literal. */
  number?: boolean;
}

/** One entry of the literal. */
export interface ShapeEntry extends Span {
  /**
   * `pair` (`"key": value`), `shorthand` (TS `{ key }`), or `unsupported`: a spread / `**kwargs` entry, a computed
   * or non-literal key, a method: the literal cannot be rewritten without guessing.
   */
  kind: 'pair' | 'shorthand' | 'unsupported';
  /** For `unsupported`: what it is (`**kwargs entry`, `computed key`…), for the finding. */
  what?: string;
  /** The key's name (pairs and shorthands). */
  key?: string;
  /** The span of the key's name: the text a rename replaces (inside the quotes of a string key). */
  keySpan?: Span;
  /** The quote the key is written with (`"`, `'`), or `''` for a bare TS key. */
  keyQuote?: string;
  value?: EntryValue;
  /** The end of the comma that follows the entry, if one does. */
  commaEnd?: number;
  /** The row the entry starts on, and the row it ends on (its comma's, when it has one). */
  startRow: number;
  lastRow: number;
}

/** One literal, as the shape rule sees it. */
export interface ShapeLiteral extends Span {
  /** Rows of the opening and closing braces. */
  openRow: number;
  closeRow: number;
  /** Just after `{`. */
  openEnd: number;
  entries: ShapeEntry[];
  /** Whether a comment sits inside the literal (between its entries or in them). */
  hasComments: boolean;
  /** Spans of string literals spanning lines inside the literal: their lines are never re-indented. */
  multilineStrings: Span[];
}

/**
 * Read a literal node the same way in both languages: its entries (`entry` reads one, comments left out) and the
 * string literals of `stringType` that span lines in it.
 */
export function readLiteral(node: SyntaxNode, stringType: string, entry: (child: SyntaxNode) => ShapeEntry): ShapeLiteral {
  const children = node.namedChildren;
  const strings = node.descendantsOfType(stringType).filter((s) => s.startPosition.row !== s.endPosition.row);
  return {
    start: node.startIndex,
    end: node.endIndex,
    openRow: node.startPosition.row,
    closeRow: node.endPosition.row,
    openEnd: node.startIndex + 1,
    entries: children.filter((c) => c.type !== 'comment').map(entry),
    hasComments: children.some((c) => c.type === 'comment'),
    multilineStrings: strings.map((s) => ({ start: s.startIndex, end: s.endIndex })),
  };
}

/** How a language writes what the shape rule adds. */
export interface ShapeSyntax {
  /** The key `name` written like `model` (same quotes; bare for an identifier key in TS). */
  keyLike(model: ShapeEntry, name: string): string;
  /** A renamed entry's text when it cannot keep its form (a TS shorthand `{ type }` becomes `event_type: type`). */
  renameShorthand(entry: ShapeEntry, text: string, name: string): string;
  /** Epoch seconds as this language writes the canonical number (Python: a float). */
  number(seconds: string): string;
  /** The indentation step when the file gives none. */
  indent: string;
  /**
   * Whether `name` is bound where the literal at `at` is (a `convert` template's leading name must be: canonize does
   * not know where it comes from, so it adds no import). Absent: not checked.
   */
  bound?(name: string, at: number): boolean;
}
