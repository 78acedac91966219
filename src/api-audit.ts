/**
 * The library's measuring calls: `audit` (what is still fragmented, as data and as text, JSON, Markdown or SARIF)
 * and `check` (the CI gate, with the baseline ratchet). See docs/audit.md.
 */
import { join, resolve } from 'node:path';
import { loadConfigOrDefaults, plan, type PlanRequest } from './api.js';
import { buildAudit, describeSite, type AuditReport } from './audit/audit.js';
import { baselineOf, compareToBaseline, readBaseline, writeBaseline, type Baseline, type CheckUnit } from './audit/baseline.js';
import { changedScope, type ChangedScope } from './audit/changed.js';
import { compileConfig } from './config/compile.js';
import { UsageError } from './core/errors.js';
import { formatAuditMarkdown, formatAuditText } from './audit/format.js';
import { formatAuditGithub } from './audit/github.js';
import { describeRules, toSarif } from './audit/sarif.js';
import type { LoadedConfig } from './config/load.js';
import { packageLinks, packageVersion } from './core/paths.js';
import type { Plan } from './core/types.js';
import { RESIDUE_RULE } from './residue/account.js';
import { retiredReferences } from './retire/check.js';

export interface CheckRequest extends PlanRequest {
  /** Also fail when a file cannot be checked (does not parse, not UTF-8, ...). */
  strict?: boolean;
  /** A baseline file (written by {@link saveBaseline}): fail only on legacy sites beyond it. */
  baseline?: string;
  /**
   * Check only the files git reports added, modified, renamed or copied between this revision and the working tree
   * (untracked files included), unless a change reaches the project index or the config: then the whole tree.
   */
  changedSince?: string;
  /** Check only the files staged in git's index (against HEAD), as staged: what a pre-commit hook needs. */
  staged?: boolean;
  /**
   * Also fail while a module `canonize retire` retired (deleted, or shimmed) is imported again, over the whole tree
   * (docs/retire.md): each such reference is a violation of rule `retired`.
   */
  retired?: boolean;
}

export interface CheckResult {
  ok: boolean;
  /** Legacy sites (and pending changes of rules that record no sites) — beyond the baseline, when one is given. */
  violations: CheckUnit[];
  /** Files that could not be checked (did not parse, not UTF-8, ...), with reasons. */
  unchecked: { path: string; reason: string }[];
  scanned: number;
  /** With a baseline: how many of its sites are still there, and which are gone (progress). */
  baseline?: { file: string; remaining: number; removed: { key: string; count: number }[] };
  /** With `changedSince` or `staged`: what git reported and what was checked. */
  changed?: ChangedInfo;
  /** With `retired`: how many retired modules were checked (their references are among the violations). */
  retired?: { modules: number };
}

/**
 * What `check --changed-since` / `--staged` looked at (paths relative to the root): the scope `changedScope` worked
 * out (audit/changed.ts), as the check reports it.
 */
export interface ChangedInfo extends Pick<ChangedScope, 'scope' | 'reason' | 'dependents' | 'deleted' | 'renamed'> {
  /** The revision compared with the working tree, or `staged` (the index against HEAD). */
  since: string;
  /** The changed files checked (with scope `all`, the whole tree was). */
  files: string[];
}

/**
 * The CI gate. A legacy pattern remains wherever a rule records a legacy site, or (for rules that record none, such
 * as custom transforms) would still change a file or reports a site it cannot rewrite. With `baseline`, only what
 * goes beyond the baseline fails (a ratchet); files that cannot be checked fail the check only with `strict`.
 */
