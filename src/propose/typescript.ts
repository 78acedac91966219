/**
 * The TypeScript side of `init --discover`: the same export reached through several module files (barrels, old
 * modules re-exporting the new one under old names, `import { X }` + `export { X }`), clustered by the file that
 * declares it, and proposed as `typescript.moves` keyed by file. Specifiers are resolved as the `move` rule resolves
 * them; names are matched exactly. What counts as an import: docs/discover.md (TypeScript).
 */
import { readFile } from 'node:fs/promises';
import type { SyntaxNode } from '../core/syntax.js';
import { TYPESCRIPT_DEFAULTS } from '../config/schema.js';
import { CanonizeError } from '../core/errors.js';
import type { DiscoveredFile } from '../planner/files.js';
import { withSourceTree } from '../languages/parse.js';
import { sourceFromBytes } from '../core/source.js';
import { collectTsModuleStatements } from '../languages/typescript/module-statements.js';
import { buildTypeScriptIndex } from '../languages/typescript/facts.js';
import { resolverFor, type TsResolver } from '../languages/typescript/resolve.js';
import { declaredNames, plainStringValue } from '../languages/typescript/syntax.js';
import { chooseModule, chooseName, isPrivateModule, isPrivateName, renameAllowed, type BindingCandidate, type BindingRule } from './canonical.js';
import { compareText as compare, pushTo } from './collections.js';


/** One file and exported name an export is imported through. */
export interface TsPath {
  file: string;
  name: string;
  /** Importing files (sorted), and how many are tests / only re-export it. */
  files: string[];
  testFiles: number;
  reExportFiles: number;
  useFiles: number;
}

export interface TsCluster {
  /** The canonical file and name (canonical.ts): the declaring file unless a public, listed, more used one exists. */
  canonical: string;
  name: string;
  definedAt: string;
  /** The canonical path first. */
  paths: TsPath[];
  /** The rule that chose the canonical file. */
  rule: BindingRule;
  /** Paths under another name that are not renamed (the canonical name is not the majority spelling). */
  kept: TsPath[];
}

/** One `typescript.moves` entry. */
export interface TsMove {
  from: string;
  to: string;
  symbols: string[] | Record<string, string>;
  files: number;
}

export interface TsProposal {
  clusters: TsCluster[];
  moves: TsMove[];
  notParsed: string[];
  /** Things the reviewer should know (a tsconfig that could not be read, namespace imports not followed). */
  notes: string[];
}

/** How a file makes a name available to importers. */
type TsExport = { kind: 'local'; line: number } | { kind: 'from'; file: string; name: string };

interface TsFileInfo {
  path: string;
  test: boolean;
  deprecated: boolean;
  exports: Map<string, TsExport>;
  stars: string[];
  /** Imports: resolved file, imported name, whether the local binding is exported again. */
  sites: { file: string; name: string; reExported: boolean }[];
}


/** Scan the TypeScript files of a tree for exports reached through several module files. */
export async function proposeTypeScript(root: string, files: readonly DiscoveredFile[], isTest: (path: string) => boolean): Promise<TsProposal> {
  const notes: string[] = [];
  let resolver: TsResolver;
  try {
    const index = await buildTypeScriptIndex(root, [{ tsconfigs: TYPESCRIPT_DEFAULTS.tsconfigs, modules: [], exportsOf: [], needlesOf: [] }]);
    resolver = resolverFor(index);
  } catch (error) {
    if (!(error instanceof CanonizeError)) throw error;
    return { clusters: [], moves: [], notParsed: [], notes: [`TypeScript not analysed: ${error.message}`] };
  }

  const { infos, notParsed, namespaceImports } = await indexTsFiles(files, resolver, isTest);
  if (namespaceImports > 0) notes.push(`TypeScript: ${namespaceImports} namespace import(s) (import * as x) were not followed to their member uses.`);
  const byDefinition = pathsByDefinition(infos, isTest);
  const { clusters, deprecatedDefiners } = tsClusters(byDefinition, infos);
  if (deprecatedDefiners.length > 0) {
    notes.push(`TypeScript, left out: exports reached through several files whose declaring file is @deprecated: ${deprecatedDefiners.sort(compare).join(', ')}.`);
  }
  return { clusters, moves: tsMoves(clusters), notParsed: notParsed.sort(compare), notes };
}

