/**
 * Parsing by language: the grammar each language's adapter names (src/languages/registry.ts), and the adapter's
 * second opinion on a file its grammar rejects (docs/engine.md, "Files tree-sitter cannot read").
 */
import type { SyntaxTree } from '../core/syntax.js';
import { describeProblem, parseWith, reparseWith, syntaxProblems, withTree, type GrammarVerdict, type TextChange } from '../core/parse.js';
import type { Language } from '../core/types.js';
import { adapterFor } from './registry.js';

/** Parse `text` with the grammar of `language`. The caller frees the tree (`freeTree`, src/core/parse.ts). */
export function parseSource(text: string, language: Language): SyntaxTree {
  return parseWith(adapterFor(language).grammars[language], text);
}

/** `fn` of the tree of `text`, which is freed when `fn` returns or throws: nothing of the tree may escape `fn`. */
export function withSourceTree<T>(text: string, language: Language, fn: (tree: SyntaxTree) => T): T {
  return withTree(adapterFor(language).grammars[language], text, fn);
}

/**
 * Parse `newText`, made from `oldText` by `changes` (sorted, not overlapping), reusing `tree`, the tree of
 * `oldText` (left as it is): see reparseWith in src/core/parse.ts.
 */
export function reparseSource(tree: SyntaxTree, oldText: string, changes: readonly TextChange[], newText: string, language: Language): SyntaxTree {
  return reparseWith(adapterFor(language).grammars[language], tree, oldText, changes, newText);
}

/**
 * The verdict on a file whose tree has syntax errors: planned anyway when the language's second parser reads it and
 * the parts the grammar could not read are ones no rule looks at; otherwise not, with the reason. A language with no
 * second parser (Python) always says no.
 */
export function grammarVerdict(text: string, filePath: string, language: Language, tree: SyntaxTree): GrammarVerdict {
  const adapter = adapterFor(language);
  if (adapter.verdict) return adapter.verdict(text, filePath, language, tree);
  return { tolerated: false, reason: `does not parse: ${describeProblem(syntaxProblems(tree)[0]!)}` };
}

/** The language's second parser's first syntax error in a text, or undefined (it parses, or there is none). */
export function compilerSyntaxError(text: string, filePath: string, language: Language): string | undefined {
  return adapterFor(language).compilerSyntaxError?.(text, filePath, language);
}
