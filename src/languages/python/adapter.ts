/** Python as canonize reads it: `.py` and `.pyi` files, tree-sitter-python, and the Python facts of the project index. */
import type { LanguageAdapter } from '../../core/language.js';
import { buildPythonFacts, pythonFactsChangedBy } from './facts.js';
import { PYTHON_GRAMMAR } from './grammar.js';

export const pythonLanguage: LanguageAdapter = {
  id: 'python',
  grammars: { python: PYTHON_GRAMMAR },
  extensions: { '.py': 'python', '.pyi': 'python' },
  facts: buildPythonFacts,
  factsChangedBy: pythonFactsChangedBy,
};
