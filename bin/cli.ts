/**
 * The command line: parses arguments (commander), calls the library, formats its data for people or machines,
 * and maps typed errors to exit codes. `main(argv, io)` returns the exit code instead of exiting, so tests run the
 * real CLI in-process with captured output.
 *
 * Exit codes: 0 done / nothing to do, 1 findings or pending changes (`diff --exit-code`), 2 bad usage or config,
 * 3 partly failed (files skipped, stale or failed).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { apply, audit, check, mergePlans, plan, preview, rollback, runs, type Preview } from '../src/api.js';
import { baselineOf, writeBaseline } from '../src/audit/baseline.js';
import { describeRules, formatAuditMarkdown, formatAuditText, toSarif } from '../src/audit/format.js';
import { configJsonSchema } from '../src/config/schema.js';
import { discoverConfig } from '../src/propose/propose.js';
import { renderDiscoveredConfig, summarizeDiscovery } from '../src/propose/render.js';
import { diffStat, formatPatch, unifiedDiff } from '../src/engine/diff.js';
import { isPlanPath, readPlanFile, serializePlan, writePlanFile } from '../src/planner/plan-json.js';
import type { BatchApplyResult } from '../src/engine/apply.js';
import { checkBatchIds } from '../src/engine/plan-input.js';
import { CanonizeError, ConfigError, UsageError } from '../src/core/errors.js';
import { packageRoot, packageVersion } from '../src/core/paths.js';
import { parseShard } from '../src/planner/shard.js';
import { loadCustomTransform, resolveTransformModule } from '../src/custom/load.js';
import type { Plan, Shard, Transform } from '../src/core/types.js';
import {
  applyReport,
  describeBatch,
  describeRecovered,
  describeRollback,
  describeRuns,
  interactiveDecider,
  progressBar,
  terminalPrompts,
  type Prompts,
} from './apply-ui.js';

/** Where the CLI reads and writes. Tests pass their own. */
export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Whether stderr is a terminal (for the progress bar). */
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  /** The interactive prompts of `apply` (inquirer on the terminal). */
  prompts: Prompts;
}

function defaultIO(): CliIO {
  return {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    prompts: terminalPrompts(process.env),
  };
}

const PRESETS = ['websocket-ssot'] as const;

const STARTER_CONFIG = `# yaml-language-server: $schema=SCHEMA
# canonize configuration: see docs/config.md
version: 1
# include: ["**/*.py", "**/*.pyi", "**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"]
exclude: []
python:
  sourceRoots: ["."]
  moves: []
  # moves:
  #   - from: mypkg.old_module          # the legacy module
  #     to: mypkg.new_module            # the canonical one
  #     symbols: { OldName: NewName }   # or [Name, Other], or "*" for every name
typescript:
  moves: []
  # moves:
  #   - from: src/lib/oldSocket.ts      # the legacy module: a file, or a specifier such as "@/lib/oldSocket"
  #     to: "@/services/socket"         # the canonical one, written as this alias (tsconfig paths)
  #     symbols: { getSocket: getClient }
`;

