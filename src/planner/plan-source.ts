/**
 * The per-file planner: one file's bytes → decode → parse → rules (to a fixpoint) → its FilePlan. A pure function of
 * the bytes, the compiled config and the project index, so it runs the same in-process and on worker threads.
 */
import { lstatSync, readFileSync } from 'node:fs';
import type { CompiledConfig } from '../config/compile.js';
import { applyEdits, composeEdits, editId, mapOffsetBack, normalizeEdits, sortEdits } from '../core/edits.js';
import { CanonizeError } from '../core/errors.js';
import { encodeSource, hashBytes, sourceFromBytes, wideEncoding } from '../core/source.js';
import type { Edit, FilePlan, Finding, ProjectIndex, SharedFileState, Site, SourceFile, Transform } from '../core/types.js';
import { compilerSyntaxError, describeProblem, grammarVerdict, parseSource, syntaxProblems, type SyntaxProblem, type UnreadablePart } from '../languages/parse.js';
import { residueFindings, residueSites } from '../residue/account.js';
import type { ResidueScanner } from '../residue/index.js';
import type { ResidueRef } from '../residue/ref.js';
import type { DiscoveredFile } from './files.js';
import { EMPTY_PROJECT } from './project-index.js';
import type { ReadBuffer } from './read.js';

/** The plan of one file, and its new text when it changes. */
export interface SourcePlanResult {
  plan: FilePlan;
  /** False when the prefilter ruled the file out (it was never parsed). */
  parsed: boolean;
  newText?: string;
}

const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const minimal = new WeakMap<readonly string[], readonly string[]>();

/** Needles without those that contain another one of the list (if `manager` is absent, so is `unified_manager`). */
function minimalNeedles(needles: readonly string[]): readonly string[] {
  let out = minimal.get(needles);
  if (!out) minimal.set(needles, (out = [...new Set(needles)].filter((n, _, all) => !all.some((m) => m !== n && n.includes(m)))));
  return out;
}

/** The transforms that could apply to a file, by language, literal needles and each one's `mightApply` (prefilter.ts). */
export function applicableTransforms(
  file: { language: SourceFile['language']; path?: string },
  haystack: string | Buffer,
  transforms: readonly Transform[],
  project: ProjectIndex = EMPTY_PROJECT,
  collectSites = false,
): Transform[] {
  // A needle is searched for once per file, however many transforms list it.
  const seen = new Map<string, boolean>();
  const has = (needle: string) => {
    let hit = seen.get(needle);
    if (hit === undefined) seen.set(needle, (hit = haystack.includes(needle)));
    return hit;
  };
  const found = (needles: readonly string[]) => minimalNeedles(needles).some(has);
  let text: string | undefined;
  const finer = (t: Transform) => !t.mightApply || t.mightApply((text ??= typeof haystack === 'string' ? haystack : haystack.toString('latin1')), { collectSites, project });
  return transforms.filter(
    (t) =>
      t.languages.includes(file.language) &&
      (t.needles.length === 0 ||
        found(t.needles) ||
        found(t.projectNeedles?.(project) ?? []) ||
        (file.path !== undefined && found(t.pathNeedles?.(file.path) ?? [])) ||
        (collectSites && found(t.siteNeedles ?? []))) &&
      finer(t),
  );
}

/**
 * How many times the rules may rewrite one file's text before the planner gives up on it: each pass runs every rule
 * on the text the previous pass produced, until a pass changes nothing (the plan is then the rules' fixpoint).
 */
export const MAX_PASSES = 5;

/** What one pass of the rules over one text recorded. Offsets are into that pass's text. */
interface PassResult {
  edits: Edit[];
  findings: { at: number; rule: string; message: string; severity: Finding['severity'] }[];
  sites: Site[];
  /** Set when a rule threw: the rule (or shared state) that was running, the construct it said it handled, and the error. */
  error?: { rule: string; message: string; at?: { startIndex: number; endIndex: number; type?: string } };
}

