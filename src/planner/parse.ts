/**
 * The parser adapter: the one place that knows about tree-sitter's node bindings. It maps a language to a grammar,
 * keeps one parser per grammar (per thread), and measures how broken a tree is, which is how canonize decides that
 * a file does not parse (skip it) or that an output is worse than its input (do not write it).
 */
import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import TypeScript from 'tree-sitter-typescript';
import type { Language } from '../types.js';

const grammars: Record<Language, unknown> = {
  python: Python,
  typescript: TypeScript.typescript,
  tsx: TypeScript.tsx,
};

const parsers = new Map<Language, Parser>();

function parserFor(language: Language): Parser {
  let parser = parsers.get(language);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(grammars[language] as Parser.Language);
    parsers.set(language, parser);
  }
  return parser;
}

/** Parse `text` with the grammar of `language`. */
export function parseSource(text: string, language: Language): Parser.Tree {
  // The bindings copy input in chunks of bufferSize; a buffer as large as the text avoids many small copies.
  return parserFor(language).parse(text, null, { bufferSize: Math.max(32 * 1024, text.length + 1) });
}

/** A syntax error in a tree: where it starts (1-based line and column) and whether the parser invented a token. */
export interface SyntaxProblem {
  line: number;
  column: number;
  kind: 'error' | 'missing';
  /** For `missing`: the token the parser had to assume. */
  token?: string;
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
