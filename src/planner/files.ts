/**
 * File discovery, the first step of the pipeline: which files under the project root canonize looks at.
 *
 * A file is discovered when it is a regular file with a language canonize parses, is selected by the config's
 * `include` globs and not by its `exclude` globs, is not hidden by a `.gitignore`, and lies under one of the paths
 * the user named. Everything passed over for a reason the user can act on (a symlink, an unreadable directory, a
 * named path that is missing or outside the root) is returned as a {@link DiscoverySkip} rather than dropped.
 *
 * globby (fast-glob) matches the globs. The directory listings it walks are served by this module through its `fs`
 * option, so that one walk both matches and prunes: listings are narrowed to the named paths, lose `node_modules`,
 * `.git` and `.canonize`, and lose what `.gitignore` rules hide, read as the walk reaches them, so an ignored
 * directory is never entered. A directory that cannot be read is recorded and treated as empty. Every match is then
 * checked against those same listings, which also covers the literal patterns fast-glob resolves without listing.
 *
 * Symlinks are never followed or returned: canonize writes files by rename, which would replace a link with a copy.
 */
import * as fs from 'node:fs';
import { promises as fsp, type Dirent } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import ignore from 'ignore';
import type { Language } from '../core/types.js';

const LANGUAGE_BY_EXTENSION: ReadonlyMap<string, Language> = new Map<string, Language>([
  ['.py', 'python'],
  ['.pyi', 'python'],
  ['.ts', 'typescript'],
  ['.mts', 'typescript'],
  ['.cts', 'typescript'],
  ['.tsx', 'tsx'],
  // JavaScript: the TSX grammar reads JS and JSX (not Flow).
  ['.js', 'tsx'],
  ['.jsx', 'tsx'],
  ['.mjs', 'tsx'],
  ['.cjs', 'tsx'],
]);

/** Directory (or file) names never walked into or returned, whatever the config says. */
const ALWAYS_EXCLUDED: ReadonlySet<string> = new Set(['node_modules', '.git', '.canonize']);

/** A `.` or `..` segment, an empty segment, a leading slash or a backslash. */
const UNCLEAN_PATH = /(^|\/)\.{1,2}(\/|$)|\/\/|^\/|\\/;

/** git matches ignore rules case-insensitively where it sets `core.ignorecase` by default. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/**
 * The grammar for a file, from its extension: `.py` / `.pyi` are Python; `.ts`, `.mts`, `.cts` (and so `.d.ts`)
 * are TypeScript; `.tsx` is TypeScript with JSX, and so are `.js`, `.jsx`, `.mjs`, `.cjs` (the TSX grammar reads
 * JavaScript). Any other file has no language and is never discovered.
 */
export function languageForPath(filePath: string): Language | undefined {
  return LANGUAGE_BY_EXTENSION.get(path.extname(filePath));
}

/** What to discover. Globs use fast-glob syntax and are matched against paths relative to `root`. */
export interface DiscoverOptions {
  /** Absolute path of the project root. */
  root: string;
  /**
   * Absolute files or directories to restrict the walk to, each inside `root` (default, and when empty: `[root]`).
   * A named file is returned even when `.gitignore` ignores it; `include` and `exclude` still apply to it.
   */
  paths?: string[];
  /** Globs relative to `root` selecting the files to process, e.g. `['**\/*.py', '**\/*.ts']`. */
  include: string[];
  /** Globs relative to `root` to leave out. `node_modules`, `.git` and `.canonize` are always left out as well. */
  exclude: string[];
  /**
   * Respect `.gitignore` files in the root and below (each relative to its own directory), those of the directories
   * between the enclosing git repository's top level and the root, and the repository's `.git/info/exclude`.
   */
  gitignore: boolean;
}

/** A file to process. */
export interface DiscoveredFile {
  /** Path relative to the root, with `/` separators. */
  path: string;
  /** Absolute path on disk (the root joined with {@link DiscoveredFile.path}). */
  absPath: string;
  language: Language;
}

