/**
 * The `typescript:` config section's own options (tsconfigs, how a specifier is written, which calls take a module
 * specifier), and how modules and export names are written in any rule's config. The rule kinds' fields (`moves`,
 * `calls`) are placed among these options by the config schema (src/config/schema.ts); docs/config.md documents them.
 */
import { z } from 'zod';

/** A module in a TS rule's config: a path relative to the root, or a specifier. */
export const moduleRef = z
  .string()
  .min(1)
  .regex(/^\S+$/, 'expected a module: a path relative to the root such as "src/lib/socket.ts", or a specifier such as "@/lib/socket"');

/** A JS identifier, or `default` for a module's default export. */
export const exportName = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'expected a JavaScript identifier (or "default")');

/** Calls whose first argument is a module specifier (mocks, requireActual, require). */
export const DEFAULT_MODULE_CALLS = [
  'jest.mock',
  'jest.doMock',
  'jest.unmock',
  'jest.dontMock',
  'jest.setMock',
  'jest.requireActual',
  'jest.requireMock',
  'jest.createMockFromModule',
  'vi.mock',
  'vi.doMock',
  'vi.unmock',
  'vi.doUnmock',
  'vi.importActual',
  'vi.importMock',
  'require',
  'require.resolve',
];

/** The `typescript:` section: its options, with the rule kinds' `fields` after `tsconfigs`. */
export function typescriptSection<F extends z.ZodRawShape>(fields: F) {
  return z.strictObject({
    tsconfigs: z
      .array(z.string().min(1))
      .min(1)
      .default(['**/tsconfig.json', '**/jsconfig.json'])
      .describe(
        'Globs of the tsconfig files module resolution uses (`extends` is followed). Each file uses the nearest one ' +
          'above it that includes it (a solution-style config defers to its `references`).',
      ),
    ...fields,
    specifier: z
      .enum(['alias', 'relative', 'keep'])
      .default('alias')
      .describe(
        'How the canonical module is written: "alias" (`to` as written, else a tsconfig `paths` alias, else relative), ' +
          '"relative" (relative to the importing file), or "keep" (relative where the legacy specifier was relative).',
      ),
    moduleCalls: z
      .array(z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'expected a callee such as "jest.mock"'))
      .default(DEFAULT_MODULE_CALLS)
      .describe('Calls whose first argument is a module specifier (mocks, requireActual, require); `import()` is always included.'),
  });
}

/** The section's options, as the rules receive them. */
export type TypeScriptSectionOptions = z.infer<ReturnType<typeof typescriptSection<Record<never, never>>>>;

/** The options' defaults. */
export const TYPESCRIPT_OPTION_DEFAULTS: TypeScriptSectionOptions = typescriptSection({}).parse({});
