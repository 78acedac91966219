/**
 * Baselines for the `check` ratchet. A baseline is the multiset of legacy sites of a tree at one moment, keyed by
 * file + rule + module + form + symbol — never by line, so an unrelated edit to a file (lines shift) keeps its
 * sites matched. `check --baseline` fails only on sites beyond the baseline, and reports removed ones as progress.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { CanonizeError } from '../core/errors.js';

export interface Baseline {
  version: 1;
  tool: 'canonize';
  /** Site key → count, keys sorted. */
  sites: Record<string, number>;
}

/** What `check` counts: a legacy site, or a pending change of a rule that records no sites. */
export interface CheckUnit {
  path: string;
  rule: string;
  module: string;
  form: string;
  symbol: string;
  /** 1-based line and column of the site (absent for a pending change, which is the whole file). */
  line?: number;
  column?: number;
  message: string;
}

export function unitKey(u: Pick<CheckUnit, 'path' | 'rule' | 'module' | 'form' | 'symbol'>): string {
  return [u.path, u.rule, u.module, u.form, u.symbol].join('|');
}

export function baselineOf(units: readonly CheckUnit[]): Baseline {
  const counts = new Map<string, number>();
  for (const u of units) counts.set(unitKey(u), (counts.get(unitKey(u)) ?? 0) + 1);
  return { version: 1, tool: 'canonize', sites: Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

export async function writeBaseline(baseline: Baseline, file: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

const BaselineSchema = z.object({ version: z.literal(1), tool: z.literal('canonize'), sites: z.record(z.string(), z.number().int().positive()) });

export async function readBaseline(file: string): Promise<Baseline> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CanonizeError('E_BASELINE_UNREADABLE', `cannot read baseline ${file}: ${(err as Error).message}`, 'write one with `canonize audit --write-baseline FILE`');
  }
  const parsed = BaselineSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CanonizeError('E_BASELINE_INVALID', `${file}: not a canonize baseline: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const positional = Object.keys(parsed.data.sites).find((key) => POSITIONAL_RULE.test(key));
  if (positional !== undefined) {
    throw new CanonizeError(
      'E_BASELINE_OUTDATED',
      `${file}: its sites name rules by their place in the config (${positional.match(POSITIONAL_RULE)![1]}), as canonize did before rule ids; ` +
        'a place says nothing once the config is reordered, so these sites cannot be matched',
      `write it again with \`canonize audit --write-baseline ${file}\`: it records the sites there are now (to accept no new one, do it where the old baseline's check passed)`,
    );
  }
  return parsed.data as Baseline;
}

/**
 * A rule named by its place (`python.moves[2]`), as baselines written before rule ids do: the key's rule field
 * (rule ids never hold `[` right after a section's field name: derived ones go on with `/`, explicit ones may not
 * start with a section's name).
 */
const POSITIONAL_RULE = /\|((?:python|typescript)\.[A-Za-z]+\[\d+\])\|/;

/** Units beyond the baseline (new) and baseline counts no longer present (progress). */
export function compareToBaseline(units: readonly CheckUnit[], baseline: Baseline): { added: CheckUnit[]; removed: { key: string; count: number }[] } {
  const remaining = new Map(Object.entries(baseline.sites));
  const added: CheckUnit[] = [];
  for (const u of units) {
    const key = unitKey(u);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else added.push(u);
  }
  const removed = [...remaining].filter(([, n]) => n > 0).map(([key, count]) => ({ key, count }));
  return { added, removed };
}
