/**
 * TypeScript and JavaScript as canonize reads them: tree-sitter-typescript (the TSX grammar for JavaScript and JSX),
 * the TypeScript compiler's parser as a second opinion on files the grammar rejects, and the resolution facts of the
 * project index (docs/ts-move-rule.md).
 */
import type { LanguageAdapter } from '../../core/language.js';
import { typescriptFactsChangedBy } from './facts-changes.js';
import { buildTypeScriptIndex } from './facts.js';
import { TSX_GRAMMAR, TYPESCRIPT_GRAMMAR } from './grammar.js';
import { compilerSyntaxError, typescriptVerdict } from './verdict.js';

export const typescriptLanguage: LanguageAdapter = {
  id: 'typescript',
  grammars: { typescript: TYPESCRIPT_GRAMMAR, tsx: TSX_GRAMMAR },
  extensions: {
    '.ts': 'typescript',
    '.mts': 'typescript',
    '.cts': 'typescript',
    '.tsx': 'tsx',
    // JavaScript: the TSX grammar reads JS and JSX (not Flow).
    '.js': 'tsx',
    '.jsx': 'tsx',
    '.mjs': 'tsx',
    '.cjs': 'tsx',
  },
  verdict: typescriptVerdict,
  compilerSyntaxError,
  async facts(root, transforms) {
    const requests = transforms.flatMap((t) => (t.facts?.typescript ? [t.facts.typescript] : []));
    return requests.length === 0 ? {} : { typescript: await buildTypeScriptIndex(root, requests) };
  },
  factsChangedBy: typescriptFactsChangedBy,
};
