/**
 * The event shapes part of the audit: per shape rule, its producers (literals of the shape, legacy or canonical,
 * and events built outside a literal) and its consumers (reads of the shape's keys that still need a change),
 * counted from the sites the shape rule records (src/rules/shape/run.ts, consumers.ts).
 */
import type { Site } from '../core/types.js';

/** Sites of one shape sharing role, form, symbol and status. */
export interface ShapeCount {
  rule: string;
  /** `producer`: code that makes an event; `consumer`: code that reads one. */
  role: 'producer' | 'consumer';
  /** `literal` (a dict / object literal), `built` (step by step, or `dict(...)`), `read` (a key read). */
  form: 'literal' | 'built' | 'read';
  /** The discriminating value (`agent_started`) for producers, the key read for consumers. */
  symbol: string;
  status: Site['status'];
  sites: number;
  files: number;
}

/** Whether a site is the shape rule's. */
export const isShapeSite = (site: Pick<Site, 'form'>): boolean => site.form.startsWith('shape:');

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Count the shape sites of a plan's files, sorted by rule, role, form, status, then most sites. */
export function countShapes(entries: readonly { path: string; site: Site }[]): ShapeCount[] {
  const groups = new Map<string, { c: ShapeCount; files: Set<string> }>();
  for (const { path, site } of entries) {
    if (!isShapeSite(site)) continue;
    const form = site.form.slice('shape:'.length) as ShapeCount['form'];
    const key = `${site.rule}\0${form}\0${site.symbol}\0${site.status}`;
    const g = groups.get(key) ?? { c: { rule: site.rule, role: form === 'read' ? 'consumer' : 'producer', form, symbol: site.symbol, status: site.status, sites: 0, files: 0 }, files: new Set() };
    g.c.sites++;
    g.files.add(path);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g.c, files: g.files.size }))
    .sort((a, b) => cmp(a.rule, b.rule) || cmp(a.role, b.role) || cmp(a.form, b.form) || cmp(a.status, b.status) || b.sites - a.sites || cmp(a.symbol, b.symbol));
}

/** A one-line description of a legacy shape site. */
export function describeShapeSite(site: Pick<Site, 'form' | 'symbol'>): string {
  if (site.form === 'shape:read') return `read of the event key "${site.symbol}", which the canonical shape renames or moves`;
  if (site.form === 'shape:built') return `"${site.symbol}" event built outside a literal (step by step, or dict(...))`;
  return `"${site.symbol}" event literal in its legacy shape`;
}
