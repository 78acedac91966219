/** Python as canonize reads it: `.py` and `.pyi` files, tree-sitter-python, and the Python facts of the project index. */
import type { LanguageAdapter } from '../../core/language.js';
import { pythonCallersChangedBy } from './callers.js';
import { buildPythonFacts, pythonFactsChangedBy } from './facts.js';
import { PYTHON_GRAMMAR } from './grammar.js';

export const pythonLanguage: LanguageAdapter = {
  id: 'python',
  grammars: { python: PYTHON_GRAMMAR },
  extensions: { '.py': 'python', '.pyi': 'python' },
  facts: buildPythonFacts,
  async factsChangedBy(file, transforms, context) {
    const [facts, callers] = [await pythonFactsChangedBy(file, transforms, context), await pythonCallersChangedBy(file, transforms, context)];
    // The callers facts may be read by any file's plan: with them, so may the whole change.
    return facts && callers ? { reason: `${facts.reason}; ${callers.reason}` } : (facts ?? callers);
  },
};
