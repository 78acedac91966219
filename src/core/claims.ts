/**
 * Claimed spans: the text one rule rewrote in a file, which the other rules of the same pass leave alone. Shared by
 * both languages' per-file state (src/languages/python/file.ts, src/languages/typescript/file.ts).
 */

/** A node's place in the text. */
export interface Spanned {
  startIndex: number;
  endIndex: number;
}

const inside = (node: Spanned, start: number, end: number) => node.startIndex >= start && node.endIndex <= end;

export class Claims {
  private readonly spans: { start: number; end: number; copied: readonly [number, number][] }[] = [];

  /**
   * Mark a span as rewritten by a rule (a call rewrite): other rules leave what is inside it alone. `copied`: spans
   * inside it whose text the replacement carries over (a capture that could not stay in place): what they hold is
   * still in the file afterwards.
   */
  claim(start: number, end: number, copied: readonly [number, number][] = []): void {
    this.spans.push({ start, end, copied });
  }

  /** Is the node inside a span another rule rewrote (so no other rule may edit it)? */
  isClaimed(node: Spanned): boolean {
    return this.spans.some((c) => inside(node, c.start, c.end));
  }

  /**
   * Is the node's text gone from the rewritten file (inside a claimed span and not carried over)? A use that is gone
   * no longer keeps its import; one that was copied does, although no rule may edit it in this pass (the planner's
   * next pass sees it in its new place).
   */
  isGone(node: Spanned): boolean {
    return this.spans.some((c) => inside(node, c.start, c.end) && !c.copied.some(([s, e]) => inside(node, s, e)));
  }
}
