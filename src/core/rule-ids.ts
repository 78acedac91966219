/**
 * Rule ids: the name every edit, finding, site, baseline key and SARIF result carries for the config rule that made
 * it. A rule entry may name itself (`id:`, as in ast-grep); otherwise its id is derived from what it does, never from
 * where it stands in the list, so reordering a config or inserting a rule leaves the others' ids as they were
 * (docs/config.md, "Rule ids").
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** What an explicit `id:` may look like: a letter or digit, then letters, digits, `_`, `.`, `/` and `-`. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/;
/** The longest explicit id. */
export const MAX_RULE_ID = 100;

/** The `id` field of a rule entry (every list-valued rule kind has it). */
export const ruleIdField = z
  .string()
  .max(MAX_RULE_ID)
  .regex(RULE_ID_PATTERN, 'expected an id: a letter or digit, then letters, digits, "_", ".", "/" or "-" (e.g. "ws-manager/imports")')
  .optional()
  .describe(
    'A stable name for this rule, used by edits, findings, plans, baselines and SARIF. Unique across the config; may not ' +
      'start with "python." or "typescript." (those name derived ids) nor be "residue" or "parse". Without it the id is ' +
      'derived from the rule (docs/config.md, "Rule ids").',
  );

/** The longest readable part of a derived id before it is cut (a long pattern would make tables unreadable). */
const MAX_READABLE = 80;

/**
 * A readable id part from free text (a code pattern): whitespace runs become one space, and `|` (the separator of
 * baseline keys) becomes `/`; text longer than {@link MAX_READABLE} is cut and ends in `...`.
 */
export function readableIdPart(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ').replace(/\|/g, '/');
  return flat.length > MAX_READABLE ? `${flat.slice(0, MAX_READABLE)}...` : flat;
}

/**
 * The readable parts of a move's derived id, least specific first: its legacy module, then `<from>-><to>` (when two
 * moves leave one module).
 */
export function moveIdParts(move: { from: string; to: string }): string[] {
  return [move.from, `${move.from}->${move.to}`];
}

/** The readable part of a call rule's derived id: its first `match` pattern, on one line. */
export function callIdParts(call: { match: string | readonly string[] }): string[] {
  return [readableIdPart(typeof call.match === 'string' ? call.match : (call.match[0] ?? ''))];
}

/**
 * The id a rule entry of a config built in memory gets (a loaded config sets every entry's `id`,
 * src/config/rule-ids.ts): its explicit id, else its least specific derived one.
 */
export function fallbackRuleId(prefix: string, entry: { id?: string | undefined }, parts: readonly string[]): string {
  return entry.id ?? `${prefix}/${parts[0]!}`;
}

/** JSON with every object's keys sorted: equal data gives equal text, however it was written (for content hashes). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Six hex digits of the entry's content (its `id` and `note` left out: neither changes what the rule does). */
export function contentHash(entry: unknown): string {
  const { id: _id, note: _note, ...content } = (entry ?? {}) as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 6);
}

/** One rule entry of the config, as {@link assignRuleIds} sees it. */
export interface RuleIdEntry {
  /** Its field path (`python.moves[2]`), for error messages. */
  field: string;
  /** The `id:` written in the config, if any. */
  explicit: string | undefined;
  /**
   * The ids it may derive from its content, least specific first (`python.moves/a.old`,
   * `python.moves/a.old->a.new`), used when it has no explicit one.
   */
  derived: readonly string[];
  /** The entry itself: its content hash tells apart two entries that derive the same id. */
  entry: unknown;
}

/** A config problem with ids: the field it is about and what is wrong. */
export interface RuleIdIssue {
  field: string;
  message: string;
}

/**
 * The id of every entry, in order, or the issues that prevent it. An explicit id is used as written; it must be
 * unique and must not start with a reserved prefix (`reserved.prefixes`, the derived ids' namespaces) nor be a
 * reserved id (`reserved.ids`, built-in rules). An entry without one takes the first of its derived ids that no other
 * entry derives at the same level (nor an explicit id took); when even the last is shared, it gains `#` and six hex
 * digits of the entry's content. Entries identical up to their `note` are told apart by `~2`, `~3` in list order
 * (they do the same thing, so their order cannot matter). Nothing depends on where an entry stands in its list.
 */
export function assignRuleIds(
  entries: readonly RuleIdEntry[],
  reserved: { ids: readonly string[]; prefixes: readonly string[] },
): { ids: string[]; issues: RuleIdIssue[] } {
  const issues: RuleIdIssue[] = [];
  const explicitBy = new Map<string, string>();
  for (const e of entries) {
    if (e.explicit === undefined) continue;
    const prefix = reserved.prefixes.find((p) => e.explicit!.startsWith(p));
    if (prefix !== undefined) issues.push({ field: `${e.field}.id`, message: `"${e.explicit}" starts with "${prefix}", which names derived ids: choose another id` });
    else if (reserved.ids.includes(e.explicit)) issues.push({ field: `${e.field}.id`, message: `"${e.explicit}" is the id of a built-in rule: choose another id` });
    const first = explicitBy.get(e.explicit);
    if (first !== undefined) issues.push({ field: `${first}.id, ${e.field}.id`, message: `duplicate rule id "${e.explicit}": ids must be unique across the config` });
    else explicitBy.set(e.explicit, e.field);
  }
  // How many entries without an explicit id derive each candidate, per level.
  const derivedCount = new Map<string, number>();
  const levelKey = (level: number, id: string) => `${level}\0${id}`;
  for (const e of entries) {
    if (e.explicit !== undefined) continue;
    e.derived.forEach((id, level) => derivedCount.set(levelKey(level, id), (derivedCount.get(levelKey(level, id)) ?? 0) + 1));
  }
  const taken = new Map<string, number>();
  const ids = entries.map((e) => {
    if (e.explicit !== undefined) return e.explicit;
    const level = e.derived.findIndex((id, i) => derivedCount.get(levelKey(i, id)) === 1 && !explicitBy.has(id));
    const id = level >= 0 ? e.derived[level]! : `${e.derived[e.derived.length - 1]!}#${contentHash(e.entry)}`;
    const n = (taken.get(id) ?? 0) + 1;
    taken.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  });
  return { ids, issues };
}
