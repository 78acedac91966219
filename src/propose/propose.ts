/**
 * `init --discover`: find fragmented symbols in a tree that has no config yet, and propose the `moves` that would
 * consolidate them. The result is plain data (clusters with their evidence and counts, the proposed moves, what was
 * left out and why), which render.ts turns into a commented `canonize.config.yaml` for a human to review. Import
 * paths are followed through re-export chains to the definer (`PyResolver`); clusters are python-clusters.ts.
 * Deterministic: files are read in path order, every list is sorted by code-unit order, and nothing depends on the
 * clock, the locale or hash iteration order. See docs/discover.md.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { globby } from 'globby';
import { DEFAULT_INCLUDE } from '../config/schema.js';
import { discoverFiles, type DiscoveredFile } from '../planner/files.js';
import { withSourceTree } from '../languages/parse.js';
import { sourceFromBytes } from '../core/source.js';
import { DEFAULT_TEST_DIR } from '../core/paths.js';
import { moduleForPath } from '../languages/python/modules.js';
import { isPrivateModule } from './canonical.js';
import { compareText, isTestPath, pushTo } from './collections.js';
import { nameCore } from './names.js';
import { indexPythonModule, PyResolver, symbolKey, type PyModule } from './python.js';
import { scanPythonModule } from './python-scan.js';
import { buildClusters, buildMoves, countSinglePath, joinSimilarDefinitions, type Cluster, type Definition, type ImportPath, type ProposedMove, type SimilarName, type Use } from './python-clusters.js';
import { proposeTypeScript, type TsProposal } from './typescript.js';
import { DEFAULT_TOP, selectClusters, type Selection } from './focus.js';


export interface DiscoverRequest {
  /** Absolute project root: where the config will live; module names and paths are relative to it. */
  root: string;
  /** Absolute files or directories to scan (default: the whole root). */
  paths?: string[];
  /** Python source roots, relative to the root (default: detected, see {@link detectSourceRoots}). */
  sourceRoots?: string[];
  /** Only the clusters whose symbols, modules or files match one of these names or globs (focus.ts). */
  focus?: string[];
  /** Without focus: at most this many clusters per language, by importing files (default {@link DEFAULT_TOP}; 0: all). */
  top?: number;
  /**
   * How Python files are read: `imports` (default) scans them for imports and top-level bindings and parses in full
   * only the files the scanner cannot read (python-scan.ts); `parse` parses every file.
   */
  scan?: 'imports' | 'parse';
}

export interface DiscoverResult extends PythonProposal {
  root: string;
  sourceRoots: string[];
  sourceRootsDetected: boolean;
  /** Files scanned; `parsedInFull`: the Python files the import scanner could not read, parsed instead. */
  scanned: { python: number; typescript: number; tests: number; parsedInFull: number };
  /** Files that do not parse: not read for imports or definitions. */
  notParsed: string[];
  /** Files that could not be decoded (binary, not UTF-8, unreadable). */
  unreadable: { path: string; reason: string }[];
  /** Backup copies (`*.backup`, `*.bak`, `*.orig`, `x.backup.py`): never read. */
  backups: string[];
  typescript: TsProposal | undefined;
  /** The focus or top-N selection, and what it left out (as counts). */
  selection: Selection;
}

