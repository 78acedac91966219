/**
 * The top of a proposed config and the command line's one-line summary: what was scanned and not read, what the
 * focus or the top-N limit left out, the counts, and the largest moves, each on one line with its evidence —
 * short enough to fit a screen (at most {@link HEADER_LIMIT} lines; long lists are cut and given in full at the end
 * of the file). Also the text helpers render.ts shares.
 */
import type { DiscoverResult } from './propose.js';
import type { BindingRule } from './canonical.js';
import type { Cluster, ProposedMove } from './python-clusters.js';
import type { TsMove } from './typescript.js';

/** The comment width (the config's own lines are never wrapped). */
export const WIDTH = 116;
/** Lists of files in the header show at most this many; the rest are listed at the end of the file. */
export const LIST_LIMIT = 5;
/** The largest moves listed in the header. */
const TOP_MOVES = 5;
/** The header's target length, in lines: one screen. */
export const HEADER_LIMIT = 24;

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
/** `1 file imports`, `2 files import`. */
export const filesImport = (n: number): string => `${plural(n, 'file')} ${n === 1 ? 'imports' : 'import'}`;

/** Greedy word wrap, keeping the text's own indentation; continuation lines get `indent`. */
export function wrap(text: string, indent = '    '): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = line.trim() === '' ? `${line}${word}` : `${line} ${word}`;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}


/** The header of the config: one screen (see {@link HEADER_LIMIT}). */
export function header(result: DiscoverResult): string[] {
  const { scanned } = result;
  const lines = [
    'yaml-language-server: $schema=SCHEMA',
    'canonize.config.yaml proposed by `canonize init --discover`. It is a PROPOSAL: nothing has been applied.',
    'Review every move (the comments say why each was chosen), then preview with `canonize diff`.',
    'How clusters, canonical modules and similar names are found: docs/discover.md in the canonize package.',
    '',
    `Scanned ${plural(scanned.python, 'Python file')} and ${plural(scanned.typescript, 'TypeScript file')} (${plural(scanned.tests, 'test file')}: counted as importers only).`,
  ];
  if (result.notParsed.length > 0) lines.push(...wrap(`Not read, they do not parse: ${cutList(result.notParsed)}.`));
  if (result.unreadable.length > 0) lines.push(...wrap(`Not read, not decodable: ${cutList(result.unreadable.map((u) => `${u.path} (${u.reason})`))}.`));
  if (result.backups.length > 0) lines.push(...wrap(`Backup copies, never read and excluded below: ${cutList(result.backups)}.`));
  lines.push(...selectionLines(result));
  const proposed = result.clusters.filter((c) => c.status === 'proposed');
  const moves = result.moves.filter((m) => m.status === 'proposed');
  if (proposed.length === 0 && (result.typescript?.moves.length ?? 0) === 0) {
    lines.push(
      ...wrap(
        'No fragmentation found: no symbol of this tree is used through more than one module path, and no two definitions are one symbol under an old and a new name. Nothing is proposed.',
      ),
    );
  } else {
    lines.push(...wrap(`Proposed: ${plural(proposed.length, 'Python cluster')} → ${plural(moves.length, 'move')}${result.typescript ? `; ${plural(result.typescript.clusters.length, 'TypeScript cluster')} → ${plural(result.typescript.moves.length, 'move')}` : ''}.`));
  }
  const deprecated = result.clusters.filter((c) => c.leftOut?.reason === 'canonical-deprecated').length;
  const namesKept = result.clusters.filter((c) => c.leftOut?.reason === 'names-kept').length;
  const parts = [
    deprecated > 0 ? `${plural(deprecated, 'cluster')} whose canonical candidate is deprecated` : '',
    namesKept > 0 ? `${plural(namesKept, 'cluster')} whose other names are not renamed` : '',
    result.similar.length > 0 ? `${plural(result.similar.length, 'similar name')} not acted on` : '',
  ].filter((p) => p !== '');
  if (parts.length > 0) lines.push(...wrap(`Left out (see the end of this file): ${parts.join(', ')}.`));
  if (result.singlePath > 0) {
    lines.push(...wrap(`Not proposed: ${plural(result.singlePath, 'symbol')} re-exported elsewhere but used through one path only (a package's public API is not fragmentation).`));
  }
  // The largest moves fill what is left of the screen (at least one).
  return [...lines, ...largestMoves(result, Math.max(1, Math.min(TOP_MOVES, HEADER_LIMIT - lines.length - 2)))];
}

/** A list of files for the header: the first {@link LIST_LIMIT}, then how many more (listed at the end of the file). */
export function cutList(items: readonly string[]): string {
  if (items.length <= LIST_LIMIT) return items.join(', ');
  return `${items.slice(0, LIST_LIMIT).join(', ')} and ${items.length - LIST_LIMIT} more (all listed at the end of this file)`;
}