/** Point a config's `$schema` comment at the schema file of this canonize installation. */
function withSchemaPath(configText: string, configDir: string): string {
  const schema = relative(configDir, join(packageRoot(), 'schema', 'canonize.config.schema.json')).split(sep).join('/');
  return configText.replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${schema}`);
}

/** Run the CLI. Returns the exit code. */
export async function main(argv: string[], partialIO: Partial<CliIO> = {}): Promise<number> {
  const io: CliIO = { ...defaultIO(), ...partialIO };
  const out = (line = '') => io.stdout(`${line}\n`);
  const err = (line = '') => io.stderr(`${line}\n`);
  let exitCode = 0;

  const program = new Command('canonize')
    .description('Move fragmented imports and factories to one canonical path, safely and byte-exact.')
    .version(packageVersion())
    .option('-c, --config <file>', 'config file (default: canonize.config.yaml found walking up from here)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run canonize --help for usage)');

  const configPath = (): string | undefined => program.opts<{ config?: string }>().config;
  const colorOption = () => new Option('--color', 'force colour').conflicts('noColor');
  const useColor = (opts: { color?: boolean }) => opts.color ?? (io.stdoutIsTTY && io.env.NO_COLOR === undefined);

  /** A plan from `plan.json`, or a fresh one over the given paths. */
  async function planFor(args: string[], batching: Batching = {}): Promise<{ plan: Plan; root: string }> {
    if (isPlanFileArg(args)) {
      if (batching.batchBy || batching.order?.length) {
        throw new UsageError('E_USAGE', '--batch-by and --order choose batches when planning; a plan file keeps the batches it was made with', 're-run `canonize plan --batch-by ... -o plan.json`');
      }
      if (batching.transform?.length) throw new UsageError('E_USAGE', '--transform runs when planning; a plan file already holds its edits', 're-run `canonize plan --transform ... -o plan.json`');
      const cfg = configPath();
      return readPlanFile(resolve(io.cwd, args[0]!), { cwd: io.cwd, ...(cfg ? { configPath: cfg } : {}) });
    }
    const cfg = configPath();
    const { plan: p, root } = await plan({ cwd: io.cwd, paths: args, ...(cfg ? { configPath: cfg } : {}), ...batchingRequest(batching), ...(await customTransforms(batching, io.cwd)) });
    return { plan: p, root };
  }

  function reportProblems(p: Plan, prv?: Preview): void {
    for (const f of p.files) {
      if (f.outcome === 'skipped' || f.outcome === 'failed') err(`${f.outcome}: ${f.path}: ${f.reason}`);
      for (const x of f.findings) err(`${x.severity}: ${f.path}:${x.line}:${x.column}: ${x.message} [${x.rule}]`);
    }
    for (const m of prv?.problems ?? []) err(`${m.outcome}: ${m.plan.path}: ${m.reason}`);
  }

  program
    .command('init')
    .description('write a starter canonize.config.yaml in the current directory')
    .argument('[paths...]', 'with --discover: files or directories to scan (default: the current directory)')
    .addOption(new Option('--preset <name>', 'start from a bundled preset').choices(PRESETS))
    .addOption(new Option('--discover', 'propose moves from the fragmented imports found in this tree, with comments to review').conflicts('preset'))
    .option('--force', 'overwrite an existing config file')
    .action(async (paths: string[], opts: { preset?: string; force?: boolean; discover?: boolean }) => {
      const target = join(io.cwd, 'canonize.config.yaml');
      if (paths.length > 0 && !opts.discover) throw new UsageError('E_USAGE', 'init takes paths only with --discover', 'run `canonize init --discover [paths…]`');
      if (existsSync(target) && !opts.force) throw new CanonizeError('E_INIT_EXISTS', `${target} already exists`, 'pass --force to overwrite it');
      if (opts.discover) {
        const found = await discoverConfig({ root: io.cwd, paths: paths.map((p) => resolve(io.cwd, p)) });
        await writeFile(target, withSchemaPath(renderDiscoveredConfig(found), io.cwd));
        out(`wrote ${target}: ${summarizeDiscovery(found)}`);
        return;
      }
      const text = opts.preset ? await readFile(join(packageRoot(), 'presets', `${opts.preset}.yaml`), 'utf8') : STARTER_CONFIG;
      await writeFile(target, withSchemaPath(text, io.cwd));
      out(`wrote ${target}${opts.preset ? ` (preset ${opts.preset})` : ''}`);
    });

  program
    .command('plan')
    .description('compute the edits and batches; print a summary')
    .argument('[paths...]', 'files or directories (default: the project root)')
    .option('-o, --output <file>', 'write the plan to this file')
    .option('--json', 'print the plan as JSON on stdout')
    .addOption(batchByOption())
    .addOption(orderOption())
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .addOption(jobsOption())
    .addOption(shardOption())
    .option('--merge <plans...>', 'join the plans of every shard (`--shard i/n`) into the plan of the whole tree, instead of planning')
    .action(async (paths: string[], opts: { output?: string; json?: boolean; shard?: Shard; merge?: string[] } & Batching) => {
      const cfg = configPath();
      const output = opts.output ? resolve(io.cwd, opts.output) : undefined;
      if (opts.merge && (paths.length > 0 || opts.shard || opts.transform?.length)) {
        throw new UsageError('E_USAGE', '--merge joins plans already made: it takes no paths, --shard or --transform');
      }
      const request = { cwd: io.cwd, ...(cfg ? { configPath: cfg } : {}), ...(output ? { planDir: dirname(output) } : {}), ...batchingRequest(opts) };
      const { plan: p, root } = opts.merge
        ? await mergePlans({ ...request, plans: opts.merge })
        : await plan({ ...request, paths, ...(opts.shard ? { shard: opts.shard } : {}), ...(await customTransforms(opts, io.cwd)) });
      if (output) await writePlanFile(p, output);
      if (opts.json) io.stdout(serializePlan(p));
      else {
        printSummary(p, root, out);
        if (output) out(`plan written to ${output}`);
      }
      reportProblems(p);
    });

  program
    .command('diff')
    .description('dry-run preview: the unified diff of what apply would write')
    .argument('[plan-or-paths...]', 'a plan.json, or files / directories to plan now')
    .option('--stat', 'print a diffstat instead of the diff')
    .option('--patch <file>', 'also write a patch that `git apply` accepts')
    .option('--exit-code', 'exit 1 when there are changes')
    .option('-U, --context <lines>', 'lines of context', (v) => parsePositiveInt(v, '--context'), 3)
    .addOption(colorOption())
    .option('--no-color', 'never colour')
    .addOption(batchByOption())
    .addOption(orderOption())
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .addOption(jobsOption())
    .action(async (args: string[], opts: { stat?: boolean; patch?: string; exitCode?: boolean; context: number; color?: boolean } & Batching) => {
      const { plan: p, root } = await planFor(args, opts);
      const prv = await preview(p, root);
      const color = useColor(opts);
      if (opts.stat) {
        if (prv.changes.length > 0) io.stdout(diffStat(prv.changes, { color }));
      } else for (const change of prv.changes) io.stdout(unifiedDiff(change, { context: opts.context, color }));
      if (opts.patch) {
        await writeFile(resolve(io.cwd, opts.patch), formatPatch(prv.changes, { context: opts.context }));
        err(`patch written to ${resolve(io.cwd, opts.patch)}`);
      }
      reportProblems(p, prv);
      if (prv.changes.length === 0) err('no changes');
      else err(`${prv.changes.length} file(s) would change`);
      if (opts.exitCode && prv.changes.length > 0) exitCode = 1;
    });

  program
    .command('apply')
    .description('write the planned changes batch by batch: journaled, atomic, verified, resumable')
    .argument('[plan-or-paths...]', 'a plan.json, or files / directories to plan now')
    .option('-y, --yes', 'apply every batch without asking (scripted use)')
    .option('--dry-run', 'show what would be written, write nothing')
    .option('--json', 'print one machine-readable report on stdout (and nothing on stderr)')
    .option('-b, --batch <ids>', 'apply only these batches (ids as `canonize plan` lists them; comma-separated, repeatable)', collectBatchIds, [])
    .option('--verify <cmd>', "run CMD after each batch ({files}: the batch's files, shell-quoted); a failure rolls the batch back")
    .option('--verify-timeout <seconds>', 'kill a verify command (and everything it started) after this long; the gate then fails', parseSeconds, 600)
    .addOption(new Option('--on-verify-fail <what>', 'after a failed verify or batch commit').choices(['stop', 'continue']).default('stop'))
    .option('--commit-per-batch', 'make one git commit per applied batch')
    .option('--allow-dirty', 'write files that have uncommitted changes in git')
    .addOption(batchByOption())
    .addOption(orderOption())
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .addOption(jobsOption())
    .action(async (args: string[], opts: ApplyFlags) => {
      const batches = opts.batch.length > 0 ? opts.batch : undefined;
      if (opts.dryRun) {
        const { plan: p, root } = await planFor(args, opts);
        checkBatchIds(p, batches ?? []);
        const prv = await preview(p, root, batches);
        if (prv.changes.length > 0) io.stdout(diffStat(prv.changes, { color: useColor({}) }));
        reportProblems(p, prv);
        err(`dry run: ${prv.changes.length} file(s) would change; nothing written`);
        return;
      }
      if (!opts.yes && !io.stdinIsTTY) {
        throw new CanonizeError('E_NOT_A_TTY', 'apply asks before each batch, but standard input is not a terminal', 'pass --yes to apply without asking, or --dry-run to preview');
      }
      const cfg = configPath();
      const given = isPlanFileArg(args) ? await planFor(args, opts) : undefined;
      const bar = opts.yes && !opts.json && io.stderrIsTTY ? progressBar() : undefined;
      const say = opts.json ? () => undefined : err;
      let result: Awaited<ReturnType<typeof apply>> | undefined;
      const stopInterrupted = onInterrupt(() => {
        bar?.stop();
        err(INTERRUPTED);
      });
      try {
        result = await apply({
          ...(given ? { plan: given.plan, root: given.root } : {}),
          project: { cwd: io.cwd, paths: given ? [] : args, ...(cfg ? { configPath: cfg } : {}), ...batchingRequest(opts), ...(await customTransforms(opts, io.cwd)) },
          ...(batches ? { batches } : {}),
          ...(opts.verify ? { verify: opts.verify, verifyTimeout: opts.verifyTimeout } : {}),
          onVerifyFail: opts.onVerifyFail,
          commitPerBatch: Boolean(opts.commitPerBatch),
          allowDirty: Boolean(opts.allowDirty),
          ...(opts.yes ? {} : { decide: interactiveDecider(io.prompts, err, useColor({})) }),
          onProgress: (done, n) => bar?.update(done, n),
          // Interactively, each batch's outcome is said as it happens; in bulk, all at the end (after the bar).
          ...(opts.yes ? {} : { onBatch: (b: BatchApplyResult) => describeBatch(b, err) }),
        });
      } finally {
        stopInterrupted();
        bar?.stop();
      }
      if (opts.json) io.stdout(`${JSON.stringify(applyReport(result), null, 2)}\n`);
      else {
        describeRecovered(result.recovered, say);
        // In bulk, a batch that simply applied is counted in the summary line; anything else is said.
        const quietlyApplied = (b: BatchApplyResult) => b.status === 'applied' && b.files.every((f) => f.outcome === 'written');
        if (opts.yes) for (const b of result.batches) if (!quietlyApplied(b)) describeBatch(b, say);
        reportProblems(result.plan);
        if (result.batches.length === 0) out('nothing to apply');
        else {
          out(`written ${result.written} file(s); stale ${result.stale}; failed ${result.failed}; rolled back ${result.rolledBack}`);
          if (result.runId) out(`journal: run ${result.runId} (undo it with \`canonize rollback ${result.runId}\`)`);
          if (result.quit) out('quit: the batches not applied are offered again when apply runs again');
        }
      }
      const { summary } = result.plan;
      const rolledBack = result.batches.some((b) => b.status === 'rolled-back');
      if (rolledBack || result.stale + result.failed + result.rolledBack + summary.skipped + summary.failed > 0) exitCode = 3;
    });

  program
    .command('rollback')
    .description('restore, byte for byte, every file a run wrote, from its journal')
    .argument('[run-id]', 'the run to undo (default: the latest run that has applied batches)')
    .option('--force', 'also overwrite files that changed since the run')
    .option('--list', 'list the runs in the journal, newest first')
    .option('--json', 'print a machine-readable report on stdout')
    .action(async (runId: string | undefined, opts: { force?: boolean; list?: boolean; json?: boolean }) => {
      const cfg = configPath();
      const where = { cwd: io.cwd, ...(cfg ? { configPath: cfg } : {}) };
      if (opts.list) {
        const list = await runs(where);
        if (opts.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else describeRuns(list, out);
        return;
      }
      const stopInterrupted = onInterrupt(() => err(INTERRUPTED));
      const result = await rollback({ ...where, ...(runId ? { runId } : {}), force: Boolean(opts.force) }).finally(stopInterrupted);
      if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else describeRollback(result, out, err);
      if (result.unverified.length > 0) exitCode = 3;
    });

  program
    .command('check')
    .description('CI gate: exit 1 while any legacy pattern remains (or, with --baseline, any new one)')
    .argument('[paths...]', 'files or directories (default: the project root)')
    .option('--baseline <file>', 'fail only on legacy sites beyond this baseline (written by `audit --write-baseline`)')
    .option('--strict', 'also fail when a file cannot be checked (does not parse, not UTF-8, ...)')
    .option('--json', 'print the result as JSON')
    .addOption(jobsOption())
    .addOption(shardOption())
    .action(async (paths: string[], opts: { strict?: boolean; json?: boolean; baseline?: string; jobs?: number; shard?: Shard }) => {
      const cfg = configPath();
      const result = await check({
        cwd: io.cwd,
        paths,
        ...(cfg ? { configPath: cfg } : {}),
        ...(opts.jobs ? { jobs: opts.jobs } : {}),
        ...(opts.shard ? { shard: opts.shard } : {}),
        ...(opts.strict ? { strict: true } : {}),
        ...(opts.baseline ? { baseline: opts.baseline } : {}),
      });
      if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        for (const v of result.violations) out(`${v.path}${v.line ? `:${v.line}` : ''}: ${v.message} [${v.rule}]`);
        for (const u of result.unchecked) err(`not checked: ${u.path}: ${u.reason}`);
        const files = new Set(result.violations.map((v) => v.path)).size;
        const what = result.baseline ? 'new legacy sites beyond the baseline' : 'legacy patterns remain';
        out(result.violations.length === 0 ? `check passed: no ${result.baseline ? 'new ' : ''}legacy patterns in ${result.scanned} file(s)` : `check failed: ${what} in ${files} file(s)`);
        if (result.baseline) {
          const gone = result.baseline.removed.reduce((n, r) => n + r.count, 0);
          out(`baseline: ${result.baseline.remaining} known legacy site(s) remain; ${gone} removed since the baseline${gone > 0 ? ' (progress: write a new baseline to lock it in)' : ''}`);
        }
      }
      if (!result.ok) exitCode = 1;
    });

  program
    .command('audit')
    .description('measure what is still fragmented: legacy sites per pattern, compliance, isolation risks')
    .argument('[paths...]', 'files or directories (default: the project root)')
    .addOption(new Option('--json', 'print the report as JSON').conflicts(['markdown', 'sarif']))
    .addOption(new Option('--markdown', 'print the report as Markdown (for a pull request or an issue)').conflicts('sarif'))
    .option('--sarif', 'print a SARIF 2.1.0 log (for GitHub code scanning)')
    .option('--write-baseline <file>', 'also write the current legacy sites as a baseline for `check --baseline`')
    .option('--depth <n>', 'directory depth of the "top directories" table', (v) => parsePositiveInt(v, '--depth'), 2)
    .option('--top <n>', 'how many directories to list', (v) => parsePositiveInt(v, '--top'), 10)
    .addOption(jobsOption())
    .addOption(shardOption())
    .action(async (paths: string[], opts: { json?: boolean; markdown?: boolean; sarif?: boolean; writeBaseline?: string; depth: number; top: number; jobs?: number; shard?: Shard }) => {
      const cfg = configPath();
      const { report, config, units } = await audit({
        cwd: io.cwd,
        paths,
        depth: opts.depth,
        top: opts.top,
        ...(cfg ? { configPath: cfg } : {}),
        ...(opts.jobs ? { jobs: opts.jobs } : {}),
        ...(opts.shard ? { shard: opts.shard } : {}),
      });
      if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else if (opts.markdown) io.stdout(formatAuditMarkdown(report));
      else if (opts.sarif) io.stdout(`${JSON.stringify(toSarif(report, describeRules(config.spec), packageVersion()), null, 2)}\n`);
      else io.stdout(formatAuditText(report));
      if (opts.writeBaseline) {
        const file = resolve(io.cwd, opts.writeBaseline);
        await writeBaseline(baselineOf(units), file);
        err(`baseline of ${units.length} legacy site(s) written to ${file}`);
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema of the config file')
    .action(() => io.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version "errors" are successes; every other parse error is bad usage.
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    if (e instanceof CanonizeError) {
      // Coloured only on a terminal (not because CI is set, which picocolors' own detection counts).
      const red = pc.createColors(io.stderrIsTTY && io.env.NO_COLOR === undefined).red;
      err(`${red('error')} [${e.code}]: ${e.message}`);
      if (e instanceof ConfigError) for (const issue of e.issues) err(`  ${issue.field}: ${issue.message}`);
      if (e.hint) err(`  hint: ${e.hint}`);
      return e.exitCode;
    }
    err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 70;
  }
}

const INTERRUPTED =
  'interrupted (SIGINT): canonize stopped. Every file holds its original or its new bytes, never a mix; `canonize rollback` undoes the run and `canonize apply` finishes it (each first recovers it from the journal)';

/**
 * While apply or rollback writes, Ctrl-C (SIGINT) stops the process at once, as a kill would — the journal makes
 * that safe — but says so, and what to do, instead of exiting without a word. Exit 130. Returns the uninstaller.
 */
function onInterrupt(say: () => void): () => void {
  const handler = () => {
    say();
    process.exit(130);
  };
  process.once('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CanonizeError('E_USAGE', `--verify-timeout expects a number of seconds above 0, got "${value}"`);
  return n;
}

function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CanonizeError('E_USAGE', `${flag} expects a whole number, got "${value}"`);
  return n;
}

function printSummary(p: Plan, root: string, out: (line?: string) => void): void {
  const s = p.summary;
  out(`canonize plan of ${root}`);
  out(`  files scanned   ${s.scanned}`);
  out(`  parsed          ${s.parsed}  (the prefilter let these through)`);
  out(`  to change       ${s.changed}  in ${p.batches.length} batch(es)`);
  out(`  unchanged       ${s.unchanged}`);
  out(`  skipped         ${s.skipped}`);
  out(`  failed          ${s.failed}`);
  if (s.parsedByCompiler > 0) {
    out(`  ${s.parsedByCompiler} file(s) planned although tree-sitter could not read part of them (the TypeScript compiler can; see the "parse" findings)`);
  }
  const table = (title: string, counts: Record<string, number>) => {
    const keys = Object.keys(counts).sort();
    if (keys.length === 0) return;
    out(title);
    const width = Math.max(...keys.map((k) => k.length));
    for (const k of keys) out(`  ${k.padEnd(width)}  ${counts[k]}`);
  };
  table('edits by rule', s.editsByRule);
  if (p.batches.length > 0) {
    out('batches (apply one with --batch ID)');
    const shown = p.batches.slice(0, 50);
    const width = String(shown.length - 1).length;
    for (const b of shown) out(`  ${String(b.id).padStart(width)}  ${b.name}  (${b.files.length} file(s))`);
    if (p.batches.length > shown.length) out(`  … and ${p.batches.length - shown.length} more (plan --json lists them all)`);
  }
  table('findings by rule', s.findingsByRule);
  table('skipped / failed by reason', s.skippedByReason);
}

/** `--batch-by` and `--order`: how a plan made now is batched (and `--transform`: which custom transforms it runs; `--jobs`: on how many threads). */
interface Batching {
  batchBy?: string;
  order?: string[];
  jobs?: number;
  transform?: string[];
  transformOption?: string[];
}

interface ApplyFlags extends Batching {
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  batch: number[];
  verify?: string;
  verifyTimeout: number;
  onVerifyFail: 'stop' | 'continue';
  commitPerBatch?: boolean;
  allowDirty?: boolean;
}

function batchByOption(): Option {
  return new Option('--batch-by <how>', 'group changed files by dir[:DEPTH], size:N, rule or owner (CODEOWNERS); default: the config\'s batchBy');
}

function orderOption(): Option {
  return new Option('--order <glob>', 'batches with files matching earlier globs come first ("..." = the rest); repeatable').argParser(
    (glob: string, previous: string[] | undefined) => [...(previous ?? []), glob],
  );
}

function batchingRequest(b: Batching): Batching {
  return { ...(b.batchBy ? { batchBy: b.batchBy } : {}), ...(b.order?.length ? { order: b.order } : {}), ...(b.jobs ? { jobs: b.jobs } : {}) };
}

function jobsOption(): Option {
  return new Option('-j, --jobs <n>', 'worker threads that parse and plan (default: the cores; 1: in-process); the plan is the same whatever it is').argParser((v: string) => {
    const n = parsePositiveInt(v, '--jobs');
    if (n < 1) throw new UsageError('E_USAGE', '--jobs expects at least 1');
    return n;
  });
}

function shardOption(): Option {
  return new Option('--shard <i/n>', 'plan only shard i of n: a deterministic split by path, one per CI job (join shard plans with `plan --merge`)').argParser((v: string) => parseShard(v));
}

function transformFlag(): Option {
  return new Option('--transform <module>', 'also run this transform: a jscodeshift transform module (file, api, options) => string, a canonize transform, or a built-in one by name; repeatable').argParser(
    (module: string, previous: string[] | undefined) => [...(previous ?? []), module],
  );
}

function transformOptionFlag(): Option {
  return new Option('--transform-option <key=value>', "an option for the transforms (a jscodeshift transform's third argument); repeatable").argParser(
    (pair: string, previous: string[] | undefined) => [...(previous ?? []), pair],
  );
}

/** Load the `--transform` modules (with `--transform-option` values) for a plan request. */
async function customTransforms(b: Batching, cwd: string): Promise<{ transforms?: Transform[] }> {
  if (!b.transform?.length) {
    if (b.transformOption?.length) throw new UsageError('E_USAGE', '--transform-option needs a --transform');
    return {};
  }
  const options: Record<string, unknown> = {};
  for (const pair of b.transformOption ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError('E_USAGE', `--transform-option expects key=value, got "${pair}"`);
    const value = pair.slice(eq + 1);
    options[pair.slice(0, eq)] = value === 'true' ? true : value === 'false' ? false : value;
  }
  const transforms: Transform[] = [];
  for (const module of b.transform) transforms.push(await loadCustomTransform(resolveTransformModule(module, cwd), options, cwd));
  return { transforms };
}

function isPlanFileArg(args: string[]): boolean {
  return args.length === 1 && isPlanPath(args[0]!);
}

/** `--batch 1,3 --batch 4` → [1, 3, 4]. */
function collectBatchIds(value: string, previous: number[]): number[] {
  return [...previous, ...value.split(',').map((v) => parsePositiveInt(v.trim(), '--batch'))];
}
