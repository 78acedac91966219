/**
 * The contract of a language (src/languages/<language>/adapter.ts): what the planner, the engine and the project
 * index need to know of it, so that a new language is one folder and one entry in src/languages/registry.ts
 * (docs/architecture.md, "Languages").
 */
import type { SyntaxTree } from './syntax.js';
import type { Grammar, GrammarVerdict } from './parse.js';
import type { Language, ProjectIndex, Transform } from './types.js';

/** What the project index builder hands a language. */
export interface FactsContext {
  /** Python source roots (relative to the root), where module names are counted from. */
  sourceRoots: readonly string[];
  /** The tree's files matching `include` globs (relative to the root); discovered on demand. */
  listFiles(include: readonly string[]): Promise<readonly string[]>;
  /**
   * When only some files are planned (named paths, `check --changed-since`): those files, relative to the root. Facts
   * that only a file's own plan reads (what other files import from its module) may then be gathered for them alone.
   */
  plannedFiles?: readonly string[];
}

/**
 * A file that changed since a revision (`check --changed-since`, `--staged`), for {@link LanguageAdapter.factsChangedBy}.
 * A rename is a deletion of its old path and an addition of its new one.
 */
export interface ChangedFile {
  /** Path relative to the root, `/`-separated. */
  path: string;
  kind: 'added' | 'modified' | 'deleted';
  /** Its bytes before the change (undefined for an added file). */
  before(): Promise<Uint8Array | undefined>;
  /** Its bytes after the change (undefined for a deleted file). */
  after(): Promise<Uint8Array | undefined>;
}

/** What {@link LanguageAdapter.factsChangedBy} is told of the project besides the transforms. */
export interface FactsChangeContext {
  root: string;
  sourceRoots: readonly string[];
  /** The project index of the tree as it is now, with this language's facts only, built on first call. */
  index(): Promise<ProjectIndex>;
}

/** What {@link LanguageAdapter.factsChangedBy} answers for a change that reaches the facts. */
export interface FactsChange {
  /** What the file is to the facts, e.g. `it is the module a.b, whose exports the rules check`. */
  reason: string;
  /** The only files whose plans read the facts that changed (relative to the root); absent: any file's may. */
  files?: string[];
}

export interface LanguageAdapter {
  /** Its config section and name: `python`, `typescript`. */
  readonly id: string;
  /** The grammar each of its {@link Language}s is read with. */
  readonly grammars: Readonly<Partial<Record<Language, Grammar>>>;
  /** File extension (with its dot) → the {@link Language} a file is read as. */
  readonly extensions: Readonly<Record<string, Language>>;
  /** A second opinion on a file its grammar rejects; absent: the grammar's word is final. */
  verdict?(text: string, filePath: string, language: Language, tree: SyntaxTree): GrammarVerdict;
  /** A second parser's first syntax error in a text (for an output the grammar rejects), if it has one. */
  compilerSyntaxError?(text: string, filePath: string, language: Language): string | undefined;
  /** Its part of the project index: the facts about other files that the transforms asked for (none: nothing). */
  facts?(root: string, transforms: readonly Transform[], context: FactsContext): Promise<Partial<ProjectIndex>>;
  /**
   * Whether a change to `file` may change its facts, so that checking only the changed files is not enough: why,
   * and, when the facts that changed are read only by the plans of some files, those files (to be checked too; any
   * that do not exist are left out); without `files`, any file's plan may depend on them. Must be conservative.
   */
  factsChangedBy?(file: ChangedFile, transforms: readonly Transform[], context: FactsChangeContext): Promise<FactsChange | undefined>;
}