/** Run the transforms once over a parsed text. */
function runPass(
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
    result.error = { rule: current, message: err instanceof Error ? err.message : String(err), ...(handled ? { at: handled } : {}) };
  }
  return result;
}

const rulesOf = (edits: readonly Edit[]) => [...new Set(edits.map((e) => e.rule))].sort().join(', ');

/** The rule id of the finding that says a file was planned although tree-sitter could not read part of it. */
export const UNREADABLE_RULE = 'parse';

const UNREADABLE_WORDS: Record<UnreadablePart['what'], string> = { 'jsx-text': 'JSX text', variance: 'variance modifier' };

/** A part of the text tree-sitter could not read (JSX text the compiler reads), where it is in the current text. */
interface Unreadable {
  /** The problem as found in the file's own text (its line and column are the ones reported). */
  problem: UnreadablePart;
  start: number;
  end: number;
}

/** The first edit that touches an unreadable part: overlaps it, or inserts strictly inside it. */
function editInside(edits: readonly Edit[], parts: readonly Unreadable[]): { edit: Edit; part: Unreadable } | undefined {
  for (const part of parts) {
    const edit = edits.find((e) => (e.start < part.end && part.start < e.end) || (e.start === e.end && part.start < e.start && e.start < part.end));
    if (edit) return { edit, part };
  }
  return undefined;
}

/** The unreadable parts after edits none of which touches them: each moves by the length changes before it. */
function shiftUnreadable(parts: readonly Unreadable[], edits: readonly Edit[]): Unreadable[] {
  return parts.map((part) => {
    let delta = 0;
    for (const e of edits) if (e.end <= part.start) delta += e.text.length - (e.end - e.start);
    return { ...part, start: part.start + delta, end: part.end + delta };
  });
}

/** The first problem of a reparsed text that is not one of the unreadable parts carried over, in either direction. */
function unexpectedProblem(problems: readonly SyntaxProblem[], parts: readonly Unreadable[], text: string): string | undefined {
  const expected = new Set(parts.map((p) => `${p.start}:${p.end}`));
  const extra = problems.find((p) => !expected.has(`${p.start}:${p.end}`));
  if (extra) return describeProblem(extra);
  const found = new Set(problems.map((p) => `${p.start}:${p.end}`));
  const gone = parts.find((p) => !found.has(`${p.start}:${p.end}`));
  if (gone) return `tree-sitter reads the text around ${gone.problem.line}:${gone.problem.column} (${JSON.stringify(text.slice(gone.start, gone.end))}) differently`;
  return undefined;
}

/**
 * Plan one decoded file: parse, run the transforms, splice, and run them again on the result until nothing changes
 * (a rule whose output another rule matches — a rename that creates a call a call rule rewrites — is handled in the
 * same plan, so planning the output again finds nothing). The plan holds one set of non-overlapping edits against
 * the file's own text, composed over the passes. Every output is parsed: a changed file's final text must parse clean.
 * Findings are those of every pass, placed on the original text's lines; sites are those of the first pass (what
 * the file holds now). Never throws for a problem in the file or a rule:
 * every outcome is data.
 */
