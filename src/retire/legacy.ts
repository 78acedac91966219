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
  /** Its file is gone: an earlier `canonize retire` deleted it (the record says so). */
  deleted?: string;
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
  /** Whether the file already is one of retire's shims (carries the marker). */
  isShim: boolean;
  /** Whether its shim imports a canonical module when it is imported (Python: a moved name rebound for staying code). */
  eagerCanonical: boolean;
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
export function moduleFiles(targets: ResidueTargets, paths: ReadonlySet<string>, ts: TsLegacyIndex, deleted: ReadonlyMap<string, string>): LocatedModule[] {
  const out: LocatedModule[] = [];
  const gone = (legacy: LegacyModule) => [...deleted].find(([path, module]) => module === legacy.module && !paths.has(path))?.[0];
  for (const legacy of targets.python.modules) {
    const path = pythonModuleFile(legacy.module, targets.python.sourceRoots, paths);
    const was = path ? undefined : gone(legacy);
    if (was) {
      out.push({ legacy, language: 'python', deleted: was });
      continue;
    }
    out.push({ legacy, language: 'python', ...(path ? { path } : { missing: `no file for it under the source roots (${targets.python.sourceRoots.map((r) => r || '.').join(', ')})` }) });
  }
  for (const legacy of targets.typescript.modules) {
    const ref = ts.resolver.resolveConfigRef(legacy.module);
    const was = 'external' in ref ? gone(legacy) : undefined;
    if (was) {
      out.push({ legacy, language: 'typescript', deleted: was });
      continue;
    }
    if ('external' in ref) {
      if (ts.byExternal.get(ref.external) === legacy) out.push({ legacy, language: 'typescript', missing: 'an external package (no file in the tree): nothing to retire' });
      continue;
    }
    if (ts.byFile.get(ref.file) === legacy) out.push({ legacy, language: 'typescript', path: ref.file });
  }
  return out;
}

/** What the shape of a legacy module's text needs from the project (TypeScript only). */
export interface ShapeContext {
  /** The specifier a shim writes for a move's `to` (default: `to` as written). */
  specifierOf?(to: string): string;
  /** Whether the canonical module `to` declares `name` as an interface or type alias. */
  declaresType?(to: string, name: string): boolean;
}

/** A legacy module's text analysed, with its shim (the module's text itself when a blocker stops one). */
export type LegacyShape = Omit<LegacyFile, 'legacy' | 'path' | 'text' | 'canonicalPaths'>;

/** Analyse a legacy module's text and render its shim. Pure: the fixtures call it directly. */
export function legacyShape(text: string, eol: string, path: string, language: Language, legacy: LegacyModule, context: ShapeContext = {}): LegacyShape {
  if (language === 'python') {
    const isPackage = /(^|\/)__init__\.pyi?$/.test(path);
    const shape = analysePythonModule(text, legacy, { module: legacy.module, isPackage });
    const shim = shape.blockers.length > 0 ? text : renderPythonShim(text, shape, legacy, eol);
    return { fileLanguage: language, isPackage, ...shape, eagerCanonical: shape.rebound.length > 0, shim };
  }
  const shape = analyseTsModule(text, language, legacy);
  // A moved name the canonical module declares as an interface or type alias is re-exported as a type.
  for (const [name, m] of shape.forwarded) if (context.declaresType?.(m.to, m.newName === '*' ? name : m.newName)) shape.typeOnly.add(name);
  const shim = shape.blockers.length > 0 ? text : renderTsShim(text, shape, legacy, eol, context.specifierOf ?? ((to) => to));
  // `export … from` loads the canonical module too, but ES modules bind lazily: a cycle through it is not a blocker.
  return { fileLanguage: language, isPackage: false, ...shape, eagerCanonical: false, shim };
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
    for (const m of movesOf(legacy)) {
      const file = pythonModuleFile(m.to, targets.python.sourceRoots, paths);
      if (file) canonicalPaths.add(file);
    }
    return { legacy, path: entry.path, text, canonicalPaths, ...legacyShape(text, eol, entry.path, language, legacy) };
  }
  const resolver = new SimpleTsResolver(project);
  const canonicalTexts = new Map<string, string>();
  for (const m of movesOf(legacy)) {
    const target = resolver.resolveConfigRef(m.to);
    if (!('file' in target)) continue;
    canonicalPaths.add(target.file);
    canonicalTexts.set(m.to, await readFile(join(root, target.file), 'utf8').catch(() => ''));
  }
  const context: ShapeContext = {
    specifierOf: (to) => tsSpecifier(to, entry.path, resolver),
    declaresType: (to, name) => new RegExp(`(^|[\\s;])(interface|type)\\s+${name}\\b`).test(canonicalTexts.get(to) ?? ''),
  };
  return { legacy, path: entry.path, text, canonicalPaths, ...legacyShape(text, eol, entry.path, language, legacy, context) };
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
