/**
 * The per-file planner: bytes → decode → parse → rules (to a fixpoint; one pass is plan-pass.ts) → its FilePlan. A
 * pure function of the bytes, the config and the project index (docs/architecture.md, "Journey of an edit").
 */
import { lstatSync, readFileSync } from 'node:fs';
import type { CompiledConfig } from '../config/compile.js';
import { applyEdits, composeEdits, editId, mapOffsetBack, normalizeEdits, sortEdits } from '../core/edits.js';
import { asBuffer } from '../core/bytes.js';
import { CanonizeError } from '../core/errors.js';
import { encodeSource, hashBytes, sourceFromBytes, wideEncoding } from '../core/source.js';
import type { Edit, FailCode, FilePlan, Finding, ProjectIndex, Site, SkipCode, SourceFile, Transform } from '../core/types.js';
import { compilerSyntaxError, grammarVerdict, parseSource, reparseSource } from '../languages/parse.js';
import { freeTree, syntaxProblems, type UnreadablePart } from '../core/parse.js';
import { residueFindings, residueSites } from '../residue/account.js';
import type { ResidueScanner } from '../residue/index.js';
import type { DiscoveredFile } from './files.js';
import { editInside, lineColumn, runPass, shiftUnreadable, unexpectedProblem, type PassResult, type Unreadable } from './plan-pass.js';
import { applicableTransforms } from './prefilter.js';
import { EMPTY_PROJECT } from './project-index.js';
import { ResidueCheck } from './residue-check.js';
import type { ReadBuffer } from './read.js';

/** The plan of one file, and its new text when it changes. */
export interface SourcePlanResult {
  plan: FilePlan;
  /** False when the prefilter ruled the file out (it was never parsed). */
  parsed: boolean;
  newText?: string;
}

const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Findings in the order of the plan: by line, column, rule. */
const byPlace = (a: Finding, b: Finding) => a.line - b.line || a.column - b.column || cmpText(a.rule, b.rule);

/**
 * How many times the rules may rewrite one file's text before the planner gives up on it: each pass runs every rule
 * on the text the previous pass produced, until a pass changes nothing (the plan is then the rules' fixpoint).
 */
export const MAX_PASSES = 5;

const rulesOf = (edits: readonly Edit[]) => [...new Set(edits.map((e) => e.rule))].sort().join(', ');

/** The rule id of the finding that says a file was planned although tree-sitter could not read part of it. */
export const UNREADABLE_RULE = 'parse';

const UNREADABLE_WORDS: Record<UnreadablePart['what'], string> = { 'jsx-text': 'JSX text', variance: 'variance modifier' };

/**
 * Plan one decoded file: parse, run the transforms, splice, and run them again on the result until nothing changes
 * (a rule whose output another rule matches — a rename that creates a call a call rule rewrites — is handled in the
 * same plan, so planning the output again finds nothing). The plan holds one set of non-overlapping edits against
 * the file's own text, composed over the passes. Every output is parsed: a changed file's final text must parse clean.
 * Findings are those of every pass, placed on the original text's lines; sites are those of the first pass (what
 * the file holds now). Never throws for a problem in the file or a rule: every outcome is data.
 */
export function planSource(
  file: SourceFile,
  transforms: readonly Transform[],
  project: ProjectIndex = EMPTY_PROJECT,
  options: PlanSourceOptions = {},
): SourcePlanResult {
  const collectSites = options.collectSites ?? false;
  const candidates = applicableTransforms(file, file.text, transforms, project, collectSites);
  const residue = new ResidueCheck(file, project, options.residue);
  if (candidates.length === 0) return planUnruled(file, residue, collectSites);
  const fixpoint = new Fixpoint(file, transforms, project, collectSites, residue);
  try {
    return fixpoint.run(candidates) ?? fixpoint.finish();
  } finally {
    // The file's last tree is freed as soon as its plan is made, whatever the outcome (docs/performance.md, "Memory").
    fixpoint.dispose();
  }
}

