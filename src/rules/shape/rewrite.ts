/**
 * Deciding what happens to one literal of a shape: whether it is one (its discriminating keys), what each entry
 * becomes (renamed, its time converted, kept, moved under `nest`), and every reason it is reported instead of
 * rewritten. Nothing is guessed: a literal with a form the rule cannot read whole is left as it is, on a finding.
 */
import { canonicalKey, type CompiledShape } from './compiled.js';
import { isoToEpochSeconds } from './iso.js';
import { layoutEdits, type EntryPlan } from './layout.js';
import type { ShapeEntry, ShapeLiteral, ShapeSyntax, Span } from './model.js';

/** A finding on a literal: where, what, how serious. */
export interface ShapeFinding {
  at: number;
  message: string;
  severity: 'info' | 'warning';
}

/** What the rule does with a literal of the shape. */
export interface LiteralPlan {
  /** The discriminating value, for messages and sites (`agent_started`). */
  kind: string;
  /** `legacy` when it still has something to rewrite (whether or not it could be), `canonical` when not. */
  status: 'legacy' | 'canonical';
  edits: (Span & { text: string })[];
  findings: ShapeFinding[];
}

/** The discriminating value of `literal` for `shape`, or undefined when it is not of the shape. */
export function discriminator(literal: ShapeLiteral, shape: CompiledShape): string | undefined {
  let first: string | undefined;
  for (const [key, values] of shape.match) {
    const names = new Set([key, canonicalKey(shape, key)]);
    const entry = literal.entries.find((e) => e.key !== undefined && names.has(e.key));
    const value = entry?.value?.string;
    if (value === undefined || !values.has(value)) return undefined;
    first ??= value;
  }
  return first;
}

/** Plan `literal` for `shape`: undefined when it is not of the shape. */
export function planLiteral(literal: ShapeLiteral, shape: CompiledShape, text: string, syntax: ShapeSyntax, eol: string): LiteralPlan | undefined {
  const kind = discriminator(literal, shape);
  if (kind === undefined) return undefined;
  const findings: ShapeFinding[] = [];
  const plan = (status: LiteralPlan['status'], edits: LiteralPlan['edits'] = []): LiteralPlan => ({ kind, status, edits, findings });
  const label = `"${kind}" event literal`;
  const keys = new Set(literal.entries.flatMap((e) => (e.key === undefined ? [] : [e.key])));
  const missing = shape.require.filter((k) => !keys.has(k));
  const requireFindings = () => {
    for (const k of missing) findings.push({ at: literal.start, message: `${label} lacks "${k}", which the canonical shape requires (add it; canonize does not invent it)`, severity: 'warning' });
  };
  const unsupported = literal.entries.find((e) => e.kind === 'unsupported');
  const roles = literal.entries.map((e) => roleOf(e, shape));
  const legacy = roles.some((r) => r !== 'top');
  if (!legacy) {
    requireFindings();
    return plan('canonical');
  }
  const refuse = (at: number, why: string): LiteralPlan => {
    findings.push({ at, message: `${label} not rewritten: ${why}`, severity: 'warning' });
    return plan('legacy');
  };
  if (unsupported) return refuse(unsupported.start, `it has a ${unsupported.what} (its keys cannot be known): rewrite it by hand`);
  for (const e of literal.entries) {
    const to = e.key === undefined ? undefined : shape.renamed.get(e.key);
    if (to !== undefined && to !== e.key && keys.has(to)) return refuse(e.start, `it has both "${e.key}" and "${to}"`);
  }
  if (shape.nest !== undefined && keys.has(shape.nest) && roles.includes('nest')) {
    const moving = literal.entries.filter((_, i) => roles[i] === 'nest').map((e) => `"${e.key}"`);
    return refuse(literal.start, `it already has "${shape.nest}" and keys that would move under it (${moving.join(', ')})`);
  }
  const entries: EntryPlan[] = [];
  for (const [i, e] of literal.entries.entries()) {
    const value = timeValue(e, shape, text, syntax);
    if ('why' in value) return refuse(e.value?.start ?? e.start, value.why);
    entries.push({ entry: e, role: roles[i]!, rename: roles[i] === 'rename' ? canonicalKey(shape, e.key!) : undefined, value: value.text });
  }
  const laid = layoutEdits(literal, entries, shape.nest, text, syntax, eol);
  if ('why' in laid) return refuse(literal.start, laid.why);
  requireFindings();
  return plan('legacy', laid.edits);
}

/** What an entry becomes: renamed (maybe with its time converted), kept at the top level, or moved under `nest`. */
function roleOf(e: ShapeEntry, shape: CompiledShape): EntryPlan['role'] {
  if (e.key === undefined) return 'top';
  const to = shape.renamed.get(e.key);
  if (to !== undefined && to !== e.key) return 'rename';
  if (shape.timestamps.has(e.key) && e.value?.string !== undefined) return 'rename';
  if (to !== undefined || shape.top.has(e.key) || shape.match.has(e.key) || shape.nest === undefined) return 'top';
  return 'nest';
}

/** The replacement text of a time entry's value (undefined: unchanged), or why it cannot be converted. */
function timeValue(e: ShapeEntry, shape: CompiledShape, text: string, syntax: ShapeSyntax): { text: string | undefined } | { why: string } {
  const to = e.key === undefined ? undefined : shape.timestamps.get(e.key);
  if (to === undefined || e.value?.number) return { text: undefined };
  if (e.value?.string !== undefined) {
    const iso = isoToEpochSeconds(e.value.string);
    return iso.ok ? { text: syntax.number(iso.seconds) } : { why: `"${e.key}" ${JSON.stringify(e.value.string)} ${iso.why}` };
  }
  // Under a key that keeps its name, a non-literal value cannot be told from one already converted.
  if (to === e.key) return { text: undefined };
  const expression = e.value ? text.slice(e.value.start, e.value.end) : e.key!;
  if (shape.convert === undefined) return { why: `"${e.key}" is not a time literal (${oneLine(expression)}): convert it by hand, or set \`convert\`` };
  // The converter's leading name comes from the file (the config says nothing of where it is defined): a file that
  // does not bind it would get code that fails when it runs.
  const converter = /^\s*([A-Za-z_][\w]*)/.exec(shape.convert)?.[1];
  if (converter !== undefined && syntax.bound && !syntax.bound(converter, e.start)) {
    return { why: `"${e.key}" would be converted by ${oneLine(shape.convert)}, but ${converter} is not bound here: import it, or convert it by hand` };
  }
  return { text: shape.convert.split('$VALUE').join(expression) };
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 40)}...` : flat;
}
