/**
 * The Python part of the project index, as data (docs/move-rule.md): what a Python rule asks for
 * (`facts.python`), and what it reads (`project.pythonExports`, `project.pythonImportedFrom`). Declared here, into
 * core's {@link FactRequests} and {@link ProjectIndex}, so that the language owns its facts.
 */
import type { FactRequests, ProjectIndex } from '../../core/types.js';

declare module '../../core/types.js' {
  interface FactRequests {
    python?: PythonFactRequest;
  }
  interface ProjectIndex {
    /** Top-level names of each Python module the rules asked about that exists in the tree (absent: not in the tree). */
    pythonExports: Record<string, string[]>;
    /**
     * For the names rules asked about ({@link PythonFactRequest.importersOf}): the modules other files of the tree
     * import them from (`from M import Name`), as module → names. A rule that would stop a module binding such a name
     * (a rename, a dropped import) keeps it bound instead, or those files' imports would break. Absent: not asked.
     */
    pythonImportedFrom?: Record<string, string[]>;
  }
}

/** What a Python rule asks the project index for. */
export interface PythonFactRequest {
  /** Python modules whose top-level names the rule needs in `pythonExports`. */
  readonly exportsOf?: readonly string[];
  /** Names whose importers the rule needs in `pythonImportedFrom` (names it may stop binding). */
  readonly importersOf?: readonly string[];
}

/** The core types this module adds to (named here so that the declarations above are checked against them). */
export type PythonFacts = Pick<FactRequests, 'python'> & Pick<ProjectIndex, 'pythonExports' | 'pythonImportedFrom'>;
