/**
 * The declared form of the configuration (`*Spec`): what a user writes in `canonize.config.yaml`, validated by
 * one zod definition. The JSON Schema shipped in `schema/` for editors is generated from this same definition
 * (`npm run schema`), so the two cannot drift. `compile.ts` turns a validated spec into the form the planner uses.
 */
import { z } from 'zod';
import { moveMergeField, moveNoteField } from '../rules/move/spec-fields.js';
import { callRuleSpec } from '../rules/call/spec.js';
import { BATCH_BY_HINT, BATCH_BY_PATTERN } from './batch-by.js';
import { TYPESCRIPT_DEFAULTS, TypeScriptSpec } from './typescript-section.js';

const dottedModule = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'expected a dotted Python module name such as "pkg.sub.module"');
const pyIdentifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a Python identifier');

/** One relocation of a Python module, or of some of its names, to a canonical module. */
export const PythonMoveSpec = z
  .strictObject({
    from: dottedModule.describe('The legacy module, as it is imported (absolute dotted name).'),
    to: dottedModule.describe('The canonical module the names now live in.'),
    symbols: z
      .union([
        z.literal('*'),
        z.array(pyIdentifier).min(1),
        z.record(pyIdentifier, pyIdentifier),
      ])
      .default('*')
      .describe(
        '"*": every name imported from `from` moves, under the same name. A list: only these names move. ' +
          'A map {Old: New}: only these names move, renamed. Names not listed stay in the legacy module.',
      ),
    merge: moveMergeField,
    note: moveNoteField,
  })
  .describe('Move a Python module, or named symbols of it, to a canonical module.');
export type PythonMoveSpec = z.infer<typeof PythonMoveSpec>;

const qualifiedName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/, 'expected a qualified name such as "pkg.module.Name"');

/** One factory call shape to rewrite into the canonical call. */
export const PythonCallSpec = callRuleSpec(dottedModule, 'Python');
export type PythonCallSpec = z.infer<typeof PythonCallSpec>;

export const PythonSpec = z.strictObject({
  sourceRoots: z
    .array(z.string().min(1))
    .min(1)
    .default(['.'])
    .describe('Directories (relative to the root) that module names are counted from, e.g. ["src"].'),
  moves: z.array(PythonMoveSpec).default([]).describe('Module and symbol relocations, applied in order.'),
  calls: z.array(PythonCallSpec).default([]).describe('Factory call rewrites (the `call` rule), tried in order; the first that matches a call wins.'),
  singletons: z
    .array(qualifiedName)
    .default([])
    .describe('Manager / factory names whose instances must be per user: module-level instances and functions caching one global instance are reported.'),
  relativeImports: z
    .enum(['keep', 'absolute'])
    .default('keep')
    .describe('"keep": a relative legacy import is rewritten as a relative import when one can reach the canonical module; "absolute": always absolute.'),
  lineLength: z
    .number()
    .int()
    .min(20)
    .default(88)
    .describe('A new import statement longer than this is wrapped in parentheses, one name per line.'),
});
export type PythonSpec = z.infer<typeof PythonSpec>;

/**
 * Python, TypeScript and JavaScript sources. JavaScript matters even in a TypeScript code base: test setups and
 * tool configs (`jest.setup.js`, `jest.config.js`, `vitest.setup.js`) hold `jest.mock` / `require` of moved modules.
 */
export const DEFAULT_INCLUDE = ['**/*.py', '**/*.pyi', '**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
/**
 * What the default `include` leaves out: JavaScript that is build output, not source (minified or bundled files,
 * and the output folders of bundlers, frameworks and coverage tools), which `.gitignore` usually hides but not
 * always. Only JavaScript: `.ts` and Python files there are selected as before. An `include` of the user's own
 * selects exactly what it says.
 */
export const DEFAULT_INCLUDE_LEAVES_OUT = [
  '**/*.min.{js,mjs,cjs}',
  '**/*.bundle.{js,mjs,cjs}',
  '**/{dist,build,coverage,storybook-static,vendor,.next,.nuxt,.svelte-kit}/**/*.{js,jsx,mjs,cjs}',
];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/.canonize/**'];

export const ConfigSpec = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    version: z.literal(1).default(1).describe('Config format version.'),
    root: z
      .string()
      .default('.')
      .describe('The project root, relative to the config file. Plans store paths relative to it.'),
    include: z
      .array(z.string().min(1))
      .min(1)
      .default(DEFAULT_INCLUDE)
      .describe(
        'Globs (relative to the root) of files to consider. The default (Python, TypeScript and JavaScript) leaves ' +
          'out JavaScript build output: *.min.js, *.bundle.js, and .js files under dist/, build/, coverage/, ' +
          'storybook-static/, vendor/, .next/, .nuxt/ and .svelte-kit/.',
      ),
    exclude: z
      .array(z.string().min(1))
      .default([])
      .describe('Globs of files to leave out, in addition to node_modules, .git and .canonize.'),
    gitignore: z.boolean().default(true).describe('Leave out files that .gitignore files ignore.'),
    maxFileSize: z
      .number()
      .int()
      .positive()
      .default(2_000_000)
      .describe('Files larger than this many bytes are skipped (and reported).'),
    batchBy: z
      .string()
      .regex(BATCH_BY_PATTERN, BATCH_BY_HINT)
      .default('dir:1')
      .describe(
        'How changed files are grouped into batches: by directory (to DEPTH levels), N files each, by the rules ' +
          'that edit them, or by their owners in CODEOWNERS.',
      ),
    order: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Globs that order the batches: a batch goes where its first-ranked file matches; "..." stands for files ' +
          'no glob matches (default: after all of them). E.g. ["src/routes/**", "...", "**/tests/**"].',
      ),
    replanStale: z
      .boolean()
      .default(true)
      .describe(
        'When apply finds a file changed since it was planned, re-plan it with this config (only if the config is ' +
          'unchanged since the plan) instead of skipping it as stale.',
      ),
    python: PythonSpec.default({ sourceRoots: ['.'], moves: [], calls: [], singletons: [], relativeImports: 'keep', lineLength: 88 }).describe('Python rules.'),
    typescript: TypeScriptSpec.default(TYPESCRIPT_DEFAULTS).describe('TypeScript / JavaScript rules.'),
  })
  .describe('canonize configuration');
export type ConfigSpec = z.infer<typeof ConfigSpec>;
/** The config as written, before defaults are filled in. */
export type ConfigInput = z.input<typeof ConfigSpec>;

/** The JSON Schema (draft 2020-12) of the config file, for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ConfigSpec, { io: 'input' }) as Record<string, unknown>;
}