export async function check(request: CheckRequest = {}): Promise<CheckResult> {
  const scope = await scopeOf(request);
  // With a scope, finding the config (or taking the defaults) was said already: the plan need not say it again.
  const { onDefaultConfig, ...rest } = request;
  const checked = scope?.scope === 'changed' ? [...scope.paths, ...scope.dependents.map((d) => d.path)].sort() : undefined;
  const p =
    checked?.length === 0
      ? undefined
      : (
          await plan({
            ...rest,
            ...(onDefaultConfig && !scope ? { onDefaultConfig } : {}),
            collectSites: true,
            ...(scope?.configFile ? { configPath: scope.configFile } : {}),
            ...(checked ? { paths: checked.map((path) => join(scope!.root, path)) } : {}),
            ...(scope?.contents ? { contents: scope.contents } : {}),
          })
        ).plan;
  const units = p ? checkUnits(p) : [];
  const unchecked = (p?.files ?? []).flatMap((f) => (f.outcome === 'skipped' || f.outcome === 'failed' ? [{ path: f.path, reason: f.reason }] : []));
  for (const path of scope?.missing ?? []) unchecked.push({ path, reason: 'staged, but missing from the working tree' });
  let violations = units;
  let baselineInfo: CheckResult['baseline'];
  if (request.baseline) {
    const file = resolve(request.cwd ?? process.cwd(), request.baseline);
    let baseline = await readBaseline(file);
    // Only the checked files' sites (and the deleted or renamed-away files', all gone) can be compared: the sites of
    // the files left out are neither new nor removed.
    if (checked) baseline = restrictBaseline(baseline, new Set([...checked, ...scope!.deleted, ...scope!.renamed.map((r) => r.from)]));
    const { added, removed } = compareToBaseline(units, baseline);
    violations = added;
    baselineInfo = { file, remaining: units.length - added.length, removed };
  }
  const retired = request.retired ? await retiredUnits(request) : undefined;
  if (retired) violations = [...violations, ...retired.units];
  return {
    ok: violations.length === 0 && (!request.strict || unchecked.length === 0),
    violations,
    unchecked,
    scanned: p?.summary.scanned ?? 0,
    ...(baselineInfo ? { baseline: baselineInfo } : {}),
    ...(scope
      ? {
          changed: {
            since: request.staged ? 'staged' : request.changedSince!,
            scope: scope.scope,
            ...(scope.reason ? { reason: scope.reason } : {}),
            files: scope.paths,
            dependents: scope.dependents,
            deleted: scope.deleted,
            renamed: scope.renamed,
          },
        }
      : {}),
    ...(retired ? { retired: { modules: retired.modules } } : {}),
  };
}

/** The references to retired modules (`check --retired`), as check units of rule `retired`. */
async function retiredUnits(request: CheckRequest): Promise<{ modules: number; units: CheckUnit[] }> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const config = compileConfig(await loadConfigOrDefaults(request, cwd, [cwd]), request.transforms);
  const { modules, references } = await retiredReferences(config);
  const units = references.map((r) => ({ path: r.path, rule: 'retired', module: r.module, form: `retired:${r.kind}`, symbol: r.symbol, line: r.line, column: r.column, message: r.message }));
  return { modules, units };
}

/** With `changedSince` or `staged`: the config, and what git says changed. */
async function scopeOf(request: CheckRequest): Promise<(ChangedScope & { root: string; configFile: string | undefined }) | undefined> {
  if (request.changedSince === undefined && !request.staged) return undefined;
  if (request.changedSince !== undefined && request.staged) throw new UsageError('E_USAGE', '--changed-since and --staged cannot be combined', 'use --staged in a pre-commit hook, --changed-since REF in CI');
  if ((request.paths?.length ?? 0) > 0) throw new UsageError('E_USAGE', '--changed-since and --staged take no paths: git names the files', 'leave the paths out');
  const cwd = resolve(request.cwd ?? process.cwd());
  const config = await loadConfigOrDefaults(request, cwd, [cwd]);
  const compiled = compileConfig(config, request.transforms);
  const scope = await changedScope(compiled, config.file, request.staged ? { staged: true } : { since: request.changedSince! });
  return { ...scope, root: config.root, configFile: config.file };
}

