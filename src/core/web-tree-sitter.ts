/**
 * web-tree-sitter, loaded synchronously. Its published API initialises the WebAssembly runtime and loads grammars
 * asynchronously (`Parser.init`, `Language.load`) only because its emscripten glue is an `async` function; nothing
 * it does needs to wait in Node. Awaiting them at module level (top-level await) is what made `require('canonize')`
 * fail (ERR_REQUIRE_ASYNC_MODULE) and made every process compile the runtime and all grammars at start-up.
 *
 * So this module evaluates the package's own CommonJS build (the pinned version, read from node_modules) with a few
 * exact edits that take the awaits out: the runtime is compiled with `new WebAssembly.Module` (synchronous in Node,
 * with no size limit) through emscripten's `instantiateWasm` hook, and `Language.loadSync` is the body of
 * `Language.load` with emscripten's synchronous dynamic-library path (`loadAsync: false`). Each edit must match
 * exactly once, so another version of web-tree-sitter fails here loudly, naming the edit, rather than misbehaving.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import type * as WebTreeSitter from 'web-tree-sitter';

/** The version the edits were written against (package.json pins it). */
const VERSION = '0.25.10';

/** `[what the edit does, the text, its replacement]`; each text occurs once in tree-sitter.cjs. */
const EDITS: readonly (readonly [string, string, string])[] = [
  ['the emscripten factory returns the module, not a promise', 'return async function(moduleArg = {}) {', 'return function(moduleArg = {}) {'],
  // With `instantiateWasm` calling back at once, createWasm has set wasmExports by the time it returns.
  ['the runtime is instantiated synchronously', 'var wasmExports = await createWasm();', 'var wasmExports = (createWasm(), wasmExports);'],
  ['the factory returns the module itself', 'moduleRtn = readyPromise;', 'readyPromise.catch(() => {});\n        moduleRtn = Module;'],
  ['initializeBinding is synchronous', 'async function initializeBinding(moduleOptions) {', 'function initializeBinding(moduleOptions) {'],
  ['initializeBinding does not await the factory', 'Module2 = await (0, import_tree_sitter.default)(moduleOptions);', 'Module2 = (0, import_tree_sitter.default)(moduleOptions);'],
  ['Parser.init is synchronous', 'static async init(moduleOptions) {\n    setModule(await initializeBinding(moduleOptions));', 'static init(moduleOptions) {\n    setModule(initializeBinding(moduleOptions));'],
  [
    'Language.loadSync: Language.load on bytes, with the synchronous dynamic-library path',
    '  static async load(input) {',
    `  static loadSync(bytes) {
    const mod = C.loadWebAssemblyModule(bytes, { loadAsync: false });
    const functionName = Object.keys(mod).find((key) => LANGUAGE_FUNCTION_REGEX.test(key) && !key.includes("external_scanner_"));
    if (!functionName) throw new Error("Language.load failed: no language function found in WASM file");
    return new _Language(INTERNAL, mod[functionName]());
  }
  static async load(input) {`,
  ],
];

/** The part of the WebAssembly API used here (the compiler options leave the DOM's types out). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** web-tree-sitter's exports, with the synchronous entry points the edits add. */
export type SyncWebTreeSitter = typeof WebTreeSitter & {
  Parser: { init(): void };
  Language: { loadSync(bytes: Uint8Array): WebTreeSitter.Language };
};

/**
 * `code` (web-tree-sitter's tree-sitter.cjs) with the edits made; throws, naming the edit, when one does not match
 * exactly once.
 */
export function withoutAwaits(code: string, version: string): string {
  for (const [what, from, to] of EDITS) {
    const at = code.indexOf(from);
    if (at < 0 || code.indexOf(from, at + 1) >= 0) throw new Error(`web-tree-sitter ${version}: cannot apply "${what}" (src/core/web-tree-sitter.ts)`);
    code = code.slice(0, at) + to + code.slice(at + from.length);
  }
  return code;
}

/**
 * Evaluate web-tree-sitter's CommonJS build with the edits, and initialise its runtime: synchronous, once per call
 * (the caller keeps the result; src/core/tree-sitter.ts does, once per thread).
 */
export function loadWebTreeSitter(): SyncWebTreeSitter {
  const require = createRequire(import.meta.url);
  const file = require.resolve('web-tree-sitter'); // the `require` condition: tree-sitter.cjs
  const version = (JSON.parse(readFileSync(join(dirname(file), 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== VERSION) throw new Error(`web-tree-sitter ${version} is installed; canonize's loader is written for ${VERSION} (src/core/web-tree-sitter.ts)`);
  const code = withoutAwaits(readFileSync(file, 'utf8'), version);
  const module = { exports: {} as SyncWebTreeSitter };
  const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  run(module.exports, createRequire(file), module, file, dirname(file));
  const runtime = readFileSync(join(dirname(file), 'tree-sitter.wasm'));
  const instantiateWasm = (imports: object, done: (instance: object, module: object) => void): object => {
    const compiled = new wasm.Module(runtime);
    done(new wasm.Instance(compiled, imports), compiled);
    return {};
  };
  (module.exports.Parser.init as (options: object) => void)({ instantiateWasm });
  return module.exports;
}
