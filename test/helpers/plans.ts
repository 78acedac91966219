/** Plans built by hand for engine tests: a file deleted, created or rewritten whole, and a plan of them by batch. */
import { hashBytes } from '../../src/core/source.js';
import { PLAN_VERSION, type ChangedFilePlan, type Plan } from '../../src/core/types.js';
import { EMPTY_HASH } from '../../src/engine/rebuild.js';

export function deletion(path: string, text: string, batch: string | number = 0): ChangedFilePlan {
  const bytes = Buffer.from(text);
  return { path, outcome: 'changed', op: 'delete', language: 'python', baseHash: hashBytes(bytes), newHash: EMPTY_HASH, encoding: 'utf-8', bom: false, edits: [{ start: 0, end: text.length, text: '', rule: 'retire', id: `d-${path}` }], batch: String(batch), findings: [] };
}

export function creation(path: string, text: string, batch: string | number = 0): ChangedFilePlan {
  return { path, outcome: 'changed', op: 'create', language: 'python', baseHash: EMPTY_HASH, newHash: hashBytes(Buffer.from(text)), encoding: 'utf-8', bom: false, edits: [{ start: 0, end: 0, text, rule: 'retire', id: `c-${path}` }], batch: String(batch), findings: [] };
}

export function edit(path: string, from: string, to: string, batch: string | number = 0): ChangedFilePlan {
  return { path, outcome: 'changed', language: 'python', baseHash: hashBytes(Buffer.from(from)), encoding: 'utf-8', bom: false, edits: [{ start: 0, end: from.length, text: to, rule: 'retire', id: `e-${path}` }], batch: String(batch), findings: [] };
}

export function planOf(files: ChangedFilePlan[]): Plan {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  const batches = [...new Set(sorted.map((f) => f.batch))].map((id) => ({ id, name: `b${id}`, files: sorted.filter((f) => f.batch === id).map((f) => f.path) }));
  return {
    version: PLAN_VERSION,
    configHash: 'test',
    root: '.',
    files: sorted,
    batches,
    summary: { scanned: 0, parsed: 0, changed: files.length, unchanged: 0, skipped: 0, failed: 0, editsByRule: {}, skippedByReason: {}, findingsByRule: {}, parsedByCompiler: 0 },
  };
}

