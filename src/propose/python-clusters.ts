/**
 * Clusters and moves of `init --discover` for Python. A **cluster** is one symbol as the code uses it: the
 * definition(s) it comes from and every module path it is imported through. Several definitions join one cluster
 * only on strong evidence (names.ts). A cluster is proposed when people really reach it in more than one way: at
 * least two paths with importers that use it (not merely re-export it), or a second definition under an old name
 * that someone imports. See docs/discover.md.
 */
import { compareText, isTestPath, pushTo } from './collections.js';
import { chooseModule, chooseName, isPrivateModule, isPrivateName, renameAllowed, type BindingCandidate, type BindingRule } from './canonical.js';
import type { NameCore } from './names.js';
import { symbolKey, type PyModule, type PyResolver, type PySite } from './python.js';

/**
 * A definition (a `class`, a `def`, or a top-level value) that a cluster's paths lead to; or an object defined
 * outside the tree, in a private implementation module a module of the tree re-exports (`_io:StringIO`).
 */
export interface Definition {
  module: string;
  name: string;
  kind: 'class' | 'function' | 'value' | 'outside';
  /** The defining file, and the line (`''` and 0 for an object defined outside the tree). */
  path: string;
  line: number;
  /** Why the defining module reads as deprecated, if it does. */
  deprecated?: string;
  name_: NameCore;
  /** Distinct files importing it, through any path. */
  importers: number;
  /** For a definition joined to another: the evidence (`subclasses WebSocketManager`, `imported as WebSocketManager in …`). */
  evidence: string[];
}

/** One module path a symbol is imported through (`from module import name`, or `m.name`). */
export interface ImportPath {
  module: string;
  name: string;
  /** `module:name` of the definition it leads to. */
  definition: string;
  /** Import sites (statements, or `m.name` uses), and the distinct files they are in. */
  sites: number;
  files: string[];
  testFiles: number;
  /** Files that import it only to re-export it (a module-level import listed in `__all__` or imported from there). */
  reExportFiles: number;
  /** Files that import it to use it (files minus re-exporters). */
  useFiles: number;
  /** The module binds the name but nobody imports it from there. */
  exportedOnly?: true;
}

/** Why a definition was taken (the first element of `reasons`), then the rule that chose its module (canonical.ts). */
export type CanonicalReason = 'only-definition' | 'unmarked-name' | 'not-deprecated' | 'most-imported' | 'first-by-name' | BindingRule;

/**
 * A legacy path whose name is not renamed: the canonical name is not the majority spelling, or the symbol is a value
 * (or defined outside the tree, so possibly a value).
 */
export interface KeptName {
  path: ImportPath;
  /** Files importing the symbol under the path's name, and under the canonical name. */
  spelling: number;
  canonicalSpelling: number;
  reason: 'majority-spelling' | 'value' | 'outside';
}

export interface Cluster {
  language: 'python';
  /** `module:name` of the canonical symbol. */
  id: string;
  canonical: { module: string; name: string; definition: string; reasons: CanonicalReason[]; rule: BindingRule };
  /** Canonical definition first. */
  definitions: Definition[];
  /** The canonical path first, then by importing files (most first) and name. */
  paths: ImportPath[];
  /** Legacy paths left as they are: their name is not renamed to the canonical one. */
  kept: KeptName[];
  status: 'proposed' | 'left-out';
  /** Why a fragmented cluster is not proposed. */
  leftOut?: { reason: 'canonical-deprecated' | 'names-kept'; module: string; detail: string };
}

/** One `python.moves` entry: a legacy module and the names that move from it. */
export interface ProposedMove {
  from: string;
  to: string;
  /** The schema's form: a list when nothing is renamed, else a map `{Old: New}`. */
  symbols: string[] | Record<string, string>;
  entries: { name: string; newName: string; cluster: string; path: ImportPath }[];
  /** Set when two of the names become one (they are one object under two names, or joined by evidence). */
  merge?: true;
  /** Distinct files importing any of the moving names from `from`. */
  files: number;
  testFiles: number;
  status: 'proposed' | 'left-out';
}

/** A likeness that was found but not acted on. */
export interface SimilarName {
  definition: { module: string; name: string; kind: string; path: string; line: number; importers: number };
  similarTo: { module: string; name: string; kind: string; path: string; line: number; importers: number };
  reason: 'variant' | 'same-name-different-body' | 'kind-mismatch' | 'no-unmarked-definition' | 'no-link' | 'several-unmarked-definitions';
  detail: string;
}

