/**
 * A second opinion on a TypeScript / JavaScript file tree-sitter rejects: the TypeScript compiler's own parser
 * (docs/engine.md, "Files tree-sitter cannot read"). A grammar is not the language: tree-sitter-typescript rejects
 * some files `tsc` accepts (a bare `&` in JSX text). Paid for only by the files tree-sitter rejects.
 */
import path from 'node:path';
import type { SyntaxTree } from '../../core/syntax.js';
import type TS from 'typescript';
import { describeProblem, syntaxProblems, type GrammarVerdict, type UnreadableKind, type UnreadablePart } from '../../core/parse.js';
import type { Language } from '../../core/types.js';
import { typescript } from '../../core/typescript-compiler.js';

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

/**
 * The verdict on a TypeScript / JavaScript file whose tree has syntax errors (see {@link GrammarVerdict}). Loads the
 * compiler on first use.
 */
export function typescriptVerdict(text: string, filePath: string, language: Language, tree: SyntaxTree): GrammarVerdict {
  const problems = syntaxProblems(tree);
  const first = describeProblem(problems[0]!);
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
