/**
 * The project index: the few facts about other files that rules may consult, each language adding its own
 * (src/languages/registry.ts). Built once per plan, before any file is planned, as plain data.
 */
import { resolve } from 'node:path';
import { DEFAULT_EXCLUDE } from '../config/schema.js';
import type { FactsContext, LanguageAdapter } from '../core/language.js';
import type { ProjectIndex, Transform } from '../core/types.js';
import { LANGUAGES } from '../languages/registry.js';
import { discoverFiles } from './files.js';

/** An index that knows no other file: every export check passes. */
export const EMPTY_PROJECT: ProjectIndex = { pythonExports: {} };

/**
 * Build the project index: each language adds the facts the transforms asked it for (languages/<language>/facts.ts).
 * `pythonFiles` (paths relative to the root) are the tree's Python files, when the caller has them; otherwise files
 * are discovered here if a language needs them. `plannedFiles`: when only these files will be planned (see
 * {@link FactsContext.plannedFiles}). `languages`: whose facts (default: every language's).
 */
export async function buildProjectIndex(
  root: string,
  sourceRoots: readonly string[],
  transforms: readonly Transform[],
  pythonFiles?: readonly string[],
  plannedFiles?: readonly string[],
  languages: readonly LanguageAdapter[] = LANGUAGES,
): Promise<ProjectIndex> {
  const context: FactsContext = {
    sourceRoots,
    ...(plannedFiles ? { plannedFiles } : {}),
    // The caller's list of the tree's Python files saves a second walk when a language asks for exactly those.
    listFiles: async (include) =>
      pythonFiles !== undefined && include.every((glob) => /\.pyi?$/.test(glob))
        ? pythonFiles
        : (await discoverFiles({ root: resolve(root), include: [...include], exclude: DEFAULT_EXCLUDE, gitignore: true })).files.map((f) => f.path),
  };
  const index: ProjectIndex = { pythonExports: {} };
  for (const language of languages) Object.assign(index, await language.facts?.(root, transforms, context));
  return index;
}
