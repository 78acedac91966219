/** The tree-sitter grammars TypeScript and JavaScript files are read with (JavaScript and JSX: the TSX grammar). */
import TypeScript from 'tree-sitter-typescript';
import type { Grammar } from '../../core/parse.js';

export const TYPESCRIPT_GRAMMAR: Grammar = TypeScript.typescript;
export const TSX_GRAMMAR: Grammar = TypeScript.tsx;
