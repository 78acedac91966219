/**
 * The plain data at the centre of canonize. Everything here is JSON-serialisable so that a plan can be saved,
 * diffed, sent to a worker thread and replayed. Every other module imports its vocabulary from this file.
 */
import type { SyntaxTree } from './syntax.js';

/** A grammar canonize parses with. `tsx` is TypeScript with JSX. */
export type Language = 'python' | 'typescript' | 'tsx';

/** A decoded source file, as the planner sees it. */
export interface SourceFile {
  /** Path relative to the project root, with `/` separators. */
  readonly path: string;
  /** Absolute path on disk. */
  readonly absPath: string;
  readonly language: Language;
  /** Decoded text without the byte-order mark. Edit offsets index into this string. */
  readonly text: string;
  /** The codec the bytes were decoded with (`utf-8`, or a PEP 263 codec such as `latin-1`). */
  readonly encoding: string;
  /** Whether the bytes started with a UTF-8 byte-order mark. */
  readonly bom: boolean;
  /** sha256 (hex) of the raw bytes the text was decoded from. */
  readonly hash: string;
  /** The file's dominant line ending, for text that an edit inserts. */
  readonly eol: '\n' | '\r\n';
}

/**
 * One replacement: the text between `start` and `end` becomes `text`.
 * Offsets are UTF-16 code units into {@link SourceFile.text} (what `String.prototype.slice` uses, and what
 * tree-sitter's node bindings report), not bytes; the plan's `baseHash` pins the bytes they refer to.
 */
export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Id of the rule that made the edit. */
  rule: string;
  /** Stable id: the same edit planned twice gets the same id. */
  id: string;
}

/** A site a rule found but did not (or must not) rewrite, for the user to look at. */
export interface Finding {
  rule: string;
  /** 1-based line and column of the site. */
  line: number;
  column: number;
  message: string;
  severity: 'info' | 'warning' | 'error';
}

/**
 * One place where a relocated symbol is imported, named or called — the unit `audit` counts and `check` gates on.
 * `legacy` sites still go through a legacy module or factory; `canonical` ones already use the canonical path.
 */
export interface Site {
  /** The id of the config rule the site belongs to (`python.moves/a.legacy->a.canonical`, `python.calls/create($CTX)`; docs/config.md "Rule ids"). */
  rule: string;
  status: 'legacy' | 'canonical';
  /** The module the site goes through (the legacy module, or the canonical one). */
  module: string;
  /**
   * How: `from-import`, `relative-import`, `module-attribute`, `wildcard`, `string`, or for calls
   * `call:positional` / `call:keyword` / `call:none`, with `:awaited` when awaited.
   */
  form: string;
  /** The symbol as the site names it (the old name for legacy sites), or `*`. */
  symbol: string;
  /** TypeScript: the module specifier as the file writes it (`../lib/socket`), when the site is one. */
  specifier?: string;
  /** TypeScript: the specifier canonize writes instead (`@/services/webSocketService`), when it knows one. */
  canonical?: string;
  /** 1-based line and column. */
  line: number;
  column: number;
}

interface FilePlanBase {
  /** Path relative to the project root, with `/` separators. */
  path: string;
  findings: Finding[];
  /** Sites of relocated symbols; only collected for audits and checks (see `CreatePlanOptions.collectSites`). */
  sites?: Site[];
}

/** The file will change: `edits` applied to the bytes hashed by `baseHash` give the new text. */
export interface ChangedFilePlan extends FilePlanBase {
  outcome: 'changed';
  language: Language;
  baseHash: string;
  /**
   * sha256 (hex) of the planned output's bytes, which the planner parsed and found free of syntax problems: apply
   * skips its own parse check for exactly these bytes (docs/engine.md). Absent in plans made before it existed.
   */
  newHash?: string;
  encoding: string;
  bom: boolean;
  edits: Edit[];
  /** The {@link Batch.id} of the batch the file is in. */
  batch: string;
  /**
   * A whole-file operation instead of an edit in place (docs/engine.md, "Deleting and creating files"):
   * `delete` removes the file (`baseHash` its bytes, `edits` one edit removing all its text, `newHash` that of no
   * bytes); `create` writes a file that must not exist (`baseHash` that of no bytes, `edits` one insertion of its
   * whole text at 0). Absent for an ordinary edit.
   */
  op?: 'delete' | 'create';
}

