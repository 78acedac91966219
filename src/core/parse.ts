/**
 * tree-sitter behind one small surface: one parser per grammar (per thread), and how broken a tree is — which is how
 * canonize decides that a file does not parse (skip it) or that an output is worse than its input (do not write it).
 * Which grammar reads which file is the languages' business (src/languages/).
 */
import Parser from 'tree-sitter';

/** A tree-sitter grammar, as a language package exports it. */
export type Grammar = unknown;

const parsers = new Map<Grammar, Parser>();

/** Parse `text` with `grammar`. */
export function parseWith(grammar: Grammar, text: string): Parser.Tree {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(grammar as Parser.Language);
    parsers.set(grammar, parser);
  }
  // The bindings copy input in chunks of bufferSize; a buffer as large as the text avoids many small copies.
  return parser.parse(text, null, { bufferSize: Math.max(32 * 1024, text.length + 1) });
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
export function syntaxProblems(tree: Parser.Tree, limit = Infinity): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  if (!tree.rootNode.hasError) return out;
  const cursor = tree.walk();
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
      if (out.length >= limit) return out;
      descend = false;
    }
    if (descend && node.hasError && cursor.gotoFirstChild()) continue;
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) return out;
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
