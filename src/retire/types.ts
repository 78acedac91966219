/**
 * What `canonize retire` reports per legacy module: the references left to it, what stays in it, its import-time side
 * effects, and the verdict (delete, shim or keep) with its reasons. Plain data: `retire --json` prints it as it is.
 */

/** What happens to a legacy module. */
export type RetireVerdict = 'delete' | 'shim' | 'keep';

/** A place in a file (1-based line and column). */
export interface RetireLocation {
  path: string;
  line: number;
  column: number;
}

/** One reference to a legacy module left in the tree (found by the residue scan, src/residue). */
export interface RetireReference extends RetireLocation {
  /** How it is written: `import`, `dotted-name`, `string`, `specifier`. */
  kind: string;
  /** The name it reaches (`*`: the module itself). */
  symbol: string;
  /** The reference as written. */
  text: string;
  /** Whether it reaches a name that moved (a shim forwards it) rather than one that stays or the module itself. */
  moved: boolean;
  /**
   * Whether it re-exports what it reaches (`from legacy import *`, a name listed in the file's `__all__`, TS
   * `export … from`): a chain through which other modules still reach the legacy one.
   */
  chain: boolean;
}

/** A top-level statement that runs when the module is imported and is not a definition. */
export interface SideEffect {
  line: number;
  column: number;
  /** Its first line, trimmed (at most 100 characters). */
  text: string;
}

/** A moved name and where it now lives. */
export interface RetireMovedName {
  /** The name in the legacy module. */
  name: string;
  /** The canonical module (as the move's `to` writes it). */
  to: string;
  /** The name there. */
  newName: string;
  /** The id of the move that moves it. */
  rule: string;
}

/** The analysis of one legacy module. */
export interface RetiredModule {
  language: 'python' | 'typescript';
  /** The module as the config's `from` writes it. */
  module: string;
  /** Its file, relative to the root; absent when the tree has none. */
  path?: string;
  verdict: RetireVerdict;
  /** Why: each reason one sentence. */
  reasons: string[];
  /** The names the config moves out of it (`*` when the whole module moves), with the aliases that move with them. */
  moved: RetireMovedName[];
  /** The names it defines or re-exports that do not move (it is never deleted while one is left). */
  stays: string[];
  /** References left in other files (not counting files this run deletes, and a shim's own lines as shimmed). */
  references: RetireReference[];
  /** Import-time side effects of the module as it is now: lost when it is deleted, kept by a shim. */
  sideEffects: SideEffect[];
  /** With verdict `shim`: the module's new text (a whole-file replacement). */
  shim?: string;
  /** With verdict `shim`: whether the file already holds exactly this shim (nothing to write). */
  alreadyShimmed?: boolean;
  /** With verdict `delete`: the file is already gone, deleted by an earlier `canonize retire` (nothing to write). */
  alreadyDeleted?: boolean;
}

/** The whole analysis. */
export interface RetireReport {
  modules: RetiredModule[];
  /** Files the residue scan could not read (not UTF-8, ...), with why: a reference there would be missed. */
  unread: { path: string; reason: string }[];
}

/** The marker line a shim carries, by which `check --retired` and a later `retire` know it (after the comment opener). */
export const SHIM_MARKER = 'canonize retire: deprecation shim';
