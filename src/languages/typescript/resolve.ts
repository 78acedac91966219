/**
 * TypeScript module resolution over plain data. The TypeScript compiler's own `resolveModuleName` answers every
 * question (relative specifiers with or without extension, `index` files, `baseUrl`, `paths`, `moduleSuffixes`,
 * package.json `exports` / `types`, node16 / nodenext / bundler rules), but against a virtual file system built from
 * the project index ({@link TypeScriptIndex}): the files, package.json contents and parsed tsconfigs gathered once
 * before planning. So a rule stays a pure function of its file and the index, and can run on a worker thread.
 *
 * Paths are root-relative with `/` separators; inside, the root is mounted at {@link VIRTUAL_ROOT}.
 */
import { posix } from 'node:path';
import type ts from 'typescript';
import { typescript } from '../../core/typescript-compiler.js';
import type { TsConfigData, TypeScriptIndex } from './facts-data.js';

export const VIRTUAL_ROOT = '/__canonize_root__';

/** How a specifier is used: an import (the file's own format), `import()` (always ESM) or `require()` (always CJS). */
export type UsageKind = 'import' | 'dynamic-import' | 'require';

const TS_EXTENSIONS = ['.d.ts', '.d.mts', '.d.cts', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The extension a file's import specifier uses at run time (`.ts` → `.js`, `.mts` → `.mjs`, …). */
export function runtimeExtension(file: string): string {
  for (const [src, out] of [
    ['.d.mts', '.mjs'],
    ['.d.cts', '.cjs'],
    ['.d.ts', '.js'],
    ['.mts', '.mjs'],
    ['.cts', '.cjs'],
    ['.tsx', '.js'],
    ['.ts', '.js'],
    ['.jsx', '.jsx'],
    ['.mjs', '.mjs'],
    ['.cjs', '.cjs'],
    ['.js', '.js'],
  ] as const) {
    if (file.endsWith(src)) return out;
  }
  return '';
}

/** A file path without its (TS or JS) extension. */
export function stripExtension(file: string): string {
  const ext = TS_EXTENSIONS.find((e) => file.endsWith(e));
  return ext ? file.slice(0, -ext.length) : file;
}

/** The directory part of a root-relative path ('' at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

export const toVirtual = (rel: string): string => (rel === '' ? VIRTUAL_ROOT : `${VIRTUAL_ROOT}/${rel}`);

/** A virtual absolute path back to root-relative; undefined when it lies outside the root. */
export function fromVirtual(abs: string): string | undefined {
  const normalized = posix.resolve(VIRTUAL_ROOT, abs);
  if (normalized === VIRTUAL_ROOT) return '';
  return normalized.startsWith(`${VIRTUAL_ROOT}/`) ? normalized.slice(VIRTUAL_ROOT.length + 1) : undefined;
}

/** The compiler options of a config, in the form `resolveModuleName` takes (root-relative paths made virtual). */
function compilerOptions(config: TsConfigData | undefined): ts.CompilerOptions {
  const options: ts.CompilerOptions = { ...(config?.options as ts.CompilerOptions | undefined) };
  const virtual = (p: string) => toVirtual(p === '.' ? '' : p.startsWith('./') ? p.slice(2) : p);
  if (typeof options.baseUrl === 'string') options.baseUrl = virtual(options.baseUrl);
  if (typeof options.pathsBasePath === 'string') options.pathsBasePath = virtual(options.pathsBasePath);
  if (Array.isArray(options.rootDirs)) options.rootDirs = options.rootDirs.map(virtual);
  if (options.moduleResolution === undefined) {
    // No config (or none that says): resolve like a bundler, which accepts what most front ends write.
    const tsc = typescript();
    options.moduleResolution = tsc.ModuleResolutionKind.Bundler;
    options.module ??= tsc.ModuleKind.ESNext;
  }
  return options;
}

/** Resolves specifiers against a {@link TypeScriptIndex}. Build one per index with {@link resolverFor}. */
export class TsResolver {
  private readonly files: Set<string>;
  private readonly dirs = new Set<string>(['']);
  private readonly configsByDir = new Map<string, TsConfigData>();
  private readonly configsByPath = new Map<string, TsConfigData>();
  private readonly configFiles = new Map<TsConfigData, Set<string>>();
  private readonly perConfig = new Map<TsConfigData | undefined, { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache }>();
  private readonly configOfFile = new Map<string, TsConfigData | undefined>();
  private readonly host: ts.ModuleResolutionHost;

  constructor(readonly index: TypeScriptIndex) {
    this.files = new Set(index.files);
    for (const f of index.files) {
      for (let d = dirOf(f); d !== '' && !this.dirs.has(d); d = dirOf(d)) this.dirs.add(d);
    }
    for (const c of index.configs) {
      this.configsByPath.set(c.path, c);
      // Only a directory's own tsconfig.json / jsconfig.json is "the" config of the files below it.
      if (/(^|\/)(tsconfig|jsconfig)\.json$/.test(c.path) && !this.configsByDir.has(c.dir)) this.configsByDir.set(c.dir, c);
      this.configFiles.set(c, new Set(c.files));
    }
    this.host = {
      fileExists: (p) => {
        const rel = fromVirtual(p);
        return rel !== undefined && this.files.has(rel);
      },
      directoryExists: (p) => {
        const rel = fromVirtual(p);
        return rel !== undefined && this.dirs.has(rel);
      },
      readFile: (p) => {
        const rel = fromVirtual(p);
        return rel === undefined ? undefined : index.packageJsons[rel];
      },
      realpath: (p) => p,
      getCurrentDirectory: () => VIRTUAL_ROOT,
      getDirectories: (p) => {
        const rel = fromVirtual(p);
        if (rel === undefined) return [];
        const prefix = rel === '' ? '' : `${rel}/`;
        return [...this.dirs].filter((d) => d.startsWith(prefix) && d !== rel && !d.slice(prefix.length).includes('/')).map((d) => d.slice(prefix.length));
      },
      useCaseSensitiveFileNames: true,
    };
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  /**
   * The tsconfig that governs a file: walking up from its directory, the first tsconfig.json (or one it references,
   * for a solution-style config) whose file list includes it; failing that, the nearest one; else none.
   */
  configFor(file: string): TsConfigData | undefined {
    if (this.configOfFile.has(file)) return this.configOfFile.get(file);
    let nearest: TsConfigData | undefined;
    let found: TsConfigData | undefined;
    for (let dir = dirOf(file); ; dir = dirOf(dir)) {
      const config = this.configsByDir.get(dir);
      if (config) {
        nearest ??= config;
        found = this.including(config, file, new Set());
        if (found) break;
      }
      if (dir === '') break;
    }
    const result = found ?? nearest;
    this.configOfFile.set(file, result);
    return result;
  }

  private including(config: TsConfigData, file: string, seen: Set<TsConfigData>): TsConfigData | undefined {
    if (seen.has(config)) return undefined;
    seen.add(config);
    if (this.configFiles.get(config)!.has(file)) return config;
    for (const ref of config.references) {
      const referenced = this.configsByPath.get(ref);
      const hit = referenced && this.including(referenced, file, seen);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The options (and resolution cache) of the config that governs `file`. */
  optionsFor(file: string): ts.CompilerOptions {
    return this.state(this.configFor(file)).options;
  }

  private state(config: TsConfigData | undefined) {
    let s = this.perConfig.get(config);
    if (!s) {
      const options = compilerOptions(config);
      s = { options, cache: typescript().createModuleResolutionCache(VIRTUAL_ROOT, (x) => x, options) };
      this.perConfig.set(config, s);
    }
    return s;
  }

  /** Is `file` an ES module for node16 / nodenext (by extension, else the nearest package.json `type`)? */
  private isEsmFile(file: string): boolean {
    if (/\.(mts|mjs|d\.mts)$/.test(file)) return true;
    if (/\.(cts|cjs|d\.cts)$/.test(file)) return false;
    for (let dir = dirOf(file); ; dir = dirOf(dir)) {
      const pkg = this.index.packageJsons[dir === '' ? 'package.json' : `${dir}/package.json`];
      if (pkg !== undefined) {
        try {
          return (JSON.parse(pkg) as { type?: unknown }).type === 'module';
        } catch {
          return false;
        }
      }
      if (dir === '') return false;
    }
  }

  /**
   * The in-tree file `specifier` resolves to from `fromFile` (both root-relative), or undefined (a package outside
   * the tree, a built-in, or nothing).
   */
  resolve(specifier: string, fromFile: string, usage: UsageKind = 'import'): string | undefined {
    const config = this.configFor(fromFile);
    const { options, cache } = this.state(config);
    const tsc = typescript();
    const mode =
      usage === 'dynamic-import' ? tsc.ModuleKind.ESNext : usage === 'require' ? tsc.ModuleKind.CommonJS : this.isEsmFile(fromFile) ? tsc.ModuleKind.ESNext : tsc.ModuleKind.CommonJS;
    const result = tsc.resolveModuleName(specifier, toVirtual(fromFile), options, this.host, cache, undefined, mode);
    const resolved = result.resolvedModule;
    if (!resolved) return undefined;
    const rel = fromVirtual(resolved.resolvedFileName);
    return rel !== undefined && this.files.has(rel) ? rel : undefined;
  }
}

const resolvers = new WeakMap<TypeScriptIndex, TsResolver>();

/** The resolver of an index (built once per index; resolution results are cached in it). */
export function resolverFor(index: TypeScriptIndex): TsResolver {
  let r = resolvers.get(index);
  if (!r) resolvers.set(index, (r = new TsResolver(index)));
  return r;
}
