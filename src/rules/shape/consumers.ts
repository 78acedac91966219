/**
 * What the shape rule does with one read of an event's key, in either language: rewritten to the canonical key path
 * when the object provably holds an event of the shape, otherwise reported when the key is a legacy one (never
 * silent). The languages find the reads and say how a nest step is written (consumers-python.ts,
 * consumers-typescript.ts).
 */
import type { TransformContext } from '../../core/types.js';
import { keyDestination, type CompiledShape } from './compiled.js';
import type { Span } from './model.js';

/** What the consumer step knows of its file. */
export interface ConsumerFile {
  /** Whether the line `at` is on carries `canonize: ignore`. */
  suppressed(at: number): boolean;
  /** Literals rewritten in this pass: a read inside one waits for the next pass (its text moves). */
  rewritten: readonly Span[];
}

/** One read of a key, as the language found it. */
export interface ConsumerRead {
  at: number;
  key: string;
  /** The key's name in the source: what a rename replaces. */
  keySpan: Span;
  /** Where the object read from ends: a nest step is inserted there. */
  objectEnd: number;
  suppressed: boolean;
  /** The read's text, for messages. */
  code: string;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 50 ? `${flat.slice(0, 50)}...` : flat;
}

/**
 * Rewrite `read` for `proven` (the shape its object provably holds, if any) or report it. `nestStep(key)` is the
 * text that goes after the object to reach the nested literal (`["data"]`).
 */
export function reportRead(ctx: TransformContext, shapes: readonly CompiledShape[], proven: CompiledShape | undefined, read: ConsumerRead, nestStep: (nest: string) => string): void {
  if (read.suppressed) return;
  if (proven) {
    const to = keyDestination(proven, read.key);
    if (!to) return;
    if (ctx.collectingSites) ctx.site(read.at, { rule: proven.rule, status: 'legacy', module: proven.rule, form: 'shape:read', symbol: read.key });
    if ('rename' in to) ctx.edit(read.keySpan.start, read.keySpan.end, to.rename, proven.rule);
    else ctx.edit(read.objectEnd, read.objectEnd, nestStep(to.nest), proven.rule);
    if (proven.timestamps.has(read.key)) {
      ctx.report(read.at, `${oneLine(read.code)} now reads "${proven.timestamps.get(read.key)}": epoch seconds (a number), no longer an ISO string: check how the value is used`, 'info', proven.rule);
    }
    return;
  }
  // Only legacy keys are reported: any object may have a key the shape would nest, but `type` on an event-handling
  // file is worth a look.
  const shape = shapes.find((s) => {
    const to = keyDestination(s, read.key);
    return to !== undefined && 'rename' in to;
  });
  if (!shape) return;
  if (ctx.collectingSites) ctx.site(read.at, { rule: shape.rule, status: 'legacy', module: shape.rule, form: 'shape:read', symbol: read.key });
  const to = (keyDestination(shape, read.key) as { rename: string }).rename;
  ctx.report(read.at, `${oneLine(read.code)} reads legacy key "${read.key}" (canonical "${to}"), but what it reads is not provably an event: rewrite it by hand, or declare its type in \`types\``, 'warning', shape.rule);
}
