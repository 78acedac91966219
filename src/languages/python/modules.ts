/**
 * Python module names: which module a file is (from its path and the configured source roots, `__init__.py`
 * aware), what a relative import resolves to, and how to spell a module relative to a file.
 */

/** A file's module: `pkg.sub.mod` for `pkg/sub/mod.py`, `pkg.sub` (a package) for `pkg/sub/__init__.py`. */
export interface FileModule {
  module: string;
  isPackage: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The module a file (path relative to the project root, `/`-separated) is, counted from the deepest source root
 * that contains it; undefined when no root contains it or a path segment is not an identifier.
 */
export function moduleForPath(path: string, sourceRoots: readonly string[]): FileModule | undefined {
  const roots = sourceRoots
    .map((r) => r.replace(/^\.\/?/, '').replace(/\/+$/, ''))
    .sort((a, b) => b.length - a.length);
  for (const root of roots) {
    if (root !== '' && !path.startsWith(`${root}/`)) continue;
    const rest = root === '' ? path : path.slice(root.length + 1);
    const m = /^(.*)\.pyi?$/.exec(rest);
    if (!m) return undefined;
    const parts = m[1]!.split('/');
    const isPackage = parts[parts.length - 1] === '__init__';
    if (isPackage) parts.pop();
    if (parts.length === 0 || !parts.every((p) => IDENT.test(p))) return undefined;
    return { module: parts.join('.'), isPackage };
  }
  return undefined;
}

/** The candidate file paths (relative to the root) of a module, per source root: `a/b.py`, `a/b/__init__.py`. */
export function pathsForModule(module: string, sourceRoots: readonly string[]): string[] {
  const rel = module.split('.').join('/');
  return sourceRoots.flatMap((r) => {
    const root = r.replace(/^\.\/?/, '').replace(/\/+$/, '');
    const prefix = root === '' ? '' : `${root}/`;
    return [`${prefix}${rel}.py`, `${prefix}${rel}/__init__.py`, `${prefix}${rel}.pyi`, `${prefix}${rel}/__init__.pyi`];
  });
}

/** The package a file's relative imports are relative to. */
function packageOf(file: FileModule): string[] {
  const parts = file.module.split('.');
  return file.isPackage ? parts : parts.slice(0, -1);
}

/**
 * Resolve `from <dots><rest> import ...` in `file`: one dot is the file's package, each further dot one level up.
 * Undefined when it climbs above the top-level package.
 */
export function resolveRelative(file: FileModule, dots: number, rest: string | undefined): string | undefined {
  const pkg = packageOf(file);
  const up = dots - 1;
  if (up >= pkg.length) return undefined;
  const base = pkg.slice(0, pkg.length - up);
  const full = rest ? [...base, ...rest.split('.')] : base;
  return full.length > 0 ? full.join('.') : undefined;
}

/**
 * Spell `target` relative to `file` (`.websocket_manager`, `..websocket_core.manager`), or undefined when the
 * two do not share a top-level package (a relative import cannot reach it).
 */
export function relativeSpelling(file: FileModule, target: string): string | undefined {
  const pkg = packageOf(file);
  const t = target.split('.');
  let common = 0;
  while (common < pkg.length && common < t.length - 1 && pkg[common] === t[common]) common++;
  if (common === 0) return undefined;
  const dots = pkg.length - common + 1;
  return '.'.repeat(dots) + t.slice(common).join('.');
}
