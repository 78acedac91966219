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

/** The terminal report. */
export function formatAuditText(r: AuditReport): string {
  const out: string[] = [];
  out.push(`compliance: ${pct(r)}  (${r.compliance.canonical} canonical, ${r.compliance.legacy} legacy sites; ${r.scanned} files scanned)`);
  out.push(`  ${r.compliance.definition}`);
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push('', title, ...lines);
  };
  section('legacy imports (module x form)', r.imports.length ? table(['rule', 'module', 'form', 'sites', 'files'], patternRows(r.imports, false)) : []);
  section('legacy factory calls (shape)', r.calls.length ? table(['rule', 'module', 'callee', 'form', 'sites', 'files'], patternRows(r.calls, true)) : []);
  section('dotted strings', r.strings.length ? table(['rule', 'module', 'form', 'sites', 'files'], patternRows(r.strings, false)) : []);
  section('legacy references no rule records (residue scan)', r.residue.length ? table(['module', 'symbol', 'form', 'sites', 'files'], residueRows(r.residue)) : []);
  section('wildcard imports', r.wildcards.map((w) => `  ${w.path}:${w.line}:${w.column}  ${w.message}`));
  section('user-isolation risks', r.singletons.map((s) => `  ${s.path}:${s.line}:${s.column}  ${s.message}`));
  section('sites that cannot be rewritten', r.unsafe.map((u) => `  ${u.path}:${u.line}:${u.column}  ${u.severity}: ${u.message} [${u.rule}]`));
  section('languages', r.languages.length ? table(['language', 'legacy', 'canonical', 'files'], r.languages.map((l) => [l.language, l.legacy, l.canonical, l.files])) : []);
  section('directories with the most legacy sites', r.directories.length ? table(['directory', 'legacy', 'files'], r.directories.map((d) => [d.directory, d.legacy, d.files])) : []);
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
  const section = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push('', `### ${title}`, '', ...lines);
  };
  section('Legacy imports', r.imports.length ? mdTable(['rule', 'module', 'form', 'sites', 'files'], patternRows(r.imports, false).map((row) => row.map((c, i) => (i < 3 ? `\`${c}\`` : c)))) : []);
  section('Legacy factory calls', r.calls.length ? mdTable(['rule', 'module', 'callee', 'form', 'sites', 'files'], patternRows(r.calls, true).map((row) => row.map((c, i) => (i < 4 ? `\`${c}\`` : c)))) : []);
  section('Dotted strings', r.strings.length ? mdTable(['rule', 'module', 'form', 'sites', 'files'], patternRows(r.strings, false)) : []);
  section('Legacy references no rule records (residue scan)', r.residue.length ? mdTable(['module', 'symbol', 'form', 'sites', 'files'], residueRows(r.residue).map((row) => row.map((c, i) => (i < 3 ? `\`${c}\`` : c)))) : []);
  section('Wildcard imports', r.wildcards.map((w) => `- \`${w.path}:${w.line}\` ${w.message}`));
  section('User-isolation risks', r.singletons.map((s) => `- \`${s.path}:${s.line}\` ${s.message}`));
  section('Sites that cannot be rewritten', r.unsafe.map((u) => `- \`${u.path}:${u.line}\` **${u.severity}**: ${u.message} (\`${u.rule}\`)`));
  section('By language', r.languages.length ? mdTable(['language', 'legacy', 'canonical', 'files'], r.languages.map((l) => [l.language, l.legacy, l.canonical, l.files])) : []);
  section('Directories with the most legacy sites', r.directories.length ? mdTable(['directory', 'legacy sites', 'files'], r.directories.map((d) => [`\`${d.directory}\``, d.legacy, d.files])) : []);
  section('Files not audited', r.skipped.map((s) => `- \`${s.path}\`: ${s.reason}`));
  return `${out.join('\n')}\n`;
}
