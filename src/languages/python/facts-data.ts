/**
 * The Python part of the project index, as data (docs/move-rule.md): what a Python rule asks for
 * (`facts.python`), and what it reads (`project.pythonExports`, `project.pythonImportedFrom`,
 * `project.pythonCallers`). Declared here, into core's {@link FactRequests} and {@link ProjectIndex}, so that the
 * language owns its facts.
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
    /**
     * For the legacy callees rules asked about ({@link PythonFactRequest.callersOf}): the modules that import one
     * (`from F import N [as L]`) and call it, as module → callers (src/languages/python/callers.ts). A test's patch of
     * `module.L` stops intercepting those calls once a call rule rewrites them. Absent: not asked.
     */
    pythonCallers?: Record<string, PythonCaller[]>;
  }
}

/** A module's import of a legacy callee it calls, as the callers scan read it from the module's text. */
export interface PythonCaller {
  /** The name the module binds it to (`L` of `from F import N as L`): what a patch of `module.L` replaces. */
  local: string;
  /** The callee, qualified (`F.N`). */
  callee: string;
  /** Whether the import is at the start of a line (not indented): the name is then a module attribute for sure. */
  topLevel: boolean;
  /** Whether every other mention of `local` in the text is a call (`L(`): nothing but calls would lose the patch. */
  onlyCalled: boolean;
  /** Whether the text holds an exception assertion (`raises`, `warns`, `assertRaises`…), whose calls a rule may keep. */
  assertions: boolean;
  /** The names among the request's `replacements` the text mentions anywhere (then the module may bind them). */
  mentions: string[];
}

/** What a Python rule asks the project index for. */
export interface PythonFactRequest {
  /** Python modules whose top-level names the rule needs in `pythonExports`. */
  readonly exportsOf?: readonly string[];
  /** Names whose importers the rule needs in `pythonImportedFrom` (names it may stop binding). */
  readonly importersOf?: readonly string[];
  /** Legacy callees (`F.N`) whose callers the rule needs in `pythonCallers`, with the names that replace them. */
  readonly callersOf?: readonly { readonly callee: string; readonly replacements: readonly string[] }[];
}

/** The core types this module adds to (named here so that the declarations above are checked against them). */
export type PythonFacts = Pick<FactRequests, 'python'> & Pick<ProjectIndex, 'pythonExports' | 'pythonImportedFrom' | 'pythonCallers'>;
