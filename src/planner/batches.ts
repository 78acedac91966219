/**
 * Batches: the plan's changed files grouped into reviewable units (by directory, count, rule or code owner) and
 * ordered by the `order` globs; stable ids (batch-ids.ts) and names. What a batch is for: docs/engine.md ("Batches").
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';
import { UsageError } from '../core/errors.js';
import type { Batch, ChangedFilePlan } from '../core/types.js';
import { batchIds, idKey } from './batch-ids.js';

/** The `order` entry that stands for every file no other glob matches. */
export const ORDER_REST = '...';

import type { BatchBy } from '../config/batch-by.js';

/** One CODEOWNERS line: a pattern and its owners (none means "explicitly unowned"). */
export interface CodeOwnersRule {
  pattern: string;
  owners: string[];
  /** Line number in the file, 1-based. */
  line: number;
  matches: (path: string) => boolean;
}

/** A parsed CODEOWNERS file. As on GitHub, the last rule that matches a path decides its owners. */
export interface CodeOwners {
  /** The file it was read from, relative to the root. */
  file: string;
  rules: CodeOwnersRule[];
}

/** Where GitHub looks for CODEOWNERS, in its order of precedence. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

/**
 * A CODEOWNERS pattern's matcher. The rules are gitignore's, as GitHub applies them, so the gitignore matcher
 * (`ignore`) reads it: a leading `/` or a slash in the middle anchors it at the root, otherwise it matches at any
 * depth; it names a file or a directory (and so everything below it), a trailing `/` only a directory; `\ ` is a
 * space and `(`, `!`, `+`, `@` are plain characters. One difference GitHub documents: `dir/*` matches the
 * directory's own files but not nested ones (gitignore would match those too, through their directory).
 */
function codeOwnersMatcher(pattern: string): (path: string) => boolean {
  const matcher = ignore().add(pattern);
  const ownFilesDepth = pattern.endsWith('/*') && !pattern.includes('**') ? pattern.replace(/^\//, '').split('/').length : undefined;
  return (path) => matcher.ignores(path) && (ownFilesDepth === undefined || path.split('/').length === ownFilesDepth);
}

/**
 * Parse the text of a CODEOWNERS file. Comments, blank lines and `[Section]` headers are ignored; a pattern may hold
 * escaped spaces (`docs/my\ file.md`).
 */
export function parseCodeOwners(text: string, file: string): CodeOwners {
  const rules: CodeOwnersRule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || /^\^?\[.*\]/.test(line)) return;
    // Words are separated by unescaped blanks.
    const [pattern, ...owners] = line.match(/(?:\\.|\S)+/g)!;
    const matches = codeOwnersMatcher(pattern!);
    rules.push({ pattern: pattern!, owners, line: i + 1, matches });
  });
  return { file, rules };
}

