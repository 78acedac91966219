/**
 * `npm run bench`: canonize against its peers on a generated monorepo (generate.ts), in one run, alternating.
 *
 * On the main tree (default 10,000 files) each round runs, in a rotating order:
 *   - `canonize plan` (every rule of the config: moves, calls, singletons, TypeScript moves);
 *   - ast-grep scanning the equivalent import rules (one rule per Python move: `from M import …`, `import M`,
 *     `import M as x`, with `strictness: ast`), every file;
 *   - a literal search (ripgrep `rg -l`, or `grep -rlF` where rg is not installed) listing the files that name a
 *     legacy module, piped into the same ast-grep scan;
 *   - a plain read of every source file from Node (the floor).
 * Wall time and peak RSS come from a python3 wrapper (`getrusage(RUSAGE_CHILDREN)`: for a pipeline, the largest
 * process). Then: the scaling of `canonize plan` (and the floor) at 1k, 10k and 50k files; canonize variants (jobs 1,
 * the prefilter in the workers); and `canonize apply --yes` of the plan on a copy of the tree. Medians, ratios and
 * the machine go to the terminal and to bench/results.json. Timings on a shared machine are noisy: the load average
 * of each round is recorded, and only ratios measured in the same run are compared.
 *
 * Options: --files N (main tree, 10000), --runs N (5), --scale 1000,10000,50000 (or none), --scale-runs N (3),
 * --apply-runs N (3), --no-variants, --out FILE.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../src/core/paths.js';
import { generateMonorepo, type GenerateStats } from './generate.js';

const ROOT = packageRoot();
const OUT = join(ROOT, 'bench', 'out');
const BUILD = join(OUT, 'build', 'bench');
const AST_GREP = join(ROOT, 'node_modules', '@ast-grep', 'cli', 'ast-grep');

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    scale: { type: 'string', default: '1000,10000,50000' },
    'scale-runs': { type: 'string', default: '3' },
    'apply-runs': { type: 'string', default: '3' },
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
const SEED = Number(values.seed);

/** Runs a command, returning wall seconds and peak RSS (MB) of its process tree's largest process. */
const MEASURE = String.raw`
import json, resource, subprocess, sys, time
cwd = sys.argv[1]
t = time.perf_counter()
p = subprocess.run(sys.argv[2:], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
scale = 1 if sys.platform == "darwin" else 1024
print(json.dumps({"wall": wall, "rss": ru.ru_maxrss * scale / 1e6, "cpu": ru.ru_utime + ru.ru_stime, "code": p.returncode,
                  "stdout": p.stdout.decode(errors="replace")[-4000:], "stderr": p.stderr.decode(errors="replace")[-2000:]}))
`;

interface Sample {
  wall: number;
  rss: number;
  cpu: number;
  load: number;
}