/** A site resolved to a symbol: how it was imported and what it leads to. */
export interface Use {
  file: PyModule;
  site: PySite;
  module: string;
  name: string;
  definition: string;
}

/** Union-find root. */
function find(parent: Map<string, string>, key: string): string {
  let k = key;
  while (parent.get(k) !== k && parent.has(k)) k = parent.get(k)!;
  return k;
}

/**
 * Joins definitions that are one symbol under an old and a new name, and lists the likenesses it did not act on.
 * Joined: byte-for-byte copies of one definition (same name, same text up to whitespace); and a class (function)
 * whose name reduces, by old-name markers only, to the name of an unmarked class (function) in another module —
 * `UnifiedWebSocketManager` to `WebSocketManager` — when the code links the two: the old one subclasses the new
 * one, its module imports the new one, or some file imports it under the new name. Everything else is reported.
 */
export function joinSimilarDefinitions(
  definitions: Map<string, Definition>,
  modules: ReadonlyMap<string, PyModule>,
  resolver: PyResolver,
  usesByDefinition: ReadonlyMap<string, readonly Use[]>,
): { parent: Map<string, string>; similar: SimilarName[] } {
  const parent = new Map<string, string>([...definitions.keys()].map((k) => [k, k]));
  const join = (from: Definition, to: Definition) => parent.set(find(parent, keyOf(from)), find(parent, keyOf(to)));
  const similar: SimilarName[] = [];
  const brief = (d: Definition) => ({ module: d.module, name: d.name, kind: d.kind, path: d.path, line: d.line, importers: d.importers });
  const note = (d: Definition, to: Definition, reason: SimilarName['reason'], detail: string) => {
    if (d.importers + to.importers > 0) similar.push({ definition: brief(d), similarTo: brief(to), reason, detail });
  };
  const digest = (d: Definition): string => {
    const b = modules.get(d.module)?.bindings.get(d.name)?.find((x) => x.kind === 'class' || x.kind === 'function');
    return b && (b.kind === 'class' || b.kind === 'function') ? b.digest : keyOf(d);
  };

  const byCore = new Map<string, Definition[]>();
  for (const d of definitions.values()) {
    if (d.kind === 'class' || d.kind === 'function') pushTo(byCore, d.name_.core, d);
  }
  for (const core of [...byCore.keys()].sort(compareText)) {
    const group = byCore.get(core)!.sort((a, b) => compareText(a.module, b.module) || compareText(a.name, b.name));
    if (new Set(group.map((d) => d.module)).size < 2) continue;
    // Same name in several modules: one symbol only when the definitions are copies of each other.
    const copies = new Map<string, Definition[]>();
    for (const d of group.filter((x) => x.name_.kind === 'none')) pushTo(copies, digest(d), d);
    for (const list of copies.values()) for (const d of list.slice(1)) join(d, list[0]!);
    const distinct = [...copies.values()].map((list) => list[0]!).sort((a, b) => b.importers - a.importers || compareText(a.module, b.module));
    for (const d of distinct.slice(1)) note(d, distinct[0]!, 'same-name-different-body', 'same name, different definitions: not assumed to be one symbol');

    for (const d of group.filter((x) => x.name_.kind !== 'none')) {
      const candidates = distinct.filter((t) => t.module !== d.module);
      if (candidates.length === 0) {
        const other = group.find((x) => x.module !== d.module);
        if (other) note(d, other, 'no-unmarked-definition', `no definition is named ${core} itself, so there is nothing to consolidate on`);
        continue;
      }
      const sameKind = candidates.filter((t) => t.kind === d.kind);
      if (sameKind.length === 0) {
        note(d, candidates[0]!, 'kind-mismatch', `a ${d.kind} and a ${candidates[0]!.kind}: not interchangeable`);
        continue;
      }
      // A subclass or an import singles out one definition; an import under the new name only says which name.
      const linked = sameKind.map((t) => ({ t, links: linksBetween(d, t, modules, resolver, usesByDefinition) })).filter((x) => x.links.strong.length > 0);
      const alone = sameKind.length === 1 ? linksBetween(d, sameKind[0]!, modules, resolver, usesByDefinition) : undefined;
      const chosen = linked.length === 1 ? linked[0] : alone && alone.weak.length > 0 ? { t: sameKind[0]!, links: alone } : undefined;
      const target = chosen?.t ?? linked[0]?.t ?? sameKind[0]!;
      if (d.name_.kind === 'variant') {
        note(d, target, 'variant', `${d.name_.markers.map((m) => `"${m}"`).join(' + ')} marks a variant with its own contract, not an old name`);
      } else if (chosen) {
        d.evidence.push(`its name is ${target.name} with ${d.name_.markers.map((m) => `"${m}"`).join(' and ')} added`, ...chosen.links.strong, ...chosen.links.weak);
        join(d, target);
      } else if (linked.length === 0) {
        note(d, target, 'no-link', 'similar name, but nothing in the code links the two (no subclass, no import, no alias)');
      } else {
        note(d, target, 'several-unmarked-definitions', `it is linked to several definitions named ${core}`);
      }
    }
  }
  return { parent, similar };
}

