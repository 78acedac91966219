/**
 * Positions for the JSON contract (docs/json.md): a plan's edits are byte ranges of offsets, and `plan --json`
 * gives each the 1-based line and column of its start and end beside them. The plan file itself keeps offsets only
 * (its format is unchanged); `locatePlan` reads each changed file once to place them.
 */
import { materializeFile } from './engine/rebuild.js';
import type { ChangedFilePlan, Edit, FilePlan, Plan } from './core/types.js';

/**
 * Where an edit's span starts and ends: 1-based lines, and 1-based columns counted in UTF-16 code units (the unit of
 * the offsets, and of findings' columns), in the file's text without its byte-order mark.
 */
export interface EditPosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** An edit with its position; the position is absent only when the file changed since it was planned. */
export type LocatedEdit = Pick<Edit, 'start' | 'end'> & Partial<EditPosition> & Omit<Edit, 'start' | 'end'>;

/** A plan whose changed files' edits carry their positions (what `plan --json` prints). */
export type LocatedPlan = Omit<Plan, 'files'> & {
  files: (Exclude<FilePlan, ChangedFilePlan> | (Omit<ChangedFilePlan, 'edits'> & { edits: LocatedEdit[] }))[];
};

/** Offsets → 1-based line and column, by binary search over the line starts. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** The edits of one file with their positions in `text`. */
export function locateEdits(text: string, edits: readonly Edit[]): (Edit & EditPosition)[] {
  const at = locator(text);
  return edits.map(({ start, end, ...rest }) => {
    const from = at(start);
    const to = at(end);
    return { start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, ...rest };
  });
}

/**
 * The plan with every edit's line and column, read from the files under `root` (the bytes each was planned from).
 * A file whose bytes changed since it was planned keeps its edits' offsets only (possible for `plan --merge` of shard
 * plans made earlier); `diff` and `apply` report such a file stale.
 */
export async function locatePlan(p: Plan, root: string): Promise<LocatedPlan> {
  const files: LocatedPlan['files'] = [];
  for (const f of p.files) {
    if (f.outcome !== 'changed') {
      files.push(f);
      continue;
    }
    const m = await materializeFile(f, root);
    files.push(m.ok ? { ...f, edits: locateEdits(m.oldText, f.edits) } : f);
  }
  return { ...p, files };
}
