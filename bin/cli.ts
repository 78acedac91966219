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
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { apply, plan, preview, type Preview } from '../src/api.js';
import { configJsonSchema } from '../src/config/schema.js';
import { countLines, diffStat, formatPatch, unifiedDiff } from '../src/engine/diff.js';
import { isPlanPath, readPlanFile, serializePlan, writePlanFile } from '../src/engine/plan-file.js';
import type { ApplyResult } from '../src/engine/apply.js';
import { CanonizeError, ConfigError } from '../src/errors.js';
import { packageRoot, packageVersion } from '../src/paths.js';
import type { Plan } from '../src/types.js';

/** Where the CLI reads and writes. Tests pass their own. */
export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  /** Ask a yes/no question on the terminal. */
  confirm: (question: string) => Promise<boolean>;
}

function defaultIO(): CliIO {
  return {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
  };
}

const PRESETS = ['websocket-ssot'] as const;

const STARTER_CONFIG = `# yaml-language-server: $schema=SCHEMA
# canonize configuration: see docs/config.md
version: 1
# include: ["**/*.py", "**/*.pyi", "**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"]
exclude: []
python:
  sourceRoots: ["."]
  moves: []
  # moves:
  #   - from: mypkg.old_module          # the legacy module
  #     to: mypkg.new_module            # the canonical one
  #     symbols: { OldName: NewName }   # or [Name, Other], or "*" for every name
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
  async function planFor(args: string[]): Promise<{ plan: Plan; root: string }> {
    if (args.length === 1 && isPlanPath(args[0]!)) return readPlanFile(resolve(io.cwd, args[0]!));
    const cfg = configPath();
    const { plan: p, root } = await plan({ cwd: io.cwd, paths: args, ...(cfg ? { configPath: cfg } : {}) });
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
    .addOption(new Option('--preset <name>', 'start from a bundled preset').choices(PRESETS))
    .option('--force', 'overwrite an existing config file')
    .action(async (opts: { preset?: string; force?: boolean }) => {
      const target = join(io.cwd, 'canonize.config.yaml');
      if (existsSync(target) && !opts.force) throw new CanonizeError('E_INIT_EXISTS', `${target} already exists`, 'pass --force to overwrite it');
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
    .action(async (paths: string[], opts: { output?: string; json?: boolean }) => {
      const cfg = configPath();
      const output = opts.output ? resolve(io.cwd, opts.output) : undefined;
      const { plan: p, root } = await plan({
        cwd: io.cwd,
        paths,
        ...(cfg ? { configPath: cfg } : {}),
        ...(output ? { planDir: dirname(output) } : {}),
      });
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
    .action(async (args: string[], opts: { stat?: boolean; patch?: string; exitCode?: boolean; context: number; color?: boolean }) => {
      const { plan: p, root } = await planFor(args);
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
    .description('write the planned changes (atomically, file by file)')
    .argument('[plan-or-paths...]', 'a plan.json, or files / directories to plan now')
    .option('-y, --yes', 'apply without asking (scripted use)')
    .option('--dry-run', 'show what would be written, write nothing')
    .option('--json', 'print a machine-readable report on stdout')
    .action(async (args: string[], opts: { yes?: boolean; dryRun?: boolean; json?: boolean }) => {
      const { plan: p, root } = await planFor(args);
      const prv = await preview(p, root);
      if (opts.dryRun) {
        if (prv.changes.length > 0) io.stdout(diffStat(prv.changes, { color: useColor({}) }));
        reportProblems(p, prv);
        err(`dry run: ${prv.changes.length} file(s) would change; nothing written`);
        return;
      }
      if (prv.changes.length === 0 && prv.problems.length === 0) {
        if (opts.json) io.stdout(`${JSON.stringify(applyReport(p, { files: [], written: 0, stale: 0, failed: 0 }), null, 2)}\n`);
        else out('nothing to apply');
        reportProblems(p);
        if (p.summary.skipped + p.summary.failed > 0) exitCode = 3;
        return;
      }
      if (!opts.yes) {
        if (!io.stdinIsTTY) {
          throw new CanonizeError('E_NOT_A_TTY', 'apply needs confirmation, but standard input is not a terminal', 'pass --yes to apply without asking, or --dry-run to preview');
        }
        const lines = prv.changes.reduce((n, c) => n + countLines(c).added + countLines(c).removed, 0);
        if (!(await io.confirm(`Apply ${p.batches.length} batch(es): ${prv.changes.length} file(s), ${lines} changed line(s)?`))) {
          err('nothing written');
          return;
        }
      }
      const result = await apply({ plan: p, root });
      if (opts.json) io.stdout(`${JSON.stringify(applyReport(p, result), null, 2)}\n`);
      else {
        for (const f of result.files) if (f.outcome !== 'written') err(`${f.outcome}: ${f.path}: ${f.reason ?? ''}`);
        out(`written ${result.written} file(s); stale ${result.stale}; failed ${result.failed}`);
      }
      reportProblems(p);
      if (result.stale + result.failed + p.summary.skipped + p.summary.failed > 0) exitCode = 3;
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
      err(`${pc.red('error')} [${e.code}]: ${e.message}`);
      if (e instanceof ConfigError) for (const issue of e.issues) err(`  ${issue.field}: ${issue.message}`);
      if (e.hint) err(`  hint: ${e.hint}`);
      return 2;
    }
    err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 70;
  }
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
  const table = (title: string, counts: Record<string, number>) => {
    const keys = Object.keys(counts).sort();
    if (keys.length === 0) return;
    out(title);
    const width = Math.max(...keys.map((k) => k.length));
    for (const k of keys) out(`  ${k.padEnd(width)}  ${counts[k]}`);
  };
  table('edits by rule', s.editsByRule);
  table('findings by rule', s.findingsByRule);
  table('skipped / failed by reason', s.skippedByReason);
}

/** The `apply --json` report: per batch and per file. */
function applyReport(p: Plan, result: ApplyResult) {
  return {
    written: result.written,
    stale: result.stale,
    failed: result.failed,
    batches: p.batches.map((b) => ({ id: b.id, name: b.name, files: result.files.filter((f) => f.batch === b.id) })),
    notApplied: p.files.filter((f) => f.outcome === 'skipped' || f.outcome === 'failed').map((f) => ({ path: f.path, outcome: f.outcome, code: 'code' in f ? f.code : undefined, reason: 'reason' in f ? f.reason : undefined })),
  };
}
