/** The tree-sitter grammar Python files are read with. */
import Python from 'tree-sitter-python';
import type { Grammar } from '../../core/parse.js';

export const PYTHON_GRAMMAR: Grammar = Python;