/** A path discovery passed over, and why. */
export interface DiscoverySkip {
  /**
   * Path relative to the root with `/` separators (`.` for the root itself); for a named path outside the root
   * (`outside-root`), the path as given.
   */
  path: string;
  /**
   * - `symlink`: a symbolic link (or a named path reached through one) resolving inside the root; not followed, the
   *   target is processed in its own right when it is itself discovered.
   * - `symlink-outside-root`: the same, resolving outside the root.
   * - `unreadable`: a directory or `.gitignore` that could not be read, a symlink whose target cannot be resolved,
   *   or a file that is not a regular file (FIFO, socket, device).
   * - `outside-root` / `not-found`: a named path that is not inside the root / does not exist.
   */
  kind: 'symlink' | 'symlink-outside-root' | 'unreadable' | 'outside-root' | 'not-found';
  message: string;
}

/** The result of {@link discoverFiles}; both lists sorted by path and free of duplicates. */
export interface Discovery {
  files: DiscoveredFile[];
  skipped: DiscoverySkip[];
}

/** The named paths, relative to the root with `/` separators. */
interface Scope {
  /** The root itself was named: everything is in scope. */
  all: boolean;
  dirs: Set<string>;
  files: Set<string>;
  /** Strict ancestors of named paths: listed only to reach them. */
  ancestors: Set<string>;
}

/** A directory as the walk sees it. */
interface Listing {
  /** The directory is a named directory or lies below one, so all its entries are in scope. */
  inNamedTree: boolean;
  /** The `.gitignore` rules that apply to its entries, if any. */
  rules: ignore.Ignore | undefined;
  /** The entries kept, by name. */
  entries: Map<string, Dirent>;
}

type Skip = (path: string, kind: DiscoverySkip['kind'], message: string) => void;

/**
 * Finds the files to process under `options.root`: regular files with a language ({@link languageForPath}),
 * selected by `include`, not by `exclude` or `.gitignore`, under `options.paths`. Never follows symlinks.
 * Does not throw for files or directories it cannot read; it reports them in {@link Discovery.skipped}.
 *
 * @throws TypeError when `root` or a `paths` entry is not absolute.
 */
