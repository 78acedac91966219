/**
 * Where `canonize retire` records the modules it retired (`.canonize/retired.json`, beside the journal), and the one
 * fact lower layers read from it: which files it deleted. A TypeScript move whose `from` names a file retire deleted
 * is still a valid move (its legacy module is gone, as intended), where any other `from` naming no file is a config
 * error. The record itself is written and read in full by src/retire/record.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The record's path under the project root. */
export const RETIRED_RECORD_PATH = ['.canonize', 'retired.json'] as const;

/**
 * The files the record says retire deleted: root-relative path → the module as the config's `from` writes it (none
 * when there is no readable record).
 */
export function retiredDeleted(root: string): Map<string, string> {
  try {
    const data = JSON.parse(readFileSync(join(root, ...RETIRED_RECORD_PATH), 'utf8')) as { modules?: { path?: unknown; module?: unknown; verdict?: unknown }[] };
    const deleted = (data.modules ?? []).filter((m) => m.verdict === 'delete' && typeof m.path === 'string' && typeof m.module === 'string');
    return new Map(deleted.map((m) => [m.path as string, m.module as string]));
  } catch {
    return new Map();
  }
}
