/**
 * The audit as a SARIF 2.1.0 log (for GitHub code scanning): one result per legacy site, unsafe site and isolation
 * risk, and one rule per rule id the results use, described from the config (what it rewrites, into what) with a
 * link to its docs. A pure function of the report and the config (docs/audit.md).
 */
import { createHash } from 'node:crypto';
import { fallbackRuleId, moveIdParts, callIdParts } from '../core/rule-ids.js';
import type { ConfigSpec } from '../config/schema.js';
import { UNREADABLE_RULE } from '../planner/plan-source.js';
import { RESIDUE_RULE } from '../residue/account.js';
import type { AuditReport } from './audit.js';

/** What SARIF says of one rule. */
export interface RuleDescription {
  /** A PascalCase name of what the rule finds (`LegacyImport`). */
  name: string;
  /** One sentence. */
  short: string;
  /** The whole rule: its patterns, modules and note. */
  full: string;
  /** The docs page that explains it, relative to the docs folder (`move-rule.md`). */
  doc: string;
}

/** Where canonize's pages are: its home page, and the folder of its docs (both from package.json). */
export interface ProjectLinks {
  homepage: string;
  docs: string;
}

type Symbols = '*' | readonly string[] | Readonly<Record<string, string>>;

const symbolsText = (symbols: Symbols) =>
  symbols === '*' ? 'every name' : Array.isArray(symbols) ? symbols.join(', ') : Object.entries(symbols).map(([a, b]) => (a === b ? a : `${a} → ${b}`)).join(', ');
const withNote = (text: string, note: string | undefined) => (note ? `${text} Note: ${note}` : text);
const list = (value: string | readonly string[]) => (typeof value === 'string' ? [value] : [...value]);

/** Descriptions of the config's rules and the built-in ones, by rule id. */
export function describeRules(spec: ConfigSpec): Map<string, RuleDescription> {
  const rules = new Map<string, RuleDescription>();
  for (const [section, doc, forms] of [
    ['python', 'move-rule.md', 'from-imports, `import m` and its attribute uses, relative imports, dotted strings'],
    ['typescript', 'ts-move-rule.md', 'imports, re-exports, `import()`, `require` and test mocks, by what their specifiers resolve to'],
  ] as const) {
    for (const m of spec[section].moves) {
      const short = `Import ${symbolsText(m.symbols)} from ${m.to}, not from the legacy module ${m.from}.`;
      const full = `${short} Rewrites every form that reaches it (${forms}); a name the canonical module does not define is reported, not moved.`;
      rules.set(fallbackRuleId(`${section}.moves`, m, moveIdParts(m)), { name: 'LegacyImport', short, full: withNote(full, m.note), doc });
    }
    for (const c of spec[section].calls) {
      const short = `Replace the legacy call ${list(c.match).join(' / ')} with ${c.replace}.`;
      const from = c.from === undefined ? '' : ` whose callee is imported from ${list(c.from).join(' or ')}`;
      const awaited = c.await === 'drop' ? '; an enclosing await is dropped' : c.await === 'add' ? '; the call is awaited' : '';
      const full = `Calls matching ${list(c.match).join(' or ')}${from} become ${c.replace}${c.to ? `, imported from ${c.to}` : ''}${awaited}.`;
      rules.set(fallbackRuleId(`${section}.calls`, c, callIdParts(c)), { name: 'LegacyFactoryCall', short, full: withNote(full, c.note), doc: 'call-rule.md' });
    }
  }
  const shared = 'A manager instance shared by every user (created at import time or cached globally): a user-isolation risk.';
  rules.set('python.singletons', { name: 'SharedManagerInstance', short: shared, full: `${shared} Watched: ${spec.python.singletons.join(', ') || 'none'}.`, doc: 'call-rule.md' });
  const residue = 'A reference in code to a legacy module or a moved symbol that no rule rewrites or reports (found by the residue scan).';
  rules.set(RESIDUE_RULE, { name: 'UnexplainedLegacyReference', short: residue, full: `${residue} Rewrite it, or mark its line \`# canonize: ignore\` (\`// canonize: ignore\` in TypeScript).`, doc: 'residue.md' });
  const unreadable = 'A part of a file tree-sitter cannot read, which the TypeScript compiler parses: no rule edits there.';
  rules.set(UNREADABLE_RULE, { name: 'UnreadablePart', short: unreadable, full: unreadable, doc: 'engine.md#files-tree-sitter-cannot-read' });
  return rules;
}

/** A rule the config does not describe: a custom transform's (its id is the transform's). */
function customRule(id: string): RuleDescription {
  const text = `A change or report of the custom transform ${id} (--transform).`;
  return { name: 'CustomTransform', short: text, full: text, doc: 'custom-transforms.md' };
}

/** SARIF 2.1.0 log of the audit: legacy sites (warning), unsafe sites (error / warning) and isolation risks (note). */
/**
 * `links`: where canonize's home page and docs are on the web (package.json); without them the log has no
 * `informationUri` and its rules no `helpUri`.
 */
export function toSarif(r: AuditReport, rules: Map<string, RuleDescription>, version: string, links?: ProjectLinks): Record<string, unknown> {
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
    const d = rules.get(id) ?? customRule(id);
    return {
      id,
      name: d.name,
      shortDescription: { text: d.short },
      fullDescription: { text: d.full },
      ...(links ? { helpUri: `${links.docs}${d.doc}` } : {}),
      help: { text: `${d.full} Run \`canonize diff\` to preview the rewrite, \`canonize apply\` to make it.` },
    };
  });
  const ruleIndex = new Map(used.map((id, i) => [id, i]));
  for (const x of results) x.ruleIndex = ruleIndex.get(x.ruleId as string);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'canonize', version, ...(links ? { informationUri: links.homepage } : {}), rules: driverRules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        results,
      },
    ],
  };
}
