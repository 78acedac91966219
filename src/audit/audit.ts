/**
 * The audit: one trustworthy measurement of how fragmented a tree still is. It plans the tree with site collection
 * on, then counts what the rules recorded — legacy and canonical sites per pattern (module × form), factory calls
 * by shape, strings, wildcard imports, user-isolation risks, unsafe sites and skipped files — plus a compliance
 * figure with its definition, a language split and the directories with the most remaining sites.
 */
import { languageForPath } from '../languages/registry.js';
import { RESIDUE_RULE } from '../residue/account.js';
import type { Finding, Plan, Site } from '../core/types.js';
import { countShapes, describeShapeSite, isShapeSite, type ShapeCount } from './shapes.js';

export const COMPLIANCE_DEFINITION =
  'compliance = canonical sites / (canonical + legacy sites), over the import and call sites of relocated symbols: ' +
  'an import of a relocated name from its canonical module, or a call of the canonical factory, is canonical; the same ' +
  'through a legacy module or factory is legacy. Dotted strings, wildcard imports and residue (legacy references no ' +
  'rule records) are listed but not counted.';

/** A count of sites sharing rule, module, form (and symbol, for calls). */
export interface PatternCount {
  rule: string;
  module: string;
  form: string;
  symbol: string;
  sites: number;
  files: number;
}

/** One located site or finding. */
export interface Located {
  path: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

export interface AuditReport {
  /** Audit report format version (the JSON schema is documented in docs/audit.md). */
  version: 1;
  configHash: string;
  scanned: number;
  /**
   * `legacy` counts the import and call sites (the `imports` and `calls` tables); `notCounted` the other legacy
   * sites, listed but not in the figure (strings, residue, wildcards, …): the language and directory counts are of both.
   */
  compliance: { definition: string; canonical: number; legacy: number; notCounted: number; percent: number | null };
  /** Legacy import sites per rule × module × form (from-import, relative-import, module-attribute). */
  imports: PatternCount[];
  /** Legacy factory call sites per rule × form (call shape, awaited). */
  calls: PatternCount[];
  /** Dotted strings naming a legacy module or symbol. */
  strings: PatternCount[];
  /**
   * Legacy references no rule recorded, found by the independent residue scan (docs/residue.md), per module × form
   * (`residue:import`, `residue:dotted-name`, `residue:string`, `residue:specifier`) × symbol.
   */
  residue: PatternCount[];
  /** `from LEGACY import *` sites. */
  wildcards: Located[];
  /** Every legacy site, located. */
  legacySites: (Located & { module: string; form: string; symbol: string })[];
  /** Module-level instances and cached global instances (user-isolation risks). */
  singletons: Located[];
  /** Sites a rule could not rewrite (warnings and errors). */
  unsafe: (Located & { severity: Finding['severity'] })[];
  skipped: { path: string; code: string; reason: string }[];
  /** Per language: every legacy site (`legacy`), those of them in the compliance figure (`counted`), canonical sites. */
  languages: { language: 'python' | 'typescript'; legacy: number; counted: number; canonical: number; files: number }[];
  /** The directories with the most legacy sites (every one, `legacy`; `counted`: those in the compliance figure). */
  directories: { directory: string; legacy: number; counted: number; files: number }[];
  /**
   * Event shapes (the `shape` rule, docs/shape-rule.md): per shape, its producers and consumers, legacy and canonical.
   * Present only when a shape rule recorded a site, so reports of configs without shapes are as they were.
   */
  shapes?: ShapeCount[];
}

/** Import forms: counted in compliance and listed per module. `specifier`: a canonical module spelled another way. */
const IMPORT_FORMS = new Set(['from-import', 'relative-import', 'module-attribute', 'specifier']);
const isResidue = (form: string) => form.startsWith('residue:');
const isCall = (form: string) => form.startsWith('call:') || form.startsWith('new:');
const counted = (s: Site) => IMPORT_FORMS.has(s.form) || isCall(s.form);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupCounts(entries: { path: string; site: Site }[], withSymbol: boolean): PatternCount[] {
  const groups = new Map<string, { c: PatternCount; files: Set<string> }>();
  for (const { path, site } of entries) {
    const symbol = withSymbol ? site.symbol : '';
    const key = `${site.rule}\0${site.module}\0${site.form}\0${symbol}`;
    const g = groups.get(key) ?? { c: { rule: site.rule, module: site.module, form: site.form, symbol, sites: 0, files: 0 }, files: new Set() };
    g.c.sites++;
    g.files.add(path);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g.c, files: g.files.size }))
    .sort((a, b) => b.sites - a.sites || cmp(a.rule, b.rule) || cmp(a.module, b.module) || cmp(a.form, b.form) || cmp(a.symbol, b.symbol));
}

