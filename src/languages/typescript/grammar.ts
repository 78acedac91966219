/**
 * The tree-sitter grammars TypeScript and JavaScript files are read with (JavaScript and JSX: the TSX grammar);
 * grammars/, each compiled on first use, once per thread.
 */
import { grammarFile, type Grammar } from '../../core/parse.js';

export const TYPESCRIPT_GRAMMAR: Grammar = grammarFile('tree-sitter-typescript.wasm');
export const TSX_GRAMMAR: Grammar = grammarFile('tree-sitter-tsx.wasm');
