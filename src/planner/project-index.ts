/**
 * The project index: the few facts about other files that rules may consult (today: what each canonical Python
 * module defines). Built once per plan, before any file is planned, as plain data.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_EXCLUDE } from '../config/schema.js';
import { moduleForPath, pathsForModule, resolveRelative } from '../languages/python/modules.js';
import { pythonModuleExports } from '../languages/python/exports.js';
import { buildTypeScriptIndex } from '../languages/typescript/facts.js';
import type { ProjectIndex, Transform } from '../core/types.js';
import { discoverFiles } from './files.js';
import { parseSource } from '../languages/parse.js';
import { sourceFromBytes } from '../core/source.js';

/** An index that knows no other file: every export check passes. */
export const EMPTY_PROJECT: ProjectIndex = { pythonExports: {} };

/**
 * `from MODULE import a, b as c` statements (absolute or relative, parenthesised or continued with `\`), found in
 * the text: enough to know which module a name is imported from, without parsing the file.
 */
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import[ \t]*(\([^)]*\)|(?:[^\n#;\\]|\\\r?\n)*)/gm;

/**
 * Which modules the other files of the tree import each of `names` from, or read it from as an attribute
 * (`module.name`). Only files whose bytes hold one of the names are looked at; a name is recorded as imported, not
 * aliased (`from m import Name as N` records `Name`).
 */
function pythonImportersOf(root: string, sourceRoots: readonly string[], files: readonly string[], names: ReadonlySet<string>): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  const needles = [...names];
  const escaped = needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const attributeReads = new RegExp(`(?<![\\w.])([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)\\.(${escaped})(?!\\w)`, 'g');
  for (const path of files) {
    let text: string;
    try {
      text = readFileSync(join(root, path), 'latin1');
    } catch {
      continue;
    }
    if (!needles.some((n) => text.includes(n))) continue;
    const fileModule = moduleForPath(path, sourceRoots);
    const record = (module: string, name: string) => {
      const set = out.get(module) ?? new Set<string>();
      out.set(module, set.add(name));
    };
    // `pkg.mod.name` read as an attribute of a module (`logging.weakref`: the module another one imported): the
    // dotted prefix is taken as the module, as written (an alias `import logging as lg` is not followed).
    attributeReads.lastIndex = 0;
    for (const m of text.matchAll(attributeReads)) if (m[1] !== 'self' && m[1] !== 'cls') record(m[1]!, m[2]!);
    for (const m of text.matchAll(FROM_IMPORT)) {
      const [, dots, rest, list] = m as unknown as [string, string, string | undefined, string];
      const module = dots ? (fileModule ? resolveRelative(fileModule, dots.length, rest) : undefined) : rest;
      if (module === undefined) continue;
      for (const item of list.replace(/#[^\n]*/g, '').replace(/[()\\]/g, ' ').split(',')) {
        const name = item.trim().split(/\s+as\s+/)[0]!.trim();
        if (names.has(name)) record(module, name);
      }
    }
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([module, set]) => [module, [...set].sort()]));
}

/**
 * Read and index the Python modules the transforms ask about; modules not in the tree are left out. `pythonFiles`
 * (paths relative to the root) are the tree's Python files, for the importers of names rules ask about; when absent
 * and a rule asks, they are discovered here.
 */
export async function buildProjectIndex(
  root: string,
  sourceRoots: readonly string[],
  transforms: readonly Transform[],
  pythonFiles?: readonly string[],
): Promise<ProjectIndex> {
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
  const asked = new Set(transforms.flatMap((t) => t.pythonNamesImportedElsewhere ?? []));
  let pythonImportedFrom: Record<string, string[]> | undefined;
  if (asked.size > 0) {
    const files =
      pythonFiles ??
      (await discoverFiles({ root: resolve(root), include: ['**/*.py', '**/*.pyi'], exclude: DEFAULT_EXCLUDE, gitignore: true })).files.map((f) => f.path);
    pythonImportedFrom = pythonImportersOf(root, sourceRoots, files, asked);
  }
  const python = pythonImportedFrom ? { pythonExports, pythonImportedFrom } : { pythonExports };
  const tsRequests = transforms.flatMap((t) => (t.typescriptIndex ? [t.typescriptIndex] : []));
  if (tsRequests.length === 0) return python;
  return { ...python, typescript: await buildTypeScriptIndex(root, tsRequests) };
}