export async function discoverFiles(options: DiscoverOptions): Promise<Discovery> {
  if (!path.isAbsolute(options.root)) {
    throw new TypeError(`discoverFiles: root must be an absolute path, got ${options.root}`);
  }
  const root = path.resolve(options.root);
  const realRoot = await fsp.realpath(root).catch(() => root);

  const skipped = new Map<string, DiscoverySkip>();
  const skip: Skip = (skipPath, kind, message) => {
    skipped.set(`${kind}\0${skipPath}`, { path: skipPath, kind, message });
  };
  const finish = (files: DiscoveredFile[]): Discovery => ({
    files: files.sort((a, b) => compare(a.path, b.path)),
    skipped: [...skipped.values()].sort((a, b) => compare(a.path, b.path) || compare(a.kind, b.kind)),
  });

  const scope = await resolveScope(options, root, realRoot, skip);
  if (!scope.all && scope.dirs.size === 0 && scope.files.size === 0) {
    return finish([]);
  }

  const absOf = (rel: string): string => (rel === '' ? root : path.join(root, ...rel.split('/')));
  // A file's absolute path as `root + rel`, a string that shares `root`: path.join builds its result a character at
  // a time, and V8 then holds ≈ 600 bytes per path — 30 MB of the planner's heap at 50,000 files.
  const rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
  const fileAbs = (rel: string): string => rootPrefix + (path.sep === '/' ? rel : rel.split('/').join(path.sep));

  // .gitignore rules are matched against paths relative to the repository's top level (or the root outside a
  // repository), so that the rules of the directories above the root apply with their own bases.
  const outer = options.gitignore ? await readOuterRules(root) : { prefix: '', rules: undefined };

  const listings = new Map<string, Promise<Listing | undefined>>();
  const listed = new Map<string, Listing | undefined>();
  const list = (rel: string): Promise<Listing | undefined> => {
    let listing = listings.get(rel);
    if (listing === undefined) {
      listing = readListing(rel);
      listings.set(rel, listing);
      listing.then(
        (found) => listed.set(rel, found),
        () => undefined, // the error reaches whoever awaits `listing`
      );
    }
    return listing;
  };

  const readListing = async (rel: string): Promise<Listing | undefined> => {
    let parent: Listing | undefined;
    if (rel !== '') {
      const slash = rel.lastIndexOf('/');
      parent = await list(slash === -1 ? '' : rel.slice(0, slash));
      // Only directories their parent's listing kept are entered: never a symlink, an ignored or out-of-scope one.
      if (parent?.entries.get(rel.slice(slash + 1))?.isDirectory() !== true) return undefined;
    }
    const inNamedTree = parent === undefined ? scope.all : parent.inNamedTree || scope.dirs.has(rel);

    let dirents: Dirent[];
    try {
      dirents = await fsp.readdir(absOf(rel), { withFileTypes: true });
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        skip(rel || '.', 'unreadable', `cannot read directory (${code ?? String(error)}); its files were not searched`);
      }
      return undefined;
    }

    let rules = parent === undefined ? outer.rules : parent.rules;
    if (options.gitignore && dirents.some((dirent) => dirent.name === '.gitignore' && dirent.isFile())) {
      const ignoreFile = rel === '' ? '.gitignore' : `${rel}/.gitignore`;
      try {
        const text = await fsp.readFile(absOf(ignoreFile), 'utf8');
        rules = extendRules(rules, text, joinPosix(outer.prefix, rel));
      } catch (error) {
        skip(ignoreFile, 'unreadable', `cannot read .gitignore (${errorCode(error) ?? String(error)}); its rules were not applied`);
      }
    }

    const entries = new Map<string, Dirent>();
    for (const dirent of dirents) {
      if (ALWAYS_EXCLUDED.has(dirent.name)) continue;
      const childRel = rel === '' ? dirent.name : `${rel}/${dirent.name}`;
      // Named paths and the directories leading to them are kept whatever .gitignore says.
      if (scope.files.has(childRel) || scope.dirs.has(childRel) || scope.ancestors.has(childRel)) {
        entries.set(dirent.name, dirent);
      } else if (inNamedTree && !isIgnored(rules, joinPosix(outer.prefix, childRel), dirent.isDirectory())) {
        entries.set(dirent.name, dirent);
      }
    }
    return { inNamedTree, rules, entries };
  };

  const relativeOf = (absPath: string): string | undefined => {
    const rel = path.relative(root, absPath);
    return isOutside(rel) ? undefined : toPosix(rel);
  };

  // fast-glob lists directories through this `readdir` (with `withFileTypes`, as it asks for no stats), so it walks
  // exactly the listings above. The other file system methods it may use are node's.
  type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: Dirent[] | string[]) => void;
  const readdir = (directory: string, ...rest: [ReaddirCallback] | [unknown, ReaddirCallback]): void => {
    const callback = rest.length === 1 ? rest[0] : rest[1];
    const withFileTypes = rest.length === 2 && (rest[0] as { withFileTypes?: unknown } | null)?.withFileTypes === true;
    const rel = relativeOf(directory);
    const listing = rel === undefined ? Promise.resolve(undefined) : list(rel);
    listing.then(
      (found) => {
        const dirents = found === undefined ? [] : [...found.entries.values()];
        callback(null, withFileTypes ? dirents : dirents.map((dirent) => dirent.name));
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, []),
    );
  };

  const matches = await globby(options.include, {
    cwd: root,
    ignore: options.exclude,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    gitignore: false,
    fs: {
      lstat: fs.lstat,
      stat: fs.stat,
      lstatSync: fs.lstatSync,
      statSync: fs.statSync,
      readdirSync: fs.readdirSync,
      readdir: readdir as unknown as typeof fs.readdir,
    },
  });

  const files: DiscoveredFile[] = [];
  const seen = new Set<string>();
  for (const match of matches) {
    // fast-glob gives clean relative paths for relative patterns; anything else is normalised (or left out).
    const rel = UNCLEAN_PATH.test(match) || path.isAbsolute(match) ? relativeOf(path.resolve(root, match)) : match;
    const language = rel === undefined ? undefined : languageForPath(rel);
    if (rel === undefined || language === undefined || seen.has(rel)) continue;
    seen.add(rel);
    // Every match is checked against the listings, which are complete by now except for the directories of
    // literal patterns, which fast-glob resolves without listing them.
    const slash = rel.lastIndexOf('/');
    const dir = slash === -1 ? '' : rel.slice(0, slash);
    const listing = listed.has(dir) ? listed.get(dir) : await list(dir);
    const dirent = listing?.entries.get(rel.slice(slash + 1));
    if (dirent === undefined || dirent.isDirectory()) continue;
    if (dirent.isFile()) {
      files.push({ path: rel, absPath: fileAbs(rel), language });
    } else if (dirent.isSymbolicLink()) {
      const { kind, message } = await describeSymlink(absOf(rel), realRoot);
      skip(rel, kind, message);
    } else {
      skip(rel, 'unreadable', 'not a regular file (a FIFO, socket or device)');
    }
  }
  return finish(files);
}

