/**
 * The tree-sitter runtime: web-tree-sitter, tree-sitter compiled to WebAssembly, and the grammars' .wasm files
 * (vendored in grammars/). Nothing to compile at install, the same trees as the native bindings (docs/architecture.md,
 * "Parsing"). The runtime and the grammars load once per thread, when this module and the grammar modules are
 * first imported (top-level await), so parsing itself stays synchronous.
 *
 * Trees live in the WebAssembly heap, which the JS garbage collector does not see: each tree is freed when its JS
 * object is collected (a FinalizationRegistry), so callers need not free them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, Tree } from 'web-tree-sitter';
import { packageRoot } from './paths.js';

await Parser.init();

/** A grammar loaded into the runtime. */
export type LoadedGrammar = Language;

/** Load a grammar from grammars/ (`name`: its file name, e.g. `tree-sitter-python.wasm`). */
export async function loadGrammar(name: string): Promise<LoadedGrammar> {
  return Language.load(readFileSync(join(packageRoot(), 'grammars', name)));
}

/**
 * Frees a tree's WebAssembly memory once its JS object is gone. `Tree.delete` only reads the handle (`[0]`), which
 * never changes for a tree, so a bare object holding the same handle frees it without keeping the tree alive.
 */
const trees = new FinalizationRegistry<Tree>((handle) => handle.delete());

/** `tree`, to be freed when it is collected. */
export function owned(tree: Tree | null): Tree {
  if (!tree) throw new Error('tree-sitter returned no tree (parse cancelled)');
  const handle = Object.create(Tree.prototype) as Tree & { 0: number };
  handle[0] = (tree as Tree & { 0: number })[0];
  trees.register(tree, handle);
  return tree;
}

/** A new parser for `grammar`. */
export function newParser(grammar: LoadedGrammar): Parser {
  const parser = new Parser();
  parser.setLanguage(grammar);
  return parser;
}
