/**
 * The compiled form of a shape rule, and compiling it: the declared maps checked against each other (a key renamed
 * twice, a canonical key that is also a legacy one…), with errors naming the field (docs/shape-rule.md).
 */
import { ConfigError } from '../../core/errors.js';
import { fallbackRuleId } from '../../core/rule-ids.js';
import { shapeIdParts, type ShapeSpec } from './spec.js';

/** One shape, ready for the per-file rule. */
export interface CompiledShape {
  /** The rule id its edits, findings and sites carry. */
  rule: string;
  /** Discriminating key (legacy name) -> the values that make a literal this shape's. */
  match: ReadonlyMap<string, ReadonlySet<string>>;
  /** Legacy key -> canonical key, time keys included. */
  renamed: ReadonlyMap<string, string>;
  /** Legacy time key -> canonical key. */
  timestamps: ReadonlyMap<string, string>;
  /** The call template for a non-literal time value. */
  convert: string | undefined;
  /** The key the other keys move under. */
  nest: string | undefined;
  /** The canonical keys that stay at the top level (all keys but those that move under `nest`). */
  top: ReadonlySet<string>;
  require: readonly string[];
  /** Type names whose annotated parameters and variables hold events of the shape. */
  types: ReadonlySet<string>;
  /** Every literal string the rule's files must contain one of (the discriminating values), for the prefilter. */
  needles: readonly string[];
}

/** The canonical name of a key. */
export function canonicalKey(shape: CompiledShape, key: string): string {
  return shape.renamed.get(key) ?? key;
}

/**
 * Where a read of `key` goes in the canonical shape: its canonical name at the top level, under the `nest` key, or
 * nowhere new (undefined: a key the shape keeps where it is).
 */
export function keyDestination(shape: CompiledShape, key: string): { rename: string } | { nest: string } | undefined {
  const to = shape.renamed.get(key);
  if (to !== undefined) return to === key ? undefined : { rename: to };
  if (shape.top.has(key) || shape.match.has(key) || shape.nest === undefined) return undefined;
  return { nest: shape.nest };
}

/** Compile `python.shapes` / `typescript.shapes`; errors name the field (`python.shapes[0].rename.user`). */
export function compileShapes(shapes: readonly ShapeSpec[], prefix: string, file: string | undefined): CompiledShape[] {
  return shapes.map((shape, i) => {
    const path = `${prefix}[${i}]`;
    const fail = (field: string, message: string): never => {
      throw new ConfigError('E_CONFIG_INVALID', `${file ?? 'config'}: invalid shape rule`, file, [{ field: `${path}.${field}`, message }], 'see docs/shape-rule.md');
    };
    const renamed = new Map<string, string>();
    for (const [field, map] of [['rename', shape.rename], ['timestamps', shape.timestamps]] as const) {
      for (const [from, to] of Object.entries(map)) {
        if (renamed.has(from)) fail(`${field}.${from}`, `"${from}" is already renamed (by rename or timestamps): a key has one canonical name`);
        if (from !== to && [...renamed.values()].includes(to)) fail(`${field}.${from}`, `two keys would become "${to}"`);
        renamed.set(from, to);
      }
    }
    for (const [from, to] of renamed) {
      if (from !== to && renamed.has(to)) fail(`rename.${from}`, `"${to}" is itself a legacy key that is renamed: chains are not allowed`);
    }
    const top = new Set<string>([...Object.keys(shape.match).map((k) => renamed.get(k) ?? k), ...renamed.values(), ...shape.keep, ...shape.require]);
    if (shape.nest !== undefined) {
      if (renamed.has(shape.nest) || top.has(shape.nest)) fail('nest', `"${shape.nest}" is also a key of the shape's top level: choose another key to nest under`);
      top.add(shape.nest);
    } else if (shape.keep.length > 0) {
      fail('keep', '`keep` says which keys stay when the others move under `nest`, and `nest` is not set');
    }
    if (shape.convert !== undefined && shape.timestamps && Object.keys(shape.timestamps).length === 0) fail('convert', 'there are no `timestamps` to convert');
    for (const [j, key] of shape.require.entries()) {
      if (renamed.has(key) && renamed.get(key) !== key) fail(`require[${j}]`, `"${key}" is a legacy key (renamed to "${renamed.get(key)}"): require the canonical one`);
    }
    return {
      rule: fallbackRuleId(prefix, shape, shapeIdParts(shape)),
      match: new Map(Object.entries(shape.match).map(([k, v]) => [k, new Set(v)])),
      renamed,
      timestamps: new Map(Object.entries(shape.timestamps)),
      convert: shape.convert,
      nest: shape.nest,
      top,
      require: shape.require,
      types: new Set(shape.types),
      needles: [...new Set([...Object.values(shape.match).flat(), ...shape.types.map((t) => t.split('.').pop()!)])],
    };
  });
}
