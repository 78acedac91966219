/**
 * Turns a {@link DiscoverResult} into the text of a `canonize.config.yaml` for a human to review: the proposed
 * moves in the exact schema of `python.moves` (and `typescript.moves`), with YAML comments that say why each module
 * was taken as canonical, how many files import each legacy path, and what was left out and why. Comments are
 * attached through the `yaml` package's Document API, so the output is always valid YAML and the same result
 * always gives the same bytes.
 */
import { Document, isMap, isSeq, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { DiscoverResult } from './propose.js';
import type { BindingRule } from './canonical.js';
import type { CanonicalReason, Cluster, Definition, ImportPath, KeptName, ProposedMove, SimilarName } from './python-clusters.js';
import type { TsCluster, TsMove } from './typescript.js';
import { filesImport, header, LIST_LIMIT, moveEvidence, plural, tsMoveEvidence, wrap } from './summary.js';

/** Excluded in every proposed config: backup copies are never sources of truth, and never to be rewritten. */
export const BACKUP_EXCLUDES = ['**/*.backup', '**/*.bak', '**/*.orig', '**/*.{backup,bak,orig}.*'];

const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

/** A comment block: each line gets the space after `#` the yaml package does not add. */
const comment = (lines: readonly string[]): string => lines.map((l) => (l === '' ? '' : ` ${l}`)).join('\n');

function importersText(p: ImportPath): string {
  const parts = [plural(p.files.length, 'file')];
  const notes: string[] = [];
  if (p.testFiles > 0) notes.push(plural(p.testFiles, 'test'));
  if (p.reExportFiles > 0) notes.push(`${p.reExportFiles} only to re-export it`);
  if (p.sites !== p.files.length) notes.push(plural(p.sites, 'site'));
  return notes.length > 0 ? `${parts.join('')} (${notes.join(', ')})` : parts.join('');
}

const DEFINITION_REASONS: Record<Exclude<CanonicalReason, BindingRule>, (others: Definition[]) => string> = {
  'only-definition': () => 'it is the only definition',
  'unmarked-name': (others) => `the other ${others.length === 1 ? 'definition carries' : 'definitions carry'} old-name markers (${others.map((d) => d.name).join(', ')})`,
  'not-deprecated': () => 'the other definitions are in deprecated modules',
  'most-imported': () => 'it has the most importers of the definitions',
  'first-by-name': () => 'the definitions tie; the first module by name was taken',
};

/** What each rule of canonical.ts means when it decided: said in the comments, named by its key. */
export const RULE_TEXT: Record<BindingRule, string> = {
  'only-module': 'no other module binds it',
  public: 'the other modules are private or bind it only under a private name',
  'not-legacy': 'the other modules are deprecated',
  listed: "its __all__ lists it and the other modules' do not",
  'most-used': 'most importing files already use this module',
  'defining-module': 'it defines it, and the modules tie on __all__ and on importers',
  'first-module-by-name': 'the modules tie on every rule; the first by name was taken',
};

/** Said of a module outside the tree (python.ts: an `external` target; docs/discover.md). */
const OUTSIDE = 'a private module outside the tree (compiled, installed or not scanned)';

function clusterLines(cluster: Cluster): string[] {
  const lines: string[] = [];
  const main = cluster.definitions[0]!;
  const others = cluster.definitions.slice(1);
  const canonicalPath = cluster.paths[0]!;
  const allFiles = new Set(cluster.paths.flatMap((p) => p.files));
  lines.push(`${cluster.canonical.name} → ${cluster.canonical.module}`);
  const defines =
    main.kind === 'outside'
      ? `it re-exports ${main.name} of ${main.module}, ${OUTSIDE}`
      : main.module === cluster.canonical.module
        ? `it defines ${main.kind} ${main.name} (${main.path}:${main.line})`
        : `it re-exports ${main.kind} ${main.name} of ${main.module}`;
  const definitionReason = cluster.canonical.reasons[0] as Exclude<CanonicalReason, BindingRule>;
  const why = `${others.length > 0 ? `${DEFINITION_REASONS[definitionReason](others)}; ` : ''}rule ${cluster.canonical.rule}: ${RULE_TEXT[cluster.canonical.rule]}`;
  lines.push(
    ...wrap(
      `  canonical: ${defines}; ${why}. ${filesImport(allFiles.size)} it, through ${plural(cluster.paths.filter((p) => p.sites > 0).length, 'path')}; ${canonicalPath.files.length} already from the canonical module.`,
      '    ',
    ),
  );
  for (const d of others) {
    lines.push(...wrap(`  same symbol under an old name: ${d.kind} ${d.name} in ${d.module} (${d.path}:${d.line}): ${d.evidence.join('; ')}.`, '    '));
  }
  lines.push('  legacy paths (importing files):');
  const kept = new Map(cluster.kept.map((k) => [k.path, k]));
  for (const p of cluster.paths.slice(1)) {
    if (p.sites === 0) continue;
    const k = kept.get(p);
    const renamed = p.name === cluster.canonical.name || k ? '' : ` → ${cluster.canonical.name}`;
    lines.push(...wrap(`    ${p.module}.${p.name}${renamed}: ${importersText(p)}${k ? `; not renamed: ${keptText(k, cluster.canonical.name)}` : ''}`, '      '));
  }
  return lines;
}

function keptText(k: KeptName, canonicalName: string): string {
  if (k.reason === 'value') return `a value bound under two names (${k.path.name}, ${canonicalName}), which usually mean different things`;
  if (k.reason === 'outside') return `defined outside the tree, so it may be a value bound under two names (${k.path.name}, ${canonicalName})`;
  return `${k.path.name} is the majority spelling (${plural(k.spelling, 'file')}, ${canonicalName} ${k.canonicalSpelling})`;
}

/** The YAML of a move, as it would be written, for a left-out move shown commented out. */
/** A move as written in the config: `merge: true` when two names of one object become one. */
const moveEntry = (m: { from: string; to: string; symbols: string[] | Record<string, string>; merge?: true }) => ({ from: m.from, to: m.to, symbols: m.symbols, ...(m.merge ? { merge: true } : {}) });

function moveYaml(move: ProposedMove): string[] {
  const doc = new Document([moveEntry(move)]);
  flowLeaves(doc.contents as Node);
  return doc.toString(TO_STRING).trimEnd().split('\n');
}

function moveComment(move: ProposedMove, clusters: ReadonlyMap<string, Cluster>): string[] {
  const tests = move.testFiles > 0 ? ` (${plural(move.testFiles, 'test')})` : '';
  // The first line is the evidence a reviewer needs; the lines below it say where each name comes from.
  const evidence = moveEvidence(move, clusters).replace(/^[^[]*/, '');
  const lines = [`${move.from}: ${plural(move.files, 'file')}${tests} ${move.files === 1 ? 'imports' : 'import'} the names that move ${evidence}`];
  for (const e of move.entries) {
    const cluster = clusters.get(e.cluster)!;
    const definition = cluster.definitions.find((d) => `${d.module}:${d.name}` === e.path.definition)!;
    const how =
      definition.kind === 'outside'
        ? definition.module === move.from
          ? `defined here, ${OUTSIDE}`
          : `re-export of ${definition.module}.${definition.name}, ${OUTSIDE}`
        : definition.module === move.from
          ? `defined here (${definition.path}:${definition.line})`
          : `re-export of ${definition.module}.${definition.name}`;
    const rename = e.name === e.newName ? '' : ` → ${e.newName} (renamed)`;
    lines.push(...wrap(`  ${e.name}${rename}: ${importersText(e.path)}; ${how}`, '    '));
  }
  return lines;
}

function similarLines(s: SimilarName): string[] {
  const at = (d: SimilarName['definition']) => `${d.module}.${d.name} (${d.kind}, ${d.path}:${d.line}, ${plural(d.importers, 'importing file')})`;
  return wrap(`  ${at(s.definition)} ~ ${at(s.similarTo)}: ${s.detail}.`, '    ');
}

/** Lists and maps of plain values print in flow style (`[A, B]`, `{ Old: New }`), as people write them. */
function flowLeaves(node: Node): void {
  if (isMap(node) || isSeq(node)) {
    const children = (node.items as (Pair | Node)[]).map((i) => (isMap(node) ? ((i as Pair).value as Node) : (i as Node)));
    if (children.every((c) => !isMap(c) && !isSeq(c))) node.flow = true;
    else for (const c of children) if (c) flowLeaves(c);
  }
}

/** The proposed config, as the text of `canonize.config.yaml` (first line: a `$schema=SCHEMA` placeholder for the CLI to fill). */
export function renderDiscoveredConfig(result: DiscoverResult): string {
  const proposedMoves = result.moves.filter((m) => m.status === 'proposed');
  const ts = result.typescript;
  const doc = new Document({
    version: 1,
    exclude: BACKUP_EXCLUDES,
    python: {
      sourceRoots: result.sourceRoots,
      moves: proposedMoves.map(moveEntry),
    },
    ...(ts && ts.moves.length > 0 ? { typescript: { moves: ts.moves.map((m) => ({ from: m.from, to: m.to, symbols: m.symbols })) } } : {}),
  });
  flowLeaves(doc.contents as Node);
  doc.commentBefore = comment(header(result));

  const root = doc.contents as YAMLMap;
  const pairOf = (map: YAMLMap, key: string) => map.items.find((p) => (p.key as Scalar).value === key)!;
  // Globs and paths are quoted, as people write them (`"."` rather than a bare dot).
  const quote = (seq: YAMLSeq) => seq.items.forEach((item) => ((item as Scalar).type = Scalar.QUOTE_DOUBLE));
  quote(pairOf(root, 'exclude').value as YAMLSeq);
  (pairOf(root, 'exclude').key as Scalar).commentBefore = comment(['Backup copies are never sources of truth, and never to be rewritten.']);

  const python = pairOf(root, 'python').value as YAMLMap;
  quote(pairOf(python, 'sourceRoots').value as YAMLSeq);
  (pairOf(python, 'sourceRoots').key as Scalar).commentBefore = comment([
    result.sourceRootsDetected
      ? 'Where module names are counted from: "." plus the parent of each top-level package the code imports by name.'
      : 'Where module names are counted from (as given).',
  ]);

  const clusters = new Map(result.clusters.map((c) => [c.id, c]));
  const proposed = result.clusters.filter((c) => c.status === 'proposed');
  const movesPair = pairOf(python, 'moves');
  (movesPair.key as Scalar).commentBefore = comment(
    proposed.length === 0
      ? ['No Python cluster to consolidate.']
      : ['Clusters: one symbol reached through several module paths, and the module proposed as canonical.', '', ...proposed.flatMap((c) => [...clusterLines(c), ''])].slice(0, -1),
  );
  const seq = movesPair.value as YAMLSeq;
  proposedMoves.forEach((move, i) => {
    (seq.items[i] as YAMLMap).commentBefore = comment(moveComment(move, clusters));
  });

  if (ts && ts.moves.length > 0) {
    const typescript = pairOf(root, 'typescript').value as YAMLMap;
    const tsMovesPair = pairOf(typescript, 'moves');
    (tsMovesPair.key as Scalar).commentBefore = comment(['TypeScript clusters: one export reached through several module files (re-export barrels, older modules).', '', ...ts.clusters.flatMap((c) => [...tsClusterLines(c), ''])].slice(0, -1));
    const tsSeq = tsMovesPair.value as YAMLSeq;
    ts.moves.forEach((move, i) => {
      (tsSeq.items[i] as YAMLMap).commentBefore = comment(tsMoveComment(move, ts.clusters));
    });
  }

  const trailer = leftOutLines(result, clusters);
  if (trailer.length > 0) doc.comment = comment(trailer);
  return doc.toString(TO_STRING);
}

function leftOutLines(result: DiscoverResult, clusters: ReadonlyMap<string, Cluster>): string[] {
  const lines: string[] = [];
  const leftOut = result.moves.filter((m) => m.status === 'left-out');
  if (leftOut.length > 0) {
    lines.push('Left out: clusters whose canonical candidate is itself deprecated. Consolidating onto it would move imports to', 'another legacy module; these names may need a `calls` rule (docs/call-rule.md) or a canonical module of your choosing.', 'Uncomment under python.moves to accept as is:', '');
    for (const cluster of result.clusters.filter((c) => c.leftOut?.reason === 'canonical-deprecated')) {
      lines.push(...clusterLines(cluster), ...wrap(`  not proposed: ${cluster.leftOut!.module} is deprecated (${cluster.leftOut!.detail}).`, '    '), '');
    }
    for (const move of leftOut) {
      // Indented as under `python.moves:`, so that deleting the `# ` is all it takes to accept one.
      lines.push(...moveComment(move, clusters), ...moveYaml(move).map((l) => `    ${l}`));
    }
  }
  const namesKept = result.clusters.filter((c) => c.leftOut?.reason === 'names-kept');
  if (namesKept.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('Left out: symbols bound under several names where no name is to be renamed (nothing else moves):', '');
    for (const cluster of namesKept) lines.push(...clusterLines(cluster), '');
    lines.pop();
  }
  if (result.similar.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('Similar names not acted on (a human may know better):');
    for (const s of result.similar) lines.push(...similarLines(s));
  }
  if (result.cycles.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(...wrap(`Re-export cycles (a module imports the name from one that imports it back), not followed: ${result.cycles.join(', ')}.`));
  }
  const lists: [string, readonly string[]][] = [
    ['Not read, they do not parse', result.notParsed],
    ['Not read, not decodable', result.unreadable.map((u) => `${u.path} (${u.reason})`)],
    ['Backup copies, never read', result.backups],
  ];
  for (const [what, items] of lists) {
    if (items.length <= LIST_LIMIT) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`${what} (all ${items.length}):`, ...items.map((i) => `  ${i}`));
  }
  const notes = result.typescript?.notes ?? [];
  if (notes.length > 0 && lines.length > 0) lines.push('');
  for (const note of notes) lines.push(...wrap(note));
  return lines;
}

function tsClusterLines(cluster: TsCluster): string[] {
  const lines = [`${cluster.name} → ${cluster.canonical} (defined at ${cluster.definedAt}; rule ${cluster.rule}: ${RULE_TEXT[cluster.rule].replace('__all__', 'export')})`];
  for (const p of cluster.paths.slice(1)) {
    if (p.files.length === 0) continue;
    const kept = cluster.kept.includes(p);
    const renamed = p.name === cluster.name || kept ? '' : ` → ${cluster.name}`;
    lines.push(`  ${p.file} ${p.name}${renamed}: ${plural(p.files.length, 'file')}${p.testFiles > 0 ? ` (${plural(p.testFiles, 'test')})` : ''}${kept ? '; not renamed: the majority spelling' : ''}`);
  }
  return lines;
}

function tsMoveComment(move: TsMove, clusters: readonly TsCluster[]): string[] {
  return [`${move.from}: ${filesImport(move.files)} the names that move ${tsMoveEvidence(move, clusters).replace(/^[^[]*/, '')}`];
}

