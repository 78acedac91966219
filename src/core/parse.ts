/**
 * tree-sitter behind one small surface: one parser per grammar (per thread), and how broken a tree is — which is how
 * canonize decides that a file does not parse (skip it) or that an output is worse than its input (do not write it).
 * Which grammar reads which file is the languages' business (src/languages/).
 */
import type { Parser, Tree } from 'web-tree-sitter';
import type { Point, SyntaxTree, TreeCursor } from './syntax.js';
import { liveTrees, newParser, owned, release, type GrammarFile } from './tree-sitter.js';

export { grammarFile } from './tree-sitter.js';

/** A tree-sitter grammar of grammars/ (`grammarFile`), compiled by src/core/tree-sitter.ts on first use. */
export type Grammar = GrammarFile;

const parsers = new Map<Grammar, Parser>();

function parserFor(grammar: Grammar | undefined): Parser {
  if (!grammar) throw new Error('no tree-sitter grammar for this language');
  let parser = parsers.get(grammar);
  if (!parser) parsers.set(grammar, (parser = newParser(grammar)));
  return parser;
}

/**
 * Parse `text` with `grammar`. The caller frees the tree with {@link freeTree} when done (or parses through
 * {@link withTree}): until then it holds WebAssembly memory the garbage collector does not see.
 */
export function parseWith(grammar: Grammar | undefined, text: string): SyntaxTree {
  return owned(parserFor(grammar).parse(text)) as unknown as SyntaxTree;
}

/**
 * Free a tree's WebAssembly memory now (src/core/tree-sitter.ts). Its nodes and cursors must not be read afterwards:
 * copy out as plain data what outlives it. Freeing a tree twice does nothing.
 */
export function freeTree(tree: SyntaxTree): void {
  release(tree as unknown as Tree);
}

/** `fn` of the tree of `text`, which is freed when `fn` returns or throws: nothing of the tree may escape `fn`. */
export function withTree<T>(grammar: Grammar | undefined, text: string, fn: (tree: SyntaxTree) => T): T {
  const tree = parseWith(grammar, text);
  try {
    return fn(tree);
  } finally {
    freeTree(tree);
  }
}

/** How many trees this thread has parsed and not freed yet. */
export function liveTreeCount(): number {
  return liveTrees();
}

/** A span `[start, end)` of a text replaced by `text`: UTF-16 offsets, as src/core/edits.ts splices them. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/**
 * Parse `newText`, which `changes` (sorted by start, not overlapping: what `normalizeEdits` returns) made from
 * `oldText`, reusing `tree`, the tree of `oldText`: tree-sitter re-reads only the text around the changes, and
 * gives the tree a full parse of `newText` gives (test/reparse.test.ts checks it on every fixture's output). `tree`
 * itself is left as it is, and the caller frees both.
 *
 * The changes are applied to a copy of `tree` (`Tree.copy` is shallow: the nodes are shared, reference-counted),
 * which is what keeps `tree` as it was for the caller's nodes.
 *
 * The runtime hands tree-sitter the text as UTF-16 and counts a Point's column in UTF-16 code units since the last
 * `\n` (a `\r` is just a character, a character outside the BMP is two): the same units as the offsets.
 */
export function reparseWith(grammar: Grammar | undefined, tree: SyntaxTree, oldText: string, changes: readonly TextChange[], newText: string): SyntaxTree {
  const parser = parserFor(grammar);
  const fresh = owned((tree as unknown as Tree).copy());
  try {
    editTree(fresh as unknown as SyntaxTree, oldText, changes);
    return owned(parser.parse(newText, fresh)) as unknown as SyntaxTree;
  } finally {
    // The new tree holds its own references to the subtrees it reused: the edited copy is no longer needed.
    release(fresh);
  }
}

/**
 * Tell `tree`, the tree of `oldText`, about `changes` (sorted, not overlapping): its nodes move to where they are in
 * the changed text, in offsets and in Points (row, column in UTF-16 code units), and the ones the changes touch are
 * marked for tree-sitter to re-read.
 */
