/**
 * `npm run bench`: canonize against its peers on generated monorepos (generate.ts), in one run, alternating.
 *
 * On each profile's tree (default 10,000 files; `synthetic` and the real-shaped `real`) each round runs, in a
 * rotating order, canonize's plan, ast-grep, a literal search piped into ast-grep, and the floor (peers.ts; how a
 * command is measured: measure.ts). Then, on the synthetic profile: the scaling of `canonize plan` (and the floor) at
 * 1k, 10k and 50k files; canonize variants (jobs 1, the prefilter in the workers); and `canonize apply --yes` of the
 * plan on a copy of the tree. On each profile's tree, the warm and CI paths (warm.ts): the plan cache, empty, warm and
 * after 10 edits, and `check --changed-since` with 10 changed files; and `init --discover` (discover.ts). Cold runs
 * are `--no-cache`. Medians, ratios, the share of files canonize parsed and changed, and the machine go to the
 * terminal and to bench/results.json. Timings on a shared machine are noisy: the load average of each round is
 * recorded, and only ratios measured in the same run are compared. See docs/performance.md, "The benchmark".
 *
 * Options: --files N (each profile's tree, 10000), --profiles synthetic,real (both), --runs N (5),
 * --scale 1000,10000,50000 (or none), --scale-runs N (3), --apply-runs N (3), --warm-runs N (3),
 * --discover-runs N (3), --no-variants, --out FILE.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateMonorepo, type GenerateStats, type Profile, PROFILES, treeName } from './generate.js';
import { fmt, measure, round, type Sample, summarize, type Summary, table } from './measure.js';
import { AST_GREP, BUILD, hasRipgrep, OUT, ROOT, rounds, type Tool, tools } from './peers.js';
import { type DiscoverSummary, discoverRuns } from './discover.js';
import { warmRuns, type WarmResult } from './warm.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    profiles: { type: 'string', default: PROFILES.join(',') },
    runs: { type: 'string', default: '5' },
    scale: { type: 'string', default: '1000,10000,50000' },
    'scale-runs': { type: 'string', default: '3' },
    'apply-runs': { type: 'string', default: '3' },
    'warm-runs': { type: 'string', default: '3' },
    'discover-runs': { type: 'string', default: '3' },
    'no-variants': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
  },
});
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const SCALE = values.scale === 'none' ? [] : values.scale.split(',').map(Number);
const SCALE_RUNS = Number(values['scale-runs']);
const APPLY_RUNS = Number(values['apply-runs']);
const WARM_RUNS = Number(values['warm-runs']);
const DISCOVER_RUNS = Number(values['discover-runs']);
const SEED = Number(values.seed);
const RUN_PROFILES = values.profiles.split(',').map((p) => p.trim()) as Profile[];
for (const p of RUN_PROFILES) if (!PROFILES.includes(p)) throw new Error(`--profiles: each of ${PROFILES.join(', ')}, not ${p}`);

// ---------------------------------------------------------------------------------------------------------------
// Trees

/** The generator's sources: a tree made by another version of them is made again. */
const GENERATOR_HASH = (() => {
  const hash = createHash('sha256');
  const dir = join(ROOT, 'bench', 'generator');
  for (const file of [join(ROOT, 'bench', 'generate.ts'), ...readdirSync(dir).sort().map((f) => join(dir, f))]) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
})();

/** The tree of `files` files, generated (and made a git repository, as a monorepo is) unless already there. */
async function tree(files: number, profile: Profile = 'synthetic'): Promise<{ dir: string; stats: GenerateStats }> {
  const dir = join(OUT, treeName(profile, files));
  const stampFile = `${dir}.json`;
  const wanted = { files, profile, seed: SEED, generator: GENERATOR_HASH };
  if (existsSync(stampFile) && existsSync(dir)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as typeof wanted & { stats: GenerateStats };
    if (stamp.files === files && (stamp.profile ?? 'synthetic') === profile && stamp.seed === SEED && stamp.generator === GENERATOR_HASH) return { dir, stats: stamp.stats };
  }
  process.stderr.write(`generating ${files} files (${profile}) in ${dir} ...\n`);
  const stats = await generateMonorepo({ files, seed: SEED, profile, out: dir });
  // Its own repository: discovery, ripgrep and ast-grep stop their .gitignore search there (bench/out/ is ignored).
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(stampFile, `${JSON.stringify({ ...wanted, stats }, null, 2)}\n`);
  return { dir, stats };
}

// ---------------------------------------------------------------------------------------------------------------
// One profile's tree against the peers

interface PlanSummary {
  scanned: number;
  parsed: number;
  changed: number;
}

