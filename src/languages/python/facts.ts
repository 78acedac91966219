/**
 * The Python facts of the project index (docs/architecture.md, "The project index"): the top-level names of the
 * canonical modules the rules asked about, and which modules other files import names from that a rule may stop
 * binding. Read from the files' bytes, before any file is planned.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asBuffer } from '../../core/bytes.js';
import type { ChangedFile, FactsChange, FactsChangeContext, FactsContext } from '../../core/language.js';
import { withTree } from '../../core/parse.js';
import { sourceFromBytes } from '../../core/source.js';
import type { ProjectIndex, Transform } from '../../core/types.js';
import { pythonModuleExports } from './exports.js';
import type { PythonFactRequest } from './facts-data.js';
import { PYTHON_GRAMMAR } from './grammar.js';
import { moduleForPath, pathsForModule, resolveRelative } from './modules.js';
import { callersScan, type CallersScan } from './callers.js';
import { fromImports, Reader } from './text-scan.js';

export { fromImports };

const isWord = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isWordStart = (c: number) => isWord(c) && !(c >= 48 && c <= 57);
const DOT = 46;

/** `names` less those that hold another of them: a text holds one of `names` exactly when it holds one of these. */
function leastNeedles(names: ReadonlySet<string>): string[] {
  const sorted = [...names].sort((a, b) => a.length - b.length);
  return sorted.filter((n, i) => !sorted.slice(0, i).some((m) => n.includes(m)));
}

/**
 * A reader of every `a.b.c.name` of a text, `name` one of `names` (identifiers), as [`a.b.c`, `name`]: the dotted
 * chain of identifiers ([A-Za-z_]\w*, ASCII) that ends in `.name` followed by no word character, starting where no
 * word character or dot precedes it; of a run of word characters and dots, the longest such chain, and only one.
 * That is what the regex /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(name|...)(?!\w)/g matches
 * (test/attribute-reads.test.ts), but that regex tried its chain at every identifier of every file (≈ 1 s on the
 * 10,000-file bench trees); this looks only around each `.name`.
 */
export function attributeReader(names: ReadonlySet<string>): (text: string) => [string, string][] {
  const escaped = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const dotted = new RegExp(`\\.(?:${escaped})(?!\\w)`, 'g');
  return (text) => {
    const out: [string, string][] = [];
    const runs = new Set<number>();
    for (const m of text.matchAll(dotted)) {
      let start = m.index;
      while (start > 0 && (isWord(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === DOT)) start--;
      if (runs.has(start)) continue;
      runs.add(start);
      const read = longestChain(text, start, names);
      if (read) out.push(read);
    }
    return out;
  };
}

/** The longest `chain.name` at `start` (the start of a run of word characters and dots), as [chain, name]. */
function longestChain(text: string, start: number, names: ReadonlySet<string>): [string, string] | undefined {
  if (!isWordStart(text.charCodeAt(start))) return undefined;
  // The ends of the chain's identifiers, each followed by a dot and another identifier but the last.
  const ends: number[] = [];
  let at = start;
  for (;;) {
    while (isWord(text.charCodeAt(at))) at++;
    ends.push(at);
    if (text.charCodeAt(at) !== DOT || !isWordStart(text.charCodeAt(at + 1))) break;
    at++;
  }
  for (let i = ends.length - 1; i >= 0; i--) {
    const end = ends[i]!;
    if (text.charCodeAt(end) !== DOT) continue;
    let after = end + 1;
    while (isWord(text.charCodeAt(after))) after++;
    const name = text.slice(end + 1, after);
    if (names.has(name)) return [text.slice(start, end), name];
  }
  return undefined;
}

/**
 * What one file's text tells the importers scan: `record(module, name)` for each of `names` it imports from a module
 * or reads from one as an attribute (`module.name`). Only a text that holds one of the names is looked at.
 */
function importsInText(text: string, path: string, sourceRoots: readonly string[], names: ReadonlySet<string>, needles: readonly string[], attributes: (text: string) => [string, string][], record: (module: string, name: string) => void): void {
  if (!needles.some((n) => text.includes(n))) return;
  const fileModule = moduleForPath(path, sourceRoots);
  // `pkg.mod.name` read as an attribute of a module (`logging.weakref`: the module another one imported): the
  // dotted prefix is taken as the module, as written (an alias `import logging as lg` is not followed).
  for (const [module, name] of attributes(text)) if (module !== 'self' && module !== 'cls') record(module, name);
  for (const m of fromImports(text)) {
    const [, dots, rest, list] = m as unknown as [string, string, string | undefined, string];
    const module = dots ? (fileModule ? resolveRelative(fileModule, dots.length, rest) : undefined) : rest;
    if (module === undefined) continue;
    for (const item of list.replace(/#[^\n]*/g, '').replace(/[()\\]/g, ' ').split(',')) {
      const name = item.trim().split(/\s+as\s+/)[0]!.trim();
      if (names.has(name)) record(module, name);
    }
  }
}

/**
 * Only the modules the scan is for (`modules`): a file can import from one of them only if it holds the module's name
 * (`from a.b import`, `a.b.Name`), its last name after a dot (`from .b import`, `from ..a.b import`) or lies in its
 * package (`from . import Name`).
 */
function mayImportFrom(modules: ReadonlySet<string>, sourceRoots: readonly string[]): (bytes: Buffer, path: string) => boolean {
  // A dotted name holds its own `.last`; searched in the raw bytes, which is much faster than decoding every file.
  const needles = [...new Set([...modules].map((m) => (m.includes('.') ? m.slice(m.lastIndexOf('.')) : m)))].map((n) => Buffer.from(n, 'latin1'));
  const dirs = [...modules].flatMap((m) => pathsForModule(m, sourceRoots).filter((p) => p.endsWith('/__init__.py')).map((p) => p.slice(0, -'__init__.py'.length)));
  return (bytes, path) => needles.some((n) => bytes.includes(n)) || dirs.some((d) => path.startsWith(d));
}

/**
 * Which modules the other files of the tree import each of `names` from, or read it from as an attribute
 * (`module.name`). Only files whose bytes hold one of the names are looked at; a name is recorded as imported, not
 * aliased (`from m import Name as N` records `Name`). With `modules`, only imports from those modules are recorded.
 */
function pythonImportersOf(root: string, sourceRoots: readonly string[], files: readonly string[], names: ReadonlySet<string>, modules?: ReadonlySet<string>, callers?: CallersScan): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  const attributes = attributeReader(names);
  const needles = leastNeedles(names);
  // The callers scan (whose names are among these) reads the texts that import one of its callees: found here.
  let caller = false;
  const record = (module: string, name: string) => {
    if (callers && !caller) caller = callers.wants(module, name);
    if (modules && !modules.has(module)) return;
    const set = out.get(module) ?? new Set<string>();
    out.set(module, set.add(name));
  };
  const relevant = modules && mayImportFrom(modules, sourceRoots);
  const reader = (relevant || callers) && new Reader();
  for (const path of files) {
    let text: string;
    let bytes: Buffer | undefined;
    try {
      if (reader) {
        bytes = reader.read(join(root, path));
        if (relevant && !relevant(bytes, path)) {
          callers?.visit(bytes, path);
          continue;
        }
        text = bytes.toString('latin1');
      } else text = readFileSync(join(root, path), 'latin1');
    } catch {
      continue;
    }
    caller = false;
    importsInText(text, path, sourceRoots, names, needles, attributes, record);
    if (caller) callers!.visitText(text, path);
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([module, set]) => [module, [...set].sort()]));
}

