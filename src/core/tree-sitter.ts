/**
 * The tree-sitter runtime: web-tree-sitter, tree-sitter compiled to WebAssembly, and the grammars' .wasm files
 * (vendored in grammars/). Nothing to compile at install, the same trees as the native bindings (docs/architecture.md,
 * "Parsing"). Everything loads synchronously, on first use, once per thread: the runtime with the first parser, a
 * grammar with the first parser for it (src/core/web-tree-sitter.ts). So no module awaits at top level (canonize can
 * be `require`d), and a process that parses nothing, or only Python, compiles nothing, or only the Python grammar.
 *
 * Trees live in the WebAssembly heap, which the JS garbage collector does not see, and whose linear memory never
 * shrinks: whoever parses frees the tree when done with it (`release`, or `withTree` in parse.ts), so at most a few
 * trees per thread are alive at once. A tree nobody released is freed when its JS object is collected (a
 * FinalizationRegistry): the safety net, not the rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, Parser, Tree } from 'web-tree-sitter';
import { packageRoot } from './paths.js';
import { loadWebTreeSitter, type SyncWebTreeSitter } from './web-tree-sitter.js';

let runtime: SyncWebTreeSitter | undefined;

/** web-tree-sitter, its runtime initialised (the first call loads it). */
function webTreeSitter(): SyncWebTreeSitter {
  return (runtime ??= loadWebTreeSitter());
}

/** A grammar of grammars/ (`file`: its file name, e.g. `tree-sitter-python.wasm`), compiled on first use. */
export interface GrammarFile {
  readonly file: string;
}

/** The grammar of grammars/ named `file`; nothing is read or compiled until a parser for it is made. */
export function grammarFile(file: string): GrammarFile {
  return Object.freeze({ file });
}

const languages = new Map<string, Language>();

function languageOf(grammar: GrammarFile): Language {
  let language = languages.get(grammar.file);
  if (!language) {
    language = webTreeSitter().Language.loadSync(readFileSync(join(packageRoot(), 'grammars', grammar.file)));
    languages.set(grammar.file, language);
  }
  return language;
}

/**
 * Frees a tree's WebAssembly memory once its JS object is gone. `Tree.delete` only reads the handle (`[0]`), which
 * never changes for a tree, so a bare object holding the same handle frees it without keeping the tree alive. The
 * tree itself is the unregister token: `release` takes it out of the registry before deleting it, so a tree is freed
 * exactly once, whichever comes first.
 */
const trees = new FinalizationRegistry<Tree>((handle) => {
  live--;
  handle.delete();
});

/** Trees made by `owned` and not freed yet, on this thread. */
let live = 0;

/** `tree`, to be freed by `release`, or when it is collected if nobody releases it. */
export function owned(tree: Tree | null): Tree {
  if (!tree) throw new Error('tree-sitter returned no tree (parse cancelled)');
  const handle = Object.create(webTreeSitter().Tree.prototype) as Tree & { 0: number };
  handle[0] = (tree as Tree & { 0: number })[0];
  trees.register(tree, handle, tree);
  live++;
  return tree;
}

/**
 * Free `tree` now. Its nodes, and any cursor on it, must not be read afterwards. Releasing a tree twice, or one not
 * made by `owned`, does nothing.
 */
export function release(tree: Tree): void {
  if (!trees.unregister(tree)) return;
  live--;
  tree.delete();
}

/** How many trees this thread has parsed and not freed yet (what tests check returns to its level). */
export function liveTrees(): number {
  return live;
}

/** A new parser for `grammar` (compiling the grammar, and first the runtime, if this thread has not yet). */
export function newParser(grammar: GrammarFile): Parser {
  const language = languageOf(grammar);
  const parser = new (webTreeSitter().Parser)();
  parser.setLanguage(language);
  return parser;
}
