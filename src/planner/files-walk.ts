/**
 * The directory walk behind file discovery (files.ts): each directory is listed once, and its listing is narrowed to
 * the named paths, loses `node_modules`, `.git` and `.canonize`, and loses what `.gitignore` rules hide (read as the
 * walk reaches them, so an ignored directory is never entered). fast-glob walks these listings through its `fs`
 * option. See docs/architecture.md (discover).
 */
import * as fs from 'node:fs';
import { promises as fsp, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';

/** Directory (or file) names never walked into or returned, whatever the config says. */
const ALWAYS_EXCLUDED: ReadonlySet<string> = new Set(['node_modules', '.git', '.canonize']);

/** git matches ignore rules case-insensitively where it sets `core.ignorecase` by default. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** The paths the user named, relative to the root with `/` separators. */
export interface NamedPaths {
  /** The root itself was named: everything is in scope. */
  all: boolean;
  dirs: Set<string>;
  files: Set<string>;
  /** Strict ancestors of named paths: listed only to reach them. */
  ancestors: Set<string>;
}

/** A directory as the walk sees it. */
export interface Listing {
  /** The directory is a named directory or lies below one, so all its entries are in scope. */
  inNamedTree: boolean;
  /** The `.gitignore` rules that apply to its entries, if any. */
  rules: ignore.Ignore | undefined;
  /** The entries kept, by name. */
  entries: Map<string, Dirent>;
}

/** The `.gitignore` rules from above the root, and the root's path from the repository's top level. */
export interface OuterRules {
  prefix: string;
  rules: ignore.Ignore | undefined;
}

/** Records a directory or `.gitignore` that could not be read. */
export type UnreadableSkip = (path: string, kind: 'unreadable', message: string) => void;

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: Dirent[] | string[]) => void;

/** The listings of one discovery, each read once (a directory that cannot be read is recorded and treated as empty). */
export class DirectoryWalk {
  private readonly listings = new Map<string, Promise<Listing | undefined>>();
  /** The listings already read, for callers that need not wait. */
  readonly listed = new Map<string, Listing | undefined>();
  /**
   * A file's absolute path is built as `root + rel`, a string that shares `root`: path.join builds its result a
   * character at a time, and V8 then holds ≈ 600 bytes per path — 30 MB of the planner's heap at 50,000 files.
   */
  private readonly rootPrefix: string;

  /**
   * @param outer .gitignore rules are matched against paths relative to the repository's top level (or the root
   *   outside a repository), so that the rules of the directories above the root apply with their own bases.
   */
  constructor(
    private readonly root: string,
    private readonly named: NamedPaths,
    private readonly gitignore: boolean,
    private readonly outer: OuterRules,
    private readonly skip: UnreadableSkip,
  ) {
    this.rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
  }

  absOf(rel: string): string {
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }

  /** The absolute path of a discovered file (see `rootPrefix`). */
  fileAbs(rel: string): string {
    return this.rootPrefix + (path.sep === '/' ? rel : rel.split('/').join(path.sep));
  }

  /** A path's root-relative form with `/` separators, or undefined outside the root. */
  relativeOf(absPath: string): string | undefined {
    const rel = path.relative(this.root, absPath);
    return isOutside(rel) ? undefined : toPosix(rel);
  }

  /** The listing of a directory (root-relative; `''` is the root), read once. */
  list(rel: string): Promise<Listing | undefined> {
    let listing = this.listings.get(rel);
    if (listing === undefined) {
      listing = this.readListing(rel);
      this.listings.set(rel, listing);
      listing.then(
        (found) => this.listed.set(rel, found),
        () => undefined, // the error reaches whoever awaits `listing`
      );
    }
    return listing;
  }

