/**
 * The parser adapter: the one place that knows about tree-sitter's node bindings. It maps a language to a grammar,
 * keeps one parser per grammar (per thread), and measures how broken a tree is, which is how canonize decides that
 * a file does not parse (skip it) or that an output is worse than its input (do not write it).
 *
 * A grammar is not the language: tree-sitter-typescript rejects some files `tsc` accepts (a bare `&` in JSX text,
 * `<span>Savings & ROI</span>`). Such a file gets a second opinion from the TypeScript compiler's own parser
 * ({@link grammarVerdict}), paid for only by the files tree-sitter rejects.
 */
import path from 'node:path';
import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import TypeScript from 'tree-sitter-typescript';
import type TS from 'typescript';
import { typescript } from '../core/typescript-compiler.js';
import type { Language } from '../core/types.js';

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

/** The compiler's script kind for a file: by its extension, else by the grammar canonize reads it with. */
function scriptKind(ts: typeof TS, filePath: string, language: Language): TS.ScriptKind {
  switch (path.extname(filePath)) {
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    default:
      return language === 'tsx' ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  }
}

/** What the TypeScript compiler's parser made of a text: its tree, and its first parse error if it has one. */
interface CompilerParse {
  ts: typeof TS;
  sourceFile: TS.SourceFile;
  /** The first syntax error the compiler reports, as `line:column message`. */
  error?: string;
}

function compilerParse(text: string, filePath: string, language: Language): CompilerParse {
  const ts = typescript();
  const sourceFile = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, false, scriptKind(ts, filePath, language));
  // `parseDiagnostics` is internal (not in the published types) but has been the parser's output since TS 1.x;
  // the public way, a Program's syntactic diagnostics, would build a program per file.
  const first = (sourceFile as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics?.[0];
  if (!first) return { ts, sourceFile };
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return { ts, sourceFile, error: `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}` };
}

/**
 * What the compiler reads where tree-sitter could not, when it is something no rule looks at:
 * - `jsx-text`: one JSX text node holds the whole span. Text holds no code: no import, call, string or name.
 * - `variance`: the span's only tokens are `in` / `out` variance modifiers of type parameters (`interface A<out T>`),
 *   and tree-sitter read the parameter's name itself. (Where it read `out` as the name and put `T` in its ERROR, the
 *   span holds a name, and does not qualify.)
 * Undefined for anything else, code whose names or structure the rules would misread.
 */
export type UnreadableKind = 'jsx-text' | 'variance';

function unreadableKind(ts: typeof TS, sourceFile: TS.SourceFile, start: number, end: number): UnreadableKind | undefined {
  let jsxText = false;
  const modifiers: [number, number][] = [];
  const visit = (node: TS.Node): void => {
    if (jsxText || node.pos > end || node.end < start) return;
    if (node.kind === ts.SyntaxKind.JsxText && node.pos <= start && end <= node.end) {
      jsxText = true;
      return;
    }
    if (ts.isTypeParameterDeclaration(node)) {
      for (const m of node.modifiers ?? []) {
        if (m.kind === ts.SyntaxKind.InKeyword || m.kind === ts.SyntaxKind.OutKeyword) modifiers.push([m.getStart(sourceFile), m.end]);
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  if (jsxText) return 'jsx-text';
  // Every character of the span that is not white space belongs to a variance modifier.
  const text = sourceFile.text;
  for (let i = start; i < end; i++) {
    if (/\s/.test(text[i]!)) continue;
    if (!modifiers.some(([a, b]) => a <= i && i < b)) return undefined;
  }
  return modifiers.length > 0 && end > start ? 'variance' : undefined;
}

/** A part of a text tree-sitter could not read, and what the compiler reads there. */
export interface UnreadablePart extends SyntaxProblem {
  what: UnreadableKind;
}

/**
 * Whether a file tree-sitter cannot read is still planned, and why:
 * - `tolerated`: the TypeScript compiler parses the file, and every part tree-sitter could not read is something no
 *   rule looks at ({@link UnreadableKind}: JSX text, variance modifiers), so the rules' reading of the rest of the
 *   tree is right. The planner still refuses edits inside those parts and checks that the output has exactly the
 *   same ones (src/planner/plan.ts).
 * - otherwise the file stays unparseable, and `reason` says whether the compiler agreed.
 */
export type GrammarVerdict = { tolerated: true; parts: UnreadablePart[] } | { tolerated: false; reason: string };

/**
 * The verdict on a TypeScript / JavaScript file whose tree has syntax errors (see {@link GrammarVerdict}). Python
 * files get none: there is no second parser to ask. Loads the compiler on first use.
 */
export function grammarVerdict(text: string, filePath: string, language: Language, tree: Parser.Tree): GrammarVerdict {
  const problems = syntaxProblems(tree);
  const first = describeProblem(problems[0]!);
  if (language === 'python') return { tolerated: false, reason: `does not parse: ${first}` };
  const parsed = compilerParse(text, filePath, language);
  if (parsed.error !== undefined) return { tolerated: false, reason: `does not parse: ${first} (the TypeScript compiler agrees: ${parsed.error})` };
  const parts: UnreadablePart[] = [];
  for (const p of problems) {
    const what = p.kind === 'missing' ? undefined : unreadableKind(parsed.ts, parsed.sourceFile, p.start, p.end);
    if (!what) {
      return {
        tolerated: false,
        reason:
          `does not parse: ${describeProblem(p)} (the TypeScript compiler parses the file, but tree-sitter's grammar ` +
          'cannot read code there, so the rules would misread the file; only unreadable JSX text and variance modifiers are tolerated)',
      };
    }
    parts.push({ ...p, what });
  }
  return { tolerated: true, parts };
}

/** The TypeScript compiler's first syntax error in a text (`line:column message`), or undefined when it parses. */
export function compilerSyntaxError(text: string, filePath: string, language: Language): string | undefined {
  return compilerParse(text, filePath, language).error;
}
