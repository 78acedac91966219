/**
 * The declared form of the configuration (`*Spec`): what a user writes in `canonize.config.yaml`, validated by
 * one zod definition assembled from the language sections (src/languages/<language>/config.ts) and the rule kinds' fields
 * (src/rules/registry.ts). The JSON Schema shipped in `schema/` is generated from it (`npm run schema`).
 */
import { z } from 'zod';
import type { RuleKind } from '../core/rule-kind.js';
import { pythonSection } from '../languages/python/config.js';
import { typescriptSection } from '../languages/typescript/config.js';
import { RULE_KINDS } from '../rules/registry.js';
import { BATCH_BY_HINT, BATCH_BY_PATTERN } from './batch-by.js';

/** The language sections, each with its own options; the rule kinds' fields are placed among them. */
const SECTIONS = { python: pythonSection, typescript: typescriptSection } as const;
type Section = keyof typeof SECTIONS;

type BuiltinKind = (typeof RULE_KINDS)[number];
/** The fields the built-in kinds add to section `S`, typed from their schemas. */
type FieldsOf<S extends string> = {
  [K in BuiltinKind as S extends keyof K['languages'] ? K['key'] : never]: K['languages'][S & keyof K['languages']] extends { field: infer F } ? F : never;
};

/** The fields `kinds` add to a section, in the kinds' order. */
function ruleFields<S extends Section>(kinds: readonly RuleKind[], section: S): FieldsOf<S> {
  return Object.fromEntries(kinds.flatMap((k) => (k.languages[section] ? [[k.key, k.languages[section].field]] : []))) as FieldsOf<S>;
}

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

/** One formatter of `format:` (src/engine/format.ts runs it). */
const FormatterEntry = z
  .strictObject({
    command: z
      .string()
      .min(1)
      .describe(
        'A shell command, run in the project root, that reads a file on stdin and writes it formatted on stdout ' +
          '(`ruff format -`, `black -q -`, `prettier --stdin-filepath {file}`); {file} is the file\'s path, shell-quoted.',
      ),
    languages: z
      .array(z.enum(['python', 'typescript']))
      .min(1)
      .optional()
      .describe('Only files of these languages (`typescript` covers TSX and JavaScript too). Default: every file.'),
    files: z.array(z.string().min(1)).min(1).optional().describe('Only files matching these globs (relative to the root). Default: every file.'),
    timeout: z.number().positive().optional().describe('Seconds one run may take before it (and all it started) is killed; default 120.'),
  })
  .describe('A formatter');

function configSchema<P extends z.ZodType, T extends z.ZodType>(python: P, typescript: T) {
  return z
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
      format: z
        .union([FormatterEntry, z.array(FormatterEntry)])
        .optional()
        .describe(
          'Formatters `apply` pipes the files it changes through (stdin to stdout), before each batch is journaled, ' +
            'written and verified; every one that matches a file runs, in order. `--format-cmd` overrides them.',
        ),
      python: python.default(python.parse({}) as never).describe('Python rules.'),
      typescript: typescript.default(typescript.parse({}) as never).describe('TypeScript / JavaScript rules.'),
    })
    .describe('canonize configuration');
}

/** The `python:` section of the built-in rule kinds. */
export const PythonSpec = SECTIONS.python(ruleFields(RULE_KINDS, 'python'));
export type PythonSpec = z.infer<typeof PythonSpec>;
/** The `typescript:` section of the built-in rule kinds. */
export const TypeScriptSpec = SECTIONS.typescript(ruleFields(RULE_KINDS, 'typescript'));
export type TypeScriptSpec = z.infer<typeof TypeScriptSpec>;
/** The `typescript:` section when the config leaves it out. */
export const TYPESCRIPT_DEFAULTS: TypeScriptSpec = TypeScriptSpec.parse({});

/** The whole config, with the built-in rule kinds. */
export const ConfigSpec = configSchema(PythonSpec, TypeScriptSpec);
export type ConfigSpec = z.infer<typeof ConfigSpec>;
/** The config as written, before defaults are filled in. */
export type ConfigInput = z.input<typeof ConfigSpec>;

/** The JSON Schema (draft 2020-12) of the config file, for editors. */
export function configJsonSchema(kinds: readonly RuleKind[] = RULE_KINDS): Record<string, unknown> {
  return z.toJSONSchema(configSpecFor(kinds), { io: 'input' }) as Record<string, unknown>;
}

/**
 * The config schema with `kinds` in place of the built-in rule kinds (a test's toy kind, a plugin). Its static type
 * is the built-in one: fields of other kinds are there at run time only.
 */
export function configSpecFor(kinds: readonly RuleKind[]): typeof ConfigSpec {
  if (kinds === RULE_KINDS) return ConfigSpec;
  return configSchema(SECTIONS.python(ruleFields(kinds, 'python')), SECTIONS.typescript(ruleFields(kinds, 'typescript'))) as unknown as typeof ConfigSpec;
}
