/**
 * Audit report renderers: a terminal table and Markdown (for a pull request comment or an issue); SARIF is in
 * sarif.ts. JSON is the report itself. All are pure functions of the report.
 */
import type { AuditReport, PatternCount } from './audit.js';

const pct = (r: AuditReport) => (r.compliance.percent === null ? 'n/a (no sites of relocated symbols)' : `${r.compliance.percent}%`);

function table(headers: string[], rows: (string | number)[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    `  ${cells.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const patternRows = (counts: PatternCount[], withSymbol: boolean) =>
  counts.map((c) => [c.rule, c.module || '-', ...(withSymbol ? [c.symbol] : []), c.form, c.sites, c.files]);

const residueRows = (counts: PatternCount[]) => counts.map((c) => [c.module, c.symbol, c.form, c.sites, c.files]);

const shapeRows = (r: AuditReport) => (r.shapes ?? []).map((c) => [c.rule, c.role, c.form, c.symbol, c.status, c.sites, c.files]);
const SHAPE_HEADERS = ['rule', 'role', 'form', 'value / key', 'status', 'sites', 'files'];

const sum = (counts: PatternCount[]) => counts.reduce((n, c) => n + c.sites, 0);

/**
 * The legacy sites the figure leaves out, by the table that lists them, and what the language and directory tables
 * count instead (every legacy site): so the headline and the tables' sums can be told apart.
 */
function notCountedLine(r: AuditReport): string | undefined {
  const n = r.compliance.notCounted;
  if (n === 0) return undefined;
  const strings = sum(r.strings);
  const residue = sum(r.residue);
  const shapes = (r.shapes ?? []).filter((c) => c.status === 'legacy').reduce((k, c) => k + c.sites, 0);
  const other = n - strings - residue - r.wildcards.length - shapes;
  const parts = [
    strings ? `${strings} string(s)` : '',
    shapes ? `${shapes} event-shape site(s)` : '',
    residue ? `${residue} residue` : '',
    r.wildcards.length ? `${r.wildcards.length} wildcard import(s)` : '',
    other ? `${other} in reference paths, JSDoc types or left unrewritten` : '',
  ].filter(Boolean);
  return `not counted: ${n} more legacy site(s) (${parts.join(', ')}); the language and directory tables count all ${r.compliance.legacy + n} ("legacy"), those in the figure apart ("counted")`;
}

/** The terminal report. */
export function formatAuditText(r: AuditReport): string {
  const out: string[] = [];
  out.push(`compliance: ${pct(r)}  (${r.compliance.canonical} canonical, ${r.compliance.legacy} legacy sites; ${r.scanned} files scanned)`);
  out.push(`  ${r.compliance.definition}`);
  const notCounted = notCountedLine(r);
  if (notCounted) out.push(`  ${notCounted}`);
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push('', title, ...lines);
  };
  section('legacy imports (module x form)', r.imports.length ? table(['rule', 'module', 'form', 'sites', 'files'], patternRows(r.imports, false)) : []);
  section('legacy factory calls (shape)', r.calls.length ? table(['rule', 'module', 'callee', 'form', 'sites', 'files'], patternRows(r.calls, true)) : []);
  section('dotted strings', r.strings.length ? table(['rule', 'module', 'form', 'sites', 'files'], patternRows(r.strings, false)) : []);
  section('legacy references no rule records (residue scan)', r.residue.length ? table(['module', 'symbol', 'form', 'sites', 'files'], residueRows(r.residue)) : []);
  section('event shapes (producers and consumers)', shapeRows(r).length ? table(SHAPE_HEADERS, shapeRows(r)) : []);
  section('wildcard imports', r.wildcards.map((w) => `  ${w.path}:${w.line}:${w.column}  ${w.message}`));
  section('user-isolation risks', r.singletons.map((s) => `  ${s.path}:${s.line}:${s.column}  ${s.message}`));
  section('sites that cannot be rewritten', r.unsafe.map((u) => `  ${u.path}:${u.line}:${u.column}  ${u.severity}: ${u.message} [${u.rule}]`));
  section('languages (legacy: every legacy site; counted: those in the compliance figure)', r.languages.length ? table(['language', 'legacy', 'counted', 'canonical', 'files'], r.languages.map((l) => [l.language, l.legacy, l.counted, l.canonical, l.files])) : []);
  section('directories with the most legacy sites (legacy: every one; counted: those in the compliance figure)', r.directories.length ? table(['directory', 'legacy', 'counted', 'files'], r.directories.map((d) => [d.directory, d.legacy, d.counted, d.files])) : []);
  section('files not audited', r.skipped.map((s) => `  ${s.path}: ${s.reason} (${s.code})`));
  return `${out.join('\n')}\n`;
}

const mdEscape = (s: string) => s.replace(/\|/g, '\\|');
function mdTable(headers: string[], rows: (string | number)[][]): string[] {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map((c) => mdEscape(String(c))).join(' | ')} |`)];
}

