/**
 * The legacy modules of a config located in the tree (a Python module's file under the source roots, a TS module's
 * file as the residue scan resolves it), and each one read: its shape (what moves, what stays, side effects, what
 * blocks a shim) and its shim, ready for the verdict.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sourceFromBytes } from '../core/source.js';
import type { Language, ProjectIndex } from '../core/types.js';
import { languageForPath } from '../languages/registry.js';
import { dirOf, normalisePath, type TsLegacyIndex } from '../residue/ts-legacy.js';
import type { LegacyModule, MovedName, ResidueTargets } from '../residue/targets.js';
import { SimpleTsResolver } from '../residue/ts-legacy.js';
import { analysePythonModule } from './python-module.js';
import { renderPythonShim } from './python-shim.js';
import { analyseTsModule } from './ts-module.js';
import { renderTsShim } from './ts-shim.js';
import type { SideEffect } from './types.js';

/** A legacy module and where it is. */
export interface LocatedModule {
  legacy: LegacyModule;
  language: 'python' | 'typescript';
  /** Its file, relative to the root; absent when the tree has none (then `missing` says why). */
  path?: string;
  missing?: string;
}

/** A legacy module's file, read and analysed. */
export interface LegacyFile {
  legacy: LegacyModule;
  path: string;
  fileLanguage: Language;
  text: string;
  isPackage: boolean;
  stays: string[];
  forwarded: Map<string, MovedName>;
  sideEffects: SideEffect[];
  blockers: string[];
  notes: string[];
  /** Its shim (meaningful only when there are no blockers). */
  shim: string;
  /** The files of its canonical modules (a chain from one of them back to it is a cycle). */
  canonicalPaths: Set<string>;
}

/** The file of a Python module under the source roots, if the tree has it. */
export function pythonModuleFile(module: string, sourceRoots: readonly string[], paths: ReadonlySet<string>): string | undefined {
  for (const root of sourceRoots) {
    const base = (root === '' ? '' : `${root}/`) + module.replace(/\./g, '/');
    for (const candidate of [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`, `${base}/__init__.pyi`]) if (paths.has(candidate)) return candidate;
  }
  return undefined;
}

/** Every legacy module of the config with its file. A TS move that only respells its own module is not legacy. */
export function moduleFiles(targets: ResidueTargets, paths: ReadonlySet<string>, ts: TsLegacyIndex): LocatedModule[] {
  const out: LocatedModule[] = [];
  for (const legacy of targets.python.modules) {
    const path = pythonModuleFile(legacy.module, targets.python.sourceRoots, paths);
    out.push({ legacy, language: 'python', ...(path ? { path } : { missing: `no file for it under the source roots (${targets.python.sourceRoots.map((r) => r || '.').join(', ')})` }) });
  }
  for (const legacy of targets.typescript.modules) {
    const ref = ts.resolver.resolveConfigRef(legacy.module);
    if ('external' in ref) {
      if (ts.byExternal.get(ref.external) === legacy) out.push({ legacy, language: 'typescript', missing: 'an external package (no file in the tree): nothing to retire' });
      continue;
    }
    if (ts.byFile.get(ref.file) === legacy) out.push({ legacy, language: 'typescript', path: ref.file });
  }
  return out;
}

/** Read and analyse a located module's file. */
export async function readLegacyModule(root: string, entry: LocatedModule & { path: string }, project: ProjectIndex, targets: ResidueTargets, paths: ReadonlySet<string>): Promise<LegacyFile | { reason: string }> {
  const language = languageForPath(entry.path);
  if (!language) return { reason: 'not a source file canonize reads' };
  const abs = join(root, entry.path);
  const source = sourceFromBytes(await readFile(abs), abs, entry.path, language);
  if (!source.ok) return { reason: source.skip.message };
  const { text, eol } = source.file;
  const { legacy } = entry;
  const canonicalPaths = new Set<string>();
  if (entry.language === 'python') {
    const isPackage = /(^|\/)__init__\.pyi?$/.test(entry.path);
    for (const m of movesOf(legacy)) {
      const file = pythonModuleFile(m.to, targets.python.sourceRoots, paths);
      if (file) canonicalPaths.add(file);
    }
    const shape = analysePythonModule(text, legacy, { module: legacy.module, isPackage });
    const shim = shape.blockers.length > 0 ? text : renderPythonShim(text, shape, legacy, eol);
    return { legacy, path: entry.path, fileLanguage: language, text, isPackage, ...shape, shim, canonicalPaths };
  }
  const resolver = new SimpleTsResolver(project);
  const shape = analyseTsModule(text, language, legacy);
  for (const m of movesOf(legacy)) {
    const target = resolver.resolveConfigRef(m.to);
    if ('file' in target) canonicalPaths.add(target.file);
  }
  // A moved name the canonical module declares as an interface or type alias is re-exported as a type.
  for (const [name, m] of shape.forwarded) {
    const target = resolver.resolveConfigRef(m.to);
    if (!('file' in target) || shape.typeOnly.has(name)) continue;
    const canonical = await readFile(join(root, target.file), 'utf8').catch(() => '');
    const newName = m.newName === '*' ? name : m.newName;
    if (new RegExp(`(^|[\\s;])(interface|type)\\s+${newName}\\b`).test(canonical)) shape.typeOnly.add(name);
  }
  const specifierOf = (to: string) => tsSpecifier(to, entry.path, resolver);
  const shim = shape.blockers.length > 0 ? text : renderTsShim(text, shape, legacy, eol, specifierOf);
  return { legacy, path: entry.path, fileLanguage: language, text, isPackage: false, ...shape, shim, canonicalPaths };
}

const movesOf = (legacy: LegacyModule) => [...(legacy.whole ? [legacy.whole] : []), ...legacy.names.values()];

/** The specifier a shim at `from` writes for a move's `to`: a root-relative file as a relative path, anything else as written. */
export function tsSpecifier(to: string, from: string, resolver: SimpleTsResolver): string {
  const asPath = normalisePath(to.replace(/^\.\//, ''));
  const file = asPath === undefined ? undefined : resolver.probe(asPath);
  if (!file) return to;
  const fromParts = dirOf(from).split('/').filter(Boolean);
  const toParts = file.replace(/(\.d)?\.[mc]?[jt]sx?$/, '').split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}