/** The baseline's entries of `paths` only. */
function restrictBaseline(baseline: Baseline, paths: ReadonlySet<string>): Baseline {
  // A key is path|rule|module|form|symbol: the path is what precedes the last four fields.
  const pathOf = (key: string) => key.split('|').slice(0, -4).join('|');
  return { ...baseline, sites: Object.fromEntries(Object.entries(baseline.sites).filter(([key]) => paths.has(pathOf(key)))) };
}

/** What `check` counts in a plan made with sites: legacy sites, and changes of rules that record none. */
export function checkUnits(p: Plan): CheckUnit[] {
  const units: CheckUnit[] = [];
  for (const f of p.files) {
    const withSites = new Set((f.sites ?? []).map((s) => s.rule));
    for (const s of f.sites ?? []) {
      if (s.status === 'legacy') units.push({ path: f.path, rule: s.rule, module: s.module, form: s.form, symbol: s.symbol, line: s.line, column: s.column, message: describeSite(s) });
    }
    if (f.outcome === 'changed') {
      const pending = new Map<string, number>();
      for (const e of f.edits) if (!withSites.has(e.rule)) pending.set(e.rule, (pending.get(e.rule) ?? 0) + 1);
      for (const [rule, n] of [...pending].sort()) units.push({ path: f.path, rule, module: '', form: 'pending-edit', symbol: '', message: `${n} edit(s) pending` });
    }
    // A residue finding on a line with a legacy site is that site's reference, already counted.
    const legacyLines = new Set((f.sites ?? []).filter((s) => s.status === 'legacy').map((s) => s.line));
    for (const x of f.findings) {
      const counted = x.rule === RESIDUE_RULE ? !legacyLines.has(x.line) : x.severity !== 'info' && !withSites.has(x.rule);
      if (counted) units.push({ path: f.path, rule: x.rule, module: '', form: 'finding', symbol: x.message, line: x.line, column: x.column, message: x.message });
    }
  }
  return units;
}

/**
 * How `audit` renders its report: a terminal table, JSON (the report itself), Markdown, a SARIF 2.1.0 log, or GitHub
 * Actions annotations.
 */
export type AuditFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'github';

export interface AuditRequest extends PlanRequest {
  /** Directory depth for the "top directories" table (default 2). */
  depth?: number;
  /** How many directories to list (default 10). */
  top?: number;
  /** How {@link AuditResponse.text} renders the report (default `text`). */
  format?: AuditFormat;
}

export interface AuditResponse {
  report: AuditReport;
  /** The report rendered as {@link AuditRequest.format} asks. */
  text: string;
  plan: Plan;
  config: LoadedConfig;
  /** What `check` counts (legacy sites, pending changes); {@link saveBaseline} writes them as a baseline. */
  units: CheckUnit[];
}

/** Audit the tree: legacy and canonical sites per pattern, compliance, risks, skipped files. */
export async function audit(request: AuditRequest = {}): Promise<AuditResponse> {
  const { plan: p, config } = await plan({ ...request, collectSites: true });
  const report = buildAudit(p, { ...(request.depth ? { depth: request.depth } : {}), ...(request.top ? { top: request.top } : {}) });
  return { report, text: formatAudit(report, config, request.format ?? 'text'), plan: p, config, units: checkUnits(p) };
}

function formatAudit(report: AuditReport, config: LoadedConfig, format: AuditFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return formatAuditMarkdown(report);
    case 'github':
      return formatAuditGithub(report);
    case 'sarif':
      return `${JSON.stringify(toSarif(report, describeRules(config.spec), packageVersion(), packageLinks()), null, 2)}\n`;
    case 'text':
      return formatAuditText(report);
  }
}

/** Write `units` (an audit's, or `checkUnits` of a plan made with sites) as a baseline file for `check --baseline`. */
export async function saveBaseline(units: readonly CheckUnit[], file: string): Promise<void> {
  await writeBaseline(baselineOf(units), file);
}
