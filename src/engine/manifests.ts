/**
 * Reading a run's batch manifests, and checking a run's journal (manifests, and the originals they point at)
 * before anything is restored from it. See docs/engine.md ("Recovery", "Rollback").
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UnsafePathError } from '../core/errors.js';
import { hashBytes } from '../core/source.js';
import { containedPath, isPlainMode, pathProblem } from './contain.js';
import {
  MANIFEST_RE,
  ManifestSchema,
  manifestName,
  originalsName,
  type BatchManifest,
  type JournalEntry,
  type JournalProblem,
  type RunRecord,
  type VerifiedBatch,
  type VerifiedRun,
} from './journal-format.js';

/** Every manifest file of run `runId` under `runsDir`, read and validated: the good ones, and a problem for each bad one. */
export async function readManifests(runsDir: string, runId: string): Promise<{ manifests: BatchManifest[]; problems: JournalProblem[] }> {
  const dir = join(runsDir, runId);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => MANIFEST_RE.test(n));
  const manifests: BatchManifest[] = [];
  const problems: JournalProblem[] = [];
  for (const name of names) {
    const batch = Number(MANIFEST_RE.exec(name)![1]);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch (err) {
      problems.push({ batch, message: `${name}: unreadable (${(err as Error).message.split('\n')[0]})` });
      continue;
    }
    const parsed = ManifestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push({ batch, message: `${name}: not a valid manifest (${issue.path.join('.') || '(root)'}: ${issue.message})` });
      continue;
    }
    if (parsed.data.runId !== runId || parsed.data.batch !== batch) {
      problems.push({ batch, message: `${name}: belongs to run ${parsed.data.runId} batch ${parsed.data.batch}` });
      continue;
    }
    manifests.push(parsed.data as BatchManifest);
  }
  return { manifests: manifests.sort((a, b) => a.batch - b.batch), problems: problems.sort((a, b) => (a.batch ?? 0) - (b.batch ?? 0)) };
}

/**
 * Check the whole journal of a run (its directory under `runsDir`, for the project `root`) before anything is
 * restored from it: every manifest the run's record lists (or, for a damaged record, every manifest there is)
 * readable and valid, and every original of the batches `wanted` accepts present and hashing to its entry's
 * `oldHash`, at a path canonize may write (`contain.ts`) with a plain mode. Returns the manifests and, for each,
 * the entries that verify, with every problem found.
 */
export async function verifyRun(root: string, runsDir: string, run: RunRecord, wanted: (batch: number) => boolean): Promise<VerifiedRun> {
  const { manifests, problems } = await readManifests(runsDir, run.id);
  const present = new Set(manifests.map((m) => m.batch));
  for (const b of run.batches) {
    if (!present.has(b.id) && !problems.some((p) => p.batch === b.id) && wanted(b.id) && (b.status !== 'rolled-back' || (b.unrestored?.length ?? 0) > 0)) {
      problems.push({ batch: b.id, message: `${manifestName(b.id)}: missing (the run's record lists batch ${b.id}, ${b.files} file(s), ${b.status})` });
    }
  }
  const verified: VerifiedBatch[] = [];
  for (const manifest of manifests) {
    if (!wanted(manifest.batch)) continue;
    const good: JournalEntry[] = [];
    let orig: Buffer | undefined;
    try {
      orig = readFileSync(join(runsDir, run.id, originalsName(manifest.batch)));
    } catch (err) {
      problems.push({ batch: manifest.batch, message: `${originalsName(manifest.batch)}: unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)}); the originals of ${manifest.files.length} file(s) are lost` });
    }
    for (const entry of manifest.files) {
      const why = entryPathProblem(root, entry) ?? (orig ? originalProblem(entry, orig, originalsName(manifest.batch)) : undefined);
      if (why) problems.push({ batch: manifest.batch, path: entry.path, message: `${entry.path}: ${why}` });
      else if (orig) good.push(entry);
    }
    verified.push({ manifest, entries: good });
  }
  return { run, verified, problems };
}

/** Why canonize may not restore an entry's path or mode, if it may not. */
function entryPathProblem(root: string, entry: JournalEntry): string | undefined {
  const unsafe = pathProblem(entry.path);
  if (unsafe) return `the manifest names an unsafe path: ${unsafe}`;
  if (!isPlainMode(entry.mode)) return `the manifest's mode ${Number(entry.mode).toString(8)} is not plain permission bits (setuid, setgid or sticky)`;
  try {
    containedPath(root, entry.path);
  } catch (err) {
    if (!(err instanceof UnsafePathError)) throw err;
    return err.why;
  }
  return undefined;
}

/** What is wrong with an entry's original bytes in `orig` (the batch's originals file, named `name`), if anything. */
function originalProblem(entry: JournalEntry, orig: Buffer, name: string): string | undefined {
  if (entry.offset + entry.length > orig.length) return `its original bytes are cut off in ${name} (truncated)`;
  if (hashBytes(orig.subarray(entry.offset, entry.offset + entry.length)) !== entry.oldHash) return `its original bytes in ${name} are damaged (hash differs)`;
  return undefined;
}
