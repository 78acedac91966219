/**
 * The declared form of the `typescript:` config section (part of `ConfigSpec` in schema.ts): module relocations
 * for .ts / .tsx / .mts / .cts (and .js / .jsx when included), keyed by the file a specifier resolves to.
 */
import { z } from 'zod';
import { moveMergeField, moveNoteField } from '../rules/move/spec-fields.js';
import { callRuleSpec } from '../rules/call/spec.js';

const moduleRef = z
  .string()
  .min(1)
  .regex(/^\S+$/, 'expected a module: a path relative to the root such as "src/lib/socket.ts", or a specifier such as "@/lib/socket"');

/** A JS identifier, or `default` for a module's default export. */
const exportName = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'expected a JavaScript identifier (or "default")');

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

export const TypeScriptMoveSpec = z
  .strictObject({
    from: moduleRef.describe(
      'The legacy module: a file relative to the root (extension optional: "frontend/src/lib/socket"), or a specifier ' +
        'resolved from the root ("@/lib/socket"). Every import whose specifier resolves to this file matches, however it ' +
        'is spelled. A specifier that names no file in the tree is an external package, matched by its exact spelling.',
    ),
    to: moduleRef.describe(
      'The canonical module, written the same way. With `specifier: alias` a specifier written here ("@/services/ws") ' +
        'is used as it is wherever it resolves to that module. `to` may equal `from`: the imports are then only respelled.',
    ),
    symbols: z
      .union([z.literal('*'), z.array(exportName).min(1), z.record(exportName, exportName)])
      .default('*')
      .describe(
        '"*": every name imported from `from` moves, under the same name. A list: only these names move. ' +
          'A map {Old: New}: only these names move, renamed ("default" names the default export). Names not listed stay.',
      ),
    merge: moveMergeField,
    note: moveNoteField,
  })
  .describe('Move a TypeScript / JavaScript module, or named exports of it, to a canonical module.');
export type TypeScriptMoveSpec = z.infer<typeof TypeScriptMoveSpec>;

/** One factory call shape to rewrite into the canonical call (the `call` rule, in TypeScript). */
export const TypeScriptCallSpec = callRuleSpec(moduleRef, 'TypeScript');
export type TypeScriptCallSpec = z.infer<typeof TypeScriptCallSpec>;

export const TypeScriptSpec = z.strictObject({
  tsconfigs: z
    .array(z.string().min(1))
    .min(1)
    .default(['**/tsconfig.json', '**/jsconfig.json'])
    .describe(
      'Globs of the tsconfig files module resolution uses (`extends` is followed). Each file uses the nearest one ' +
        'above it that includes it (a solution-style config defers to its `references`).',
    ),
  moves: z.array(TypeScriptMoveSpec).default([]).describe('Module and symbol relocations, applied in order.'),
  calls: z.array(TypeScriptCallSpec).default([]).describe('Factory call rewrites (the `call` rule), tried in order; the first that matches a call wins.'),
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
export type TypeScriptSpec = z.infer<typeof TypeScriptSpec>;

export const TYPESCRIPT_DEFAULTS: TypeScriptSpec = {
  tsconfigs: ['**/tsconfig.json', '**/jsconfig.json'],
  moves: [],
  calls: [],
  specifier: 'alias',
  moduleCalls: DEFAULT_MODULE_CALLS,
};