/** Every file that parses, indexed by path; the files that do not; how many namespace imports were met. */
async function indexTsFiles(
  files: readonly DiscoveredFile[],
  resolver: TsResolver,
  isTest: (path: string) => boolean,
): Promise<{ infos: Map<string, TsFileInfo>; notParsed: string[]; namespaceImports: number }> {
  const infos = new Map<string, TsFileInfo>();
  const notParsed: string[] = [];
  let namespaceImports = 0;
  for (const file of files) {
    const read = sourceFromBytes(await readFile(file.absPath), file.absPath, file.path, file.language);
    if (!read.ok) continue;
    const info = withSourceTree(read.file.text, file.language, (tree) => (tree.rootNode.hasError ? undefined : indexTsFile(tree.rootNode, file.path, resolver, isTest(file.path))));
    if (!info) {
      notParsed.push(file.path);
      continue;
    }
    namespaceImports += info.namespaceImports;
    infos.set(file.path, info.info);
  }
  return { infos, notParsed, namespaceImports };
}

/** A function that follows re-exports to the declaring file (`file\0name`), memoised and cycle-safe. */
function definerOf(infos: ReadonlyMap<string, TsFileInfo>): (file: string, name: string) => string | undefined {
  const memo = new Map<string, string | undefined>();
  const active = new Set<string>();
  const definer = (file: string, name: string): string | undefined => {
    const key = `${file}\0${name}`;
    if (memo.has(key)) return memo.get(key);
    if (active.has(key)) return undefined;
    active.add(key);
    const info = infos.get(file);
    let result: string | undefined;
    const exp = info?.exports.get(name);
    if (exp?.kind === 'local') result = info!.test ? undefined : key;
    else if (exp?.kind === 'from') result = definer(exp.file, exp.name);
    else if (info && name !== 'default') result = info.stars.map((s) => definer(s, name)).find((r) => r !== undefined);
    active.delete(key);
    memo.set(key, result);
    return result;
  };
  return definer;
}

/** The paths (file, exported name) each declaration is imported through, with their importers counted. */
function pathsByDefinition(infos: ReadonlyMap<string, TsFileInfo>, isTest: (path: string) => boolean): Map<string, TsPath[]> {
  const definer = definerOf(infos);
  const byPath = new Map<string, { file: string; name: string; definition: string; importers: Map<string, boolean> }>();
  for (const info of [...infos.values()].sort((a, b) => compare(a.path, b.path))) {
    for (const site of info.sites) {
      const definition = definer(site.file, site.name);
      if (definition === undefined || infos.get(site.file)?.test) continue;
      const key = `${site.file}\0${site.name}`;
      const entry = byPath.get(key) ?? { file: site.file, name: site.name, definition, importers: new Map<string, boolean>() };
      // A file counts as a user when any of its imports of the name is not merely exported again.
      entry.importers.set(info.path, (entry.importers.get(info.path) ?? true) && site.reExported);
      byPath.set(key, entry);
    }
  }

  const byDefinition = new Map<string, TsPath[]>();
  for (const entry of byPath.values()) {
    const files = [...entry.importers.keys()].sort(compare);
    const reExportFiles = [...entry.importers.values()].filter(Boolean).length;
    const path: TsPath = { file: entry.file, name: entry.name, files, testFiles: files.filter(isTest).length, reExportFiles, useFiles: files.length - reExportFiles };
    pushTo(byDefinition, entry.definition, path);
  }
  return byDefinition;
}

