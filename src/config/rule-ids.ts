/**
 * Naming the config's rules when it is loaded: every entry of every rule kind that has ids (moves, calls) gets its
 * `id` set, as written or derived from its content (src/core/rule-ids.ts), checked unique across the whole config.
 * Everything after loading (the compiled rules, the residue scan, SARIF) reads `entry.id` and nothing else.
 */
import { assignRuleIds, type RuleIdEntry } from '../core/rule-ids.js';
import type { RuleKind } from '../core/rule-kind.js';
import type { ConfigIssue } from '../core/errors.js';
import { LANGUAGES } from '../languages/registry.js';

/**
 * Ids no rule entry may take: those of the rules that are not entries (the residue scan, files read by the
 * compiler's parser). Ids starting with a section's name and a dot are the derived ones (and `python.singletons`).
 */
const RESERVED_IDS = ['residue', 'parse'];

/**
 * Set `id` on every rule entry of `spec` (in place) and return the config issues that prevent it: a duplicate
 * explicit id (naming both fields), a reserved one. `where` adds the line of a field path.
 */
export function assignConfigRuleIds(spec: unknown, kinds: readonly RuleKind[], where: (path: readonly (string | number)[]) => string): ConfigIssue[] {
  const sections = spec as Record<string, Record<string, unknown> | undefined>;
  const slots: { entry: Record<string, unknown>; path: (string | number)[] }[] = [];
  const entries: RuleIdEntry[] = [];
  for (const { id: section } of LANGUAGES) {
    for (const kind of kinds) {
      const idParts = kind.languages[section]?.idParts as ((entry: unknown) => readonly string[]) | undefined;
      const list = sections[section]?.[kind.key];
      if (!idParts || !Array.isArray(list)) continue;
      list.forEach((entry: Record<string, unknown>, i) => {
        const field = `${section}.${kind.key}[${i}]`;
        slots.push({ entry, path: [section, kind.key, i, 'id'] });
        entries.push({ field, explicit: typeof entry.id === 'string' ? entry.id : undefined, derived: idParts(entry).map((part) => `${section}.${kind.key}/${part}`), entry });
      });
    }
  }
  const { ids, issues } = assignRuleIds(entries, { ids: RESERVED_IDS, prefixes: LANGUAGES.map((l) => `${l.id}.`) });
  if (issues.length > 0) {
    const pathOf = new Map(entries.map((e, i) => [`${e.field}.id`, slots[i]!.path]));
    // A duplicate names two fields: the line given is the later one's, the one to change.
    return issues.map((issue) => ({ field: issue.field, message: `${issue.message}${where(pathOf.get(issue.field.split(', ').pop()!) ?? [])}` }));
  }
  slots.forEach((slot, i) => (slot.entry.id = ids[i]));
  return [];
}