/** The Python part of the project index for `transforms`. */
export async function buildPythonFacts(root: string, transforms: readonly Transform[], context: FactsContext): Promise<Partial<ProjectIndex>> {
  const { sourceRoots } = context;
  const requests: PythonFactRequest[] = transforms.flatMap((t) => (t.facts?.python ? [t.facts.python] : []));
  const modules = [...new Set(requests.flatMap((r) => r.exportsOf ?? []))].sort();
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
      pythonExports[module] = [...withTree(PYTHON_GRAMMAR, read.file.text, (tree) => pythonModuleExports(tree.rootNode))].sort();
      break;
    }
  }
  const asked = new Set(requests.flatMap((r) => r.importersOf ?? []));
  const callers = callersScan(transforms, sourceRoots);
  if (asked.size === 0 && !callers) return { pythonExports };
  const files = await context.listFiles(['**/*.py', '**/*.pyi']);
  if (asked.size === 0) return { pythonExports, pythonCallers: callers!.scan(root, files) };
  // A file's plan reads only what other files import from its own module: with the planned files known, only their
  // modules are scanned for. (A patch in any file may name any module: the callers scan sees every file.)
  const plannedModules = context.plannedFiles && new Set(context.plannedFiles.flatMap((f) => moduleForPath(f, sourceRoots)?.module ?? []));
  const pythonImportedFrom = pythonImportersOf(root, sourceRoots, files, asked, plannedModules, callers);
  return { pythonExports, pythonImportedFrom, ...(callers ? { pythonCallers: callers.result() } : {}) };
}

/** What one text adds to the importers scan: `module name` pairs. */
function importsOfBytes(bytes: Uint8Array | undefined, path: string, sourceRoots: readonly string[], names: ReadonlySet<string>): Map<string, string> {
  const pairs = new Map<string, string>();
  if (bytes) importsInText(asBuffer(bytes).toString('latin1'), path, sourceRoots, names, leastNeedles(names), attributeReader(names), (m, n) => pairs.set(`${m} ${n}`, m));
  return pairs;
}

/**
 * Whether a changed file may change the Python facts: it is (or would be) the file of a module whose exports a rule
 * checks (any file's plan may read them), or its imports of the names the importers scan looks for differ before
 * and after (only the plans of the modules it imports them from read those).
 */
export async function pythonFactsChangedBy(file: ChangedFile, transforms: readonly Transform[], context: FactsChangeContext): Promise<FactsChange | undefined> {
  if (!/\.pyi?$/.test(file.path)) return undefined;
  const requests: PythonFactRequest[] = transforms.flatMap((t) => (t.facts?.python ? [t.facts.python] : []));
  for (const module of new Set(requests.flatMap((r) => r.exportsOf ?? []))) {
    if (pathsForModule(module, context.sourceRoots).includes(file.path)) return { reason: `it is the module ${module}, whose exports the rules check` };
  }
  const names = new Set(requests.flatMap((r) => r.importersOf ?? []));
  if (names.size === 0) return undefined;
  const [before, after] = await Promise.all([file.before(), file.after()]);
  const [was, is] = [importsOfBytes(before, file.path, context.sourceRoots, names), importsOfBytes(after, file.path, context.sourceRoots, names)];
  const modules = new Set<string>();
  for (const [pair, module] of was) if (!is.has(pair)) modules.add(module);
  for (const [pair, module] of is) if (!was.has(pair)) modules.add(module);
  if (modules.size === 0) return undefined;
  const sorted = [...modules].sort();
  return {
    reason: `its imports of names a rule may stop binding from ${sorted.join(', ')} changed (the importers scan reads them)`,
    files: sorted.flatMap((m) => pathsForModule(m, context.sourceRoots)),
  };
}
