/**
 * How the planner accounts for residue: a reference in the original text that no rule recorded a legacy site for
 * becomes a site of its own (rule `residue`), so audits and checks count it; a reference still in the planned text
 * that no rule reported becomes an error finding, so no legacy reference is left silently. "Accounted for" is by
 * line: a rule's site or finding on any line of the reference's statement covers it.
 */
import type { Finding, Site } from '../core/types.js';
import type { ResidueRef } from './ref.js';

/** The rule id of residue sites and findings. */
export const RESIDUE_RULE = 'residue';

type Locate = (offset: number) => { line: number; column: number };

/** The lines a reference's statement spans, as `locate` places them. */
function linesOf(ref: ResidueRef, locate: Locate): [number, number] {
  return [locate(ref.statementStart).line, locate(Math.max(ref.statementStart, ref.statementEnd - 1)).line];
}

/**
 * Sites for the references of the original text that are on no line where a rule recorded a legacy site.
 * `locate` gives 1-based line and column in the original text.
 */
export function residueSites(refs: readonly ResidueRef[], sites: readonly Site[], locate: Locate): Site[] {
  const legacyLines = new Set(sites.filter((s) => s.status === 'legacy').map((s) => s.line));
  const out: Site[] = [];
  for (const ref of refs) {
    const [first, last] = linesOf(ref, locate);
    let covered = false;
    for (let line = first; line <= last && !covered; line++) covered = legacyLines.has(line);
    if (covered) continue;
    out.push({ rule: RESIDUE_RULE, status: 'legacy', module: ref.module, form: `residue:${ref.kind}`, symbol: ref.symbol, ...locate(ref.start) });
  }
  return out;
}

/**
 * Error findings for the references of the planned text that no finding accounts for. `locate` maps an offset of
 * the planned text to a line and column of the original text (where the plan's findings are placed).
 */
export function residueFindings(refs: readonly ResidueRef[], findings: readonly Finding[], locate: Locate): Finding[] {
  // An `info` finding (an isolation risk, say) does not tell the user the reference is left: it accounts for nothing.
  const reported = new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.line));
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const [first, last] = linesOf(ref, locate);
    let covered = false;
    for (let line = first; line <= last && !covered; line++) covered = reported.has(line);
    if (covered) continue;
    const where = locate(ref.start);
    // Two references rewritten into one place of the original would say the same thing twice.
    const key = `${where.line}:${where.column}:${ref.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule: RESIDUE_RULE, ...where, message: ref.message, severity: 'error' });
  }
  return out;
}