  private async readListing(rel: string): Promise<Listing | undefined> {
    let parent: Listing | undefined;
    if (rel !== '') {
      const slash = rel.lastIndexOf('/');
      parent = await this.list(slash === -1 ? '' : rel.slice(0, slash));
      // Only directories their parent's listing kept are entered: never a symlink, an ignored or out-of-scope one.
      if (parent?.entries.get(rel.slice(slash + 1))?.isDirectory() !== true) return undefined;
    }
    const inNamedTree = parent === undefined ? this.named.all : parent.inNamedTree || this.named.dirs.has(rel);

    let dirents: Dirent[];
    try {
      dirents = await fsp.readdir(this.absOf(rel), { withFileTypes: true });
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        this.skip(rel || '.', 'unreadable', `cannot read directory (${code ?? String(error)}); its files were not searched`);
      }
      return undefined;
    }
    const inherited = parent === undefined ? this.outer.rules : parent.rules;
    const ownRules = this.gitignore && dirents.some((dirent) => dirent.name === '.gitignore' && dirent.isFile());
    const rules = ownRules ? await this.withGitignore(rel, inherited) : inherited;
    return { inNamedTree, rules, entries: this.keptEntries(rel, inNamedTree, rules, dirents) };
  }

  /** `rules` extended by the directory's own `.gitignore` (unchanged, and the file reported, when it cannot be read). */
  private async withGitignore(rel: string, rules: ignore.Ignore | undefined): Promise<ignore.Ignore | undefined> {
    const ignoreFile = rel === '' ? '.gitignore' : `${rel}/.gitignore`;
    try {
      const text = await fsp.readFile(this.absOf(ignoreFile), 'utf8');
      return extendRules(rules, text, joinPosix(this.outer.prefix, rel));
    } catch (error) {
      this.skip(ignoreFile, 'unreadable', `cannot read .gitignore (${errorCode(error) ?? String(error)}); its rules were not applied`);
      return rules;
    }
  }

  private keptEntries(rel: string, inNamedTree: boolean, rules: ignore.Ignore | undefined, dirents: readonly Dirent[]): Map<string, Dirent> {
    const { named } = this;
    const entries = new Map<string, Dirent>();
    for (const dirent of dirents) {
      if (ALWAYS_EXCLUDED.has(dirent.name)) continue;
      const childRel = rel === '' ? dirent.name : `${rel}/${dirent.name}`;
      // Named paths and the directories leading to them are kept whatever .gitignore says.
      if (named.files.has(childRel) || named.dirs.has(childRel) || named.ancestors.has(childRel)) {
        entries.set(dirent.name, dirent);
      } else if (inNamedTree && !isIgnored(rules, joinPosix(this.outer.prefix, childRel), dirent.isDirectory())) {
        entries.set(dirent.name, dirent);
      }
    }
    return entries;
  }

  /**
   * The `fs` option for globby: fast-glob lists directories through this `readdir` (with `withFileTypes`, as it asks
   * for no stats), so it walks exactly the listings above. The other file system methods it may use are node's.
   */
  globFs(): Partial<typeof fs> {
    const readdir = (directory: string, ...rest: [ReaddirCallback] | [unknown, ReaddirCallback]): void => {
      const callback = rest.length === 1 ? rest[0] : rest[1];
      const withFileTypes = rest.length === 2 && (rest[0] as { withFileTypes?: unknown } | null)?.withFileTypes === true;
      const rel = this.relativeOf(directory);
      const listing = rel === undefined ? Promise.resolve(undefined) : this.list(rel);
      listing.then(
        (found) => {
          const dirents = found === undefined ? [] : [...found.entries.values()];
          callback(null, withFileTypes ? dirents : dirents.map((dirent) => dirent.name));
        },
        (error: unknown) => callback(error as NodeJS.ErrnoException, []),
      );
    };
    return {
      lstat: fs.lstat,
      stat: fs.stat,
      lstatSync: fs.lstatSync,
      statSync: fs.statSync,
      readdirSync: fs.readdirSync,
      readdir: readdir as unknown as typeof fs.readdir,
    };
  }
}

/**
 * The ignore rules that apply above the root: `info/exclude` of the enclosing git repository, then the `.gitignore`
 * files of the directories from its top level down to the root's parent. `prefix` is the root's path from the top
 * level, with `/` separators (empty when the root is the top level or not in a repository).
 */
export async function readOuterRules(root: string): Promise<OuterRules> {
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
export function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

export function toPosix(nativePath: string): string {
  return path.sep === '/' ? nativePath : nativePath.split(path.sep).join('/');
}

function joinPosix(prefix: string, rel: string): string {
  return prefix === '' ? rel : rel === '' ? prefix : `${prefix}/${rel}`;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
