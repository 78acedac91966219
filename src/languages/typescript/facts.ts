/**
 * Builds the TypeScript part of the project index, once per plan, before any file is planned: the files module
 * resolution may land on, package.json contents, every tsconfig (parsed by the compiler, `extends` followed), what
 * each module string of the rules' config resolves to, the exports of the modules the rules check against, and the
 * prefilter needles of the moved modules. Everything after this reads plain data (see resolve.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globby } from 'globby';
import type ts from 'typescript';
import { typescript } from '../../core/typescript-compiler.js';
import { ConfigError } from '../../core/errors.js';
import { retiredDeleted } from '../../core/retired.js';
import { withTree } from '../../core/parse.js';
import { TSX_GRAMMAR, TYPESCRIPT_GRAMMAR } from './grammar.js';
import type { TsConfigData, TsIndexRequest, TsModuleRef, TypeScriptIndex } from './facts-data.js';
import { dirOf, TsResolver, stripExtension } from './resolve.js';
import { moduleExports } from './syntax.js';

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**', '**/.canonize/**'];
const RESOLVABLE = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', '**/package.json'];

/** Compiler options that change how a specifier resolves (or how a canonical one should be written). */
const RESOLUTION_OPTIONS = [
  'module',
  'moduleResolution',
  'baseUrl',
  'paths',
  'pathsBasePath',
  'rootDirs',
  'allowJs',
  'resolveJsonModule',
  'customConditions',
  'moduleSuffixes',
  'allowImportingTsExtensions',
  'rewriteRelativeImportExtensions',
  'resolvePackageJsonExports',
  'resolvePackageJsonImports',
  'allowArbitraryExtensions',
  'verbatimModuleSyntax',
  'noDtsResolution',
  'preserveSymlinks',
] as const;

const PATH_OPTIONS = new Set(['baseUrl', 'pathsBasePath']);

/** A path or a specifier that names a file relative to the root (as opposed to an alias or a package). */
function looksLikePath(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || /\.(d\.)?[mc]?[jt]sx?$/.test(spec);
}

