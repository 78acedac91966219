/**
 * The files `check --changed-since REF` and `check --staged` look at: those git reports added, modified, renamed
 * (the new path) or copied, under the project root. When a change may alter what other files' plans depend on — the
 * config file, or a file the project index reads (each language says which: `factsChangedBy`) — checking the changed
 * files alone is not enough: the files whose plans read the facts that changed are checked too when the language can
 * name them, else the whole tree is, with the reason. See docs/audit.md.
 */
import { lstat, readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { CompiledConfig } from '../config/compile.js';
import { DEFAULT_EXCLUDE } from '../config/schema.js';
import type { ChangedFile, FactsChangeContext } from '../core/language.js';
import type { ProjectIndex } from '../core/types.js';
import { gitChanges, readBlobs, type ChangeSource, type GitChange } from '../engine/git-changes.js';
import { LANGUAGES, languageForPath } from '../languages/registry.js';
import { buildProjectIndex } from '../planner/project-index.js';

/** What to check, and why. */
export interface ChangedScope {
  /** `changed`: only {@link paths} and {@link dependents}; `all`: the whole tree, because of {@link reason}. */
  scope: 'changed' | 'all';
  /** Why the whole tree is checked: the file and what it is to the plans of other files. */
  reason?: string;
  /** Files to check (relative to the root, sorted): added, modified, renamed or copied, and present in the working tree. */
  paths: string[];
  /** Unchanged files checked too, because a change altered facts their plans read: each with the change's reason. */
  dependents: { path: string; reason: string }[];
  /** Files with a language deleted under the root (renamed ones are in {@link renamed}): not checked, not an error. */
  deleted: string[];
  /** Renames under the root, old path → new path. */
  renamed: { from: string; to: string }[];
  /** `--staged`: files staged but missing from the working tree, which cannot be checked. */
  missing: string[];
  /** `--staged`: the index's bytes of the files to check, by absolute path. */
  contents?: Map<string, Uint8Array>;
}

/** Work out the files to check for `source` under the config's root, and whether the whole tree must be checked. */
export async function changedScope(config: CompiledConfig, configFile: string | undefined, source: ChangeSource): Promise<ChangedScope> {
  const root = config.root;
  const { prefix, changes } = await gitChanges(root, source);
  const staged = 'staged' in source;
  const inRoot = changes.filter((c): c is GitChange & { path: string } => c.path !== undefined);
  const blobs = blobReader(root, changes);
  const isFile = (path: string) => lstat(join(root, path)).then((s) => s.isFile() || s.isSymbolicLink(), () => false);

  const present: string[] = [];
  const missing: string[] = [];
  const included = includedBy(config);
  for (const c of inRoot) if (c.kind !== 'deleted' && included(c.path)) ((await isFile(c.path)) ? present : missing).push(c.path);
  const paths = [...new Set(present)].sort(compare);
  const reach = await factsReach(config, configFile, prefix, inRoot, changes, blobs, staged);
  const dependents: ChangedScope['dependents'] = [];
  const named = new Set([...paths, ...missing]);
  for (const [path, reason] of [...reach.dependents].sort(([a], [b]) => compare(a, b))) {
    if (!named.has(path) && included(path) && (await isFile(path))) dependents.push({ path, reason });
  }
  const scope: ChangedScope = {
    scope: reach.reason ? 'all' : 'changed',
    ...(reach.reason ? { reason: reach.reason } : {}),
    paths,
    dependents,
    deleted: inRoot.filter((c) => c.kind === 'deleted' && c.renamed === undefined && included(c.path)).map((c) => c.path).sort(compare),
    renamed: inRoot.filter((c) => c.kind === 'added' && c.renamed !== undefined).map((c) => ({ from: fromRoot(prefix, c.renamed!) ?? c.renamed!, to: c.path })),
    missing: [...new Set(missing)].sort(compare),
  };
  if (staged) scope.contents = await stagedContents(root, prefix, inRoot, paths, dependents, blobs);
  return scope;
}

/** The index's bytes of the files to check: the changed ones by blob id, the dependents by path. */
async function stagedContents(
  root: string,
  prefix: string,
  inRoot: readonly (GitChange & { path: string })[],
  paths: readonly string[],
  dependents: ChangedScope['dependents'],
  blobs: BlobReader,
): Promise<Map<string, Uint8Array>> {
  const bytes = await blobs.all();
  const contents = new Map<string, Uint8Array>();
  const checked = new Set(paths);
  for (const c of inRoot) if (c.after && bytes.has(c.after) && checked.has(c.path)) contents.set(join(root, c.path), bytes.get(c.after)!);
  const fromTop = (path: string) => (prefix === '' ? path : `${prefix}/${path}`);
  const indexed = await readBlobs(root, dependents.map((d) => `:${fromTop(d.path)}`));
  for (const d of dependents) {
    const b = indexed.get(`:${fromTop(d.path)}`);
    if (b) contents.set(join(root, d.path), b);
  }
  return contents;
}

/**
 * How far the changes reach beyond the changed files: `reason` when any file's plan may depend on them (the config
 * file, or a fact every plan may read), else the files whose plans read the facts that changed.
 */
async function factsReach(
  config: CompiledConfig,
  configFile: string | undefined,
  prefix: string,
  inRoot: readonly (GitChange & { path: string })[],
  changes: readonly GitChange[],
  blobs: BlobReader,
  staged: boolean,
): Promise<{ reason?: string; dependents: Map<string, string> }> {
  const dependents = new Map<string, string>();
  if (configFile) {
    const configFromTop = posix.normalize(posix.join(prefix, relative(config.root, configFile).split(sep).join('/')));
    if (changes.some((c) => c.fromTop === configFromTop)) return { reason: `${configFromTop}: the config file changed`, dependents };
  }
  // Each language's own facts, built only if its answer needs them (the TypeScript index, not the Python scan).
  const contexts = new Map(
    LANGUAGES.map((language) => {
      let index: Promise<ProjectIndex> | undefined;
      const build = () => buildProjectIndex(config.root, config.pythonSourceRoots, config.transforms, undefined, undefined, [language]);
      return [language, { root: config.root, sourceRoots: config.pythonSourceRoots, index: () => (index ??= build()) } satisfies FactsChangeContext];
    }),
  );
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
      const reach = await language.factsChangedBy?.(file, config.transforms, contexts.get(language)!);
      if (!reach) continue;
      const reason = `${c.path} (${c.kind}): ${reach.reason}`;
      if (!reach.files) return { reason, dependents };
      for (const path of reach.files) if (!dependents.has(path)) dependents.set(path, reason);
    }
  }
  return { dependents };
}

/**
 * Whether the config takes in a path: a file with a language, matched by `include` and by no `exclude` (nor the
 * always-excluded `node_modules`, `.git`, `.canonize`). Discovery has the last word on the files planned.
 */
function includedBy(config: CompiledConfig): (path: string) => boolean {
  const include = picomatch(config.include, { dot: true });
  const exclude = picomatch([...DEFAULT_EXCLUDE, ...config.exclude], { dot: true });
  return (path) => languageForPath(path) !== undefined && include(path) && !exclude(path);
}

interface BlobReader {
  /** Every blob the changes name, read once (one `git cat-file --batch`) on first call. */
  all(): Promise<Map<string, Uint8Array>>;
}

function blobReader(root: string, changes: readonly GitChange[]): BlobReader {
  let read: Promise<Map<string, Uint8Array>> | undefined;
  return { all: () => (read ??= readBlobs(root, changes.flatMap((c) => [c.before, c.after].filter((b): b is string => b !== undefined)))) };
}

function fromRoot(prefix: string, fromTop: string): string | undefined {
  return prefix === '' ? fromTop : fromTop.startsWith(`${prefix}/`) ? fromTop.slice(prefix.length + 1) : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
