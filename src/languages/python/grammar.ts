/** The tree-sitter grammar Python files are read with (grammars/, loaded once per thread). */
import { loadGrammar, type Grammar } from '../../core/parse.js';

export const PYTHON_GRAMMAR: Grammar = await loadGrammar('tree-sitter-python.wasm');
