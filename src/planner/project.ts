/**
 * The project index: the few facts about other files that rules may consult (today: what each canonical Python
 * module defines). Built once per plan, before any file is planned, as plain data.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathsForModule } from '../python/modules.js';
import { pythonModuleExports } from '../python/exports.js';
import { buildTypeScriptIndex } from '../typescript/project.js';
import type { ProjectIndex, Transform } from '../types.js';
import { parseSource } from './parse.js';
import { sourceFromBytes } from './source.js';

/** An index that knows no other file: every export check passes. */
export const EMPTY_PROJECT: ProjectIndex = { pythonExports: {} };

/** Read and index the Python modules the transforms ask about; modules not in the tree are left out. */
export async function buildProjectIndex(root: string, sourceRoots: readonly string[], transforms: readonly Transform[]): Promise<ProjectIndex> {
  const modules = [...new Set(transforms.flatMap((t) => t.pythonModulesToIndex ?? []))].sort();
  const pythonExports: Record<string, string[]> = {};
  for (const module of modules) {
    for (const path of pathsForModule(module, sourceRoots)) {
      let bytes: Buffer;
      try {
        bytes = await readFile(join(root, path));
      } catch {
        continue;
      }
      const read = sourceFromBytes(bytes, join(root, path), path, 'python');
      if (!read.ok) continue;
      pythonExports[module] = [...pythonModuleExports(parseSource(read.file.text, 'python').rootNode)].sort();
      break;
    }
  }
  const tsRequests = transforms.flatMap((t) => (t.typescriptIndex ? [t.typescriptIndex] : []));
  if (tsRequests.length === 0) return { pythonExports };
  return { pythonExports, typescript: await buildTypeScriptIndex(root, tsRequests) };
}
