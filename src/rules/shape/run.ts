/**
 * The per-file step of the shape rule, shared by both languages: each literal the language's reader finds is tried
 * against the shapes in order (the first that matches it owns it), its edits and findings recorded under the
 * shape's id, and its site recorded for `audit`. A literal inside one rewritten in this pass waits for the next
 * pass of the planner's fixpoint, so two rewrites never overlap. The literal under an event's `nest` key is that
 * event's data, never an event of its own: it is not tried against the shapes (else keys one shape moved there
 * would be rewritten by another in the next pass).
 */
import type { TransformContext } from '../../core/types.js';
import type { CompiledShape } from './compiled.js';
import type { ShapeLiteral, ShapeSyntax, Span } from './model.js';
import { planLiteral } from './rewrite.js';

/** A literal as the language's reader gives it: built on demand (most literals are not events). */
export interface LiteralCandidate {
  start: number;
  end: number;
  /** Whether its line carries the language's `canonize: ignore` marker. */
  suppressed: boolean;
  read(): ShapeLiteral;
}

/** Run `shapes` over the literals of a file; returns the spans of the literals rewritten (reads inside them wait a pass). */
export function runShapes(ctx: TransformContext, shapes: readonly CompiledShape[], candidates: Iterable<LiteralCandidate>, syntax: ShapeSyntax): Span[] {
  const rewritten: Span[] = [];
  let rewrittenUntil = -1;
  const payloads = new Set<number>();
  for (const candidate of candidates) {
    if (candidate.start < rewrittenUntil || payloads.has(candidate.start)) continue;
    ctx.handling?.({ startIndex: candidate.start, endIndex: candidate.end, type: 'literal' });
    const literal = candidate.read();
    for (const shape of shapes) {
      const plan = planLiteral(literal, shape, ctx.file.text, syntax, ctx.file.eol);
      if (!plan) continue;
      const payload = shape.nest === undefined ? undefined : literal.entries.find((e) => e.kind === 'pair' && e.key === shape.nest)?.value;
      if (payload) payloads.add(payload.start);
      // A line marked `canonize: ignore` is left alone: no edit, no finding, no site (as every rule does).
      if (candidate.suppressed) break;
      if (ctx.collectingSites) ctx.site(literal.start, { rule: shape.rule, status: plan.status, module: shape.rule, form: 'shape:literal', symbol: plan.kind });
      for (const f of plan.findings) ctx.report(f.at, f.message, f.severity, shape.rule);
      for (const e of plan.edits) ctx.edit(e.start, e.end, e.text, shape.rule);
      if (plan.edits.length > 0) {
        rewrittenUntil = literal.end;
        rewritten.push({ start: literal.start, end: literal.end });
      }
      break;
    }
  }
  return rewritten;
}

/** A place a discriminating key gets its value outside a literal (`evt["type"] = "agent_started"`, `dict(type=...)`). */
export interface OtherForm {
  at: number;
  key: string;
  value: string;
  /** How the event is built, for the finding: `built step by step`, `built by dict(...)`. */
  how: string;
  suppressed: boolean;
}

/**
 * Report events built other than as one literal: their keys are spread over statements or a call, so no rewrite
 * can see the whole event. Never silent, never guessed.
 */
export function reportOtherForms(ctx: TransformContext, shapes: readonly CompiledShape[], forms: Iterable<OtherForm>): void {
  for (const form of forms) {
    const shape = shapes.find((s) => s.match.get(form.key)?.has(form.value));
    if (!shape || form.suppressed) continue;
    if (ctx.collectingSites) ctx.site(form.at, { rule: shape.rule, status: 'legacy', module: shape.rule, form: 'shape:built', symbol: form.value });
    ctx.report(form.at, `"${form.value}" event ${form.how}: canonize rewrites only whole literals, rewrite it by hand`, 'warning', shape.rule);
  }
}