function measure(name: string, cwd: string, argv: string[], okCodes = [0]): Sample & { stdout: string } {
  const r = spawnSync('python3', ['-c', MEASURE, cwd, ...argv], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new Error(`python3 is needed to measure (${r.error?.message ?? r.stderr})`);
  const m = JSON.parse(r.stdout) as { wall: number; rss: number; cpu: number; code: number; stdout: string; stderr: string };
  if (!okCodes.includes(m.code)) throw new Error(`${name} exited ${m.code}: ${m.stderr}`);
  return { wall: m.wall, rss: m.rss, cpu: m.cpu, load: os.loadavg()[0]!, stdout: m.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

interface Summary {
  wall: number;
  rss: number;
  cpu: number;
  samples: Sample[];
}
const summarize = (samples: Sample[]): Summary => ({
  wall: round(median(samples.map((s) => s.wall))),
  rss: round(median(samples.map((s) => s.rss)), 1),
  cpu: round(median(samples.map((s) => s.cpu))),
  samples: samples.map((s) => ({ wall: round(s.wall), rss: round(s.rss, 1), cpu: round(s.cpu), load: round(s.load, 2) })),
});

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
async function tree(files: number): Promise<{ dir: string; stats: GenerateStats }> {
  const dir = join(OUT, `tree-${files}`);
  const stampFile = join(OUT, `tree-${files}.json`);
  const wanted = { files, seed: SEED, generator: GENERATOR_HASH };
  if (existsSync(stampFile) && existsSync(dir)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as typeof wanted & { stats: GenerateStats };
    if (stamp.files === files && stamp.seed === SEED && stamp.generator === GENERATOR_HASH) return { dir, stats: stamp.stats };
  }
  process.stderr.write(`generating ${files} files in ${dir} ...\n`);
  const stats = await generateMonorepo({ files, seed: SEED, out: dir });
  // Its own repository: discovery, ripgrep and ast-grep stop their .gitignore search there (bench/out/ is ignored).
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(stampFile, `${JSON.stringify({ ...wanted, stats }, null, 2)}\n`);
  return { dir, stats };
}

/** ast-grep rules equivalent to the config's Python moves (imports only: ast-grep cannot resolve them). */
function astGrepConfig(treeDir: string): { config: string; modules: string[] } {
  const spec = parseYaml(readFileSync(join(treeDir, 'canonize.config.yaml'), 'utf8')) as { python?: { moves?: { from: string }[] } };
  const modules = [...new Set((spec.python?.moves ?? []).map((m) => m.from))];
  const dir = join(OUT, 'ast-grep');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'rules'), { recursive: true });
  writeFileSync(join(dir, 'sgconfig.yml'), 'ruleDirs: [rules]\n');
  modules.forEach((module, i) => {
    const pattern = (context: string) => `    - pattern: { context: ${JSON.stringify(context)}, strictness: ast }`;
    writeFileSync(
      join(dir, 'rules', `legacy-import-${i}.yml`),
      [
        `id: legacy-import-${i}`,
        'language: python',
        'severity: warning',
        `message: import of the legacy module ${module}`,
        'rule:',
        '  any:',
        pattern(`from ${module} import $$$NAMES`),
        pattern(`import ${module}`),
        pattern(`import ${module} as $ALIAS`),
        '',
      ].join('\n'),
    );
  });
  return { config: join(dir, 'sgconfig.yml'), modules };
}

const hasRipgrep = spawnSync('rg', ['--version']).status === 0;
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// ---------------------------------------------------------------------------------------------------------------

type Tool = { name: string; argv: string[]; okCodes?: number[] };

function tools(treeDir: string, planFile: string): Tool[] {
  const { config, modules } = astGrepConfig(treeDir);
  const literals = modules.map((m) => `-e ${shellQuote(m)}`).join(' ');
  const list = hasRipgrep
    ? `rg -l -0 -F ${literals} -g '*.py' .`
    : `grep -rlZF --include='*.py' --exclude-dir=.git ${literals} .`;
  return [
    { name: 'canonize', argv: [process.execPath, join(BUILD, 'canonize.js'), 'plan', '-o', planFile] },
    { name: 'ast-grep', argv: [AST_GREP, 'scan', '-c', config, '.'] },
    // xargs exits 123 when a command fails; ast-grep exits 0 on warnings. rg/grep exit 1 when nothing matches.
    { name: 'literal | ast-grep', argv: ['sh', '-c', `${list} | xargs -0 -r ${shellQuote(AST_GREP)} scan -c ${shellQuote(config)}`] },
    { name: 'floor', argv: [process.execPath, join(BUILD, 'floor.js'), '.'] },
  ];
}

/** Alternating rounds: each round runs every tool once, the order rotated so that none always goes first. */
function rounds(name: string, treeDir: string, list: Tool[], runs: number): Record<string, Summary> {
  const samples: Record<string, Sample[]> = Object.fromEntries(list.map((t) => [t.name, []]));
  for (const t of list) measure(t.name, treeDir, t.argv, t.okCodes); // warm-up: page cache, first-run costs
  for (let r = 0; r < runs; r++) {
    const order = list.map((_, i) => list[(i + r) % list.length]!);
    for (const t of order) {
      const s = measure(t.name, treeDir, t.argv, t.okCodes);
      samples[t.name]!.push(s);
      process.stderr.write(`  ${name} round ${r + 1}/${runs}: ${t.name.padEnd(20)} ${s.wall.toFixed(2)} s  ${s.rss.toFixed(0)} MB  (load ${s.load.toFixed(2)})\n`);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

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
  const primary = await tree(FILES);
  const planFile = join(OUT, `plan-${FILES}.json`);
  const peers = rounds(`${FILES} files`, primary.dir, tools(primary.dir, planFile), RUNS);
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { summary: { scanned: number; parsed: number; changed: number } };
  const c = peers.canonize!;
  const ratios = {
    canonizeOverAstGrep: round(c.wall / peers['ast-grep']!.wall),
    canonizeOverLiteralAstGrep: round(c.wall / peers['literal | ast-grep']!.wall),
    canonizeOverFloor: round(c.wall / peers.floor!.wall),
  };
  const scaling: { files: number; canonize: Summary; floor: Summary; canonizeMsPerKFiles: number; floorMsPerKFiles: number }[] = [];
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
  let variants: Record<string, Summary> | undefined;
  if (!values['no-variants']) {
    const variant = (name: string, args: string[]): Tool => ({ name, argv: [process.execPath, join(BUILD, 'plan-variant.js'), '-o', join(OUT, 'plan-variant.json'), ...args] });
    variants = rounds('variants', primary.dir, [
      variant('jobs 1 (in-process)', ['--jobs', '1']),
      variant(`jobs ${machine.cpus}, prefilter in main`, ['--jobs', String(machine.cpus), '--prefilter-in', 'main']),
      variant(`jobs ${machine.cpus}, prefilter in workers`, ['--jobs', String(machine.cpus), '--prefilter-in', 'workers']),
      variant(`jobs ${machine.cpus}, worker heap 128 MB`, ['--jobs', String(machine.cpus), '--worker-heap', '128']),
    ], SCALE_RUNS);
  }
  // apply --yes of the plan, on a fresh copy of the tree each time (the copy is not timed). What apply adds per
  // changed file is its time less that of applying a plan with nothing to change (start-up, config, journal checks),
  // measured on the same copy right after.
  const applySamples: Sample[] = [];
  const idleSamples: Sample[] = [];
  let changed = 0;
  const canonize = (dir: string, args: string[], okCodes = [0]) => measure(`canonize ${args[0]}`, dir, [process.execPath, join(BUILD, 'canonize.js'), ...args], okCodes);
  for (let r = 0; r < APPLY_RUNS; r++) {
    const copy = join(OUT, `apply-${FILES}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(primary.dir, copy, { recursive: true });
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
  const apply =
    applySamples.length > 0
      ? (() => {
          const withChanges = summarize(applySamples);
          const nothing = summarize(idleSamples);
          return { changedFiles: changed, withChanges, nothingToChange: nothing, addedSecondsPerThousandChanged: round(((withChanges.wall - nothing.wall) * 1000) / Math.max(1, changed)) };
        })()
      : undefined;

  const tenK = scaling.find((s) => s.files === 10_000);
  const fiftyK = scaling.find((s) => s.files === 50_000);
  const targets = {
    'wall <= 0.15 x ast-grep': ratios.canonizeOverAstGrep <= 0.15,
    'wall <= 0.5 x literal | ast-grep': ratios.canonizeOverLiteralAstGrep <= 0.5,
    'wall <= 8 x floor': ratios.canonizeOverFloor <= 8,
    // Only a 10,000-file tree says anything about the 10k targets (a quick look at another size prints n/a).
    'peak RSS <= 400 MB at 10k': tenK ? tenK.canonize.rss <= 400 : FILES === 10_000 ? c.rss <= 400 : null,
    'peak RSS at 50k <= 1.2 x 10k': tenK && fiftyK ? fiftyK.canonize.rss <= 1.2 * tenK.canonize.rss : null,
    'apply adds <= 1 s per 1,000 changed files': apply ? apply.addedSecondsPerThousandChanged <= 1 : null,
  };
  const results = { date: new Date().toISOString(), machine, tree: primary.stats, plan: plan.summary, runs: RUNS, peers, ratios, scaling, variants, apply, targets };
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);

  const fmt = (s: Summary) => [`${s.wall.toFixed(2)} s`, `${s.cpu.toFixed(1)} s`, `${s.rss.toFixed(0)} MB`];
  console.log(`\n${FILES}-file tree (${(primary.stats.bytes / 1e6).toFixed(0)} MB), ${RUNS} alternating rounds, medians; ${machine.cpus} cores (${machine.model}), node ${machine.node}`);
  console.log(`canonize parsed ${plan.summary.parsed} of ${plan.summary.scanned} files; ${plan.summary.changed} to change\n`);
  console.log(table([['', 'wall', 'cpu', 'peak RSS', 'canonize / this'], ...Object.entries(peers).map(([k, s]) => [k, ...fmt(s), (c.wall / s.wall).toFixed(2)])]));
  if (scaling.length > 0) {
    console.log('\nscaling (canonize plan, floor)');
    console.log(table([['files', 'canonize wall', 'ms / 1k files', 'peak RSS', 'floor wall', 'ms / 1k files'], ...scaling.map((s) => [String(s.files), `${s.canonize.wall.toFixed(2)} s`, String(s.canonizeMsPerKFiles), `${s.canonize.rss.toFixed(0)} MB`, `${s.floor.wall.toFixed(2)} s`, String(s.floorMsPerKFiles)])]));
  }
  if (variants) {
    console.log('\nvariants of canonize plan');
    console.log(table([['', 'wall', 'cpu', 'peak RSS'], ...Object.entries(variants).map(([k, s]) => [k, ...fmt(s)])]));
  }
  if (apply) {
    console.log(`\napply --yes: ${apply.changedFiles} files in ${apply.withChanges.wall.toFixed(2)} s; nothing to change: ${apply.nothingToChange.wall.toFixed(2)} s;`);
    console.log(`  adds ${apply.addedSecondsPerThousandChanged} s per 1,000 changed files`);
  }
  console.log('\ntargets');
  for (const [k, v] of Object.entries(targets)) console.log(`  ${v === null ? 'n/a ' : v ? 'met ' : 'MISS'}  ${k}`);
  console.log(`\nwritten to ${values.out}`);
}

await main();