/** The directory a path is counted under: its first `depth` directory segments (`.` for top-level files). */
export function directoryOf(path: string, depth: number): string {
  const dirs = path.split('/').slice(0, -1);
  return dirs.length === 0 ? '.' : dirs.slice(0, depth).join('/');
}

/** Build the report from a plan made with `collectSites`. */
export function buildAudit(plan: Plan, options: { depth?: number; top?: number } = {}): AuditReport {
  const depth = options.depth ?? 2;
  const legacy: { path: string; site: Site }[] = [];
  let canonical = 0;
  const languages = new Map<'python' | 'typescript', { legacy: number; counted: number; canonical: number; files: Set<string> }>();
  const directories = new Map<string, { legacy: number; counted: number; files: Set<string> }>();
  const report: AuditReport = {
    version: 1,
    configHash: plan.configHash,
    scanned: plan.summary.scanned,
    compliance: { definition: COMPLIANCE_DEFINITION, canonical: 0, legacy: 0, notCounted: 0, percent: null },
    imports: [],
    calls: [],
    strings: [],
    residue: [],
    wildcards: [],
    legacySites: [],
    singletons: [],
    unsafe: [],
    skipped: [],
    languages: [],
    directories: [],
  };
  const shapeSites: { path: string; site: Site }[] = [];
  for (const file of plan.files) {
    for (const site of file.sites ?? []) if (isShapeSite(site)) shapeSites.push({ path: file.path, site });
    if (file.outcome === 'skipped' || file.outcome === 'failed') report.skipped.push({ path: file.path, code: file.code, reason: file.reason });
    const lang = languageForPath(file.path) === 'python' ? 'python' : 'typescript';
    for (const site of file.sites ?? []) {
      const l = languages.get(lang) ?? { legacy: 0, counted: 0, canonical: 0, files: new Set() };
      languages.set(lang, l);
      if (site.status === 'canonical') {
        if (counted(site)) {
          canonical++;
          l.canonical++;
        }
        continue;
      }
      legacy.push({ path: file.path, site });
      report.legacySites.push({ path: file.path, line: site.line, column: site.column, rule: site.rule, module: site.module, form: site.form, symbol: site.symbol, message: describeSite(site) });
      const inFigure = counted(site) ? 1 : 0;
      l.legacy++;
      l.counted += inFigure;
      l.files.add(file.path);
      const dir = directoryOf(file.path, depth);
      const d = directories.get(dir) ?? { legacy: 0, counted: 0, files: new Set() };
      d.legacy++;
      d.counted += inFigure;
      d.files.add(file.path);
      directories.set(dir, d);
      if (site.form === 'wildcard') report.wildcards.push({ path: file.path, line: site.line, column: site.column, rule: site.rule, message: describeSite(site) });
    }
    // A residue finding on a line that already has a residue site is the same reference: listed once, as the site.
    const residueLines = new Set((file.sites ?? []).filter((s) => isResidue(s.form)).map((s) => s.line));
    for (const f of file.findings) {
      if (f.rule === RESIDUE_RULE && residueLines.has(f.line)) continue;
      const located = { path: file.path, line: f.line, column: f.column, rule: f.rule, message: f.message };
      if (f.rule.endsWith('.singletons')) report.singletons.push(located);
      else if (f.severity !== 'info') report.unsafe.push({ ...located, severity: f.severity });
    }
  }
  report.imports = groupCounts(legacy.filter((e) => IMPORT_FORMS.has(e.site.form)), false);
  report.calls = groupCounts(legacy.filter((e) => isCall(e.site.form)), true);
  report.strings = groupCounts(legacy.filter((e) => e.site.form === 'string'), false);
  report.residue = groupCounts(legacy.filter((e) => isResidue(e.site.form)), true);
  const legacyCounted = legacy.filter((e) => counted(e.site)).length;
  report.compliance = {
    definition: COMPLIANCE_DEFINITION,
    canonical,
    legacy: legacyCounted,
    notCounted: legacy.length - legacyCounted,
    percent: canonical + legacyCounted === 0 ? null : Math.round((canonical / (canonical + legacyCounted)) * 1000) / 10,
  };
  report.languages = [...languages]
    .map(([language, l]) => ({ language, legacy: l.legacy, counted: l.counted, canonical: l.canonical, files: l.files.size }))
    .sort((a, b) => cmp(a.language, b.language));
  report.directories = [...directories]
    .map(([directory, d]) => ({ directory, legacy: d.legacy, counted: d.counted, files: d.files.size }))
    .sort((a, b) => b.legacy - a.legacy || cmp(a.directory, b.directory))
    .slice(0, options.top ?? 10);
  report.singletons.sort((a, b) => cmp(a.path, b.path) || a.line - b.line || a.column - b.column);
  if (shapeSites.length > 0) report.shapes = countShapes(shapeSites);
  return report;
}