/** Parsed and matched, nothing to change (listed in a plan only when it has findings). */
export interface UnchangedFilePlan extends FilePlanBase {
  outcome: 'unchanged';
}

/**
 * Why a file was not processed, a reason the user can act on. Stable: plans, summaries (`skipped by reason`) and
 * scripts key on it.
 * - `parse-error`: the file does not parse (or a rule would edit where tree-sitter cannot read it);
 * - `binary`, `not-utf8`, `unknown-codec`: its bytes are not text canonize can decode and re-encode exactly;
 * - `too-large`: over `maxFileSize`; `unreadable`: it (or its directory) cannot be read;
 * - `symlink`, `symlink-outside-root`: a symbolic link, never followed or written; `outside-root`, `not-found`: a
 *   path named on the command line that is outside the root or not there.
 */
export const SKIP_CODES = [
  'parse-error',
  'binary',
  'not-utf8',
  'unknown-codec',
  'too-large',
  'unreadable',
  'symlink',
  'symlink-outside-root',
  'outside-root',
  'not-found',
] as const;
/** See {@link SKIP_CODES}. */
export type SkipCode = (typeof SKIP_CODES)[number];

/**
 * Why planning a file failed. Stable, as {@link SkipCode}.
 * - `overlap`: two rules' edits collide; `rule-error`: a rule (or the residue scan) threw;
 * - `output-parse-error`: the rewritten file would not parse; `unencodable`: it would not encode in the file's codec;
 * - `not-converged`: the rules still change the file after the last pass of the fixpoint.
 */
export const FAIL_CODES = ['overlap', 'rule-error', 'output-parse-error', 'unencodable', 'not-converged'] as const;
/** See {@link FAIL_CODES}. */
export type FailCode = (typeof FAIL_CODES)[number];

/** Not processed, for a reason the user can act on (did not parse, not UTF-8, too large, ...). */
export interface SkippedFilePlan extends FilePlanBase {
  outcome: 'skipped';
  code: SkipCode;
  reason: string;
}

/** Processing failed (rules collided, the output would not parse, a rule threw). */
export interface FailedFilePlan extends FilePlanBase {
  outcome: 'failed';
  code: FailCode;
  reason: string;
}

/** What happens to one file. Checked exhaustively wherever it is consumed. */
export type FilePlan = ChangedFilePlan | UnchangedFilePlan | SkippedFilePlan | FailedFilePlan;
export type FileOutcome = FilePlan['outcome'];

/** A reviewable unit of change: a group of changed files applied (and rolled back) together. */
export interface Batch {
  /**
   * Stable id, derived from the batch's key (its directory, rule set, owners or size chunk), not its position: the
   * same batch keeps its id when other batches come or go. Unique in the plan; `[A-Za-z0-9._/@+-]` only
   * (see `batchIds` in src/planner/batches.ts).
   */
  id: string;
  /** Human label, e.g. the directory the batch covers. */
  name: string;
  /** Paths of the changed files in this batch, sorted. */
  files: string[];
}

/** Counts over the whole run, including files not listed in {@link Plan.files}. */
export interface PlanSummary {
  /** Files discovery found that canonize has a grammar for. */
  scanned: number;
  /** Files the prefilter let through to the parser. */
  parsed: number;
  changed: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /** Edits per rule id. */
  editsByRule: Record<string, number>;
  /** Skipped and failed files per reason code. */
  skippedByReason: Record<string, number>;
  /** Findings (sites reported, not rewritten) per rule id. */
  findingsByRule: Record<string, number>;
  /**
   * Files planned (changed or unchanged) although tree-sitter could not read part of them: JSX text its grammar
   * rejects and the TypeScript compiler parses. Each has an `info` finding of rule `parse` on the line.
   */
  parsedByCompiler: number;
}

/** The output of the planner and the only input of preview and apply. */
export interface Plan {
  /** Plan format version; bumped on any incompatible change. */
  version: typeof PLAN_VERSION;
  /** sha256 of the normalised config the plan was made with. */
  configHash: string;
  /** The project root, relative to the directory the plan file is written in (`.` when beside it). */
  root: string;
  /** Present in the plan of one shard (`plan --shard i/n`); `plan --merge` checks every shard is there once. */
  shard?: Shard;
  /** Every file with edits, findings, or a skip / failure reason, sorted by path. */
  files: FilePlan[];
  batches: Batch[];
  summary: PlanSummary;
}