/** A file no rule looks at: every reference the residue scan finds is unaccounted for. */
function planUnruled(file: SourceFile, residue: ResidueCheck, collectSites: boolean): SourcePlanResult {
  const refs = residue.originalRefs();
  if (residue.error !== undefined) return { parsed: false, plan: { path: file.path, outcome: 'failed', code: 'rule-error', reason: residue.error, findings: [] } };
  const at = (offset: number) => lineColumn(file.text, offset);
  const findings = residueFindings(refs, [], at);
  const sites = collectSites ? residueSites(refs, [], at) : [];
  return { plan: { path: file.path, outcome: 'unchanged', findings, ...(sites.length > 0 ? { sites } : {}) }, parsed: false };
}

/** The passes of the rules over one file, to their fixpoint, and the plan they make. */
class Fixpoint {
  private text: string;
  /** Edits against file.text that give `text`. */
  private composed: Edit[] = [];
  private lastPassEdits: Edit[] = [];
  /** Parts tree-sitter cannot read although the compiler parses the file, where they are in `text`. */
  private unreadable: Unreadable[] = [];
  /** Edits of the passes after the first: the rules that keep rewriting each other's output. */
  private readonly laterEdits: Edit[] = [];
  private sites: Site[] = [];
  /** The last pass's text and edits (sorted): the next pass's text is parsed incrementally from them and `tree`. */
  private previous: { text: string; edits: readonly Edit[] } | undefined;
  /** The tree of the current pass's text (of the last pass's, until the next is parsed); freed by `parse` and `dispose`. */
  private tree: ReturnType<typeof parseSource> | undefined;
  private readonly findings: Finding[] = [];
  /** The (rule, line, column) of every finding placed so far. */
  private readonly placed = new Set<string>();

  constructor(
    private readonly file: SourceFile,
    private readonly transforms: readonly Transform[],
    private readonly project: ProjectIndex,
    private readonly collectSites: boolean,
    private readonly residue: ResidueCheck,
  ) {
    this.text = file.text;
  }

  /** Where an offset of the current text was in the file's own text (inside text a pass wrote: where that edit starts). */
  private toOriginal(at: number): { line: number; column: number } {
    return lineColumn(this.file.text, this.composed.length === 0 ? at : mapOffsetBack(this.composed, at));
  }

  private withSites<P extends FilePlan>(plan: P): P {
    const { sites } = this;
    if (sites.length === 0) return plan;
    sites.sort((a, b) => a.line - b.line || a.column - b.column || cmpText(a.rule, b.rule) || cmpText(a.form, b.form) || cmpText(a.symbol, b.symbol));
    return { ...plan, sites };
  }

  private failed(code: FailCode, reason: string): SourcePlanResult {
    return { parsed: true, plan: this.withSites({ path: this.file.path, outcome: 'failed' as const, code, reason, findings: this.findings }) };
  }

  /**
   * Adds a pass's findings, placed on the original text. A later pass that reports again where an earlier one did
   * (same rule, same place) adds nothing: its words may differ only because the text around it moved.
   */
  private place(pass: PassResult): void {
    for (const { at, rule, message, severity } of pass.findings) {
      const where = this.toOriginal(at);
      const key = `${rule}\0${where.line}\0${where.column}`;
      if (this.placed.has(key)) continue;
      this.placed.add(key);
      this.findings.push({ rule, ...where, message, severity });
    }
    this.findings.sort(byPlace);
  }

  /** Runs the passes until one changes nothing; a result when the file ends early (skipped or failed). */
  run(candidates: readonly Transform[]): SourcePlanResult | undefined {
    const { file, project } = this;
    for (let pass = 1; ; pass++) {
      const text = this.text;
      const current: SourceFile = pass === 1 ? file : { ...file, text };
      const applicable = pass === 1 ? candidates : applicableTransforms(current, text, this.transforms, project);
      const tree = this.parse();
      const unparsable = this.checkParse(pass, tree);
      if (unparsable) return unparsable;
      if (applicable.length === 0) return undefined;
      const result = runPass(current, tree, applicable, project, this.collectSites && pass === 1);
      if (pass === 1) this.sites = this.collectSites ? [...result.sites, ...residueSites(this.residue.originalRefs(), result.sites, (at) => lineColumn(file.text, at))] : result.sites;
      this.place(result);
      if (result.error) return this.failed('rule-error', this.ruleFailure(result.error, pass));
      if (result.edits.length === 0) return undefined;
      const touched = editInside(result.edits, this.unreadable);
      if (touched) return this.touchesUnreadable(touched.edit, touched.part);
      let next: string;
      try {
        next = applyEdits(text, result.edits);
      } catch (err) {
        const code = err instanceof CanonizeError && err.code === 'E_EDIT_OVERLAP' ? 'overlap' : 'rule-error';
        return this.failed(code, (err as Error).message);
      }
      if (next === text) return undefined;
      if (pass > MAX_PASSES) {
        return this.failed(
          'not-converged',
          `the rules did not converge: after ${MAX_PASSES} passes, rules ${rulesOf([...this.laterEdits, ...result.edits])} still change the text (each rewrites what another wrote); nothing planned for this file`,
        );
      }
      this.advance(pass, result.edits, next);
      this.previous = { text, edits: normalizeEdits(result.edits) };
    }
  }

