/**
 * Custom transforms from the command line (`--transform ./my-transform.ts`): a jscodeshift transform, whose
 * whole-file result becomes minimal edits (src/core/diff-edits.ts), or a canonize transform object (the Transform
 * contract of src/core/types.ts). Both run through the same plan, preview, apply and rollback: docs/custom-transforms.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { minimalEdits } from '../core/diff-edits.js';
import { UsageError } from '../core/errors.js';
import { packageRoot } from '../core/paths.js';
import { typescript } from '../core/typescript-compiler.js';
import type { Language, Transform, TransformContext } from '../core/types.js';

/** What a jscodeshift transform receives as `api`. */
export interface JscodeshiftApi {
  jscodeshift: unknown;
  j: unknown;
  stats: (name: string, quantity?: number) => void;
  report: (message: string) => void;
}

export type JscodeshiftTransformFn = (file: { path: string; source: string }, api: JscodeshiftApi, options: Record<string, unknown>) => unknown;

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

type ModuleInternals = { _extensions: Record<string, ((module: { _compile(code: string, filename: string): void }, filename: string) => void) | undefined> };

/** Load a TypeScript module (and the TS modules it requires) as CommonJS, compiled by the TypeScript compiler. */
function requireTypeScript(file: string): unknown {
  const ts = typescript();
  const extensions = (Module as unknown as ModuleInternals)._extensions;
  const saved = TS_EXTENSIONS.map((e) => extensions[e]);
  for (const ext of TS_EXTENSIONS) {
    extensions[ext] = (module, filename) => {
      const output = ts.transpileModule(readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.React },
      });
      module._compile(output.outputText, filename);
    };
  }
  try {
    return createRequire(import.meta.url)(file);
  } finally {
    TS_EXTENSIONS.forEach((ext, i) => (extensions[ext] = saved[i]));
  }
}

function isCanonizeTransform(value: unknown): value is Transform {
  const t = value as Partial<Transform> | null;
  return typeof t === 'object' && t !== null && typeof t.id === 'string' && Array.isArray(t.languages) && Array.isArray(t.needles) && typeof t.run === 'function';
}

/** The grammar jscodeshift should parse a file with, when the transform does not say: by extension. */
function parserFor(path: string): string {
  if (/\.(ts|mts|cts)$/.test(path)) return 'ts';
  if (/\.tsx$/.test(path)) return 'tsx';
  return 'babel';
}

let jscodeshiftCore: Promise<{ withParser(parser: unknown): unknown }> | undefined;

/** jscodeshift itself, loaded once, only when a transform needs it (it brings Babel). */
async function loadJscodeshift(): Promise<{ withParser(parser: unknown): unknown }> {
  jscodeshiftCore ??= import('jscodeshift').then((m) => (m.default ?? m) as unknown as { withParser(parser: unknown): unknown });
  return jscodeshiftCore;
}

/**
 * A canonize transform that runs a jscodeshift transform function on each TypeScript / JavaScript file. `parser`
 * is the module's `parser` export (a name such as `tsx`, or a parser object); without one, by file extension.
 */
export async function jscodeshiftTransform(
  id: string,
  fn: JscodeshiftTransformFn,
  parser: unknown,
  options: Record<string, unknown> = {},
  languages: readonly Language[] = ['typescript', 'tsx'],
): Promise<Transform> {
  const core = await loadJscodeshift();
  const byParser = new Map<unknown, unknown>();
  const api = (name: unknown) => {
    let j = byParser.get(name);
    if (!j) byParser.set(name, (j = core.withParser(name)));
    return j;
  };
  return {
    id,
    languages,
    needles: [],
    run(ctx: TransformContext) {
      const stats = new Map<string, number>();
      const reports: string[] = [];
      const j = api(parser ?? parserFor(ctx.file.path));
      const out = fn(
        { path: ctx.file.absPath, source: ctx.file.text },
        {
          jscodeshift: j,
          j,
          stats: (name, quantity = 1) => stats.set(name, (stats.get(name) ?? 0) + quantity),
          report: (message) => reports.push(message),
        },
        { ...options },
      );
      if (out instanceof Promise) {
        void out.catch(() => undefined);
        throw new Error('the transform returned a promise: async jscodeshift transforms are not supported (return the new source)');
      }
      for (const message of reports) ctx.report(0, message, 'info', id);
      if (stats.size > 0) ctx.report(0, `stats: ${[...stats].map(([k, v]) => `${k} ${v}`).join(', ')}`, 'info', id);
      // jscodeshift's contract: a falsy result skips the file, the same text leaves it unchanged.
      if (typeof out !== 'string' || out === '' || out === ctx.file.text) return;
      for (const e of minimalEdits(ctx.file.text, out)) ctx.edit(e.start, e.end, e.text, id);
    },
  };
}

/**
 * The module a `--transform` value names: a file (relative to `cwd`), or the name of one of canonize's built-in
 * transforms written as jscodeshift transforms (`rename-jsx-prop`).
 */
export function resolveTransformModule(value: string, cwd = process.cwd()): string {
  const file = resolve(cwd, value);
  if (existsSync(file) || !/^[a-z0-9-]+$/.test(value)) return file;
  for (const candidate of [join(packageRoot(), 'dist', 'transforms', `${value}.js`), join(packageRoot(), 'transforms', `${value}.ts`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return file;
}

/**
 * Load a custom transform module: a jscodeshift transform or a canonize transform (see the module comment).
 * `options` are passed to a jscodeshift transform as its third argument.
 */
export async function loadCustomTransform(file: string, options: Record<string, unknown> = {}, cwd = process.cwd()): Promise<Transform> {
  const abs = resolve(cwd, file);
  let loaded: Record<string, unknown>;
  try {
    loaded = (TS_EXTENSIONS.some((e) => abs.endsWith(e)) ? requireTypeScript(abs) : await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError('E_TRANSFORM_LOAD', `cannot load transform ${abs}: ${(err as Error).message}`, 'a transform module exports (file, api, options) => string (jscodeshift), or a canonize Transform');
  }
  const main = (typeof loaded.default === 'function' || isCanonizeTransform(loaded.default) ? loaded.default : loaded) as Record<string, unknown> | JscodeshiftTransformFn;
  if (isCanonizeTransform(main)) return main;
  if (typeof main !== 'function') {
    throw new UsageError('E_TRANSFORM_LOAD', `${abs} exports no transform function`, 'export default function transform(file, api, options) { … }');
  }
  const parser = loaded.parser ?? (main as unknown as { parser?: unknown }).parser;
  const id = basename(abs).replace(/\.[^.]+$/, '');
  return jscodeshiftTransform(id, main, parser, options);
}