/** Checks the named paths, reporting the ones that cannot be walked, and returns the rest. */
async function resolveScope(options: DiscoverOptions, root: string, realRoot: string, skip: Skip): Promise<Scope> {
  const scope: Scope = { all: false, dirs: new Set(), files: new Set(), ancestors: new Set() };
  const named = options.paths === undefined || options.paths.length === 0 ? [root] : options.paths;
  for (const given of named) {
    if (!path.isAbsolute(given)) {
      throw new TypeError(`discoverFiles: paths must be absolute, got ${given}`);
    }
    const absPath = path.resolve(given);
    const nativeRel = path.relative(root, absPath);
    if (isOutside(nativeRel)) {
      skip(given, 'outside-root', `${given} is outside the project root ${root}`);
      continue;
    }
    const rel = toPosix(nativeRel);
    const shown = rel || '.';

    let stats: fs.Stats;
    try {
      stats = await fsp.lstat(absPath);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        skip(shown, 'not-found', `${given} does not exist`);
      } else {
        skip(shown, 'unreadable', `cannot read ${given} (${code ?? String(error)})`);
      }
      continue;
    }

    if (rel === '') {
      if (stats.isDirectory()) {
        scope.all = true;
      } else {
        skip(shown, 'not-found', `the project root ${root} is not a directory`);
      }
      continue;
    }

    // A path whose parent does not resolve to where it lies under the root is reached through a symlinked
    // directory, which the walk never enters.
    const parentReal = await fsp.realpath(path.dirname(absPath)).catch(() => undefined);
    if (parentReal !== path.join(realRoot, path.dirname(nativeRel))) {
      const { kind, message } = await describeSymlink(absPath, realRoot, 'reached through a symbolic link');
      skip(shown, kind, message);
      continue;
    }
    if (stats.isSymbolicLink() && (await fsp.stat(absPath).then((target) => target.isDirectory(), () => false))) {
      // A named symlink to a directory: say so, rather than silently finding nothing in it.
      const { kind, message } = await describeSymlink(absPath, realRoot);
      skip(shown, kind, message);
      continue;
    }

    if (stats.isDirectory()) {
      scope.dirs.add(rel);
    } else {
      // Files, and symlinks to files, which the walk reports like any other it would have included.
      scope.files.add(rel);
    }
    for (let slash = rel.lastIndexOf('/'); slash !== -1; slash = rel.lastIndexOf('/', slash - 1)) {
      scope.ancestors.add(rel.slice(0, slash));
    }
    scope.ancestors.add('');
  }
  return scope;
}

/** Classifies a symlink (or a path reached through one) by where it resolves. */
async function describeSymlink(
  absPath: string,
  realRoot: string,
  what = 'symbolic link',
): Promise<{ kind: DiscoverySkip['kind']; message: string }> {
  let target: string;
  try {
    target = await fsp.realpath(absPath);
  } catch (error) {
    const reason = errorCode(error) ?? String(error);
    return { kind: 'unreadable', message: `${what} whose target cannot be resolved (${reason}); not followed` };
  }
  const rel = path.relative(realRoot, target);
  if (isOutside(rel)) {
    return { kind: 'symlink-outside-root', message: `${what} to ${target}, outside the project root; not followed` };
  }
  return {
    kind: 'symlink',
    message: `${what} to ${toPosix(rel) || '.'}; not followed (the target is processed in its own right)`,
  };
}

/**
 * The ignore rules that apply above the root: `info/exclude` of the enclosing git repository, then the `.gitignore`
 * files of the directories from its top level down to the root's parent. `prefix` is the root's path from the top
 * level, with `/` separators (empty when the root is the top level or not in a repository).
 */