/** What one profile's comparison found: the tree, canonize's plan summary, the peers' medians and the ratios. */
interface Comparison {
  profile: Profile;
  dir: string;
  stats: GenerateStats;
  plan: PlanSummary;
  /** Percent of the scanned files canonize parsed and changed, and changed of parsed. */
  shares: { parsedPercent: number; changedPercent: number; changedOfParsedPercent: number };
  peers: Record<string, Summary>;
  ratios: { canonizeOverAstGrep: number; canonizeOverLiteralAstGrep: number; canonizeOverFloor: number };
  /** The warm and CI paths on the same tree (none with `--warm-runs 0`). */
  warm?: WarmResult;
  /** `init --discover` (its default: the top clusters) on the same tree (none with `--discover-runs 0`). */
  discover?: DiscoverSummary;
}

async function compare(profile: Profile): Promise<Comparison> {
  const t = await tree(FILES, profile);
  const planFile = join(OUT, `plan-${treeName(profile, FILES).slice('tree-'.length)}.json`);
  const peers = rounds(`${profile} ${FILES} files`, t.dir, tools(t.dir, planFile), RUNS);
  const plan = (JSON.parse(readFileSync(planFile, 'utf8')) as { summary: PlanSummary }).summary;
  const c = peers.canonize!;
  const pct = (n: number, of: number) => round((100 * n) / Math.max(1, of), 1);
  return {
    profile,
    dir: t.dir,
    stats: t.stats,
    plan,
    shares: { parsedPercent: pct(plan.parsed, plan.scanned), changedPercent: pct(plan.changed, plan.scanned), changedOfParsedPercent: pct(plan.changed, plan.parsed) },
    peers,
    ratios: {
      canonizeOverAstGrep: round(c.wall / peers['ast-grep']!.wall),
      canonizeOverLiteralAstGrep: round(c.wall / peers['literal | ast-grep']!.wall),
      canonizeOverFloor: round(c.wall / peers.floor!.wall),
    },
    ...(WARM_RUNS > 0 ? { warm: warmRuns(t.dir, planFile, WARM_RUNS, c.wall) } : {}),
    ...(DISCOVER_RUNS > 0 ? { discover: discoverRuns(t.dir, DISCOVER_RUNS) } : {}),
  };
}

function printComparison(run: Comparison, machine: { cpus: number; model: string; node: string }): void {
  const { plan, shares } = run;
  const c = run.peers.canonize!;
  console.log(`\n${run.profile} tree, ${FILES} files (${(run.stats.bytes / 1e6).toFixed(0)} MB), ${RUNS} alternating rounds, medians; ${machine.cpus} cores (${machine.model}), node ${machine.node}`);
  console.log(`canonize parsed ${plan.parsed} of ${plan.scanned} files (${shares.parsedPercent} %); ${plan.changed} to change (${shares.changedPercent} % of the files, ${shares.changedOfParsedPercent} % of those parsed)\n`);
  console.log(table([['', 'wall', 'cpu', 'peak RSS', 'canonize / this'], ...Object.entries(run.peers).map(([k, s]) => [k, ...fmt(s), (c.wall / s.wall).toFixed(2)])]));
  if (run.discover) {
    const d = run.discover;
    console.log(`\ninit --discover (${run.profile} tree): ${fmt(d).join(', ')}; plan (no cache) ${c.wall.toFixed(2)} s; ${d.configLines}-line config`);
    console.log(`  ${d.said}`);
  }
  const { warm } = run;
  if (!warm) return;
  console.log(`\nwarm and CI paths (${run.profile} tree; ${warm.edited.length} files edited; floor ${warm.floor.wall.toFixed(2)} s)`);
  const rows: [string, Summary][] = [
    ['plan, empty cache', warm.emptyCache],
    ['plan, unchanged tree', warm.unchanged],
    [`plan, ${warm.edited.length} files edited`, warm.afterEdits],
    [`check --changed-since, ${warm.edited.length} files`, warm.changedSince],
  ];
  console.log(table([['', 'wall', 'cpu', 'peak RSS', 'this / floor'], ...rows.map(([k, s]) => [k, ...fmt(s), (s.wall / warm.floor.wall).toFixed(2)])]));
}

// ---------------------------------------------------------------------------------------------------------------
// The synthetic tree's further measurements

type Scaling = { files: number; canonize: Summary; floor: Summary; canonizeMsPerKFiles: number; floorMsPerKFiles: number };

async function scalingRuns(): Promise<Scaling[]> {
  const scaling: Scaling[] = [];
  for (const n of SCALE) {
    const t = await tree(n);
    const [canonize, , , floor] = tools(t.dir, join(OUT, `plan-${n}.json`));
    const s = rounds(`scale ${n}`, t.dir, [canonize!, floor!], SCALE_RUNS);
    scaling.push({
      files: n,
      canonize: s.canonize!,
      floor: s.floor!,
      canonizeMsPerKFiles: round((1000 * s.canonize!.wall * 1000) / n, 1),
      floorMsPerKFiles: round((1000 * s.floor!.wall * 1000) / n, 1),
    });
  }
  return scaling;
}