const BACKUP_GLOBS = ['**/*.backup', '**/*.bak', '**/*.orig'];
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**', '**/.canonize/**'];
const BACKUP_NAME = /\.(backup|bak|orig)\./i;

/** Scan a tree and propose the moves that would consolidate its fragmented symbols. Reads files; writes nothing. */
export async function discoverConfig(request: DiscoverRequest): Promise<DiscoverResult> {
  const root = path.resolve(request.root);
  const discovery = await discoverFiles({ root, paths: request.paths ?? [], include: DEFAULT_INCLUDE, exclude: [`${DEFAULT_TEST_DIR}/**`], gitignore: true });
  const backups = new Set<string>();
  const pyFiles: DiscoveredFile[] = [];
  const tsFiles: DiscoveredFile[] = [];
  for (const file of discovery.files) {
    if (BACKUP_NAME.test(path.posix.basename(file.path))) backups.add(file.path);
    else if (file.language === 'python') pyFiles.push(file);
    else tsFiles.push(file);
  }
  for (const file of await findBackups(root, request.paths)) backups.add(file);

  // Read every Python file once; module names need the source roots, which need the whole tree.
  const { texts, unreadable } = await readPythonFiles(pyFiles);
  const sourceRoots = request.sourceRoots ?? detectSourceRoots(texts.map((t) => t.file.path), texts.map((t) => t.text));
  const { modules, importers, notParsed, parsedInFull } = indexPythonFiles(texts, sourceRoots, request.scan ?? 'imports');

  const all = proposePython(modules, importers);
  const allTs = tsFiles.length > 0 ? await proposeTypeScript(root, tsFiles, isTestPath) : undefined;
  const { clusters, moves, similar, typescript, selection } = selectClusters(all, allTs, request.focus ?? [], request.top ?? DEFAULT_TOP);
  const python = { ...all, clusters, moves, similar };
  return {
    root,
    sourceRoots,
    sourceRootsDetected: request.sourceRoots === undefined,
    scanned: {
      python: pyFiles.length,
      typescript: tsFiles.length,
      tests: [...pyFiles, ...tsFiles].filter((f) => isTestPath(f.path)).length,
      parsedInFull,
    },
    notParsed: [...notParsed, ...(typescript?.notParsed ?? [])].sort(compareText),
    unreadable,
    backups: [...backups].sort(compareText),
    ...python,
    typescript,
    selection,
  };
}

/** A Python file's decoded text. */
interface PythonText {
  file: DiscoveredFile;
  text: string;
}

/** The texts of the Python files, in order, and the files that could not be read or decoded. */
async function readPythonFiles(pyFiles: readonly DiscoveredFile[]): Promise<{ texts: PythonText[]; unreadable: DiscoverResult['unreadable'] }> {
  const unreadable: DiscoverResult['unreadable'] = [];
  const texts: PythonText[] = [];
  for (const file of pyFiles) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file.absPath);
    } catch (error) {
      unreadable.push({ path: file.path, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      continue;
    }
    const read = sourceFromBytes(bytes, file.absPath, file.path, 'python');
    if (read.ok) texts.push({ file, text: read.file.text });
    else unreadable.push({ path: file.path, reason: read.skip.message });
  }
  return { texts, unreadable };
}

/** Every file that parses, indexed (`importers`), and the importable ones by module name (`modules`). */
function indexPythonFiles(
  texts: readonly PythonText[],
  sourceRoots: readonly string[],
  scan: 'imports' | 'parse',
): { modules: Map<string, PyModule>; importers: PyModule[]; notParsed: string[]; parsedInFull: number } {
  const modules = new Map<string, PyModule>();
  const importers: PyModule[] = [];
  const notParsed: string[] = [];
  let parsedInFull = 0;
  for (const { file, text } of texts) {
    const fileModule = moduleForPath(file.path, sourceRoots);
    const asModule = fileModule ?? { module: '', isPackage: false };
    let indexed = scan === 'imports' ? scanPythonModule(text, file.path, asModule, isTestPath(file.path)) : undefined;
    if (!indexed) {
      parsedInFull++;
      indexed = withSourceTree(text, 'python', (tree) => (tree.rootNode.hasError ? undefined : indexPythonModule(tree.rootNode, text, file.path, asModule, isTestPath(file.path))));
      if (!indexed) {
        notParsed.push(file.path);
        continue;
      }
    }
    importers.push(indexed);
    // A file that is not an importable module (a script with a dash in its name) still imports; `.py` wins over `.pyi`.
    if (fileModule && !modules.has(fileModule.module)) modules.set(fileModule.module, indexed);
  }
  return { modules, importers, notParsed, parsedInFull };
}

/** Backup copies that discovery never reads (no source extension), for the report. */
async function findBackups(root: string, paths: readonly string[] | undefined): Promise<string[]> {
  const found = await globby(BACKUP_GLOBS, { cwd: root, ignore: ALWAYS_IGNORED, dot: true, followSymbolicLinks: false, onlyFiles: true, gitignore: true });
  const scopes = (paths ?? []).map((p) => path.relative(root, p).split(path.sep).join('/')).filter((p) => p !== '');
  return found.filter((f) => scopes.length === 0 || scopes.some((s) => f === s || f.startsWith(`${s}/`)));
}