/** Declarations used through at least two paths; those of an `@deprecated` file are left out (and listed). */
function tsClusters(byDefinition: ReadonlyMap<string, TsPath[]>, infos: ReadonlyMap<string, TsFileInfo>): { clusters: TsCluster[]; deprecatedDefiners: string[] } {
  const clusters: TsCluster[] = [];
  const deprecatedDefiners: string[] = [];
  for (const [definition, paths] of byDefinition) {
    const [file, name] = definition.split('\0') as [string, string];
    const info = infos.get(file)!;
    if (!paths.some((p) => p.file === file && p.name === name)) paths.push({ file, name, files: [], testFiles: 0, reExportFiles: 0, useFiles: 0 });
    paths.sort((a, b) => Number(b.file === file && b.name === name) - Number(a.file === file && a.name === name) || b.files.length - a.files.length || compare(a.file, b.file) || compare(a.name, b.name));
    if (paths.filter((p) => p.useFiles > 0).length < 2) continue;
    if (info.deprecated) {
      deprecatedDefiners.push(`${file} ${name}`);
      continue;
    }
    const exp = info.exports.get(name);
    const { binding, rule } = tsCanonicalBinding(file, name, paths, infos);
    const isCanonical = (p: TsPath) => p.file === binding.file && p.name === binding.name;
    paths.sort((a, b) => Number(isCanonical(b)) - Number(isCanonical(a)));
    const spelling = (n: string) => new Set(paths.filter((p) => p.name === n).flatMap((p) => p.files)).size;
    const kept = paths.slice(1).filter((p) => p.files.length > 0 && p.name !== binding.name && !renameAllowed({ name: p.name, files: spelling(p.name), marked: infos.get(p.file)?.deprecated === true }, { name: binding.name, files: spelling(binding.name) }, 'export'));
    clusters.push({ canonical: binding.file, name: binding.name, definedAt: `${file}:${exp?.kind === 'local' ? exp.line : 1}`, paths, rule, kept });
  }
  clusters.sort((a, b) => compare(a.canonical, b.canonical) || compare(a.name, b.name));
  return { clusters, deprecatedDefiners };
}

/**
 * The canonical file and name of an export, by the rules of canonical.ts: not a private file or name, not an
 * `@deprecated` file, listed in an explicit `export` (not only reached through `export *`), most used, declared there.
 */
function tsCanonicalBinding(file: string, name: string, paths: readonly TsPath[], infos: ReadonlyMap<string, TsFileInfo>): { binding: { file: string; name: string }; rule: BindingRule } {
  const byFile = new Map<string, TsPath[]>();
  for (const p of paths) pushTo(byFile, p.file, p);
  const candidates: BindingCandidate[] = [...byFile].map(([f, list]) => {
    const info = infos.get(f);
    const names = list.map((p) => ({ name: p.name, useFiles: p.useFiles, files: p.files.length }));
    return {
      module: f,
      names,
      privateModule: isPrivateModule(f),
      legacy: info?.deprecated === true,
      listed: names.some((n) => !isPrivateName(n.name) && info?.exports.has(n.name) === true),
      defines: f === file,
    };
  });
  const { chosen, rule } = chooseModule(candidates);
  return { binding: { file: chosen.module, name: chooseName(chosen, name) }, rule };
}

/** One move per (legacy file, canonical file), with every name that moves between the two. */
export function tsMoves(clusters: readonly TsCluster[]): TsMove[] {
  const moves = new Map<string, { from: string; to: string; entries: [string, string][]; files: Set<string> }>();
  for (const cluster of clusters) {
    for (const p of cluster.paths.slice(1)) {
      if (p.files.length === 0 || cluster.kept.includes(p)) continue;
      const key = `${p.file}\0${cluster.canonical}`;
      const move = moves.get(key) ?? { from: p.file, to: cluster.canonical, entries: [], files: new Set<string>() };
      move.entries.push([p.name, cluster.name]);
      for (const f of p.files) move.files.add(f);
      moves.set(key, move);
    }
  }
  return [...moves.values()]
    .map((m) => {
      const entries = m.entries.sort((a, b) => compare(a[0], b[0]));
      const renamed = entries.some(([a, b]) => a !== b);
      return { from: m.from, to: m.to, symbols: renamed ? Object.fromEntries(entries) : entries.map(([a]) => a), files: m.files.size };
    })
    .sort((a, b) => b.files - a.files || compare(a.from, b.from) || compare(a.to, b.to));
}

