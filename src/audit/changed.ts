/**
 * The files `check --changed-since REF` and `check --staged` look at: those git reports added, modified, renamed
 * (the new path) or copied, under the project root. When a change may alter what other files' plans depend on — the
 * config file, or a file the project index reads (each language says which: `factsChangedBy`) — checking the changed
 * files alone would not be enough, and the scope becomes the whole tree, with the reason. See docs/audit.md.
 */
import { lstat, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { CompiledConfig } from '../config/compile.js';
import type { ChangedFile, FactsChangeContext } from '../core/language.js';
import { gitChanges, readBlobs, type ChangeSource, type GitChange } from '../engine/git-changes.js';
import { LANGUAGES, languageForPath } from '../languages/registry.js';
import { buildProjectIndex } from '../planner/project-index.js';

/** What to check, and why. */
export interface ChangedScope {
  /** `changed`: only {@link paths}; `all`: the whole tree, because of {@link reason}. */
  scope: 'changed' | 'all';
  /** Why the whole tree is checked: the file and what it is to the plans of other files. */
  reason?: string;
  /** Files to check (relative to the root, sorted): added, modified, renamed or copied, and present in the working tree. */
  paths: string[];
  /** Files with a language deleted under the root (renamed ones are in {@link renamed}): not checked, not an error. */
  deleted: string[];
  /** Renames under the root, old path → new path. */
  renamed: { from: string; to: string }[];
  /** `--staged`: files staged but missing from the working tree, which cannot be checked. */
  missing: string[];
  /** `--staged`: the index's bytes of the files to check, by absolute path. */
  contents?: Map<string, Buffer>;
}

/** Work out the files to check for `source` under the config's root, and whether the whole tree must be checked. */
export async function changedScope(config: CompiledConfig, configFile: string | undefined, source: ChangeSource): Promise<ChangedScope> {
  const root = config.root;
  const { prefix, changes } = await gitChanges(root, source);
  const staged = 'staged' in source;
  const inRoot = changes.filter((c): c is GitChange & { path: string } => c.path !== undefined);
  const blobs = blobReader(root, changes);

  const present: string[] = [];
  const missing: string[] = [];
  for (const c of inRoot) {
    if (c.kind === 'deleted') continue;
    const exists = await lstat(join(root, c.path)).then((s) => s.isFile() || s.isSymbolicLink(), () => false);
    (exists ? present : missing).push(c.path);
  }
  const paths = [...new Set(present)].sort(compare);
  const scope: ChangedScope = {
    scope: 'changed',
    paths,
    deleted: inRoot.filter((c) => c.kind === 'deleted' && c.renamed === undefined && languageForPath(c.path) !== undefined).map((c) => c.path).sort(compare),
    renamed: inRoot.filter((c) => c.kind === 'added' && c.renamed !== undefined).map((c) => ({ from: fromRoot(prefix, c.renamed!) ?? c.renamed!, to: c.path })),
    missing: [...new Set(missing)].sort(compare),
  };
  if (staged) {
    const bytes = await blobs.all();
    scope.contents = new Map();
    for (const c of inRoot) if (c.after && bytes.has(c.after) && paths.includes(c.path)) scope.contents.set(join(root, c.path), bytes.get(c.after)!);
  }
  const reason = await wholeTreeReason(config, configFile, prefix, inRoot, changes, blobs, staged);
  if (reason) Object.assign(scope, { scope: 'all', reason });
  return scope;
}

/** The first changed file other files' plans may depend on, as a reason; undefined when there is none. */
async function wholeTreeReason(
  config: CompiledConfig,
  configFile: string | undefined,
  prefix: string,
  inRoot: readonly (GitChange & { path: string })[],
  changes: readonly GitChange[],
  blobs: BlobReader,
  staged: boolean,
): Promise<string | undefined> {
  if (configFile) {
    const configFromTop = posix.normalize(posix.join(prefix, relative(config.root, configFile).split(sep).join('/')));
    if (changes.some((c) => c.fromTop === configFromTop)) return `${configFromTop}: the config file changed`;
  }
  let index: ReturnType<FactsChangeContext['index']> | undefined;
  const context: FactsChangeContext = {
    root: config.root,
    sourceRoots: config.pythonSourceRoots,
    index: () => (index ??= buildProjectIndex(config.root, config.pythonSourceRoots, config.transforms)),
  };
  for (const c of inRoot) {
    const file: ChangedFile = {
      path: c.path,
      kind: c.kind,
      before: async () => (c.before ? (await blobs.all()).get(c.before) : undefined),
      after: async () => {
        if (c.kind === 'deleted') return undefined;
        if (staged && c.after) return (await blobs.all()).get(c.after);
        return readFile(join(config.root, c.path)).catch(() => undefined);
      },
    };
    for (const language of LANGUAGES) {
      const why = await language.factsChangedBy?.(file, config.transforms, context);
      if (why) return `${c.path} (${c.kind}): ${why}`;
    }
  }
  return undefined;
}

interface BlobReader {
  /** Every blob the changes name, read once (one `git cat-file --batch`) on first call. */
  all(): Promise<Map<string, Buffer>>;
}

function blobReader(root: string, changes: readonly GitChange[]): BlobReader {
  let read: Promise<Map<string, Buffer>> | undefined;
  return { all: () => (read ??= readBlobs(root, changes.flatMap((c) => [c.before, c.after].filter((b): b is string => b !== undefined)))) };
}

function fromRoot(prefix: string, fromTop: string): string | undefined {
  return prefix === '' ? fromTop : fromTop.startsWith(`${prefix}/`) ? fromTop.slice(prefix.length + 1) : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
