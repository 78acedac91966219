/**
 * Audit report renderers: a terminal table, Markdown (for a pull request comment or an issue) and SARIF 2.1.0
 * (for GitHub code scanning). JSON is the report itself. All are pure functions of the report.
 */
import { createHash } from 'node:crypto';
import type { ConfigSpec } from '../config/schema.js';
import { RESIDUE_RULE } from '../residue/account.js';
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

/** Human descriptions of the config's rules, by rule id, for SARIF. */
export function describeRules(spec: ConfigSpec): Map<string, { name: string; text: string }> {
  const rules = new Map<string, { name: string; text: string }>();
  spec.python.moves.forEach((m, i) => {
    const symbols = m.symbols === '*' ? 'every name' : Array.isArray(m.symbols) ? m.symbols.join(', ') : Object.entries(m.symbols).map(([a, b]) => (a === b ? a : `${a} → ${b}`)).join(', ');
    rules.set(`python.moves[${i}]`, { name: 'LegacyImport', text: `Import ${symbols} from ${m.to}, not from the legacy module ${m.from}.` });
  });
  spec.python.calls.forEach((c, i) => {
    const match = Array.isArray(c.match) ? c.match.join(' / ') : c.match;
    rules.set(`python.calls[${i}]`, { name: 'LegacyFactoryCall', text: `Replace the legacy call ${match} with ${c.replace}.` });
  });
  rules.set(RESIDUE_RULE, {
    name: 'UnexplainedLegacyReference',
    text: 'A reference in code to a legacy module or a moved symbol that no rule rewrites or reports (found by the residue scan, docs/residue.md).',
  });
  rules.set('python.singletons', { name: 'SharedManagerInstance', text: 'A manager instance shared by every user (created at import time or cached globally): a user-isolation risk.' });
  return rules;
}

/** SARIF 2.1.0 log of the audit: legacy sites (warning), unsafe sites (error / warning) and isolation risks (note). */
export function toSarif(r: AuditReport, rules: Map<string, { name: string; text: string }>, version: string): Record<string, unknown> {
  const results: Record<string, unknown>[] = [];
  const seen = new Map<string, number>();
  const location = (path: string, line: number, column: number) => [
    { physicalLocation: { artifactLocation: { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' }, region: { startLine: line, startColumn: column } } },
  ];
  // Fingerprints by site key and occurrence, not line: code scanning keeps tracking an alert across unrelated edits.
  const fingerprint = (parts: string[]) => {
    const key = parts.join('|');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return createHash('sha256').update(`${key}|${n}`).digest('hex').slice(0, 32);
  };
  for (const s of r.legacySites) {
    results.push({ ruleId: s.rule, level: 'warning', message: { text: s.message }, locations: location(s.path, s.line, s.column), partialFingerprints: { canonizeSite: fingerprint([s.path, s.rule, s.module, s.form, s.symbol]) } });
  }
  for (const u of r.unsafe) {
    results.push({ ruleId: u.rule, level: u.severity === 'error' ? 'error' : 'warning', message: { text: u.message }, locations: location(u.path, u.line, u.column), partialFingerprints: { canonizeSite: fingerprint([u.path, u.rule, u.message]) } });
  }
  for (const s of r.singletons) {
    results.push({ ruleId: s.rule, level: 'note', message: { text: s.message }, locations: location(s.path, s.line, s.column), partialFingerprints: { canonizeSite: fingerprint([s.path, s.rule, s.message]) } });
  }
  const used = [...new Set(results.map((x) => x.ruleId as string))].sort();
  const driverRules = used.map((id) => {
    const d = rules.get(id) ?? { name: 'CanonizeRule', text: `canonize rule ${id}` };
    return { id, name: d.name, shortDescription: { text: d.text }, fullDescription: { text: d.text }, help: { text: `${d.text} Run \`canonize diff\` to preview the rewrite, \`canonize apply\` to make it.` } };
  });
  const ruleIndex = new Map(used.map((id, i) => [id, i]));
  for (const x of results) x.ruleIndex = ruleIndex.get(x.ruleId as string);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'canonize', version, rules: driverRules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        results,
      },
    ],
  };
}