/** Read the project's CODEOWNERS file from the first of GitHub's locations that has one. */
export async function loadCodeOwners(root: string): Promise<CodeOwners | undefined> {
  for (const location of CODEOWNERS_LOCATIONS) {
    try {
      return parseCodeOwners(await readFile(join(root, location), 'utf8'), location);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return undefined;
}

/** The owners of a path: those of the last matching rule (an empty list when no rule matches, or it names none). */
export function ownersOf(codeOwners: CodeOwners, path: string): string[] {
  for (let i = codeOwners.rules.length - 1; i >= 0; i--) {
    const rule = codeOwners.rules[i]!;
    if (rule.matches(path)) return rule.owners;
  }
  return [];
}

/**
 * The rank of a path under an `order` list: the index of the first glob that matches it; a path no glob matches
 * takes the place of `...`, or comes after all of them when the list has no `...`.
 */
export function createOrderRank(order: readonly string[]): (path: string) => number {
  const matchers = order.map((glob) => (glob === ORDER_REST ? undefined : picomatch(glob, { dot: true })));
  const rest = order.indexOf(ORDER_REST);
  const fallback = rest === -1 ? order.length : rest;
  return (path) => {
    const i = matchers.findIndex((m) => m?.(path));
    return i === -1 ? fallback : i;
  };
}

export interface AssignBatchesOptions {
  /** Globs that order the batches (see {@link createOrderRank}). Default: by batch key. */
  order?: readonly string[];
  /** Required for `batchBy: owner`. */
  codeOwners?: CodeOwners;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The batch key of a path under `dir:DEPTH`: its first DEPTH directory segments (`.` for top-level files). */
function dirKey(path: string, depth: number): string {
  const dirs = path.split('/').slice(0, -1);
  return dirs.length === 0 ? '.' : dirs.slice(0, depth).join('/');
}

function groupKey(file: ChangedFilePlan, batchBy: Exclude<BatchBy, { kind: 'size' }>, codeOwners: CodeOwners | undefined): string {
  switch (batchBy.kind) {
    case 'dir':
      return dirKey(file.path, batchBy.depth);
    case 'rule':
      return [...new Set(file.edits.map((e) => e.rule))].sort(byString).join(' + ');
    case 'owner': {
      const owners = ownersOf(codeOwners!, file.path);
      return owners.length === 0 ? '(no owner)' : owners.join(' ');
    }
    default:
      return batchBy satisfies never;
  }
}

/**
 * Group changed files into batches and give each its stable id (setting each file's `batch`). Groups are sorted by
 * their `order` rank (a group ranks as its most urgent file) and then by key; with `size:N`, files are sorted by
 * rank and path and then cut into chunks, so ordering decides which files share a batch.
 */
export function assignBatches(files: ChangedFilePlan[], batchBy: BatchBy, options: AssignBatchesOptions = {}): Batch[] {
  if (batchBy.kind === 'owner' && !options.codeOwners) {
    throw new UsageError('E_NO_CODEOWNERS', `batchBy "owner" needs a CODEOWNERS file (looked in ${CODEOWNERS_LOCATIONS.join(', ')})`, 'add one, or batch by "dir", "size:N" or "rule"');
  }
  const rank = createOrderRank(options.order ?? []);
  const ranked = files.map((file) => ({ file, rank: rank(file.path) })).sort((a, b) => a.rank - b.rank || byString(a.file.path, b.file.path));
  const groups: { name: string; key: string; files: ChangedFilePlan[] }[] = [];
  if (batchBy.kind === 'size') {
    for (let i = 0; i < ranked.length; i += batchBy.size) {
      const chunk = ranked.slice(i, i + batchBy.size).map((r) => r.file);
      groups.push({ name: `files ${i + 1}-${i + chunk.length}`, key: `files-${i + 1}-${i + chunk.length}`, files: chunk });
    }
  } else {
    const byKey = new Map<string, { rank: number; files: ChangedFilePlan[] }>();
    for (const { file, rank: r } of ranked) {
      const key = groupKey(file, batchBy, options.codeOwners);
      // `ranked` is sorted, so a group's first file is its most urgent one.
      const group = byKey.get(key) ?? { rank: r, files: [] };
      group.files.push(file);
      byKey.set(key, group);
    }
    const keys = [...byKey.keys()].sort((a, b) => byKey.get(a)!.rank - byKey.get(b)!.rank || byString(a, b));
    for (const key of keys) groups.push({ name: key, key: idKey(key, batchBy), files: byKey.get(key)!.files.sort((a, b) => byString(a.path, b.path)) });
  }
  const ids = batchIds(groups.map((g) => g.key));
  return groups.map((g, i) => {
    const id = ids[i]!;
    for (const f of g.files) f.batch = id;
    return { id, name: g.name, files: g.files.map((f) => f.path) };
  });
}

/** {@link assignBatches} for a project: reads its CODEOWNERS file when batching by owner. */
export async function planBatches(files: ChangedFilePlan[], config: { root: string; batchBy: BatchBy; order: readonly string[] }): Promise<Batch[]> {
  const codeOwners = config.batchBy.kind === 'owner' ? await loadCodeOwners(config.root) : undefined;
  return assignBatches(files, config.batchBy, { order: config.order, ...(codeOwners ? { codeOwners } : {}) });
}