export function planSource(
  file: SourceFile,
  transforms: readonly Transform[],
  project: ProjectIndex = EMPTY_PROJECT,
  options: PlanSourceOptions = {},
): SourcePlanResult {
  const collectSites = options.collectSites ?? false;
  const candidates = applicableTransforms(file, file.text, transforms, project, collectSites);
  // The residue scan (src/residue): legacy references of the original text, found independently of the rules.
  const residue = options.residue?.mightContain(file, file.text, project) ? options.residue : undefined;
  // A scan that throws (it is fuzzed not to) fails the file, naming the scan: never a silent pass.
  let residueError: string | undefined;
  const scanResidue = (text: string) => {
    try {
      return residue?.scan(text === file.text ? file : { ...file, text }, project) ?? [];
    } catch (err) {
      residueError ??= err instanceof Error ? err.message : String(err);
      return [];
    }
  };
  // The original text's references, scanned only when they are used: for sites, for a file no rule looks at, or
  // when the plan leaves the text as it is (a changed file is scanned once, as planned).
  let original: ResidueRef[] | undefined;
  const originalRefs = () => (original ??= scanResidue(file.text));
  if (candidates.length === 0) {
    // No rule looks at this file, so every reference the scan finds is unaccounted for.
    const refs = originalRefs();
    if (residueError !== undefined) return { parsed: false, plan: { path: file.path, outcome: 'failed', code: 'rule-error', reason: residueError, findings: [] } };
    const at = (offset: number) => lineColumn(file.text, offset);
    const findings = residueFindings(refs, [], at);
    const sites = collectSites ? residueSites(refs, [], at) : [];
    return { plan: { path: file.path, outcome: 'unchanged', findings, ...(sites.length > 0 ? { sites } : {}) }, parsed: false };
  }

  let text = file.text;
  /** Edits against file.text that give `text`. */
  let composed: Edit[] = [];
  let lastPassEdits: Edit[] = [];
  /** Parts tree-sitter cannot read although the compiler parses the file, where they are in `text`. */
  let unreadable: Unreadable[] = [];
  /** Edits of the passes after the first: the rules that keep rewriting each other's output. */
  const laterEdits: Edit[] = [];
  let sites: Site[] = [];
  const findings: Finding[] = [];
  const withSites = <P extends FilePlan>(plan: P): P => {
    if (sites.length === 0) return plan;
    sites.sort((a, b) => a.line - b.line || a.column - b.column || cmpText(a.rule, b.rule) || cmpText(a.form, b.form) || cmpText(a.symbol, b.symbol));
    return { ...plan, sites };
  };
  const failed = (code: string, reason: string) => ({ parsed: true, plan: withSites({ path: file.path, outcome: 'failed' as const, code, reason, findings }) });
  // Findings of every pass, placed on the original text (an offset inside text a pass wrote maps to where that edit
  // starts). A later pass that reports again where an earlier one did (same rule, same place) adds nothing: its words
  // may differ only because the text around it moved.
  const placed = new Set<string>();
  const place = (pass: PassResult) => {
    for (const { at, rule, message, severity } of pass.findings) {
      const where = lineColumn(file.text, composed.length === 0 ? at : mapOffsetBack(composed, at));
      const key = `${rule}\0${where.line}\0${where.column}`;
      if (placed.has(key)) continue;
      placed.add(key);
      findings.push({ rule, ...where, message, severity });
    }
    findings.sort((a, b) => a.line - b.line || a.column - b.column || cmpText(a.rule, b.rule));
  };

  for (let pass = 1; ; pass++) {
    const current: SourceFile = pass === 1 ? file : { ...file, text };
    const applicable = pass === 1 ? candidates : applicableTransforms(current, text, transforms, project);
    const tree = parseSource(text, file.language);
    if (pass === 1 && tree.rootNode.hasError) {
      // A grammar error is not necessarily a language error: ask the compiler (grammarVerdict in parse.ts).
      const verdict = grammarVerdict(text, file.path, file.language, tree);
      if (!verdict.tolerated) return { parsed: true, plan: { path: file.path, outcome: 'skipped', code: 'parse-error', reason: verdict.reason, findings: [] } };
      unreadable = verdict.parts.map((problem) => ({ problem, start: problem.start, end: problem.end }));
      for (const { line, column, what } of verdict.parts) {
        findings.push({
          rule: UNREADABLE_RULE,
          line,
          column,
          severity: 'info',
          message:
            `tree-sitter's grammar cannot read this ${UNREADABLE_WORDS[what]} (syntax error at ${line}:${column}); the ` +
            'TypeScript compiler parses the file, so it is planned, with no edit there',
        });
      }
    } else if (pass > 1) {
      const problem = unexpectedProblem(syntaxProblems(tree), unreadable, text);
      if (problem !== undefined) return failed('output-parse-error', `the rewritten file would not parse (${problem}); rules: ${rulesOf(lastPassEdits)}`);
    }
    if (applicable.length === 0) break;
    const result = runPass(current, tree, applicable, project, collectSites && pass === 1);
    if (pass === 1) sites = collectSites ? [...result.sites, ...residueSites(originalRefs(), result.sites, (at) => lineColumn(file.text, at))] : result.sites;
    place(result);
    if (result.error) {
      const again = pass === 1 ? '' : ` (pass ${pass}, on the text earlier passes rewrote)`;
      const { at } = result.error;
      let where = '';
      if (at) {
        const { line } = lineColumn(file.text, composed.length === 0 ? at.startIndex : mapOffsetBack(composed, at.startIndex));
        const snippet = text.slice(at.startIndex, at.endIndex).replace(/\s+/g, ' ').trim();
        where = ` on line ${line} (${at.type ? `${at.type}: ` : ''}${JSON.stringify(snippet.length > 60 ? `${snippet.slice(0, 57)}...` : snippet)})`;
      }
      return failed('rule-error', `rule ${result.error.rule} failed${where}${again}: ${result.error.message}`);
    }
    if (result.edits.length === 0) break;
    const touched = editInside(result.edits, unreadable);
    if (touched) {
      const { line, column } = touched.part.problem;
      return {
        parsed: true,
        plan: {
          path: file.path,
          outcome: 'skipped',
          code: 'parse-error',
          reason:
            `does not parse: syntax error at ${line}:${column} (the TypeScript compiler parses the file, but rule ` +
            `${touched.edit.rule} would edit inside the ${UNREADABLE_WORDS[touched.part.problem.what]} tree-sitter cannot read there)`,
          findings: [],
        },
      };
    }
    let next: string;
    try {
      next = applyEdits(text, result.edits);
    } catch (err) {
      const code = err instanceof CanonizeError && err.code === 'E_EDIT_OVERLAP' ? 'overlap' : 'rule-error';
      return failed(code, (err as Error).message);
    }
    if (next === text) break;
    if (pass > MAX_PASSES) {
      return failed(
        'not-converged',
        `the rules did not converge: after ${MAX_PASSES} passes, rules ${rulesOf([...laterEdits, ...result.edits])} still change the text (each rewrites what another wrote); nothing planned for this file`,
      );
    }
    composed =
      pass === 1
        ? sortEdits(result.edits)
        : composeEdits(file.text, normalizeEdits(composed), result.edits, (e) => editId(file.path, e.rule, e.start, e.end, e.text));
    lastPassEdits = result.edits;
    if (pass > 1) laterEdits.push(...result.edits);
    if (unreadable.length > 0) unreadable = shiftUnreadable(unreadable, result.edits);
    text = next;
  }
  if (residue) {
    // What the planned text still references, and no finding of the plan accounts for, is an error on its line.
    const finalRefs = text === file.text ? originalRefs() : residue.mightContain(file, text, project) ? scanResidue(text) : [];
    if (residueError !== undefined) return failed('rule-error', residueError);
    const toOriginal = (at: number) => lineColumn(file.text, composed.length === 0 ? at : mapOffsetBack(composed, at));
    const unexplained = residueFindings(finalRefs, findings, toOriginal);
    if (unexplained.length > 0) {
      findings.push(...unexplained);
      findings.sort((a, b) => a.line - b.line || a.column - b.column || cmpText(a.rule, b.rule));
    }
  }
  if (composed.length === 0 || text === file.text) return { parsed: true, plan: withSites({ path: file.path, outcome: 'unchanged', findings }) };
  if (applyEdits(file.text, composed) !== text) {
    return failed('rule-error', 'internal error: the edits composed over the passes do not give the planned text; please report this file');
  }
  if (unreadable.length > 0) {
    // tree-sitter found no new problem in the output; its second reader must not either.
    const error = compilerSyntaxError(text, file.path, file.language);
    if (error !== undefined) return failed('output-parse-error', `the rewritten file would not parse with the TypeScript compiler (${error}); rules: ${rulesOf(composed)}`);
  }
  let newBytes: Buffer;
  try {
    newBytes = encodeSource(text, file.encoding, file.bom);
  } catch (err) {
    // Text the file's encoding cannot hold is never written with a substitute character.
    return failed('unencodable', (err as Error).message);
  }
  return {
    parsed: true,
    newText: text,
    plan: withSites({
      path: file.path,
      outcome: 'changed',
      language: file.language,
      baseHash: file.hash,
      newHash: hashBytes(newBytes),
      encoding: file.encoding,
      bom: file.bom,
      edits: composed,
      batch: -1,
      findings,
    }),
  };
}