/** A one-line description of a legacy site. */
export function describeSite(site: Pick<Site, 'form' | 'module' | 'symbol' | 'specifier' | 'canonical'>): string {
  if (isCall(site.form)) {
    const [, shape, awaited] = site.form.split(':');
    return `legacy factory call ${site.symbol}(...) (${shape === 'none' ? 'no arguments' : `${shape} arguments`}${awaited ? ', awaited' : ''})${site.module ? ` from ${site.module}` : ''}`;
  }
  if (isShapeSite(site)) return describeShapeSite(site);
  if (isResidue(site.form)) {
    const kind = { 'residue:import': 'import', 'residue:dotted-name': 'name', 'residue:string': 'string', 'residue:specifier': 'module specifier' }[site.form] ?? site.form.slice('residue:'.length);
    const what = site.symbol === '*' ? `legacy module ${site.module}` : `${site.symbol} of legacy module ${site.module}`;
    const marker = site.form === 'residue:specifier' ? '// canonize: ignore' : '# canonize: ignore';
    return `${kind} reaching ${what} that no rule records (residue scan): rewrite it or mark the line \`${marker}\``;
  }
  // TypeScript sites name the specifier as written, the file it resolves to, and what canonize writes instead.
  const spec = site.specifier === undefined ? '' : `'${site.specifier}' `;
  const instead = site.canonical === undefined ? '' : `: write '${site.canonical}' instead`;
  switch (site.form) {
    case 'wildcard':
      return site.specifier === undefined ? `wildcard import from legacy module ${site.module}` : `export * from ${spec}(legacy module ${site.module})`;
    case 'string':
    case 'reference-path':
    case 'jsdoc':
      // A TypeScript module is a file (`src/lib/socket.ts`) or a package: its strings are specifiers, not dotted names.
      if (site.specifier !== undefined || /\/|\.[cm]?[jt]sx?$/.test(site.module)) {
        const what = site.form === 'reference-path' ? '/// <reference path> ' : site.form === 'jsdoc' ? 'JSDoc import() type ' : 'module specifier ';
        return `${what}${spec}resolves to legacy module ${site.module}${site.symbol === '*' ? '' : ` (for ${site.symbol})`}${instead || ': write the canonical module instead'}`;
      }
      return `dotted string names ${site.symbol === '*' ? `legacy module ${site.module}` : `${site.symbol} of legacy module ${site.module}`}`;
    case 'module-attribute':
      return `${site.symbol} used through ${site.specifier === undefined ? '' : `${spec}, `}legacy module ${site.module}${instead}`;
    case 'specifier':
      return `${site.symbol} imported from ${site.module} through ${site.specifier === undefined ? 'a non-canonical specifier' : `the non-canonical specifier ${spec.trimEnd()}`}${instead}`;
    case 'unrewritten':
      // The rule's own message says what it could not do and why; the site adds where the specifier leads.
      return `${site.symbol} (${spec}resolves to legacy module ${site.module})`;
    default:
      if (site.specifier !== undefined) return `${site.symbol} imported from ${spec}(legacy module ${site.module})${instead}`;
      return `${site.symbol} imported from legacy module ${site.module}${site.form === 'relative-import' ? ' (relative import)' : ''}`;
  }
}