/**
 * Python source roots: `.` plus the parent of every top-level package (a directory with an `__init__.py` whose
 * parent has none) that some file imports by name (`from <package> …` / `import <package>`). So `src/mypkg` makes
 * `src` a root only when the code says `import mypkg`; a directory of loose scripts never adds one.
 */
export function detectSourceRoots(paths: readonly string[], texts: readonly string[]): string[] {
  const packages = new Set(paths.filter((p) => /(^|\/)__init__\.pyi?$/.test(p)).map((p) => path.posix.dirname(p)));
  const imported = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/^[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)/gm)) imported.add(m[1]!);
  const roots = new Set(['.']);
  for (const dir of packages) {
    const parent = path.posix.dirname(dir);
    if (packages.has(parent) || !imported.has(path.posix.basename(dir))) continue;
    roots.add(parent === '' ? '.' : parent);
  }
  return [...roots].sort(compareText);
}

/** What the Python analysis proposes, and what it found on the way. */
export interface PythonProposal {
  clusters: Cluster[];
  moves: ProposedMove[];
  similar: SimilarName[];
  /** Names whose re-export chain loops (`a` imports it from `b`, `b` from `a`). */
  cycles: string[];
  /** Symbols re-exported elsewhere but used through one path only (a package API, not fragmentation). */
  singlePath: number;
}

/** The Python analysis proper, on indexed modules (`modules`: by module name; `files`: every parsed file). */
export function proposePython(modules: ReadonlyMap<string, PyModule>, files: readonly PyModule[]): PythonProposal {
  const resolver = new PyResolver(modules);
  const definitions = new Definitions(modules, resolver);
  const uses = resolveUses(files, resolver, definitions);
  const paths = importPaths(uses, modules);
  const usesByDefinition = new Map<string, Use[]>();
  for (const use of uses) pushTo(usesByDefinition, use.definition, use);
  for (const [key, list] of usesByDefinition) definitions.byKey.get(key)!.importers = new Set(list.map((u) => u.file.path)).size;

  // Every class and function of a non-test module, for the similar-name pass (importers or not).
  for (const module of modules.values()) {
    if (module.test) continue;
    for (const [name, bindings] of module.bindings) {
      if (bindings.some((b) => b.kind === 'class' || b.kind === 'function')) definitions.of(module.module, name);
    }
  }

  const { parent, similar } = joinSimilarDefinitions(definitions.byKey, modules, resolver, usesByDefinition);
  const clusters = buildClusters(definitions.byKey, paths, parent, (module) => modules.get(module) ?? resolver.moduleInfo(module));
  const singlePath = countSinglePath(paths, clusters);
  return { clusters, moves: buildMoves(clusters), similar, cycles: [...definitions.cycles].sort(compareText), singlePath };
}

/** The definitions import sites lead to, by `module:name`, recorded as they are first reached. */
class Definitions {
  readonly byKey = new Map<string, Definition>();
  /** Names whose re-export chain loops. */
  readonly cycles = new Set<string>();
  /** The top-level packages and modules of the tree. */
  private readonly topLevel: Set<string>;

  constructor(
    private readonly modules: ReadonlyMap<string, PyModule>,
    private readonly resolver: PyResolver,
  ) {
    this.topLevel = new Set([...modules.keys()].map((m) => m.split('.')[0]!));
  }

  /**
   * The key of the definition `module`'s `name` leads to; undefined when it leads to none, or into a test module.
   * A name defined outside the tree leads to a definition only in a private implementation module (see
   * {@link isImplementationModule}): `_io:StringIO`, of kind `outside`.
   */
  of(module: string, name: string): string | undefined {
    const target = this.resolver.resolve(module, name);
    if (target.kind === 'unresolved' && target.reason === 'cycle') this.cycles.add(symbolKey(module, name));
    if (target.kind === 'external') return isImplementationModule(target.module, this.topLevel) ? this.outside(target.module, target.name) : undefined;
    if (target.kind !== 'symbol') return undefined;
    const owner = this.modules.get(target.module)!;
    if (owner.test) return undefined;
    const key = symbolKey(target.module, target.name);
    if (!this.byKey.has(key)) {
      this.byKey.set(key, {
        module: target.module,
        name: target.name,
        kind: target.binding.kind,
        path: owner.path,
        line: target.binding.line,
        ...(owner.deprecated ? { deprecated: owner.deprecated } : {}),
        name_: nameCore(target.name),
        importers: 0,
        evidence: [],
      });
    }
    return key;
  }

