/**
 * File discovery, the first step of the pipeline: which files under the project root canonize looks at — regular
 * files with a language, selected by `include` and not by `exclude` or `.gitignore`, under the paths the user named.
 * What is passed over for a reason the user can act on (a symlink, an unreadable directory, a named path that is
 * missing or outside the root) is returned as a {@link DiscoverySkip}, never dropped. globby (fast-glob) matches the
 * globs over the pruned listings of files-walk.ts. Symlinks are never followed or returned: canonize writes files by
 * rename, which would replace a link with a copy. See docs/architecture.md (discover).
 */
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import type { Language } from '../core/types.js';
import { languageForPath } from '../languages/registry.js';
import { DirectoryWalk, errorCode, isOutside, readOuterRules, toPosix, type NamedPaths } from './files-walk.js';

/** A `.` or `..` segment, an empty segment, a leading slash or a backslash. */
const UNCLEAN_PATH = /(^|\/)\.{1,2}(\/|$)|\/\/|^\/|\\/;

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

type Skip = (path: string, kind: DiscoverySkip['kind'], message: string) => void;

/**
 * Finds the files to process under `options.root`: regular files with a language (`languageForPath`, src/languages/registry.ts),
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

  const named = await resolveNamedPaths(options, root, realRoot, skip);
  if (!named.all && named.dirs.size === 0 && named.files.size === 0) {
    return finish([]);
  }
  const outer = options.gitignore ? await readOuterRules(root) : { prefix: '', rules: undefined };
  const walk = new DirectoryWalk(root, named, options.gitignore, outer, skip);
  const matches = await globby(options.include, {
    cwd: root,
    ignore: options.exclude,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    gitignore: false,
    fs: walk.globFs(),
  });
  return finish(await filesOf(matches, walk, root, realRoot, skip));
}

/** The matches that are regular files with a language, each once; the other matches are reported or left out. */
async function filesOf(matches: readonly string[], walk: DirectoryWalk, root: string, realRoot: string, skip: Skip): Promise<DiscoveredFile[]> {
  const files: DiscoveredFile[] = [];
  const seen = new Set<string>();
  for (const match of matches) {
    // fast-glob gives clean relative paths for relative patterns; anything else is normalised (or left out).
    const rel = UNCLEAN_PATH.test(match) || path.isAbsolute(match) ? walk.relativeOf(path.resolve(root, match)) : match;
    const language = rel === undefined ? undefined : languageForPath(rel);
    if (rel === undefined || language === undefined || seen.has(rel)) continue;
    seen.add(rel);
    // Every match is checked against the listings, which are complete by now except for the directories of
    // literal patterns, which fast-glob resolves without listing them.
    const slash = rel.lastIndexOf('/');
    const dir = slash === -1 ? '' : rel.slice(0, slash);
    const listing = walk.listed.has(dir) ? walk.listed.get(dir) : await walk.list(dir);
    const dirent = listing?.entries.get(rel.slice(slash + 1));
    if (dirent === undefined || dirent.isDirectory()) continue;
    if (dirent.isFile()) {
      files.push({ path: rel, absPath: walk.fileAbs(rel), language });
    } else if (dirent.isSymbolicLink()) {
      const { kind, message } = await describeSymlink(walk.absOf(rel), realRoot);
      skip(rel, kind, message);
    } else {
      skip(rel, 'unreadable', 'not a regular file (a FIFO, socket or device)');
    }
  }
  return files;
}

/** Checks the named paths, reporting the ones that cannot be walked, and returns the rest. */
async function resolveNamedPaths(options: DiscoverOptions, root: string, realRoot: string, skip: Skip): Promise<NamedPaths> {
  const named: NamedPaths = { all: false, dirs: new Set(), files: new Set(), ancestors: new Set() };
  const requested = options.paths === undefined || options.paths.length === 0 ? [root] : options.paths;
  for (const given of requested) {
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
        named.all = true;
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
      named.dirs.add(rel);
    } else {
      // Files, and symlinks to files, which the walk reports like any other it would have included.
      named.files.add(rel);
    }
    for (let slash = rel.lastIndexOf('/'); slash !== -1; slash = rel.lastIndexOf('/', slash - 1)) {
      named.ancestors.add(rel.slice(0, slash));
    }
    named.ancestors.add('');
  }
  return named;
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

/** Plain code-unit order, independent of locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
