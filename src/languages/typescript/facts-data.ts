/**
 * The TypeScript part of the project index, as data (docs/ts-move-rule.md): what a TS rule asks for
 * (`facts.typescript`), and what resolution reads (`project.typescript`). Declared here, into core's
 * {@link FactRequests} and {@link ProjectIndex}, so that the language owns its facts.
 */
import type { FactRequests, ProjectIndex } from '../../core/types.js';

declare module '../../core/types.js' {
  interface FactRequests {
    /** What module resolution and the TS rules need ({@link TsIndexRequest}). */
    typescript?: TsIndexRequest;
  }
  interface ProjectIndex {
    /** What TypeScript module resolution needs (files, tsconfigs) and the facts TS rules asked for; absent when none did. */
    typescript?: TypeScriptIndex;
  }
}

/** The core types this module adds to (named here so that the declarations above are checked against them). */
export type TypeScriptFacts = Pick<FactRequests, 'typescript'> & Pick<ProjectIndex, 'typescript'>;

/** One parsed tsconfig (after `extends`), reduced to what module resolution reads. Paths are relative to the root. */
export interface TsConfigData {
  /** The tsconfig file, relative to the root. */
  path: string;
  /** Its directory ('' for the root). */
  dir: string;
  /** Compiler options that affect resolution (JSON values; option paths relative to the root, as `./x`). */
  options: Record<string, unknown>;
  /** The files the config's `files` / `include` / `exclude` select (relative to the root, sorted). */
  files: string[];
  /** tsconfig files it references (`references`), relative to the root. */
  references: string[];
}

/** A module named in a TS rule's config: a file in the tree, or an external package known only by its specifier. */
export type TsModuleRef = { file: string } | { external: string };

/**
 * Plain data from which TypeScript module resolution is answered without touching the disk (see
 * `src/languages/typescript/resolve.ts`): the files resolution may land on, package.json contents, and the tsconfigs.
 */
export interface TypeScriptIndex {
  /** Files module resolution may land on (sources, declarations, package.json), relative to the root, sorted. */
  files: string[];
  /** Contents of the package.json files in {@link files}, by path. */
  packageJsons: Record<string, string>;
  configs: TsConfigData[];
  /** What each module string of a rule's config resolves to (from the root). */
  modules: Record<string, TsModuleRef>;
  /** Exported names of each in-tree module rules asked about; null when they cannot be listed (`export =`, an unresolved `export *`). */
  exports: Record<string, string[] | null>;
  /** Extra prefilter needles: literal strings one of which every specifier that resolves to a moved module contains. */
  needles: string[];
}

/** What a TS rule asks the project index for. */
export interface TsIndexRequest {
  /** Globs of tsconfig files (relative to the root). */
  tsconfigs: readonly string[];
  /** Module strings to resolve; `field` names the config field, for errors. */
  modules: readonly { spec: string; field: string }[];
  /** Module strings whose exports to list, and whose spellings are needles. */
  exportsOf: readonly string[];
  needlesOf: readonly string[];
}