async function readOuterRules(root: string): Promise<{ prefix: string; rules: ignore.Ignore | undefined }> {
  let topLevel: string | undefined;
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (await fsp.lstat(path.join(dir, '.git')).then(() => true, () => false)) {
      topLevel = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  if (topLevel === undefined) return { prefix: '', rules: undefined };

  let rules: ignore.Ignore | undefined;
  const gitDir = await resolveCommonGitDir(topLevel);
  const exclude = await readTextFile(path.join(gitDir, 'info', 'exclude'));
  if (exclude !== undefined) rules = extendRules(rules, exclude, '');

  const prefix = toPosix(path.relative(topLevel, root));
  const segments = prefix === '' ? [] : prefix.split('/');
  for (let depth = 0; depth < segments.length; depth++) {
    const text = await readTextFile(path.join(topLevel, ...segments.slice(0, depth), '.gitignore'));
    if (text !== undefined) rules = extendRules(rules, text, segments.slice(0, depth).join('/'));
  }
  return { prefix, rules };
}

/** The repository's (common) git directory: `.git`, or where a `.git` file of a worktree or submodule points. */
async function resolveCommonGitDir(topLevel: string): Promise<string> {
  const dotGit = path.join(topLevel, '.git');
  const pointer = await readTextFile(dotGit);
  if (pointer === undefined) return dotGit;
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(pointer);
  if (match?.[1] === undefined) return dotGit;
  const gitDir = path.resolve(topLevel, match[1]);
  const common = await readTextFile(path.join(gitDir, 'commondir'));
  return common === undefined ? gitDir : path.resolve(gitDir, common.trim());
}

/** A regular file's text, or undefined when it is missing, not a regular file or unreadable. */
async function readTextFile(filePath: string): Promise<string | undefined> {
  try {
    if (!(await fsp.lstat(filePath)).isFile()) return undefined;
    return await fsp.readFile(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `rules` plus those of an ignore file in directory `base` (relative to where paths are matched from), rebased so
 * that they match from there too. Rules are kept in one matcher per directory chain, parents first, because git's
 * precedence (a deeper file overrides a shallower one; the last matching rule wins) is exactly `ignore`'s
 * last-match-wins over that order, and its check that no parent directory is ignored then sees every level at once.
 */
function extendRules(rules: ignore.Ignore | undefined, text: string, base: string): ignore.Ignore | undefined {
  const patterns: string[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#') || line === '!') continue;
    patterns.push(base === '' ? line : rebasePattern(line, escapeGlob(base)));
  }
  if (patterns.length === 0) return rules;
  const extended = ignore({ ignorecase: IGNORE_CASE });
  if (rules !== undefined) extended.add(rules);
  return extended.add(patterns);
}

/**
 * Rewrites a pattern of the ignore file in directory `base` to match paths given relative to where `base` is:
 * a pattern with no slash (or only a trailing one) matches at any depth below `base`; any other is anchored there.
 */
function rebasePattern(pattern: string, base: string): string {
  const negative = pattern.startsWith('!');
  const body = negative ? pattern.slice(1) : pattern;
  const slash = body.indexOf('/');
  const anchored = slash !== -1 && slash !== body.length - 1;
  const rebased = !anchored ? `${base}/**/${body}` : body.startsWith('/') ? `${base}${body}` : `${base}/${body}`;
  return negative ? `!${rebased}` : rebased;
}

/** Escapes a literal path for use at the start of a gitignore pattern. */
function escapeGlob(literal: string): string {
  const escaped = literal.replace(/[\\*?[\]]/g, '\\$&');
  return escaped.startsWith('!') || escaped.startsWith('#') ? `\\${escaped}` : escaped;
}

function isIgnored(rules: ignore.Ignore | undefined, rel: string, isDirectory: boolean): boolean {
  if (rules === undefined) return false;
  try {
    return rules.ignores(isDirectory ? `${rel}/` : rel);
  } catch {
    // `ignore` rejects a few legal names (such as one made only of dots); no rule can mean those.
    return false;
  }
}

/** Whether a `path.relative` result leaves the directory it is relative to. */
function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

function toPosix(nativePath: string): string {
  return path.sep === '/' ? nativePath : nativePath.split(path.sep).join('/');
}

function joinPosix(prefix: string, rel: string): string {
  return prefix === '' ? rel : rel === '' ? prefix : `${prefix}/${rel}`;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Plain code-unit order, independent of locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
