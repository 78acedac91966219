/**
 * Catching the record up after a killed retire: the record is the run's last batch, so a run killed after some module
 * batches leaves those modules deleted but not recorded. The next `retire` (on the same machine: the journal is local)
 * finds them here, in the journal's applied `delete <module>` batches, and records them. Only retire reads this;
 * every reader of the record reads the record alone. See docs/retire.md ("The record").
 */
import { Journal } from '../engine/journal.js';

/** Files a retire run deleted and that no rollback restored: root-relative path → module (as the batch names it). */
export async function journalDeleted(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const journal = Journal.at(root);
  const runs = await journal.listRuns().catch(() => []);
  for (const run of runs) {
    if (run.state === 'rolled-back' || run.state === 'damaged') continue;
    const applied = new Map(run.batches.filter((b) => b.status === 'applied' && b.name.startsWith('delete ')).map((b) => [b.id, b.name.slice('delete '.length)]));
    if (applied.size === 0) continue;
    const manifests = await journal.manifests(run.id).catch(() => []);
    for (const manifest of manifests) {
      const module = applied.get(manifest.batch);
      if (module === undefined) continue;
      for (const entry of manifest.files) if (entry.op === 'delete') out.set(entry.path, module);
    }
  }
  return out;
}
