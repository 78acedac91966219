// Faults suite: a damaged journal of each kind. For every kind of damage to a finished run's journal, `rollback`
// either restores every original byte for byte (what it needs is intact: a run.json rebuilt from the manifests, a
// stale or garbled lock) or refuses with E_JOURNAL_CORRUPT (exit 2) before touching any file; `rollback --force`
// then restores what verifies and names the rest (exit 3). Never a torn file, never a write outside the root,
// always an exit code and a message.
import { readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/engine/journal.js';
import { readTree, runCli } from '../helpers/tmp.js';
import { expectClean, expectConsistent, faultProject, reset } from './helpers.js';

type Damage = (runDir: string, journalDir: string) => void;

const editManifest = (edit: (m: { runId: string; files: { path: string; mode: number; offset: number; length: number }[] }) => void): Damage => (runDir) => {
  const file = join(runDir, 'batch-1.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof edit>[0];
  edit(m);
  writeFileSync(file, JSON.stringify(m));
};
const flip: Damage = (runDir) => {
  const file = join(runDir, 'batch-1.orig');
  const bytes = readFileSync(file);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  writeFileSync(file, bytes);
};

/** Damage that leaves everything rollback needs: it restores all, exit 0. */
const RECOVERABLE: [string, Damage][] = [
  ['run.json deleted', (run) => unlinkSync(join(run, 'run.json'))],
  ['run.json truncated', (run) => truncateSync(join(run, 'run.json'), 17)],
  ['run.json garbage', (run) => writeFileSync(join(run, 'run.json'), '\x00\x01 not json')],
  ['run.json of another run', (run) => writeFileSync(join(run, 'run.json'), readFileSync(join(run, 'run.json'), 'utf8').replace(/"id": "[^"]+"/, '"id": "other"'))],
  ['a stale lock (its process is gone)', (_run, journal) => writeFileSync(join(journal, 'lock'), `999999999 ${hostname()} gone\n`)],
  ['an empty lock', (_run, journal) => writeFileSync(join(journal, 'lock'), '')],
];

/** Damage to what a restore needs: refused (exit 2, nothing touched); --force restores the rest (exit 3). */
const REFUSED: [string, Damage, RegExp][] = [
  ['manifest deleted', (run) => unlinkSync(join(run, 'batch-1.json')), /batch-1\.json: missing/],
  ['manifest truncated', (run) => truncateSync(join(run, 'batch-1.json'), 30), /batch-1\.json: unreadable/],
  ['manifest not a manifest', (run) => writeFileSync(join(run, 'batch-1.json'), '{"version": 1, "files": {}}'), /batch-1\.json: not a valid manifest/],
  ['manifest of another run', editManifest((m) => (m.runId = 'someone-else')), /batch-1\.json: belongs to run someone-else/],
  ['manifest path ../outside/victim.py', editManifest((m) => (m.files[0]!.path = '../outside/victim.py')), /\.\.\/outside\/victim\.py: the manifest names an unsafe path: outside the project root/],
  ['manifest path .git/config', editManifest((m) => (m.files[0]!.path = '.git/config')), /\.git\/config: the manifest names an unsafe path: inside \.git/],
  ['manifest path absolute', editManifest((m) => (m.files[0]!.path = '/etc/passwd')), /\/etc\/passwd: the manifest names an unsafe path: an absolute path/],
  ['manifest mode 06777', editManifest((m) => (m.files[0]!.mode = 0o6777)), /mode 6777 is not plain permission bits/],
  ['manifest offset past the originals', editManifest((m) => (m.files[1]!.offset = 1e9)), /its original bytes are cut off in batch-1\.orig/],
  ['originals deleted', (run) => unlinkSync(join(run, 'batch-1.orig')), /batch-1\.orig: unreadable \(ENOENT\)/],
  ['originals truncated', (run) => truncateSync(join(run, 'batch-1.orig'), 100), /its original bytes are cut off in batch-1\.orig/],
  ['originals flipped', flip, /its original bytes in batch-1\.orig are damaged/],
];

async function appliedFaultProject() {
  const p = await faultProject(6, 'size:2');
  const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: p.dir });
  expect(r.code, r.stderr).toBe(0);
  const [run] = await Journal.at(p.dir).listRuns();
  return { p, runDir: join(p.dir, '.canonize', 'runs', run!.id), journalDir: join(p.dir, '.canonize') };
}

describe('a damaged journal of each kind', () => {
  for (const [kind, damage] of RECOVERABLE) {
    it(`${kind}: rollback restores every original (exit 0)`, async () => {
      const { p, runDir, journalDir } = await appliedFaultProject();
      damage(runDir, journalDir);
      const r = await runCli(['rollback'], { cwd: p.dir });
      expectClean(r, [0], kind);
      expect(r.stdout).toContain('6 file(s) restored');
      expect(readTree(p.dir)).toEqual(p.original);
      expectConsistent(p, kind);
    });
  }

  for (const [kind, damage, message] of REFUSED) {
    it(`${kind}: refused before any restore (exit 2); --force restores the rest and names it (exit 3)`, async () => {
      const { p, runDir, journalDir } = await appliedFaultProject();
      const migrated = readTree(p.dir);
      damage(runDir, journalDir);
      const r = await runCli(['rollback'], { cwd: p.dir });
      expectClean(r, [2], kind);
      expect(r.stderr).toContain('[E_JOURNAL_CORRUPT]');
      expect(r.stderr).toMatch(message);
      expect(readTree(p.dir), `${kind}: nothing restored`).toEqual(migrated);
      const forced = await runCli(['rollback', '--force'], { cwd: p.dir });
      expectClean(forced, [3], `${kind} --force`);
      expect(forced.stderr).toMatch(/not restored: the journal could not vouch for \d+ item\(s\):/);
      expect(forced.stderr).toMatch(message);
      const left = expectConsistent(p, `${kind} --force`);
      // Batches 0 and 2 are restored; of batch 1 at most its two files are left.
      expect(left).toBeLessThanOrEqual(2);
      reset(p);
    });
  }
});