/** The largest proposed moves, one line each, most importing files first. */
function largestMoves(result: DiscoverResult, room: number): string[] {
  const clusters = new Map(result.clusters.map((c) => [c.id, c]));
  const python = result.moves.filter((m) => m.status === 'proposed').map((m) => ({ files: m.files, line: `${m.from} → ${m.to}: ${moveEvidence(m, clusters)}` }));
  const ts = (result.typescript?.moves ?? []).map((m) => ({ files: m.files, line: `${m.from} → ${m.to}: ${tsMoveEvidence(m, result.typescript!.clusters)}` }));
  const all = [...python, ...ts].sort((a, b) => b.files - a.files);
  if (all.length === 0) return [];
  const more = all.length > room ? ` (of ${all.length}; each is explained where it stands below)` : '';
  return ['', `Largest moves${more}:`, ...all.slice(0, room).map((m) => `  ${m.line}`)];
}

/**
 * The evidence for one move, in one line: its importing files, each moving name with the files importing it from
 * the legacy module, the rule(s) that made the target canonical, and how many files already import from there.
 */
export function moveEvidence(move: ProposedMove, clusters: ReadonlyMap<string, Cluster>): string {
  const tests = move.testFiles > 0 ? ` (${plural(move.testFiles, 'test')})` : '';
  const names = move.entries.map((e) => `${e.name}${e.name === e.newName ? '' : ` → ${e.newName}`} ${e.path.files.length}`).join(', ');
  const owners = [...new Set(move.entries.map((e) => clusters.get(e.cluster)).filter((c): c is Cluster => c !== undefined))];
  const rules = [...new Set(owners.map((c) => c.canonical.rule))].sort();
  const there = new Set(owners.flatMap((c) => c.paths[0]!.files)).size;
  return `${plural(move.files, 'file')}${tests} [${names}]; rule ${rules.join(', ')}; ${alreadyThere(there)}`;
}

/** The same for a TypeScript move. */
export function tsMoveEvidence(move: TsMove, clusters: readonly { canonical: string; name: string; rule: BindingRule; paths: { file: string; name: string; files: string[] }[] }[]): string {
  const owners = clusters.filter((c) => c.canonical === move.to && c.paths.some((p) => p.file === move.from));
  const names = owners.flatMap((c) => c.paths.filter((p) => p.file === move.from && p.files.length > 0).map((p) => `${p.name}${p.name === c.name ? '' : ` → ${c.name}`} ${p.files.length}`));
  const rules = [...new Set(owners.map((c) => c.rule))].sort();
  const there = new Set(owners.flatMap((c) => c.paths[0]!.files)).size;
  return `${plural(move.files, 'file')} [${names.join(', ')}]; rule ${rules.join(', ')}; ${alreadyThere(there)}`;
}

/** How many files already import from the canonical module. */
const alreadyThere = (n: number): string => `${plural(n, 'file')} already ${n === 1 ? 'imports' : 'import'} from there`;

/** What the focus or the top-N limit left out, and the command to see it. */
function selectionLines(result: DiscoverResult): string[] {
  const { focus, top, hidden } = result.selection;
  const hiddenTotal = hidden.clusters + hidden.tsClusters;
  const counts = [
    hidden.clusters > 0 ? `${plural(hidden.clusters, 'Python cluster')} (${plural(hidden.moves, 'move')})` : '',
    hidden.tsClusters > 0 ? `${plural(hidden.tsClusters, 'TypeScript cluster')} (${plural(hidden.tsMoves, 'move')})` : '',
    hidden.similar > 0 ? plural(hidden.similar, 'similar name') : '',
  ].filter((c) => c !== '');
  if (focus.length > 0) {
    const outside = counts.length > 0 ? `; outside it: ${counts.join(', ')}` : '';
    return wrap(`Focus ${focus.map((f) => `"${f}"`).join(', ')}: only clusters whose symbols, modules or files match${outside}.`);
  }
  if (hiddenTotal + hidden.similar === 0) return [];
  return wrap(`Shown: the ${top} clusters per language with the most importing files. Not shown: ${counts.join(', ')}; see them with \`canonize init --discover --all\`, or one area with \`--focus PATTERN\`.`);
}


/** One line for the command line: what was proposed and left out. */
export function summarizeDiscovery(result: DiscoverResult): string {
  const python = result.moves.filter((m) => m.status === 'proposed').length;
  const ts = result.typescript?.moves.length ?? 0;
  if (python + ts === 0) return 'no fragmentation found, nothing proposed';
  const parts = [`proposed ${plural(python, 'Python move')}`];
  if (result.typescript) parts.push(plural(ts, 'TypeScript move'));
  const leftOut = result.clusters.filter((c) => c.status === 'left-out').length + result.similar.length;
  if (leftOut > 0) parts.push(`${leftOut} left out with reasons`);
  const { hidden, focus } = result.selection;
  const hiddenClusters = hidden.clusters + hidden.tsClusters;
  if (hiddenClusters > 0) parts.push(focus.length > 0 ? `${plural(hiddenClusters, 'cluster')} outside the focus` : `${plural(hiddenClusters, 'more cluster')} not shown (--all)`);
  return `${parts.join(', ')}; review it before \`canonize diff\``;
}