const keyOf = (d: { module: string; name: string }): string => symbolKey(d.module, d.name);

/**
 * What in the code links `d` (an old name) to `target`. Strong links single out that definition: `d` subclasses it,
 * or `d`'s module imports it. A weak link only says which name `d` stands for: a file imports `d` under the target's
 * name (`import UnifiedWebSocketManager as WebSocketManager`).
 */
function linksBetween(
  d: Definition,
  target: Definition,
  modules: ReadonlyMap<string, PyModule>,
  resolver: PyResolver,
  usesByDefinition: ReadonlyMap<string, readonly Use[]>,
): { strong: string[]; weak: string[] } {
  const strong: string[] = [];
  const targetKey = keyOf(target);
  const binding = modules.get(d.module)?.bindings.get(d.name)?.find((b) => b.kind === 'class');
  if (binding?.kind === 'class') {
    for (const base of binding.bases) {
      const [head, ...rest] = base.split('.');
      let t = resolver.resolve(d.module, head!);
      for (const attr of rest) t = t.kind === 'module' ? resolver.resolve(t.module, attr) : t;
      if (t.kind === 'symbol' && keyOf(t) === targetKey) strong.push(`it subclasses ${target.name}`);
    }
  }
  if ((usesByDefinition.get(targetKey) ?? []).some((u) => u.file.module === d.module)) strong.push(`its module imports ${target.name} from ${target.module}`);
  const key = keyOf(d);
  const renamedAs = [...new Set((usesByDefinition.get(key) ?? []).filter((u) => u.site.name !== target.name && u.site.binds === target.name).map((u) => u.file.module || u.file.path))].sort(compareText);
  return { strong, weak: renamedAs.length > 0 ? [`${renamedAs.join(', ')} imports it as ${target.name}`] : [] };
}

/** How a module is known to the clusters: its `__all__` and whether it reads as deprecated (`os.path` → posixpath's). */
export type ModuleInfo = (module: string) => Pick<PyModule, 'all' | 'deprecated'> | undefined;

/**
 * One cluster per joined component of definitions that has import paths. The canonical definition is the unmarked,
 * not deprecated, most imported one; its canonical binding (module and name) is chosen by the ordered rules of
 * canonical.ts among the modules that bind it; renames are proposed only for minority spellings.
 */