  /** An object defined outside the tree: nothing is known of it but its module and name. */
  private outside(module: string, name: string): string {
    const key = symbolKey(module, name);
    if (!this.byKey.has(key)) this.byKey.set(key, { module, name, kind: 'outside', path: '', line: 0, name_: nameCore(name), importers: 0, evidence: [] });
    return key;
  }
}

/**
 * A module outside the tree that stands for a private implementation the tree itself fronts: a private module
 * (a `_x` or `internal` segment) that is either top-level (`_io`, `_socket`: how compiled modules are named) or in
 * a package of the tree (`pkg._speedups`). A third-party package's internals (`_pytest.monkeypatch`) are not: its
 * public face (`pytest`) is outside the tree too, so the tree's own re-export of it is not the binding to consolidate
 * on; nor is a public module (`requests`), whose importers a re-export in the tree must never start moving.
 */
function isImplementationModule(module: string, topLevel: ReadonlySet<string>): boolean {
  const dot = module.indexOf('.');
  return isPrivateModule(module) && (dot < 0 || topLevel.has(module.slice(0, dot)));
}

/** Every import site, resolved; a `from pkg import sub` that names a submodule counts its `sub.Name` uses instead. */
function resolveUses(files: readonly PyModule[], resolver: PyResolver, definitions: Definitions): Use[] {
  const uses: Use[] = [];
  // Modules some file names in an import (`from os.path import x`, `import os.path`): a spelling people use.
  const imported = new Set(files.flatMap((f) => f.sites.map((s) => s.module)));
  for (const file of files) {
    for (const site of file.sites) {
      const target = resolver.resolve(site.module, site.name);
      if (target.kind === 'module' && site.attributes) {
        // Counted under the module as spelled when people import it by that name (`os.path`, which os binds to
        // posixpath); otherwise under the module it is.
        const dotted = `${site.module}.${site.name}`;
        const spelled = imported.has(dotted) ? dotted : target.module;
        for (const attr of site.attributes) {
          const definition = definitions.of(target.module, attr.name);
          if (definition) uses.push({ file, site: { module: spelled, name: attr.name, line: attr.line, form: 'attribute' }, module: spelled, name: attr.name, definition });
        }
        continue;
      }
      const definition = definitions.of(site.module, site.name);
      if (definition) uses.push({ file, site, module: site.module, name: site.name, definition });
    }
  }
  return uses;
}

/** The paths (module, name) symbols are imported through, with their counts; paths through test modules are never candidates. */
function importPaths(uses: readonly Use[], modules: ReadonlyMap<string, PyModule>): Map<string, ImportPath> {
  // A module-level import is a re-export when the module lists the name in `__all__` or others import it from there.
  const imported = new Set(uses.map((u) => symbolKey(u.module, u.name)));
  const isReExport = (use: Use): boolean =>
    use.site.binds !== undefined && use.file.module !== '' && (use.file.all?.has(use.site.binds) === true || imported.has(symbolKey(use.file.module, use.site.binds)));

  const byPath = new Map<string, Use[]>();
  for (const use of uses) {
    if (modules.get(use.module)?.test) continue;
    const key = symbolKey(use.module, use.name);
    pushTo(byPath, key, use);
  }
  const paths = new Map<string, ImportPath>();
  for (const [key, list] of byPath) {
    const first = list[0]!;
    const files = [...new Set(list.map((u) => u.file.path))].sort(compareText);
    const reExporters = new Set(list.filter(isReExport).map((u) => u.file.path));
    const users = new Set(list.filter((u) => !isReExport(u)).map((u) => u.file.path));
    paths.set(key, {
      module: first.module,
      name: first.name,
      definition: first.definition,
      sites: list.length,
      files,
      testFiles: files.filter(isTestPath).length,
      reExportFiles: [...reExporters].filter((f) => !users.has(f)).length,
      useFiles: users.size,
    });
  }
  return paths;
}
