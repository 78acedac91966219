/**
 * The declared form of a shape rule (`python.shapes`, `typescript.shapes`): which dict / object literals are a
 * legacy event (their discriminating keys), and how the canonical shape differs from it (docs/shape-rule.md).
 */
import { z } from 'zod';
import { readableIdPart, ruleIdField } from '../../core/rule-ids.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY_HINT = 'expected a key name: a letter or "_", then letters, digits or "_"';

/** A key of an event literal: an identifier-like name, so it is written the same in both languages, unescaped. */
export const shapeKey = z.string().regex(KEY, KEY_HINT);

/** An object whose keys are key names (checked here, so the error names the key and says what is expected). */
function keyRecord<V extends z.ZodType>(value: V) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) if (!KEY.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: KEY_HINT });
  });
}

const keyMap = (what: string) => keyRecord(shapeKey).default({}).describe(what);

/** One legacy event shape and its canonical form. */
export const ShapeSpec = z
  .strictObject({
    id: ruleIdField,
    match: keyRecord(z.array(z.string().min(1)).min(1))
      .refine((m) => Object.keys(m).length > 0, 'expected at least one discriminating key, e.g. { type: [agent_started] }')
      .describe(
        'The discriminating keys: a literal is of this shape when each key holds a string literal from its list (under ' +
          'its legacy name or its renamed one), e.g. { type: [agent_started, agent_completed] }.',
      ),
    rename: keyMap('Legacy key -> canonical key, e.g. { type: event_type, user: user_id }. Quotes are kept.'),
    timestamps: keyMap(
      'Legacy time key -> canonical key (may be the same): an ISO-8601 string literal with a timezone becomes numeric ' +
        'epoch seconds, exactly. A naive or malformed time literal is reported.',
    ),
    convert: z
      .string()
      .min(1)
      .refine((t) => t.includes('$VALUE'), 'expected a template holding $VALUE, e.g. "iso_to_epoch($VALUE)"')
      .optional()
      .describe(
        'A call template for a time value that is not a literal ($VALUE is its expression), e.g. "to_epoch($VALUE)"; ' +
          'its names must be bound in the files. Without it such a value is reported and the literal left alone.',
      ),
    nest: shapeKey
      .optional()
      .describe('The key every other key moves under (e.g. data): all but the discriminating, renamed, time, `keep` and `require` keys.'),
    keep: z.array(shapeKey).default([]).describe('Keys that stay at the top level when others move under `nest` (e.g. thread_id).'),
    require: z
      .array(shapeKey)
      .default([])
      .describe('Canonical keys every literal of the shape must have (they stay at the top level); a literal without one is reported, the key never invented.'),
    types: z
      .array(z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$.]*$/, 'expected a type name, e.g. LegacyAgentEvent'))
      .default([])
      .describe(
        'Names of the legacy event type (a TypedDict, an interface): a parameter or variable annotated with one holds an ' +
          'event of this shape, so its key reads are rewritten (`evt["user"]` -> `evt["user_id"]`). Other reads of a ' +
          'legacy key are reported.',
      ),
    note: z.string().optional(),
  })
  .describe('A legacy event shape whose dict / object literals become the canonical shape.');
export type ShapeSpec = z.infer<typeof ShapeSpec>;

/** The readable parts of a shape's derived id: its first discriminating key and value, then all its values. */
export function shapeIdParts(shape: { match: Record<string, readonly string[]> }): string[] {
  const [key, values] = Object.entries(shape.match)[0] ?? ['', []];
  return [readableIdPart(`${key}=${values[0] ?? ''}`), readableIdPart(`${key}=${values.join(',')}`)];
}