export async function buildTypeScriptIndex(rootDir: string, requests: readonly TsIndexRequest[]): Promise<TypeScriptIndex> {
  const root = resolve(rootDir);
  const toRel = (abs: string) => relative(root, abs).split(sep).join('/');
  const files = (await globby(RESOLVABLE, { cwd: root, ignore: ALWAYS_IGNORED, dot: true, followSymbolicLinks: false, onlyFiles: true })).sort();
  const packageJsons: Record<string, string> = {};
  for (const f of files.filter((f) => basename(f) === 'package.json')) {
    try {
      packageJsons[f] = await readFile(join(root, f), 'utf8');
    } catch {
      // unreadable: resolution treats it as absent
    }
  }

  const configGlobs = [...new Set(requests.flatMap((r) => r.tsconfigs))];
  const pending = (await globby(configGlobs, { cwd: root, ignore: ALWAYS_IGNORED, dot: true, followSymbolicLinks: false, onlyFiles: true })).sort();
  const configs: TsConfigData[] = [];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const rel = pending.shift()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const config = parseTsConfig(root, rel, toRel);
    configs.push(config);
    for (const ref of config.references) if (!seen.has(ref)) pending.push(ref);
  }
  configs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const index: TypeScriptIndex = { files, packageJsons, configs, modules: {}, exports: {}, needles: [] };
  const resolver = new TsResolver(index);
  // Module strings of the config resolve as if imported by a file at the root.
  const fromRoot = '__canonize_config__.ts';
  const resolveSpec = (spec: string): string | undefined => {
    if (resolver.hasFile(spec)) return spec;
    const asPath = resolver.resolve(spec.startsWith('.') || spec.startsWith('/') ? spec : `./${spec}`, fromRoot);
    return asPath ?? (looksLikePath(spec) ? undefined : resolver.resolve(spec, fromRoot));
  };
  let retired: Map<string, string> | undefined;
  for (const request of requests) {
    for (const { spec, field } of request.modules) {
      if (index.modules[spec]) continue;
      const file = resolveSpec(spec);
      if (file !== undefined) index.modules[spec] = { file };
      else if (!looksLikePath(spec)) index.modules[spec] = { external: spec };
      else if (/\.from(\[\d+\])?$/.test(field) && (retired ??= retiredDeleted(root)).has(spec.replace(/^\.\//, ''))) {
        // A legacy module `canonize retire` deleted (docs/retire.md): gone as intended; nothing resolves to it.
        index.modules[spec] = { file: spec.replace(/^\.\//, '') };
      } else {
        throw new ConfigError('E_CONFIG_INVALID', `${field}: no module "${spec}" in the project`, undefined, [
          { field, message: `no file "${spec}" (with a TypeScript or JavaScript extension, or as a directory index) under the root` },
        ]);
      }
    }
  }

  const exportsOf = (file: string, seenFiles: Set<string>): Set<string> | null => {
    if (seenFiles.has(file)) return new Set();
    seenFiles.add(file);
    const text = sourceText(root, file);
    if (text === undefined) return null;
    const exp = withTree(/\.[jt]sx$|\.[mc]?js$/.test(file) ? TSX_GRAMMAR : TYPESCRIPT_GRAMMAR, text, (tree) => moduleExports(tree.rootNode));
    if (exp.open) return null;
    const names = new Set(exp.names);
    for (const spec of exp.starFrom) {
      const target = resolver.resolve(spec, file);
      const more = target === undefined ? null : exportsOf(target, seenFiles);
      if (more === null) return null;
      for (const n of more) if (n !== 'default') names.add(n);
    }
    return names;
  };
  for (const request of requests) {
    for (const spec of request.exportsOf) {
      const ref = index.modules[spec];
      if (!ref || !('file' in ref) || ref.file in index.exports) continue;
      const names = exportsOf(ref.file, new Set());
      index.exports[ref.file] = names === null ? null : [...names].sort();
    }
  }
  index.needles = needlesFor(index, requests.flatMap((r) => r.needlesOf.map((spec) => index.modules[spec]).filter((m): m is TsModuleRef => m !== undefined)));
  return index;
}

/** The source text of an in-tree file (UTF-8, BOM dropped), or undefined when unreadable. */
function sourceText(root: string, file: string): string | undefined {
  try {
    return typescript().sys.readFile(join(root, file))?.replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** Parse one tsconfig with the compiler (which follows `extends`), keeping what resolution needs. */
function parseTsConfig(root: string, rel: string, toRel: (abs: string) => string): TsConfigData {
  const abs = join(root, rel);
  let fatal: string | undefined;
  const tsc = typescript();
  const host: ts.ParseConfigFileHost = {
    useCaseSensitiveFileNames: tsc.sys.useCaseSensitiveFileNames,
    readDirectory: (...args) => tsc.sys.readDirectory(...args),
    fileExists: (p) => tsc.sys.fileExists(p),
    readFile: (p) => tsc.sys.readFile(p),
    getCurrentDirectory: () => root,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      fatal = tsc.flattenDiagnosticMessageText(d.messageText, '\n');
    },
  };
  const parsed = tsc.getParsedCommandLineOfConfigFile(abs, undefined, host);
  if (!parsed || fatal !== undefined) {
    throw new ConfigError('E_TSCONFIG_INVALID', `${rel}: cannot read this tsconfig: ${fatal ?? 'unknown error'}`, abs, [], 'fix the tsconfig, or leave it out with `typescript.tsconfigs`');
  }
  const options: Record<string, unknown> = {};
  const rootRelative = (p: string) => {
    const r = toRel(isAbsolute(p) ? p : join(root, p));
    return r === '' ? '.' : r.startsWith('..') ? r : `./${r}`;
  };
  for (const key of RESOLUTION_OPTIONS) {
    const value = parsed.options[key];
    if (value === undefined) continue;
    if (PATH_OPTIONS.has(key) && typeof value === 'string') options[key] = rootRelative(value);
    else if (key === 'rootDirs' && Array.isArray(value)) options[key] = (value as string[]).map(rootRelative);
    else options[key] = value;
  }
  const inside = (p: string) => !toRel(p).startsWith('..');
  return {
    path: rel,
    dir: dirOf(rel),
    options,
    files: parsed.fileNames.filter(inside).map(toRel).sort(),
    references: (parsed.projectReferences ?? [])
      .map((r) => tsc.resolveProjectReferencePath(r))
      .filter(inside)
      .map(toRel),
  };
}

/**
 * Literal strings one of which every specifier of a moved module contains: its file name without extension (the
 * directory's name for an index file, plus the bare `.` / `..` forms), every exact (`*`-less) `paths` alias, and
 * an external module's specifier.
 */
function needlesFor(index: TypeScriptIndex, modules: readonly TsModuleRef[]): string[] {
  const needles = new Set<string>();
  for (const m of modules) {
    if ('external' in m) {
      needles.add(m.external);
      continue;
    }
    const stem = basename(stripExtension(m.file));
    if (stem === 'index') {
      const dir = dirOf(m.file);
      if (dir !== '') needles.add(basename(dir));
      for (const q of ["'", '"', '`']) for (const s of ['.', '..', '/', './', '../']) needles.add(s === '.' || s === './' ? `${q}${s}${q}` : `${s}${q}`);
      // The index spelled out: `./index`, `../index`, `./index.js`.
      needles.add('/index');
    } else needles.add(stem);
  }
  if (modules.some((m) => 'file' in m)) {
    for (const c of index.configs) {
      const paths = c.options.paths as Record<string, string[]> | undefined;
      for (const key of Object.keys(paths ?? {})) if (!key.includes('*')) needles.add(key);
    }
  }
  return [...needles].sort();
}
