/** The tree-sitter grammar Python files are read with (grammars/, compiled on first use, once per thread). */
import { grammarFile, type Grammar } from '../../core/parse.js';

export const PYTHON_GRAMMAR: Grammar = grammarFile('tree-sitter-python.wasm');
