/**
 * One pass of the rules over one text (`runPass`), and what the planner's fixpoint (plan-source.ts) carries from
 * pass to pass: the parts of the text tree-sitter cannot read, which no edit may touch. See docs/engine.md.
 */
import { editId } from '../core/edits.js';
import type { Edit, Finding, ProjectIndex, SharedFileState, Site, SourceFile, Transform } from '../core/types.js';
import type { parseSource } from '../languages/parse.js';
import { describeProblem, type SyntaxProblem, type UnreadablePart } from '../core/parse.js';

/** The 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** What one pass of the rules over one text recorded. Offsets are into that pass's text. */
export interface PassResult {
  edits: Edit[];
  findings: { at: number; rule: string; message: string; severity: Finding['severity'] }[];
  sites: Site[];
  /** Set when a rule threw: the rule (or shared state) that was running, the construct it said it handled, and the error. */
  error?: { rule: string; message: string; at?: { startIndex: number; endIndex: number; type?: string } };
}

/** Run the transforms once over a parsed text. */
export function runPass(
  file: SourceFile,
  tree: ReturnType<typeof parseSource>,
  transforms: readonly Transform[],
  project: ProjectIndex,
  collectSites: boolean,
): PassResult {
  const result: PassResult = { edits: [], findings: [], sites: [] };
  const shared = new Map<string, SharedFileState>();
  let current = transforms[0]?.id ?? '';
  let handled: { startIndex: number; endIndex: number; type?: string } | undefined;
  const handling = (node: { startIndex: number; endIndex: number; type?: string }) => {
    handled = node;
  };
  try {
    for (const transform of transforms) {
      current = transform.id;
      handled = undefined;
      transform.run({
        handling,
        file,
        tree,
        project,
        edit(start, end, text, rule = transform.id) {
          result.edits.push({ start, end, text, rule, id: editId(file.path, rule, start, end, text) });
        },
        report(at, message, severity = 'warning', rule = transform.id) {
          result.findings.push({ at, rule, message, severity });
        },
        site(at, site) {
          if (collectSites) result.sites.push({ ...site, ...lineColumn(file.text, at) });
        },
        collectingSites: collectSites,
        shared<T extends SharedFileState>(key: string, create: () => T): T {
          let state = shared.get(key);
          if (!state) shared.set(key, (state = create()));
          return state as T;
        },
      });
    }
    for (const [key, state] of shared) {
      current = key;
      handled = undefined;
      state.finish(handling);
    }
  } catch (err) {
    // `handled` may be a node of the tree, which is freed once the file is planned: its span is copied out.
    const at = handled && { startIndex: handled.startIndex, endIndex: handled.endIndex, ...(handled.type !== undefined ? { type: handled.type } : {}) };
    result.error = { rule: current, message: err instanceof Error ? err.message : String(err), ...(at ? { at } : {}) };
  }
  return result;
}

/** A part of the text tree-sitter could not read (JSX text the compiler reads), where it is in the current text. */
export interface Unreadable {
  /** The problem as found in the file's own text (its line and column are the ones reported). */
  problem: UnreadablePart;
  start: number;
  end: number;
}

/** The first edit that touches an unreadable part: overlaps it, or inserts strictly inside it. */
export function editInside(edits: readonly Edit[], parts: readonly Unreadable[]): { edit: Edit; part: Unreadable } | undefined {
  for (const part of parts) {
    const edit = edits.find((e) => (e.start < part.end && part.start < e.end) || (e.start === e.end && part.start < e.start && e.start < part.end));
    if (edit) return { edit, part };
  }
  return undefined;
}

/** The unreadable parts after edits none of which touches them: each moves by the length changes before it. */
export function shiftUnreadable(parts: readonly Unreadable[], edits: readonly Edit[]): Unreadable[] {
  return parts.map((part) => {
    let delta = 0;
    for (const e of edits) if (e.end <= part.start) delta += e.text.length - (e.end - e.start);
    return { ...part, start: part.start + delta, end: part.end + delta };
  });
}

/** The first problem of a reparsed text that is not one of the unreadable parts carried over, in either direction. */
export function unexpectedProblem(problems: readonly SyntaxProblem[], parts: readonly Unreadable[], text: string): string | undefined {
  const expected = new Set(parts.map((p) => `${p.start}:${p.end}`));
  const extra = problems.find((p) => !expected.has(`${p.start}:${p.end}`));
  if (extra) return describeProblem(extra);
  const found = new Set(problems.map((p) => `${p.start}:${p.end}`));
  const gone = parts.find((p) => !found.has(`${p.start}:${p.end}`));
  if (gone) return `tree-sitter reads the text around ${gone.problem.line}:${gone.problem.column} (${JSON.stringify(text.slice(gone.start, gone.end))}) differently`;
  return undefined;
}