/** Markdown, for a pull request comment or an issue. */
export function formatAuditMarkdown(r: AuditReport): string {
  const out: string[] = ['## canonize audit', '', `**Compliance: ${pct(r)}** — ${r.compliance.canonical} canonical and ${r.compliance.legacy} legacy sites in ${r.scanned} files.`, '', `> ${r.compliance.definition}`];
  const notCounted = notCountedLine(r);
  if (notCounted) out.push('>', `> ${notCounted.charAt(0).toUpperCase()}${notCounted.slice(1)}.`);
  const section = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push('', `### ${title}`, '', ...lines);
  };
  section('Legacy imports', r.imports.length ? mdTable(['rule', 'module', 'form', 'sites', 'files'], patternRows(r.imports, false).map((row) => row.map((c, i) => (i < 3 ? `\`${c}\`` : c)))) : []);
  section('Legacy factory calls', r.calls.length ? mdTable(['rule', 'module', 'callee', 'form', 'sites', 'files'], patternRows(r.calls, true).map((row) => row.map((c, i) => (i < 4 ? `\`${c}\`` : c)))) : []);
  section('Dotted strings', r.strings.length ? mdTable(['rule', 'module', 'form', 'sites', 'files'], patternRows(r.strings, false)) : []);
  section('Legacy references no rule records (residue scan)', r.residue.length ? mdTable(['module', 'symbol', 'form', 'sites', 'files'], residueRows(r.residue).map((row) => row.map((c, i) => (i < 3 ? `\`${c}\`` : c)))) : []);
  section('Event shapes', shapeRows(r).length ? mdTable(SHAPE_HEADERS, shapeRows(r).map((row) => row.map((c, i) => (i === 0 || i === 3 ? `\`${c}\`` : c)))) : []);
  section('Wildcard imports', r.wildcards.map((w) => `- \`${w.path}:${w.line}\` ${w.message}`));
  section('User-isolation risks', r.singletons.map((s) => `- \`${s.path}:${s.line}\` ${s.message}`));
  section('Sites that cannot be rewritten', r.unsafe.map((u) => `- \`${u.path}:${u.line}\` **${u.severity}**: ${u.message} (\`${u.rule}\`)`));
  section('By language', r.languages.length ? mdTable(['language', 'legacy (all)', 'counted in the figure', 'canonical', 'files'], r.languages.map((l) => [l.language, l.legacy, l.counted, l.canonical, l.files])) : []);
  section('Directories with the most legacy sites', r.directories.length ? mdTable(['directory', 'legacy sites (all)', 'counted in the figure', 'files'], r.directories.map((d) => [`\`${d.directory}\``, d.legacy, d.counted, d.files])) : []);
  section('Files not audited', r.skipped.map((s) => `- \`${s.path}\`: ${s.reason}`));
  return `${out.join('\n')}\n`;
}