/** Options of {@link planSource}. */
export interface PlanSourceOptions {
  /** Record the sites of relocated symbols (for audits and checks), residue sites included. */
  collectSites?: boolean;
  /** The residue scan: references to legacy code the plan leaves without a finding become error findings. */
  residue?: ResidueScanner;
}

/** A discovered file after reading and the prefilter: its bytes when a rule may apply, else its final result. */
export type ReadFileResult = { bytes: Buffer; result?: undefined } | { result: SourcePlanResult };

/**
 * Read one discovered file and run the prefilter on its raw bytes: a file that names nothing any rule looks for is
 * never decoded or parsed. I/O problems become skip outcomes. Synchronous: on a warm page cache a blocking read is
 * several times faster than the promise API for many small files, and the planner's threads have nothing else to do.
 * With a `reader`, the bytes are a view of its buffer, valid until its next read.
 */
export function readDiscoveredFile(
  file: DiscoveredFile,
  config: CompiledConfig,
  project: ProjectIndex = EMPTY_PROJECT,
  options: { collectSites?: boolean } = {},
  reader?: ReadBuffer,
): ReadFileResult {
  const skipped = (code: string, reason: string): ReadFileResult => ({
    result: { parsed: false, plan: { path: file.path, outcome: 'skipped', code, reason, findings: [] } },
  });
  let bytes: Buffer;
  try {
    const read = reader?.read(file.absPath, config.maxFileSize) ?? readWhole(file.absPath, config.maxFileSize);
    if (read.tooLarge !== undefined) return skipped('too-large', `larger than maxFileSize (${read.tooLarge} > ${config.maxFileSize} bytes)`);
    bytes = read.bytes;
  } catch (err) {
    return skipped('unreadable', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  // A UTF-16 / UTF-32 file never holds the ASCII needles as bytes: say it cannot be read, instead of "nothing to do".
  const wide = wideEncoding(bytes);
  if (wide) return skipped(wide.kind, wide.message);
  if (applicableTransforms(file, bytes, config.transforms, project, options.collectSites).length === 0 && !config.residue?.mightContain(file, bytes, project)) {
    return { result: { parsed: false, plan: { path: file.path, outcome: 'unchanged', findings: [] } } };
  }
  return { bytes };
}

function readWhole(path: string, maxSize: number): { bytes: Buffer; tooLarge?: undefined } | { tooLarge: number } {
  const size = lstatSync(path).size;
  return size > maxSize ? { tooLarge: size } : { bytes: readFileSync(path) };
}

/** Decode the bytes of a file the prefilter let through, and plan it. */
export function planFileBytes(
  file: DiscoveredFile,
  bytes: Buffer,
  config: CompiledConfig,
  project: ProjectIndex = EMPTY_PROJECT,
  options: { collectSites?: boolean } = {},
): SourcePlanResult {
  const read = sourceFromBytes(bytes, file.absPath, file.path, file.language);
  if (!read.ok) return { parsed: false, plan: { path: file.path, outcome: 'skipped', code: read.skip.kind, reason: read.skip.message, findings: [] } };
  return planSource(read.file, config.transforms, project, { ...options, residue: config.residue });
}

/** Read one discovered file and plan it. I/O problems become skip outcomes. */
export async function planDiscoveredFile(
  file: DiscoveredFile,
  config: CompiledConfig,
  project: ProjectIndex = EMPTY_PROJECT,
  options: { collectSites?: boolean } = {},
): Promise<SourcePlanResult> {
  const read = readDiscoveredFile(file, config, project, options);
  return read.result ?? planFileBytes(file, read.bytes, config, project, options);
}
