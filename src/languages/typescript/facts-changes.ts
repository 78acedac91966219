/**
 * Which changed files may change the TypeScript facts of the project index (facts.ts), for `check --changed-since`:
 * a package.json, a tsconfig (or a file one extends), a file added or deleted where module resolution may land, and
 * a file whose exports the rules check (or one it re-exports everything from).
 */
import { join, posix } from 'node:path';
import picomatch from 'picomatch';
import type { ChangedFile, FactsChange, FactsChangeContext } from '../../core/language.js';
import { withTree } from '../../core/parse.js';
import type { Transform } from '../../core/types.js';
import { typescript } from '../../core/typescript-compiler.js';
import type { TypeScriptIndex } from './facts-data.js';
import { TSX_GRAMMAR, TYPESCRIPT_GRAMMAR } from './grammar.js';
import { TsResolver } from './resolve.js';
import { moduleExports } from './syntax.js';

/** The extensions of the files module resolution may land on (facts.ts, `RESOLVABLE`). */
const RESOLVABLE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** Why a change to `file` may change the TypeScript facts (any file's plan may read them), or undefined. */
export async function typescriptFactsChangedBy(file: ChangedFile, transforms: readonly Transform[], context: FactsChangeContext): Promise<FactsChange | undefined> {
  const reason = await whyChanged(file, transforms, context);
  return reason === undefined ? undefined : { reason };
}

async function whyChanged(file: ChangedFile, transforms: readonly Transform[], context: FactsChangeContext): Promise<string | undefined> {
  const requests = transforms.flatMap((t) => (t.facts?.typescript ? [t.facts.typescript] : []));
  if (requests.length === 0) return undefined;
  const { path } = file;
  if (/(^|\/)node_modules\//.test(path)) return undefined;
  if (posix.basename(path) === 'package.json') return 'it is a package.json, which module resolution reads';
  if (path.endsWith('.json')) {
    if (/(^|\/)[jt]sconfig[^/]*\.json$/.test(path) || picomatch(requests.flatMap((r) => [...r.tsconfigs]), { dot: true })(path)) return 'it is a tsconfig, which module resolution reads';
    const index = (await context.index()).typescript;
    if (index && (index.configs.some((c) => c.path === path) || extendedConfigs(context.root, index).has(path))) return 'a tsconfig extends it';
    return undefined;
  }
  if (!RESOLVABLE.test(path)) return undefined;
  if (file.kind !== 'modified') return `it was ${file.kind}, and module resolution may land on it`;
  const index = (await context.index()).typescript;
  if (index && exportsClosure(context.root, index).has(path)) return 'the rules check its exports';
  return undefined;
}

/** The in-tree files the index's tsconfigs extend (relative paths only: a package's config is in node_modules). */
function extendedConfigs(root: string, index: TypeScriptIndex): Set<string> {
  const tsc = typescript();
  const found = new Set<string>();
  const pending = index.configs.map((c) => c.path);
  while (pending.length > 0) {
    const rel = pending.pop()!;
    const { config } = tsc.readConfigFile(join(root, rel), (p) => tsc.sys.readFile(p));
    const extended = (config as { extends?: unknown } | undefined)?.extends;
    for (const spec of Array.isArray(extended) ? extended : [extended]) {
      if (typeof spec !== 'string' || !/^\.\.?\//.test(spec)) continue;
      let target = posix.normalize(posix.join(posix.dirname(rel), spec));
      if (!target.endsWith('.json')) target += '.json';
      if (!found.has(target)) pending.push(target);
      found.add(target);
    }
  }
  return found;
}

/** The files whose exports the index lists, and every file they re-export everything from (`export * from`). */
function exportsClosure(root: string, index: TypeScriptIndex): Set<string> {
  const resolver = new TsResolver(index);
  const seen = new Set<string>();
  const pending = Object.keys(index.exports);
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = typescript().sys.readFile(join(root, file))?.replace(/^\uFEFF/, '');
    if (text === undefined) continue;
    const exported = withTree(/\.[jt]sx$|\.[mc]?js$/.test(file) ? TSX_GRAMMAR : TYPESCRIPT_GRAMMAR, text, (tree) => moduleExports(tree.rootNode));
    for (const spec of exported.starFrom) {
      const target = resolver.resolve(spec, file);
      if (target !== undefined) pending.push(target);
    }
  }
  return seen;
}
