/**
 * The tree-sitter grammars TypeScript and JavaScript files are read with (JavaScript and JSX: the TSX grammar);
 * grammars/, loaded once per thread.
 */
import { loadGrammar, type Grammar } from '../../core/parse.js';

export const TYPESCRIPT_GRAMMAR: Grammar = await loadGrammar('tree-sitter-typescript.wasm');
export const TSX_GRAMMAR: Grammar = await loadGrammar('tree-sitter-tsx.wasm');
