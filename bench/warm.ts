/**
 * The benchmark's warm and CI paths, on one tree: canonize's plan cache (a first run that fills an empty cache, a run
 * of the unchanged tree, a run after editing 10 files) and `check --changed-since HEAD --no-cache` with the same 10
 * files changed (as a CI job on a fresh clone runs it), each round beside the floor. See docs/performance.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure, round, type Sample, summarize, type Summary } from './measure.js';
import { BUILD } from './peers.js';

/** What the warm rounds measured, and the ratios the targets are stated in. */
export interface WarmResult {
  /** The files each round edits (paths relative to the tree): files the plan changes, so that each is re-planned. */
  edited: string[];
  /** `plan` with an empty cache: planning, plus writing the entries. */
  emptyCache: Summary;
  /** `plan` again, nothing changed. */
  unchanged: Summary;
  /** `plan` after editing the 10 files (a comment appended to each, different every round). */
  afterEdits: Summary;
  /** `check --changed-since HEAD --no-cache`, the 10 files changed in the working tree. */
  changedSince: Summary;
  floor: Summary;
  ratios: { unchangedOverFloor: number; afterEditsOverFloor: number; emptyCacheOverNoCache?: number };
}

const git = (dir: string, args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The tree as the base commit `--changed-since HEAD` compares with (committed once; `.canonize/` never is). */
function ensureCommitted(dir: string): void {
  appendFileSync(join(dir, '.git', 'info', 'exclude'), '\n.canonize/\n');
  if (spawnSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: dir }).status === 0) return;
  process.stderr.write(`committing ${dir} (the base of --changed-since) ...\n`);
  git(dir, ['add', '-A']);
  git(dir, ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'bench tree']);
}

/** Ten of the files the plan changes, spread over the tree (fewer when the plan changes fewer). */
function filesToEdit(planFile: string): string[] {
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { files: { path: string; outcome: string }[] };
  const changed = plan.files.filter((f) => f.outcome === 'changed').map((f) => f.path);
  const step = Math.max(1, Math.floor(changed.length / 10));
  return changed.filter((_, i) => i % step === 0).slice(0, 10);
}

/** Append a comment that differs every round, so that no cache entry of an earlier round fits. */
function edit(dir: string, files: string[], roundNo: number): void {
  for (const f of files) appendFileSync(join(dir, f), f.endsWith('.py') ? `# bench edit ${roundNo}\n` : `// bench edit ${roundNo}\n`);
}

/**
 * `runs` rounds on `dir`, whose cold plan (`planFile`, written by the comparison) says which files change. The tree
 * is left as it was: the edits are checked out again, and the cache is removed.
 */
export function warmRuns(dir: string, planFile: string, runs: number, noCacheWall?: number): WarmResult {
  ensureCommitted(dir);
  const edited = filesToEdit(planFile);
  const cli = [process.execPath, join(BUILD, 'canonize.js')];
  const out = join(dir, '..', 'plan-warm.json');
  const samples: Record<'emptyCache' | 'unchanged' | 'afterEdits' | 'changedSince' | 'floor', Sample[]> = {
    emptyCache: [],
    unchanged: [],
    afterEdits: [],
    changedSince: [],
    floor: [],
  };
  const step = (name: keyof typeof samples, argv: string[], okCodes = [0]) => {
    const s = measure(name, dir, argv, okCodes);
    samples[name].push(s);
    process.stderr.write(`  warm round: ${name.padEnd(14)} ${s.wall.toFixed(2)} s  ${s.rss.toFixed(0)} MB  (load ${s.load.toFixed(2)})\n`);
  };
  try {
    for (let r = 0; r <= runs; r++) {
      rmSync(join(dir, '.canonize', 'cache'), { recursive: true, force: true });
      // Round 0 warms the page cache and is not counted.
      const keep = r > 0;
      step('emptyCache', [...cli, 'plan', '-o', out]);
      step('unchanged', [...cli, 'plan', '-o', out]);
      edit(dir, edited, r);
      step('afterEdits', [...cli, 'plan', '-o', out]);
      // Exit 1: legacy patterns remain (they do, in a tree not yet migrated).
      step('changedSince', [...cli, 'check', '--changed-since', 'HEAD', '--no-cache'], [0, 1]);
      step('floor', [process.execPath, join(BUILD, 'floor.js'), '.']);
      git(dir, ['checkout', '-q', '--', ...edited]);
      if (!keep) for (const list of Object.values(samples)) list.pop();
    }
  } finally {
    git(dir, ['checkout', '-q', '--', ...edited]);
    rmSync(join(dir, '.canonize'), { recursive: true, force: true });
    rmSync(out, { force: true });
  }
  const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])) as Record<keyof typeof samples, Summary>;
  return {
    edited,
    ...s,
    ratios: {
      unchangedOverFloor: round(s.unchanged.wall / s.floor.wall),
      afterEditsOverFloor: round(s.afterEdits.wall / s.floor.wall),
      ...(noCacheWall ? { emptyCacheOverNoCache: round(s.emptyCache.wall / noCacheWall) } : {}),
    },
  };
}
