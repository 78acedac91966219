/**
 * Batch ids: short, readable, stable names for batches, derived from each batch's key (its directory, rule set,
 * owners or size chunk), never from its position, so `apply --batch ID` means the same batch in tomorrow's plan.
 * What users type, and why: docs/engine.md ("Batches").
 */
import { createHash } from 'node:crypto';
import type { BatchBy } from '../config/batch-by.js';

/** Runs of characters an id does not keep: anything a shell, a comma-separated `--batch` list or a URL would trip on. */
const NOT_ID = /[^A-Za-z0-9._/@+-]+/g;
/** What an id is made of (checked when a plan is read). */
export const BATCH_ID = /^[A-Za-z0-9._/@+-]+$/;
/** Longer keys are cut, and the hash keeps them apart. */
const MAX_ID = 64;
const HASH_LENGTH = 6;

const hashOf = (key: string, length: number) => createHash('sha256').update(key).digest('hex').slice(0, length);

/**
 * The text a batch's id is made from, for batching `batchBy`: the group key with its separators made typeable
 * (owners joined with `+`, `(no owner)` → `no-owner`); a set of several rules, too long to read as an id, is
 * `rules-` and a hash of the set (its name lists the rules).
 */
export function idKey(key: string, batchBy: BatchBy): string {
  switch (batchBy.kind) {
    case 'rule':
      return key.includes(' + ') ? `rules-${hashOf(key, HASH_LENGTH)}` : key;
    case 'owner':
      return key === '(no owner)' ? 'no-owner' : key.split(' ').join('+');
    default:
      return key;
  }
}

/**
 * A key's id on its own: the key itself when it is short and made of id characters only (`app/core`, `.`,
 * `python.moves/a.legacy`); otherwise its id characters (cut to fit) and a hash of the whole key
 * (`python.calls/create_manager-CTX-3fa2c1`), so two keys that differ only in what was dropped stay apart.
 */
function ownId(key: string, hashLength?: number): string {
  const clean = key
    .replace(NOT_ID, '-')
    .replace(/-*([./])-*/g, '$1')
    .replace(/^-+|-+$/g, '');
  if (hashLength === undefined && clean === key && key !== '' && key.length <= MAX_ID) return key;
  const base = clean.slice(0, MAX_ID - HASH_LENGTH - 1).replace(/[-._/]+$/, '');
  return `${base || 'batch'}-${hashOf(key, hashLength ?? HASH_LENGTH)}`;
}

/**
 * Unique ids for the batch keys `keys` (in plan order), each depending only on its own key unless two would be
 * equal. Ids that are their key verbatim are taken first; a hashed id (or a verbatim one already taken) that
 * collides gets a longer hash, then a counter — in key order, so the result is deterministic.
 */
export function batchIds(keys: readonly string[]): string[] {
  const taken = new Set<string>();
  const ids = keys.map((key) => {
    const id = ownId(key);
    if (id !== key || taken.has(id)) return undefined;
    taken.add(id);
    return id;
  });
  const rest = keys.map((key, i) => ({ key, i })).filter(({ i }) => ids[i] === undefined);
  rest.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  for (const { key, i } of rest) {
    let id = ownId(key, HASH_LENGTH);
    for (let length = HASH_LENGTH + 2; taken.has(id) && length <= 64; length += 2) id = ownId(key, length);
    for (let n = 2; taken.has(id); n++) id = `${ownId(key, HASH_LENGTH)}-${n}`;
    taken.add(id);
    ids[i] = id;
  }
  return ids as string[];
}
