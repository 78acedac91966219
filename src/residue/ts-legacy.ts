/**
 * The residue scan's own TypeScript / JavaScript module resolution, deliberately simple: relative join with
 * extension and `index` probing against the project's file list, tsconfig `paths` / `baseUrl`, nothing else (no
 * package.json `exports`, no `moduleSuffixes`, no `rootDirs`); and the legacy modules of a config resolved with it,
 * with the literals a file must contain to reference one. See docs/residue.md.
 */
import type { ProjectIndex } from '../core/types.js';
import type { TsConfigData } from '../languages/typescript/facts-data.js';
import type { LegacyModule, ResidueTargets } from './targets.js';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.d.mts', '.d.cts', '.js', '.jsx', '.mjs', '.cjs'];
const HAS_SOURCE_EXTENSION = /\.[mc]?[jt]sx?$/;
/** A specifier's run-time extension and the source extensions it may stand for. */
const RUNTIME_TO_SOURCE: [RegExp, string[]][] = [
  [/\.js$/, ['.ts', '.tsx', '.d.ts']],
  [/\.jsx$/, ['.tsx']],
  [/\.mjs$/, ['.mts', '.d.mts']],
  [/\.cjs$/, ['.cts', '.d.cts']],
];

/** Normalise a `/`-separated path relative to the root; undefined when it climbs above it. */
export function normalisePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The directory part of a `/`-separated path (`''` for a file at the root). */
export const dirOf = (path: string) => (path.lastIndexOf('/') === -1 ? '' : path.slice(0, path.lastIndexOf('/')));
/** A relative path joined to a directory and normalised; undefined when it climbs above the root. */
export const joinPath = (dir: string, rel: string) => normalisePath(dir === '' ? rel : `${dir}/${rel}`);
const rootRelative = (p: string) => normalisePath(p.replace(/^\.\/?/, '')) ?? '';

/** The residue scan's own module resolution over the project index's file list and tsconfigs. */
export class SimpleTsResolver {
  private readonly files: Set<string>;
  private readonly configs: readonly TsConfigData[];
  private readonly configFiles = new Map<TsConfigData, Set<string>>();
  private readonly configOf = new Map<string, TsConfigData | undefined>();

  constructor(project: ProjectIndex | undefined) {
    this.files = new Set(project?.typescript?.files ?? []);
    this.configs = project?.typescript?.configs ?? [];
    for (const c of this.configs) this.configFiles.set(c, new Set(c.files));
  }

  /** The source file a root-relative path names, probing extensions and `index` files. */
  probe(path: string): string | undefined {
    if (this.files.has(path) && HAS_SOURCE_EXTENSION.test(path)) return path;
    for (const [runtime, sources] of RUNTIME_TO_SOURCE) {
      if (!runtime.test(path)) continue;
      const stem = path.replace(runtime, '');
      for (const ext of sources) if (this.files.has(stem + ext)) return stem + ext;
    }
    for (const ext of SOURCE_EXTENSIONS) if (this.files.has(path + ext)) return path + ext;
    const index = path === '' ? 'index' : `${path}/index`;
    for (const ext of SOURCE_EXTENSIONS) if (this.files.has(index + ext)) return index + ext;
    return undefined;
  }

  /** The tsconfig that governs a file: the deepest one whose file list has it, else the nearest by directory. */
  configFor(file: string): TsConfigData | undefined {
    if (this.configOf.has(file)) return this.configOf.get(file);
    let best: TsConfigData | undefined;
    for (const c of this.configs) {
      if (this.configFiles.get(c)!.has(file) && (!best || c.dir.length > best.dir.length)) best = c;
    }
    if (!best) {
      for (let dir = dirOf(file); ; dir = dirOf(dir)) {
        best = this.configs.find((c) => c.dir === dir && /(^|\/)(tsconfig|jsconfig)\.json$/.test(c.path));
        if (best || dir === '') break;
      }
    }
    this.configOf.set(file, best);
    return best;
  }