/** Exports, re-exports and imports of one file, specifiers resolved to in-tree files. */
function indexTsFile(program: SyntaxNode, path: string, resolver: TsResolver, test: boolean): { info: TsFileInfo; namespaceImports: number } {
  const exports = new Map<string, TsExport>();
  const stars: string[] = [];
  const imported = new Map<string, { file: string; name: string }>();
  const rawSites: { file: string; name: string; local: string | undefined }[] = [];
  let namespaceImports = 0;

  for (const stmt of collectTsModuleStatements(program)) {
    if (stmt.specifier === undefined || stmt.container.id !== program.id) continue;
    const target = resolver.resolve(stmt.specifier, path, stmt.requireClause ? 'require' : 'import');
    if (target === undefined) continue;
    if (stmt.kind === 'export') {
      if (stmt.star) stars.push(target);
      for (const item of stmt.items) exports.set(item.local, { kind: 'from', file: target, name: item.name });
      continue;
    }
    for (const item of stmt.items) {
      if (item.kind === 'namespace') {
        namespaceImports++;
        continue;
      }
      imported.set(item.local, { file: target, name: item.name });
      rawSites.push({ file: target, name: item.name, local: item.local });
    }
  }

  // Destructured dynamic imports and requires: `const { A, B: C } = await import('…')`, `= require('…')`.
  for (const call of program.descendantsOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    const isImport = fn?.type === 'import';
    if (!isImport && !(fn?.type === 'identifier' && fn.text === 'require')) continue;
    const arg = call.childForFieldName('arguments')?.namedChildren[0];
    const spec = arg ? plainStringValue(arg) : undefined;
    const declarator = call.parent?.type === 'await_expression' ? call.parent.parent : call.parent;
    const pattern = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('name') : null;
    if (spec === undefined || pattern?.type !== 'object_pattern') continue;
    const target = resolver.resolve(spec, path, isImport ? 'dynamic-import' : 'require');
    if (target === undefined) continue;
    for (const prop of pattern.namedChildren) {
      const key = prop.type === 'shorthand_property_identifier_pattern' ? prop : prop.type === 'pair_pattern' ? prop.childForFieldName('key') : null;
      if (key) rawSites.push({ file: target, name: key.text, local: undefined });
    }
  }

  // Local declarations and `export { X }` lists of the file itself.
  for (const stmt of program.namedChildren) {
    if (stmt.type !== 'export_statement' || stmt.childForFieldName('source')) continue;
    const line = stmt.startPosition.row + 1;
    if (stmt.children.some((c) => c.type === 'default')) exports.set('default', { kind: 'local', line });
    const declaration = stmt.childForFieldName('declaration');
    if (declaration) for (const d of declaredNames(declaration)) exports.set(d.node.text, { kind: 'local', line });
    const clause = stmt.namedChildren.find((c) => c.type === 'export_clause');
    for (const spec of clause?.namedChildren.filter((c) => c.type === 'export_specifier') ?? []) {
      const local = spec.childForFieldName('name')!.text;
      const exported = spec.childForFieldName('alias')?.text ?? local;
      const via = imported.get(local);
      exports.set(exported, via ? { kind: 'from', file: via.file, name: via.name } : { kind: 'local', line });
    }
  }

  const reExportedLocals = new Set([...program.namedChildren].filter((s) => s.type === 'export_statement' && !s.childForFieldName('source')).flatMap((s) => s.namedChildren.find((c) => c.type === 'export_clause')?.namedChildren.map((c) => c.childForFieldName('name')?.text ?? '') ?? []));
  const first = program.namedChildren[0];
  const deprecated = first?.type === 'comment' && first.text.startsWith('/**') && /@deprecated\b/.test(first.text);
  return {
    info: {
      path,
      test,
      deprecated,
      exports,
      stars,
      sites: rawSites.map((s) => ({ file: s.file, name: s.name, reExported: s.local !== undefined && reExportedLocals.has(s.local) })),
    },
    namespaceImports,
  };
}
