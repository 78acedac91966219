/**
 * Patches and mocks of a callee a call rule rewrites, in either language (docs/call-rule.md, "Patches and mocks of a
 * rewritten callee"): which rules rewrite the calls of a legacy callee, whether moving a patch onto the canonical
 * callee is provably the same test (the rule only renames the callee), and the findings' wording.
 */
import type { CompiledCall } from './compiled.js';

/** Call rules by the legacy callee they rewrite (`module.Name`): rules with `from` and a literal leading callee. */
export function rulesByLegacyCallee(rules: readonly CompiledCall[], separator = '.'): Map<string, CompiledCall[]> {
  const out = new Map<string, CompiledCall[]>();
  for (const rule of rules) {
    const anchor = rule.patterns[0]!.anchor?.text;
    if (anchor === undefined) continue;
    for (const module of rule.from) out.set(`${module}${separator}${anchor}`, [...(out.get(`${module}${separator}${anchor}`) ?? []), rule]);
  }
  return out;
}

/** `name(…args…)` as written in a pattern or template: the callee and the argument list without spaces. */
const PLAIN_CALL = /^\s*([A-Za-z_$][\w$]*)\s*(\(.*\))\s*$/s;

/**
 * Why replacing a patch of the legacy callee by one of the canonical callee would not be the same test, or undefined
 * when it would: one rule rewrites the callee's calls, it has a single pattern `N($$$ARGS)` (every call matches) and
 * replaces it by `C($$$ARGS)` (the fake is called with the same arguments), keeps `await`, and has no `inside` /
 * `notInside` (no call is left out).
 */
export function notARename(rules: readonly CompiledCall[]): string | undefined {
  if (rules.length > 1) return `${rules.length} call rules rewrite its calls`;
  const rule = rules[0]!;
  const template = PLAIN_CALL.exec(rule.template.source);
  const args = (m: RegExpExecArray) => m[2]!.replace(/\s+/g, '');
  const patterns = rule.patterns.map((p) => PLAIN_CALL.exec(p.source));
  if (!template || patterns.some((p) => !p)) return 'the rule rewrites more than the callee';
  if (patterns.some((p) => args(p!) !== args(template))) return 'the rule changes the arguments of the call';
  if (patterns.length > 1 || !/^\(\$\$\$[A-Z_][A-Z0-9_]*\)$/.test(args(patterns[0]!))) return 'the rule matches only some calls';
  if (rule.await !== 'keep') return `the rule ${rule.await === 'drop' ? 'drops' : 'adds'} an await`;
  if (rule.relations.inside || rule.relations.notInside.length > 0) return 'the rule rewrites only calls inside or outside some code';
  return undefined;
}

/** `the call rule R rewrites` / `the call rules R, S rewrite`, for a message. */
export const rulesRewrite = (rules: readonly CompiledCall[]): string =>
  rules.length === 1 ? `the call rule ${rules[0]!.rule} rewrites` : `the call rules ${rules.map((r) => r.rule).join(', ')} rewrite`;

/** The rules' replacements, for a message: `get(user_context=$CTX) or get()`. */
export const replacements = (rules: readonly CompiledCall[]): string => [...new Set(rules.map((r) => r.template.source))].join(' or ');

/** The replacement a patch should target instead, `C` of the rules' templates, when they agree. */
export function canonicalCallee(rules: readonly CompiledCall[]): string | undefined {
  const roots = new Set(rules.map((r) => r.template.root));
  return roots.size === 1 ? [...roots][0] : undefined;
}