  /** Resolve a specifier written in `from` (a root-relative file); undefined when it names no file of the tree. */
  resolve(spec: string, from: string): string | undefined {
    if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
      const path = joinPath(dirOf(from), spec);
      return path === undefined ? undefined : this.probe(path);
    }
    if (spec.startsWith('/')) return undefined;
    return this.viaConfig(spec, this.configFor(from));
  }

  /** `paths` (longest matching prefix first), then `baseUrl`. */
  viaConfig(spec: string, config: TsConfigData | undefined): string | undefined {
    if (!config) return undefined;
    const options = config.options;
    const baseUrl = typeof options.baseUrl === 'string' ? rootRelative(options.baseUrl) : undefined;
    const pathsBase = baseUrl ?? (typeof options.pathsBasePath === 'string' ? rootRelative(options.pathsBasePath) : config.dir);
    const paths = options.paths && typeof options.paths === 'object' ? (options.paths as Record<string, unknown>) : {};
    let best: { prefix: number; targets: string[]; star: string } | undefined;
    for (const [pattern, targets] of Object.entries(paths)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      let matched: string | undefined;
      if (star === -1) matched = pattern === spec ? '' : undefined;
      else {
        const prefix = pattern.slice(0, star);
        const suffix = pattern.slice(star + 1);
        if (spec.length >= prefix.length + suffix.length && spec.startsWith(prefix) && spec.endsWith(suffix)) {
          matched = spec.slice(prefix.length, spec.length - suffix.length);
        }
      }
      const prefixLength = star === -1 ? pattern.length + 1 : star;
      if (matched !== undefined && (!best || prefixLength > best.prefix)) {
        best = { prefix: prefixLength, targets: targets.filter((t): t is string => typeof t === 'string'), star: matched };
      }
    }
    if (best) {
      for (const target of best.targets) {
        const path = joinPath(pathsBase, target.replace('*', best.star));
        const file = path === undefined ? undefined : this.probe(path);
        if (file) return file;
      }
      return undefined;
    }
    if (baseUrl !== undefined) {
      const path = joinPath(baseUrl, spec);
      return path === undefined ? undefined : this.probe(path);
    }
    return undefined;
  }

  /** A config module reference: a root-relative file (extension optional), else a specifier resolved from the root. */
  resolveConfigRef(ref: string): { file: string } | { external: string } {
    const asPath = normalisePath(ref.replace(/^\.\//, ''));
    const file = asPath === undefined ? undefined : this.probe(asPath);
    if (file) return { file };
    const rootConfigs = [...this.configs].sort((a, b) => a.dir.length - b.dir.length || (a.path < b.path ? -1 : 1));
    for (const config of rootConfigs) {
      const viaConfig = this.viaConfig(ref, config);
      if (viaConfig) return { file: viaConfig };
    }
    return { external: ref };
  }
}

/** The legacy TS modules of a project, resolved: by file, and by external specifier. */
export interface TsLegacyIndex {
  resolver: SimpleTsResolver;
  byFile: Map<string, LegacyModule>;
  byExternal: Map<string, LegacyModule>;
}

const indexes = new WeakMap<object, Map<ResidueTargets, TsLegacyIndex>>();
const NO_PROJECT = {};

/** Resolve the legacy modules against a project (once per project and targets). */
export function tsLegacyIndex(targets: ResidueTargets, project: ProjectIndex | undefined): TsLegacyIndex {
  const key = project ?? NO_PROJECT;
  let perProject = indexes.get(key);
  if (!perProject) indexes.set(key, (perProject = new Map()));
  let index = perProject.get(targets);
  if (index) return index;
  const resolver = new SimpleTsResolver(project);
  index = { resolver, byFile: new Map(), byExternal: new Map() };
  for (const legacy of targets.typescript.modules) {
    const ref = resolver.resolveConfigRef(legacy.module);
    // A move whose `to` is its own `from` only respells the specifiers of a module that stays: nothing is legacy.
    if (respellsOnly(legacy, ref, resolver)) continue;
    if ('file' in ref) {
      if (!index.byFile.has(ref.file)) index.byFile.set(ref.file, legacy);
    } else if (!index.byExternal.has(ref.external)) index.byExternal.set(ref.external, legacy);
  }
  perProject.set(targets, index);
  return index;
}

function respellsOnly(legacy: LegacyModule, ref: { file: string } | { external: string }, resolver: SimpleTsResolver): boolean {
  const moves = [...(legacy.whole ? [legacy.whole] : []), ...legacy.names.values()];
  const same = (to: string) => {
    const target = resolver.resolveConfigRef(to);
    return 'file' in ref ? 'file' in target && target.file === ref.file : 'external' in target && target.external === ref.external;
  };
  return moves.every((m) => same(m.to) && (m.newName === '*' || m.newName === [...legacy.names].find(([, v]) => v === m)?.[0]));
}

/** Literals one of which every specifier of a legacy TS module contains (see docs/residue.md). */
export function tsNeedles(targets: ResidueTargets, project: ProjectIndex | undefined): string[] {
  const index = tsLegacyIndex(targets, project);
  const needles = new Set<string>();
  for (const external of index.byExternal.keys()) needles.add(external);
  for (const file of index.byFile.keys()) {
    const base = file.slice(file.lastIndexOf('/') + 1).replace(/(\.d)?\.[mc]?[jt]sx?$/, '');
    if (base === 'index') {
      const dir = dirOf(file);
      if (dir !== '') needles.add(dir.slice(dir.lastIndexOf('/') + 1));
      // `'.'`, `'..'`, `'./'`, `'../..'`: a specifier of a directory ends with `.` or `/`.
      for (const q of ["'", '"', '`']) for (const end of ['.', '/']) needles.add(end + q);
    } else needles.add(base);
  }
  // An exact `paths` alias need not contain the file's name.
  for (const config of project?.typescript?.configs ?? []) {
    const paths = config.options.paths;
    if (!paths || typeof paths !== 'object') continue;
    for (const pattern of Object.keys(paths as Record<string, unknown>)) {
      if (pattern.includes('*')) continue;
      const file = index.resolver.viaConfig(pattern, config);
      if (file && index.byFile.has(file)) needles.add(pattern);
    }
  }
  return [...needles].sort();
}
