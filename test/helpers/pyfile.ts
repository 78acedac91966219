// A PythonFile for a text, outside any plan (the context a transform gets, with no project facts), and the Python
// files under a directory: what tests of the file model and of name resolution compare against each other.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SharedFileState, SourceFile, TransformContext } from '../../src/core/types.js';
import { parseSource } from '../../src/languages/parse.js';
import { PythonFile } from '../../src/languages/python/file.js';

const OPTIONS = { sourceRoots: ['.'], relativeImports: 'keep' as const, lineLength: 100 };

export function pythonFile(path: string, text: string): PythonFile {
  const file: SourceFile = { path, absPath: `/x/${path}`, language: 'python', text, encoding: 'utf-8', bom: false, hash: '', eol: '\n' };
  const states = new Map<string, SharedFileState>();
  const ctx: TransformContext = {
    file,
    tree: parseSource(text, 'python'),
    project: { pythonExports: {} } as unknown as TransformContext['project'],
    collectingSites: false,
    edit: () => undefined,
    report: () => undefined,
    site: () => undefined,
    shared: <T extends SharedFileState>(key: string, create: () => T): T => {
      if (!states.has(key)) states.set(key, create());
      return states.get(key) as T;
    },
  };
  return PythonFile.of(ctx, OPTIONS);
}

/** Every `.py` file under `dir`, recursively; fixture outputs (`*.output.py`) too unless `inputsOnly`. */
export function pythonFilesUnder(dir: string, inputsOnly = false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? pythonFilesUnder(p, inputsOnly) : p.endsWith('.py') && !(inputsOnly && p.endsWith('.output.py')) ? [p] : [];
  });
}