/** 2: batch ids are stable strings (version 1 numbered them by position). */
export const PLAN_VERSION = 2 as const;

/** One part of a tree split deterministically by path (`--shard 2/4`: index 2 of 4, 1-based). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Facts about the project that rules may consult, gathered once before any file is planned (plain data, so it can
 * be sent to workers). Rules must not depend on anything else outside their own file. Each language declares its
 * own fields, in its folder (`src/languages/<language>/facts*.ts`, by declaration merging), and its adapter fills them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each language (declaration merging)
export interface ProjectIndex {}

/**
 * What a transform asks the project index to gather, one field per language: declared, like {@link ProjectIndex}'s
 * fields, in the language's folder, and answered by its adapter's `facts`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each language (declaration merging)
export interface FactRequests {}

/** What a rule sees of one file. Fresh per file: nothing carries over between files. */
export interface TransformContext {
  readonly file: SourceFile;
  readonly tree: SyntaxTree;
  readonly project: ProjectIndex;
  /** Record an edit; `rule` defaults to the transform's id (rules compiled from config pass their field path). */
  edit(start: number, end: number, text: string, rule?: string): void;
  /** Record a site (an offset into the text) that is reported rather than rewritten. */
  report(at: number, message: string, severity?: Finding['severity'], rule?: string): void;
  /** Record a {@link Site} at an offset, for audits; a no-op unless sites are being collected. */
  site(at: number, site: Omit<Site, 'line' | 'column'>): void;
  /**
   * Say which construct the rule is handling now (an import statement, a call): if the rule then throws, the file's
   * failure names that line and construct. Only records the node, so it is cheap to call in every loop.
   */
  handling?(node: { startIndex: number; endIndex: number; type?: string }): void;
  /** Whether {@link site} records anything: rules may skip work done only to find sites. */
  readonly collectingSites: boolean;
  /**
   * Per-file state shared by every rule that runs on this file (e.g. the import editor, so that two rules never
   * fight over one import statement), created by the first rule that asks for `key`. After all rules have run the
   * planner calls each one's `finish()` once, in creation order; its edits count like any rule's.
   */
  shared<T extends SharedFileState>(key: string, create: () => T): T;
}

/** Record an edit on behalf of `rule` (what {@link TransformContext.edit} does; the import editors take one). */
export type RuleEdit = (start: number, end: number, text: string, rule: string) => void;

/** Per-file state shared between rules; see {@link TransformContext.shared}. */
export interface SharedFileState {
  /** Turn what the rules asked for into edits; `handling` as {@link TransformContext.handling}. */
  finish(handling?: (node: { startIndex: number; endIndex: number; type?: string }) => void): void;
}

/**
 * A compiled rule: a pure function of (file, tree) that records edits and findings through its context.
 */
export interface Transform {
  /** Kebab-case id; shared by its module, its fixtures folder and the edits it makes. */
  readonly id: string;
  readonly languages: readonly Language[];
  /**
   * Literal strings at least one of which occurs in every file this transform can change or report on.
   * A file containing none of them is never parsed for this transform. An empty list means "always run".
   */
  readonly needles: readonly string[];
  /**
   * A finer prefilter, run only on a file that contains one of the needles: false means the transform can neither
   * change nor report on the file, which is then not parsed for it. `text` is the file's text, or its raw bytes read
   * as latin-1 (so look for ASCII only). It must be cheap (literals, a regex) and never answer false for a file the
   * transform could change or report on.
   */
  mightApply?(text: string, options: { collectSites: boolean; project: ProjectIndex }): boolean;
  /**
   * Extra needles that count only when sites are collected (audits): literals of the canonical forms, so files that
   * are already migrated are still counted.
   */
  readonly siteNeedles?: readonly string[];
  /** What the rule needs the project index to hold, per language ({@link FactRequests}). */
  readonly facts?: FactRequests;
  /**
   * Needles that count only for a file at this path (relative to the root), checked like {@link needles}: e.g. inside
   * a legacy package, `from . import Name` reaches it without spelling its name.
   */
  pathNeedles?(path: string): readonly string[];
  /** Needles only the project index knows (e.g. `paths` aliases of a moved module), checked like {@link needles}. */
  projectNeedles?(project: ProjectIndex): readonly string[];
  run(ctx: TransformContext): void;
}
