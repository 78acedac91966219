/**
 * The pieces the human summaries share (`plan`'s summary, the batch summary `apply` prints before it asks): batch
 * labels, natural order for rule ids, columns aligned, and file lists cut to a few names. What they show:
 * docs/engine.md ("Batches").
 */

/** File names a batch lists before "… and K more": at the prompt (where `f` lists them all), and under `plan`. */
export const PROMPT_FILES = 10;
export const PLAN_FILES = 3;

// Punctuation is ignored, or ICU's order for it would put `manager_sync(` before `manager(`.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base', ignorePunctuation: true });

/**
 * Natural order, the same on every machine: digit runs compare as numbers (`moves[2]` before `moves[10]`), a name
 * before its longer variants (`manager($CTX)` before `manager_sync($CTX)`), case and punctuation count only between
 * otherwise equal names, and plain code-unit order settles any tie left.
 */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A batch as people read it: its id, and its name too when that says something else (`no-owner "(no owner)"`). */
export function batchLabel(batch: { id: string; name: string }): string {
  return batch.id === batch.name ? batch.id : `${batch.id} "${batch.name}"`;
}

/**
 * Rows of cells as lines, each column padded to its widest cell (the last column is never padded, so no line
 * ends in blanks), columns two spaces apart, every line starting with `indent`.
 */
export function alignRows(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** A count per key as aligned `key  count` lines, in natural key order. */
export function countRows(counts: Record<string, number>, indent: string, unit = ''): string[] {
  const keys = Object.keys(counts).sort(naturalCompare);
  return alignRows(
    keys.map((k) => [k, `${counts[k]}${unit}`]),
    indent,
  );
}

/** The first `limit` of `items`, and "… and K more" for the rest (nothing is cut when only one would be). */
export function firstOf<T>(items: readonly T[], limit: number): { shown: readonly T[]; more: string | undefined } {
  if (items.length <= limit + 1) return { shown: items, more: undefined };
  return { shown: items.slice(0, limit), more: `… and ${items.length - limit} more` };
}
