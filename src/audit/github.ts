/**
 * GitHub Actions annotations (workflow commands, `::error file=…,line=…,col=…,title=…::message`) for `check` and
 * `audit` (`--format github`, as ast-grep has): each site becomes an annotation on its line of the pull request's
 * diff, with no upload step. Escaping is the Actions toolkit's (`%`, CR and LF everywhere; `:` and `,` in properties).
 */
import type { AuditReport } from './audit.js';

/** An annotation's level: `error` fails nothing by itself, the exit code does; it is how the line is shown. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** One site to annotate. A site without a line (a whole file) is annotated on the file. */
export interface AnnotatedSite {
  path: string;
  line?: number;
  column?: number;
  rule: string;
  message: string;
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command line (without its newline). */
export function githubAnnotation(level: AnnotationLevel, site: AnnotatedSite): string {
  const props = [`file=${escapeProperty(site.path)}`];
  if (site.line) props.push(`line=${site.line}`);
  if (site.line && site.column) props.push(`col=${site.column}`);
  props.push(`title=${escapeProperty(`canonize ${site.rule}`)}`);
  return `::${level} ${props.join(',')}::${escapeData(site.message)}`;
}

/**
 * An audit as annotations: legacy sites (wildcard imports among them) as warnings, unsafe sites by their severity, isolation
 * risks as notices (the levels of the SARIF log), then the compliance line as plain log text.
 */
export function formatAuditGithub(r: AuditReport): string {
  const lines = [
    ...r.legacySites.map((s) => githubAnnotation('warning', s)),
    ...r.unsafe.map((u) => githubAnnotation(u.severity === 'error' ? 'error' : 'warning', u)),
    ...r.singletons.map((s) => githubAnnotation('notice', s)),
    ...r.skipped.map((s) => githubAnnotation('warning', { path: s.path, rule: s.code, message: `not audited: ${s.reason}` })),
  ];
  const percent = r.compliance.percent === null ? 'n/a' : `${r.compliance.percent}%`;
  lines.push(`canonize audit: compliance ${percent} (${r.compliance.canonical} canonical, ${r.compliance.legacy} legacy sites; ${r.scanned} files scanned)`);
  return `${lines.join('\n')}\n`;
}

/** What {@link formatCheckGithub} reads of a check's result (`CheckResult` in src/api-audit.ts). */
export interface CheckForAnnotations {
  ok: boolean;
  violations: readonly AnnotatedSite[];
  unchecked: readonly { path: string; reason: string }[];
  scanned: number;
  baseline?: { remaining: number };
}

/**
 * A check as annotations: every violation an error (it is what fails the check), every file that could not be
 * checked a warning (an error with `strict`, where it fails the check too), then the verdict as plain log text.
 */
export function formatCheckGithub(result: CheckForAnnotations, strict = false): string {
  const lines = [
    ...result.violations.map((v) => githubAnnotation('error', v)),
    ...result.unchecked.map((u) => githubAnnotation(strict ? 'error' : 'warning', { path: u.path, rule: 'check', message: `not checked: ${u.reason}` })),
  ];
  const files = new Set(result.violations.map((v) => v.path)).size;
  const beyond = result.baseline ? ' beyond the baseline' : '';
  lines.push(result.ok ? `canonize check passed: ${result.scanned} file(s), no legacy patterns${beyond}` : `canonize check failed: ${result.violations.length} legacy site(s)${beyond} in ${files} file(s)`);
  return `${lines.join('\n')}\n`;
}
