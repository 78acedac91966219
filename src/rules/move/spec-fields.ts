/**
 * The fields a `move` rule has in both languages beyond its modules and symbols (`python.moves[]`,
 * `typescript.moves[]`): declared once so the two sections cannot drift.
 */
import { z } from 'zod';

export const moveMergeField = z
  .boolean()
  .optional()
  .describe(
    'The legacy names this move maps onto one canonical name are meant to become that one name (aliases of one ' +
      'object, or a deprecated subclass folded into its base). Without it such a map is a config error: it would ' +
      'merge two different objects silently.',
  );

export const moveNoteField = z.string().optional().describe('Free text shown in reports for this move.');
