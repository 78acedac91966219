/**
 * The declared form of a `move` (`python.moves[]`, `typescript.moves[]`): what the user writes, validated by zod.
 * docs/move-rule.md and docs/ts-move-rule.md say what each form does.
 */
import { z } from 'zod';
import { ruleIdField } from '../../core/rule-ids.js';
import { dottedModule, pyIdentifier } from '../../languages/python/config.js';
import { exportName, moduleRef } from '../../languages/typescript/config.js';

/** The fields a move has in both languages beyond its modules and symbols: declared once so the two cannot drift. */
const moveMergeField = z
  .boolean()
  .optional()
  .describe(
    'The legacy names this move maps onto one canonical name are meant to become that one name (aliases of one ' +
      'object, or a deprecated subclass folded into its base). Without it such a map is a config error: it would ' +
      'merge two different objects silently.',
  );

const moveNoteField = z.string().optional().describe('Free text shown in reports for this move.');

/** One relocation of a Python module, or of some of its names, to a canonical module. */
export const PythonMoveSpec = z
  .strictObject({
    id: ruleIdField,
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

/** One relocation of a TypeScript / JavaScript module, or of some of its exports, to a canonical module. */
export const TypeScriptMoveSpec = z
  .strictObject({
    id: ruleIdField,
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

/** `"*"`, a list or a map, as the compiled rules read it: `*` or old name → new name. */
export function symbolMapOf(symbols: '*' | readonly string[] | Readonly<Record<string, string>>): '*' | Map<string, string> {
  return symbols === '*' ? '*' : Array.isArray(symbols) ? new Map(symbols.map((name) => [name, name])) : new Map(Object.entries(symbols));
}