export function editTree(tree: SyntaxTree, oldText: string, changes: readonly TextChange[]): void {
  const points = pointsAt(oldText, changes.flatMap((c) => [c.start, c.end]));
  // Last to first: the offsets and points of a change are still those of the old text when it is applied.
  for (let i = changes.length - 1; i >= 0; i--) {
    const { start, end, text } = changes[i]!;
    const startPosition = points[2 * i]!;
    (tree as unknown as Tree).edit({
      startIndex: start,
      oldEndIndex: end,
      newEndIndex: start + text.length,
      startPosition,
      oldEndPosition: points[2 * i + 1]!,
      newEndPosition: pointAfter(startPosition, text),
    });
  }
}

/** The Points (row, column in UTF-16 code units) of ascending offsets of a text, in one scan. */
function pointsAt(text: string, offsets: readonly number[]): Point[] {
  const out: Point[] = [];
  let row = 0;
  let lineStart = 0;
  let next = text.indexOf('\n');
  for (const offset of offsets) {
    while (next !== -1 && next < offset) {
      row++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    out.push({ row, column: offset - lineStart });
  }
  return out;
}

/** Where `inserted`, written at `at`, ends. */
function pointAfter(at: Point, inserted: string): Point {
  const last = inserted.lastIndexOf('\n');
  if (last === -1) return { row: at.row, column: at.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: at.row + rows, column: inserted.length - last - 1 };
}

/** A syntax error in a tree: where it starts (1-based line and column) and whether the parser invented a token. */
export interface SyntaxProblem {
  line: number;
  column: number;
  kind: 'error' | 'missing';
  /** For `missing`: the token the parser had to assume. */
  token?: string;
  /** The span of the ERROR node (empty for `missing`), in UTF-16 code units of the parsed text. */
  start: number;
  end: number;
}

/** Every ERROR and MISSING node of a tree, in document order (nested errors inside an ERROR are not repeated). */
export function syntaxProblems(tree: SyntaxTree, limit = Infinity): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  if (!tree.rootNode.hasError) return out;
  const cursor = tree.walk();
  try {
    collectProblems(cursor, out, limit);
  } finally {
    cursor.delete();
  }
  return out;
}

function collectProblems(cursor: TreeCursor, out: SyntaxProblem[], limit: number): void {
  let descend = true;
  for (;;) {
    const node = cursor.currentNode;
    if (descend && (node.isError || node.isMissing)) {
      out.push({
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        kind: node.isMissing ? 'missing' : 'error',
        ...(node.isMissing ? { token: node.type } : {}),
        start: node.startIndex,
        end: node.isMissing ? node.startIndex : node.endIndex,
      });
      if (out.length >= limit) return;
      descend = false;
    }
    if (descend && node.hasError && cursor.gotoFirstChild()) continue;
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) return;
    descend = false;
  }
}

/** A short human description of a syntax problem. */
export function describeProblem(p: SyntaxProblem): string {
  return p.kind === 'missing' ? `missing "${p.token}" at ${p.line}:${p.column}` : `syntax error at ${p.line}:${p.column}`;
}

/**
 * What a second parser reads where tree-sitter could not, when it is something no rule looks at:
 * - `jsx-text`: one JSX text node holds the whole span. Text holds no code: no import, call, string or name.
 * - `variance`: the span's only tokens are `in` / `out` variance modifiers of type parameters (`interface A<out T>`),
 *   and tree-sitter read the parameter's name itself. (Where it read `out` as the name and put `T` in its ERROR, the
 *   span holds a name, and does not qualify.)
 * Undefined for anything else, code whose names or structure the rules would misread.
 */
export type UnreadableKind = 'jsx-text' | 'variance';

/** A part of a text tree-sitter could not read, and what the compiler reads there. */
export interface UnreadablePart extends SyntaxProblem {
  what: UnreadableKind;
}

/**
 * Whether a file tree-sitter cannot read is still planned, and why:
 * - `tolerated`: the TypeScript compiler parses the file, and every part tree-sitter could not read is something no
 *   rule looks at ({@link UnreadableKind}: JSX text, variance modifiers), so the rules' reading of the rest of the
 *   tree is right. The planner still refuses edits inside those parts and checks that the output has exactly the
 *   same ones (src/planner/plan-source.ts).
 * - otherwise the file stays unparseable, and `reason` says whether the compiler agreed.
 */
export type GrammarVerdict = { tolerated: true; parts: UnreadablePart[] } | { tolerated: false; reason: string };
