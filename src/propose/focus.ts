/**
 * What `init --discover` shows: with `--focus PATTERN` (repeatable), only the clusters whose symbols or modules
 * match one of the patterns; without, the clusters with the most importing files (`top`, default
 * {@link DEFAULT_TOP} per language), the rest summarised as counts. Patterns are names or globs, matched without
 * regard to case against symbol names, dotted module names (whole, or any segment: `websocket*` matches
 * `app.websocket_core.manager`), and file paths (whole, or any segment); a pattern without glob characters also
 * matches everything under a module or directory of that name. See docs/discover.md (Focus).
 */
import picomatch from 'picomatch';
import { compareText } from './collections.js';
import { buildMoves, type Cluster, type ProposedMove, type SimilarName } from './python-clusters.js';
import { tsMoves, type TsCluster, type TsProposal } from './typescript.js';

/** Clusters shown per language when no focus is given. */
export const DEFAULT_TOP = 20;

export interface Selection {
  /** The focus patterns (empty: none). */
  focus: string[];
  /** Without focus: at most this many clusters per language, by importing files (0: no limit). */
  top: number;
  /** What the selection left out, as counts (the command to see it is in the rendered header). */
  hidden: { clusters: number; moves: number; similar: number; tsClusters: number; tsMoves: number };
}

/** What a focus pattern is matched against, for one cluster or likeness. */
interface Subject {
  names: string[];
  modules: string[];
  files: string[];
}

const GLOB = /[*?[\]{}!()]/;

/** A predicate that is true when any pattern matches any of a subject's names, modules or files. */
export function focusMatcher(patterns: readonly string[]): (subject: Subject) => boolean {
  const tests = patterns.map((pattern) => {
    const match = picomatch(pattern, { nocase: true, dot: true });
    const plain = GLOB.test(pattern) ? undefined : pattern.toLowerCase().replace(/\/$/, '');
    const under = (value: string, sep: string) => plain !== undefined && (value.toLowerCase() === plain || value.toLowerCase().startsWith(`${plain}${sep}`));
    return (s: Subject) =>
      s.names.some((n) => match(n)) ||
      s.modules.some((m) => match(m) || m.split('.').some((seg) => match(seg)) || under(m, '.')) ||
      s.files.some((f) => match(f) || f.split('/').some((seg) => match(seg) || match(seg.replace(/\.[^.]*$/, ''))) || under(f, '/'));
  });
  return (subject) => tests.some((t) => t(subject));
}

const clusterSubject = (c: Cluster): Subject => ({
  names: [c.canonical.name, ...c.definitions.map((d) => d.name), ...c.paths.map((p) => p.name)],
  modules: [c.canonical.module, ...c.definitions.map((d) => d.module), ...c.paths.filter((p) => p.sites > 0).map((p) => p.module)],
  files: c.definitions.map((d) => d.path).filter((f) => f !== ''),
});

const tsSubject = (c: TsCluster): Subject => ({ names: [c.name, ...c.paths.map((p) => p.name)], modules: [], files: [c.canonical, ...c.paths.map((p) => p.file)] });

const similarSubject = (s: SimilarName): Subject => ({
  names: [s.definition.name, s.similarTo.name],
  modules: [s.definition.module, s.similarTo.module],
  files: [s.definition.path, s.similarTo.path],
});

/** Distinct files importing a cluster through any path. */
export const clusterFiles = (c: Cluster): number => new Set(c.paths.flatMap((p) => p.files)).size;
const tsClusterFiles = (c: TsCluster): number => new Set(c.paths.flatMap((p) => p.files)).size;

/** The `top` items by importing files (ties by their existing order), or all of them when `top` is 0. */
function topBy<T>(items: readonly T[], files: (item: T) => number, top: number): Set<T> {
  if (top === 0 || items.length <= top) return new Set(items);
  const ranked = items.map((item, i) => ({ item, i, n: files(item) })).sort((a, b) => b.n - a.n || a.i - b.i);
  return new Set(ranked.slice(0, top).map((r) => r.item));
}

/**
 * Narrow a proposal to the focus, or to the top clusters: Python clusters (proposed and left out, each kind up to
 * `top`), their moves (rebuilt from the clusters kept), similar names, and the TypeScript clusters and moves.
 */
export function selectClusters(
  python: { clusters: Cluster[]; moves: ProposedMove[]; similar: SimilarName[] },
  typescript: TsProposal | undefined,
  focus: readonly string[],
  top: number,
): { clusters: Cluster[]; moves: ProposedMove[]; similar: SimilarName[]; typescript: TsProposal | undefined; selection: Selection } {
  let keep: (c: Cluster) => boolean;
  let keepTs: (c: TsCluster) => boolean;
  let keepSimilar: (s: SimilarName) => boolean;
  if (focus.length > 0) {
    const matches = focusMatcher(focus);
    keep = (c) => matches(clusterSubject(c));
    keepTs = (c) => matches(tsSubject(c));
    keepSimilar = (s) => matches(similarSubject(s));
  } else {
    const proposed = topBy(python.clusters.filter((c) => c.status === 'proposed'), clusterFiles, top);
    const leftOut = topBy(python.clusters.filter((c) => c.status !== 'proposed'), clusterFiles, top);
    const ts = topBy(typescript?.clusters ?? [], tsClusterFiles, top);
    const similar = topBy(python.similar, (s) => s.definition.importers + s.similarTo.importers, top);
    keep = (c) => proposed.has(c) || leftOut.has(c);
    keepTs = (c) => ts.has(c);
    keepSimilar = (s) => similar.has(s);
  }
  const clusters = python.clusters.filter(keep);
  const moves = buildMoves(clusters);
  const similar = python.similar.filter(keepSimilar);
  const tsClusters = (typescript?.clusters ?? []).filter(keepTs);
  const tsKept = typescript ? { ...typescript, clusters: tsClusters, moves: tsMoves(tsClusters) } : undefined;
  const hidden = {
    clusters: python.clusters.length - clusters.length,
    moves: python.moves.length - moves.length,
    similar: python.similar.length - similar.length,
    tsClusters: (typescript?.clusters.length ?? 0) - tsClusters.length,
    tsMoves: (typescript?.moves.length ?? 0) - (tsKept?.moves.length ?? 0),
  };
  return { clusters, moves, similar, typescript: tsKept, selection: { focus: [...focus].sort(compareText), top: focus.length > 0 ? 0 : top, hidden } };
}