function variantRuns(dir: string, cpus: number): Record<string, Summary> {
  const variant = (name: string, args: string[]): Tool => ({ name, argv: [process.execPath, join(BUILD, 'plan-variant.js'), '-o', join(OUT, 'plan-variant.json'), ...args] });
  return rounds('variants', dir, [
    variant('jobs 1 (in-process)', ['--jobs', '1']),
    variant(`jobs ${cpus}, prefilter in main`, ['--jobs', String(cpus), '--prefilter-in', 'main']),
    variant(`jobs ${cpus}, prefilter in workers`, ['--jobs', String(cpus), '--prefilter-in', 'workers']),
    variant(`jobs ${cpus}, worker heap 128 MB`, ['--jobs', String(cpus), '--worker-heap', '128']),
  ], SCALE_RUNS);
}

/**
 * apply --yes of the plan, on a fresh copy of the tree each time (the copy is not timed). What apply adds per changed
 * file is its time less that of applying a plan with nothing to change (start-up, config, journal checks), measured on
 * the same copy right after.
 */
function applyRuns(dir: string) {
  const applySamples: Sample[] = [];
  const idleSamples: Sample[] = [];
  let changed = 0;
  const canonize = (cwd: string, args: string[], okCodes = [0]) => measure(`canonize ${args[0]}`, cwd, [process.execPath, join(BUILD, 'canonize.js'), ...args], okCodes);
  for (let r = 0; r < APPLY_RUNS; r++) {
    const copy = join(OUT, `apply-${FILES}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(dir, copy, { recursive: true });
    canonize(copy, ['plan', '-o', 'plan.json']);
    changed = (JSON.parse(readFileSync(join(copy, 'plan.json'), 'utf8')) as { summary: { changed: number } }).summary.changed;
    // Exit 3: the plan lists the files that do not parse, which apply reports as skipped.
    const s = canonize(copy, ['apply', '--yes', '--allow-dirty', 'plan.json'], [0, 3]);
    applySamples.push(s);
    canonize(copy, ['plan', '-o', 'plan.json']);
    const idle = canonize(copy, ['apply', '--yes', '--allow-dirty', 'plan.json'], [0, 3]);
    idleSamples.push(idle);
    process.stderr.write(`  apply round ${r + 1}/${APPLY_RUNS}: ${changed} files written in ${s.wall.toFixed(2)} s; a plan with nothing to change: ${idle.wall.toFixed(2)} s (load ${s.load.toFixed(2)})\n`);
    rmSync(copy, { recursive: true, force: true });
  }
  if (applySamples.length === 0) return undefined;
  const withChanges = summarize(applySamples);
  const nothing = summarize(idleSamples);
  return { changedFiles: changed, withChanges, nothingToChange: nothing, addedSecondsPerThousandChanged: round(((withChanges.wall - nothing.wall) * 1000) / Math.max(1, changed)) };
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const machine = {
    cpus: os.availableParallelism(),
    model: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 1e9, 1),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    astGrep: execFileSync(AST_GREP, ['--version'], { encoding: 'utf8' }).trim(),
    literalSearch: hasRipgrep ? execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0] : 'grep -rlF (ripgrep not installed)',
  };
  process.stderr.write(`machine: ${machine.cpus} cores, ${machine.model}, ${machine.memoryGB} GB, ${machine.platform}, node ${machine.node}\n`);
  const comparisons: Partial<Record<Profile, Comparison>> = {};
  for (const profile of RUN_PROFILES) comparisons[profile] = await compare(profile);
  const synthetic = comparisons.synthetic;
  const real = comparisons.real;
  // Scaling is of the synthetic trees at their own sizes; variants and apply run on the synthetic main tree.
  const scaling = await scalingRuns();
  const variants = synthetic && !values['no-variants'] ? variantRuns(synthetic.dir, machine.cpus) : undefined;
  const apply = synthetic ? applyRuns(synthetic.dir) : undefined;

  const tenK = scaling.find((s) => s.files === 10_000);
  const fiftyK = scaling.find((s) => s.files === 50_000);
  const ratio = synthetic?.ratios;
  const mainRss = synthetic?.peers.canonize!.rss;
  const jobsOne = variants?.['jobs 1 (in-process)'];
  const jobsAll = variants?.[`jobs ${machine.cpus}, prefilter in main`];
  const parallelSpeedup = jobsOne && jobsAll ? round(jobsOne.wall / jobsAll.wall) : undefined;
  const tenKWarm = (c: Comparison | undefined) => (FILES === 10_000 ? c?.warm : undefined);
  const warmTarget = (test: (w: WarmResult) => boolean) => {
    const checked = [tenKWarm(synthetic), tenKWarm(real)].filter((w): w is WarmResult => w !== undefined);
    return checked.length === 0 ? null : checked.every(test);
  };
  const targets = {
    'cold wall <= 0.35 x ast-grep (synthetic)': ratio ? ratio.canonizeOverAstGrep <= 0.35 : null,
    'cold wall <= 0.5 x ast-grep (real-shaped)': real ? real.ratios.canonizeOverAstGrep <= 0.5 : null,
    'warm, unchanged 10k tree <= 3 x floor': warmTarget((w) => w.ratios.unchangedOverFloor <= 3),
    'warm, 10 files edited <= 5 x floor': warmTarget((w) => w.ratios.afterEditsOverFloor <= 5),
    'check --changed-since, 10 files, <= 2 s at 10k': warmTarget((w) => w.changedSince.wall <= 2),
    'init --discover <= 30 s at 10k': (() => {
      const checked = FILES === 10_000 ? [synthetic?.discover, real?.discover].filter((d): d is DiscoverSummary => d !== undefined) : [];
      return checked.length === 0 ? null : checked.every((d) => d.wall <= 30);
    })(),
    [`jobs ${machine.cpus} >= 1.8 x faster than jobs 1`]: parallelSpeedup === undefined ? null : parallelSpeedup >= 1.8,
    // Only a 10,000-file tree says anything about the 10k targets (a quick look at another size prints n/a).
    'peak RSS <= 400 MB at 10k': tenK ? tenK.canonize.rss <= 400 : FILES === 10_000 && mainRss !== undefined ? mainRss <= 400 : null,
    'peak RSS at 50k <= 1.2 x 10k': tenK && fiftyK ? fiftyK.canonize.rss <= 1.2 * tenK.canonize.rss : null,
    'apply adds <= 1 s per 1,000 changed files': apply ? apply.addedSecondsPerThousandChanged <= 1 : null,
  };
  // The synthetic tree's keys are those results.json always had; the real-shaped tree's are under `real`.
  const results = {
    date: new Date().toISOString(),
    machine,
    profiles: RUN_PROFILES,
    ...(synthetic ? { tree: synthetic.stats, plan: synthetic.plan, shares: synthetic.shares } : {}),
    runs: RUNS,
    ...(synthetic ? { peers: synthetic.peers, ratios: synthetic.ratios, ...(synthetic.warm ? { warm: synthetic.warm } : {}), ...(synthetic.discover ? { discover: synthetic.discover } : {}) } : {}),
    scaling,
    variants,
    ...(parallelSpeedup !== undefined ? { parallelSpeedup } : {}),
    apply,
    ...(real ? { real: { files: FILES, tree: real.stats, plan: real.plan, shares: real.shares, peers: real.peers, ratios: real.ratios, ...(real.warm ? { warm: real.warm } : {}), ...(real.discover ? { discover: real.discover } : {}) } } : {}),
    targets,
  };
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);

  for (const run of Object.values(comparisons)) printComparison(run, machine);
  if (scaling.length > 0) {
    console.log('\nscaling (canonize plan, floor; synthetic trees)');
    console.log(table([['files', 'canonize wall', 'ms / 1k files', 'peak RSS', 'floor wall', 'ms / 1k files'], ...scaling.map((s) => [String(s.files), `${s.canonize.wall.toFixed(2)} s`, String(s.canonizeMsPerKFiles), `${s.canonize.rss.toFixed(0)} MB`, `${s.floor.wall.toFixed(2)} s`, String(s.floorMsPerKFiles)])]));
  }
  if (variants) {
    console.log('\nvariants of canonize plan (synthetic tree)');
    console.log(table([['', 'wall', 'cpu', 'peak RSS'], ...Object.entries(variants).map(([k, s]) => [k, ...fmt(s)])]));
    if (parallelSpeedup !== undefined) console.log(`jobs ${machine.cpus} is ${parallelSpeedup} x faster than jobs 1`);
  }
  if (apply) {
    console.log(`\napply --yes (synthetic tree): ${apply.changedFiles} files in ${apply.withChanges.wall.toFixed(2)} s; nothing to change: ${apply.nothingToChange.wall.toFixed(2)} s;`);
    console.log(`  adds ${apply.addedSecondsPerThousandChanged} s per 1,000 changed files`);
  }
  console.log('\ntargets');
  for (const [k, v] of Object.entries(targets)) console.log(`  ${v === null ? 'n/a ' : v ? 'met ' : 'MISS'}  ${k}`);
  console.log(`\nwritten to ${values.out}`);
}

await main();