  /**
   * The current text's tree. A pass's output is parsed incrementally from the tree of its input (tree-sitter
   * re-reads only around the edits; the tree is the one a full parse gives, test/reparse.test.ts): most of a
   * changed file's second parse is saved.
   */
  private parse(): ReturnType<typeof parseSource> {
    const { previous, text, tree: old } = this;
    this.previous = undefined;
    // A tree with errors (parts only the compiler reads) is parsed whole: the output check compares its error spans
    // with the input's, and tree-sitter's error recovery on a re-parse need not be the full parse's.
    const tree =
      !previous || !old || old.rootNode.hasError ? parseSource(text, this.file.language) : reparseSource(old, previous.text, previous.edits, text, this.file.language);
    // One tree per file at a time: the last pass's is done with once the next one is parsed.
    if (old) freeTree(old);
    this.tree = tree;
    return tree;
  }

  /** Frees the file's tree. Nothing read from it outlives the plan: edits, findings and sites are plain data. */
  dispose(): void {
    if (this.tree) freeTree(this.tree);
    this.tree = undefined;
  }

  /**
   * The first pass's text may hold a grammar error that is not a language error: the compiler decides
   * (grammarVerdict in parse.ts). Every later pass's text must hold no problem but the unreadable parts carried over.
   */
  private checkParse(pass: number, tree: ReturnType<typeof parseSource>): SourcePlanResult | undefined {
    const { file } = this;
    if (pass === 1 && tree.rootNode.hasError) {
      const verdict = grammarVerdict(this.text, file.path, file.language, tree);
      if (!verdict.tolerated) return { parsed: true, plan: { path: file.path, outcome: 'skipped', code: 'parse-error', reason: verdict.reason, findings: [] } };
      this.unreadable = verdict.parts.map((problem) => ({ problem, start: problem.start, end: problem.end }));
      for (const { line, column, what } of verdict.parts) {
        this.findings.push({
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
      const problem = unexpectedProblem(syntaxProblems(tree), this.unreadable, this.text);
      if (problem !== undefined) return this.failed('output-parse-error', `the rewritten file would not parse (${problem}); rules: ${rulesOf(this.lastPassEdits)}`);
    }
    return undefined;
  }

  /** The reason of a file a rule threw on: the rule, the construct it said it handled, the pass. */
  private ruleFailure(error: NonNullable<PassResult['error']>, pass: number): string {
    const again = pass === 1 ? '' : ` (pass ${pass}, on the text earlier passes rewrote)`;
    const { at } = error;
    let where = '';
    if (at) {
      const { line } = this.toOriginal(at.startIndex);
      const snippet = this.text.slice(at.startIndex, at.endIndex).replace(/\s+/g, ' ').trim();
      where = ` on line ${line} (${at.type ? `${at.type}: ` : ''}${JSON.stringify(snippet.length > 60 ? `${snippet.slice(0, 57)}...` : snippet)})`;
    }
    return `rule ${error.rule} failed${where}${again}: ${error.message}`;
  }

  private touchesUnreadable(edit: Edit, part: Unreadable): SourcePlanResult {
    const { line, column } = part.problem;
    return {
      parsed: true,
      plan: {
        path: this.file.path,
        outcome: 'skipped',
        code: 'parse-error',
        reason:
          `does not parse: syntax error at ${line}:${column} (the TypeScript compiler parses the file, but rule ` +
          `${edit.rule} would edit inside the ${UNREADABLE_WORDS[part.problem.what]} tree-sitter cannot read there)`,
        findings: [],
      },
    };
  }

  /** The pass's edits are composed into the plan's, and its output is the next pass's text. */
  private advance(pass: number, edits: Edit[], next: string): void {
    const { file } = this;
    this.composed =
      pass === 1 ? sortEdits(edits) : composeEdits(file.text, normalizeEdits(this.composed), edits, (e) => editId(file.path, e.rule, e.start, e.end, e.text));
    this.lastPassEdits = edits;
    if (pass > 1) this.laterEdits.push(...edits);
    if (this.unreadable.length > 0) this.unreadable = shiftUnreadable(this.unreadable, edits);
    this.text = next;
  }

  /** The plan of the fixpoint's text: residue accounted for, the composed edits checked, the new bytes hashed. */
  finish(): SourcePlanResult {
    const { file, text, composed, findings } = this;
    if (this.residue.scanner) {
      // What the planned text still references, and no finding of the plan accounts for, is an error on its line.
      const finalRefs = this.residue.finalRefs(text);
      if (this.residue.error !== undefined) return this.failed('rule-error', this.residue.error);
      const unexplained = residueFindings(finalRefs, findings, (at) => this.toOriginal(at));
      if (unexplained.length > 0) {
        findings.push(...unexplained);
        findings.sort(byPlace);
      }
    }
    if (composed.length === 0 || text === file.text) return { parsed: true, plan: this.withSites({ path: file.path, outcome: 'unchanged', findings }) };
    if (applyEdits(file.text, composed) !== text) {
      return this.failed('rule-error', 'internal error: the edits composed over the passes do not give the planned text; please report this file');
    }
    if (this.unreadable.length > 0) {
      // tree-sitter found no new problem in the output; its second reader must not either.
      const error = compilerSyntaxError(text, file.path, file.language);
      if (error !== undefined) return this.failed('output-parse-error', `the rewritten file would not parse with the TypeScript compiler (${error}); rules: ${rulesOf(composed)}`);
    }
    let newBytes: Buffer;
    try {
      newBytes = encodeSource(text, file.encoding, file.bom);
    } catch (err) {
      // Text the file's encoding cannot hold is never written with a substitute character.
      return this.failed('unencodable', (err as Error).message);
    }
    return {
      parsed: true,
      newText: text,
      plan: this.withSites({
        path: file.path,
        outcome: 'changed',
        language: file.language,
        baseHash: file.hash,
        newHash: hashBytes(newBytes),
        encoding: file.encoding,
        bom: file.bom,
        edits: composed,
        batch: '',
        findings,
      }),
    };
  }
}

/** Options of {@link planSource}. */
export interface PlanSourceOptions {
  /** Record the sites of relocated symbols (for audits and checks), residue sites included. */
  collectSites?: boolean;
  /** The residue scan: references to legacy code the plan leaves without a finding become error findings. */
  residue?: ResidueScanner;
}

/** A discovered file after reading and the prefilter: its bytes when a rule may apply, else its final result. */
export type ReadFileResult = { bytes: Uint8Array; result?: undefined } | { result: SourcePlanResult };

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
  const skipped = (code: SkipCode, reason: string): ReadFileResult => ({
    result: { parsed: false, plan: { path: file.path, outcome: 'skipped', code, reason, findings: [] } },
  });
  let bytes: Buffer;
  try {
    const read = reader?.read(file.absPath, config.maxFileSize) ?? readWhole(file.absPath, config.maxFileSize);
    if (read.tooLarge !== undefined) return skipped('too-large', `larger than maxFileSize (${read.tooLarge} > ${config.maxFileSize} bytes)`);
    bytes = asBuffer(read.bytes);
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
  bytes: Uint8Array,
  config: CompiledConfig,
  project: ProjectIndex = EMPTY_PROJECT,
  options: { collectSites?: boolean } = {},
): SourcePlanResult {
  const read = sourceFromBytes(asBuffer(bytes), file.absPath, file.path, file.language);
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