export function buildClusters(definitions: Map<string, Definition>, paths: Map<string, ImportPath>, parent: Map<string, string>, info: ModuleInfo): Cluster[] {
  const components = new Map<string, Definition[]>();
  for (const [key, d] of definitions) pushTo(components, find(parent, key), d);
  const pathsByDefinition = new Map<string, ImportPath[]>();
  for (const p of paths.values()) pushTo(pathsByDefinition, p.definition, p);

  const clusters: Cluster[] = [];
  for (const defs of components.values()) {
    const keys = new Set(defs.map((d) => symbolKey(d.module, d.name)));
    const clusterPaths = [...keys].flatMap((k) => pathsByDefinition.get(k) ?? []);
    if (clusterPaths.length === 0) continue;
    const ranked = [...defs].sort(
      (a, b) =>
        Number(a.name_.kind !== 'none') - Number(b.name_.kind !== 'none') ||
        Number(a.deprecated !== undefined) - Number(b.deprecated !== undefined) ||
        b.importers - a.importers ||
        compareText(a.module, b.module) ||
        compareText(a.name, b.name),
    );
    const chosen = ranked[0]!;
    const chosenKey = symbolKey(chosen.module, chosen.name);
    if (!paths.has(chosenKey)) {
      clusterPaths.push({ module: chosen.module, name: chosen.name, definition: chosenKey, sites: 0, files: [], testFiles: 0, reExportFiles: 0, useFiles: 0, exportedOnly: true });
    }
    const reason = definitionReason(ranked);
    const binding = canonicalBinding(ranked, clusterPaths, info);
    // An object defined outside the tree is clustered only behind a public face in the tree: never canonical itself.
    if (chosen.kind === 'outside' && (binding.module === chosen.module || isPrivateModule(binding.module) || isPrivateName(binding.name))) continue;
    // The binding may lead to a copy of the chosen definition (same name, same text): that copy is the canonical one.
    const definition = binding.definition;
    ranked.splice(ranked.indexOf(definition), 1);
    ranked.unshift(definition);
    const canonicalKey = symbolKey(binding.module, binding.name);
    const sortedPaths = clusterPaths.sort(
      (a, b) =>
        Number(symbolKey(b.module, b.name) === canonicalKey) - Number(symbolKey(a.module, a.name) === canonicalKey) ||
        b.files.length - a.files.length ||
        compareText(a.module, b.module) ||
        compareText(a.name, b.name),
    );
    const legacy = sortedPaths.slice(1).filter((p) => p.sites > 0);
    const usedPaths = sortedPaths.filter((p) => p.useFiles > 0).length;
    if (legacy.length === 0 || (usedPaths < 2 && defs.length < 2)) continue;
    const kept = keptNames(legacy, sortedPaths, binding.name, definitions, info);
    // A definition in a deprecated module is itself legacy: moving its importers to a re-export of it only shuffles them.
    const deprecatedModule = definition.deprecated !== undefined ? definition.module : info(binding.module)?.deprecated !== undefined ? binding.module : undefined;
    const leftOut: Cluster['leftOut'] =
      deprecatedModule !== undefined
        ? { reason: 'canonical-deprecated', module: deprecatedModule, detail: (definition.deprecated ?? info(binding.module)?.deprecated)! }
        : kept.length === legacy.length
          ? { reason: 'names-kept', module: binding.module, detail: 'every other path spells it under a name that is not renamed' }
          : undefined;
    clusters.push({
      language: 'python',
      id: canonicalKey,
      canonical: { module: binding.module, name: binding.name, definition: symbolKey(definition.module, definition.name), reasons: [reason, binding.rule], rule: binding.rule },
      definitions: ranked,
      paths: sortedPaths,
      kept,
      status: leftOut ? 'left-out' : 'proposed',
      ...(leftOut ? { leftOut } : {}),
    });
  }
  return clusters.sort((a, b) => compareText(a.canonical.module, b.canonical.module) || compareText(a.canonical.name, b.canonical.name));
}

/** Why the first of the ranked definitions was taken. */
function definitionReason(ranked: readonly Definition[]): CanonicalReason {
  const [chosen, runnerUp] = ranked as [Definition, Definition | undefined];
  if (!runnerUp) return 'only-definition';
  if (runnerUp.name_.kind !== 'none' && chosen.name_.kind === 'none') return 'unmarked-name';
  if (runnerUp.deprecated !== undefined && chosen.deprecated === undefined) return 'not-deprecated';
  if (runnerUp.importers < chosen.importers) return 'most-imported';
  return 'first-by-name';
}

/**
 * The canonical module and name of a cluster, among the modules its paths go through (canonical.ts), and the
 * definition that binding leads to. Paths to a joined definition under an old name (`LegacyWidget`) count as legacy;
 * paths to a copy of the definition (same name, same text) are bindings of the same symbol like any other.
 */
function canonicalBinding(ranked: readonly Definition[], clusterPaths: readonly ImportPath[], info: ModuleInfo): { module: string; name: string; rule: BindingRule; definition: Definition } {
  const chosen = ranked[0]!;
  const byKey = new Map(ranked.map((d) => [symbolKey(d.module, d.name), d]));
  const byModule = new Map<string, ImportPath[]>();
  for (const p of clusterPaths) pushTo(byModule, p.module, p);
  const candidates: BindingCandidate[] = [...byModule].map(([module, list]) => {
    const own = list.filter((p) => byKey.get(p.definition)!.name_.kind === 'none' || p.definition === symbolKey(chosen.module, chosen.name));
    const names = (own.length > 0 ? own : list).map((p) => ({ name: p.name, useFiles: p.useFiles, files: p.files.length }));
    const known = info(module);
    return {
      module,
      names,
      privateModule: isPrivateModule(module),
      legacy: known?.deprecated !== undefined || own.length === 0,
      listed: names.some((n) => !isPrivateName(n.name) && known?.all?.has(n.name) === true),
      defines: module === chosen.module,
    };
  });
  const { chosen: candidate, rule } = chooseModule(candidates);
  const name = chooseName(candidate, chosen.name);
  const path = byModule.get(candidate.module)!.find((p) => p.name === name)!;
  return { module: candidate.module, name, rule, definition: byKey.get(path.definition)! };
}

/** Legacy paths under another name than the canonical one whose importers are not to be renamed (canonical.ts). */
function keptNames(legacy: readonly ImportPath[], all: readonly ImportPath[], canonicalName: string, definitions: ReadonlyMap<string, Definition>, info: ModuleInfo): KeptName[] {
  const spelling = new Map<string, Set<string>>();
  for (const p of all) {
    const files = spelling.get(p.name) ?? new Set<string>();
    for (const f of p.files) files.add(f);
    spelling.set(p.name, files);
  }
  const canonicalFiles = spelling.get(canonicalName)?.size ?? 0;
  const kept: KeptName[] = [];
  for (const p of legacy) {
    if (p.name === canonicalName) continue;
    const definition = definitions.get(p.definition);
    const kind = definition?.kind ?? 'value';
    const files = spelling.get(p.name)!.size;
    const marked = (definition !== undefined && definition.name === p.name && definition.name_.kind === 'old-name') || info(p.module)?.deprecated !== undefined;
    if (renameAllowed({ name: p.name, files, marked }, { name: canonicalName, files: canonicalFiles }, kind)) continue;
    kept.push({ path: p, spelling: files, canonicalSpelling: canonicalFiles, reason: kind === 'value' || kind === 'outside' ? kind : 'majority-spelling' });
  }
  return kept;
}

/** Symbols imported through another path than their definer's, but used through one path only. */
export function countSinglePath(paths: Map<string, ImportPath>, clusters: readonly Cluster[]): number {
  const clustered = new Set(clusters.flatMap((c) => c.definitions.map((d) => symbolKey(d.module, d.name))));
  // An outside object bound in the tree only privately is not clustered, yet may be used through two paths.
  const usedPaths = new Map<string, number>();
  for (const p of paths.values()) if (p.useFiles > 0) usedPaths.set(p.definition, (usedPaths.get(p.definition) ?? 0) + 1);
  const reExported = new Set<string>();
  for (const p of paths.values()) {
    if (p.definition !== symbolKey(p.module, p.name) && !clustered.has(p.definition) && (usedPaths.get(p.definition) ?? 0) < 2) reExported.add(p.definition);
  }
  return reExported.size;
}

/** One move per (legacy module, canonical module), with every name that moves between the two. */
export function buildMoves(clusters: readonly Cluster[]): ProposedMove[] {
  const moves = new Map<string, ProposedMove>();
  for (const cluster of clusters) {
    const kept = new Set(cluster.kept.map((k) => k.path));
    for (const p of cluster.paths.slice(1)) {
      if (p.sites === 0 || kept.has(p)) continue;
      const key = `${p.module}\0${cluster.canonical.module}\0${cluster.status}`;
      const move = moves.get(key) ?? { from: p.module, to: cluster.canonical.module, symbols: [], entries: [], files: 0, testFiles: 0, status: cluster.status };
      move.entries.push({ name: p.name, newName: cluster.canonical.name, cluster: cluster.id, path: p });
      moves.set(key, move);
    }
  }
  for (const move of moves.values()) {
    move.entries.sort((a, b) => compareText(a.name, b.name));
    const files = new Set(move.entries.flatMap((e) => e.path.files));
    move.files = files.size;
    move.testFiles = [...files].filter(isTestPath).length;
    const renamed = move.entries.some((e) => e.name !== e.newName);
    move.symbols = renamed ? Object.fromEntries(move.entries.map((e) => [e.name, e.newName])) : move.entries.map((e) => e.name);
    // Two names of one object (`main = TestProgram`) becoming one: the config must say the merge is meant.
    if (new Set(move.entries.map((e) => e.newName)).size < move.entries.length) move.merge = true;
  }
  // Most importing files first: the moves that matter most are reviewed first.
  return [...moves.values()].sort((a, b) => compareText(a.status, b.status) || b.files - a.files || compareText(a.from, b.from) || compareText(a.to, b.to));
}
