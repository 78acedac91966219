/**
 * `canonize apply`: write the plan batch by batch, asking before each on a terminal (`--yes` for scripts), with
 * the formatter step, verify gates, per-batch commits, and the journal behind `rollback` (docs/engine.md). The prompts and reports are
 * in bin/shared/apply-ui.ts.
 */
import { Option } from 'commander';
import {
  apply,
  CanonizeError,
  checkBatchIds,
  configuredFormatters,
  diffStat,
  preview,
  UsageError,
  type ApplyResponse,
  type BatchApplyResult,
  type FormatterSpec,
} from '../../src/index.js';
import { applyReport, describeBatch, describeRecovered, dryRunReport, interactiveDecider } from '../shared/apply-ui.js';
import { configRequest, isPlanFileArg, planFor, reportProblems, type CommandContext, type CommandDefinition } from '../shared/context.js';
import { sayInterrupted, onInterrupt } from '../shared/interrupt.js';
import { jsonText } from '../shared/json-output.js';
import {
  batchByOption,
  batchingRequest,
  collectBatchIds,
  customTransforms,
  jobsOption,
  noCacheOption,
  orderOption,
  parseSeconds,
  transformFlag,
  transformOptionFlag,
  type Batching,
} from '../shared/options.js';
import { planningProgress, writeProgressBar } from '../shared/progress.js';

interface ApplyFlags extends Batching {
  yes?: boolean;
  color?: boolean;
  dryRun?: boolean;
  json?: boolean;
  batch: string[];
  verify?: string;
  verifyTimeout: number;
  formatCmd?: string;
  onVerifyFail: 'stop' | 'continue';
  commitPerBatch?: boolean;
  allowDirty?: boolean;
  strict?: boolean;
}

export const applyCommand: CommandDefinition = (program, ctx) => {
  program
    .command('apply')
    .description('write the planned changes batch by batch: journaled, atomic, verified, resumable')
    .argument('[plan-or-paths...]', 'a plan.json, or files / directories to plan now')
    .option('-y, --yes', 'apply every batch without asking (scripted use)')
    .option('--dry-run', 'show what would be written, write nothing')
    .option('--json', 'with --yes or --dry-run: print one machine-readable report on stdout, errors as JSON too, nothing on stderr (docs/json.md)')
    .option('-b, --batch <ids>', 'apply only these batches (ids as `canonize plan` lists them; comma-separated, repeatable)', collectBatchIds, [])
    .option('--verify <cmd>', "run CMD after each batch ({files}: the batch's files, shell-quoted); a failure rolls the batch back")
    .option('--verify-timeout <seconds>', 'kill a verify command (and everything it started) after this long; the gate then fails', parseSeconds, 600)
    .option('--format-cmd <cmd>', "pipe each changed file through CMD (stdin to stdout; {file}: its path) before its batch is written and verified, instead of the config's `format` ('' for none)")
    .addOption(new Option('--on-verify-fail <what>', 'after a failed verify, batch commit or formatter').choices(['stop', 'continue']).default('stop'))
    .option('--commit-per-batch', 'make one git commit per applied batch')
    .option('--allow-dirty', 'write files that have uncommitted changes in git')
    .option('--strict', 'also exit 3 when the plan skipped a file (does not parse, not UTF-8, ...), as `check --strict` fails')
    .addOption(batchByOption())
    .addOption(orderOption())
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .addOption(jobsOption())
    .addOption(noCacheOption())
    .action(async (args: string[], opts: ApplyFlags) => {
      if (opts.dryRun) return dryRun(ctx, args, opts);
      if (!opts.yes && opts.json) {
        // The JSON contract keeps stderr empty, and the prompt lives there: a report for machines is a scripted run.
        throw new UsageError('E_USAGE', 'apply --json is for scripts: it asks nothing', 'pass --yes to apply every batch, or --dry-run to preview');
      }
      if (!opts.yes && !ctx.io.stdinIsTTY) {
        throw new CanonizeError('E_NOT_A_TTY', 'apply asks before each batch, but standard input is not a terminal', 'pass --yes to apply without asking, or --dry-run to preview');
      }
      const result = await write(ctx, args, opts);
      if (opts.json) ctx.io.stdout(jsonText(applyReport(result)));
      else describeResult(ctx, result, opts);
      if (partlyDone(result, Boolean(opts.strict))) ctx.exitCode = 3;
    });
};

/**
 * Exit 3: a batch rolled back, a file stale or failed (when written, or when planned), or — with `--strict` only,
 * as for `check` — a file the plan skipped (it does not parse, is not UTF-8, ...). Quitting at the prompt is none
 * of these: it exits 0 unless one of them happened too.
 */
function partlyDone(result: ApplyResponse, strict: boolean): boolean {
  const { summary } = result.plan;
  const rolledBack = result.batches.some((b) => b.status === 'rolled-back');
  return rolledBack || result.stale + result.failed + result.rolledBack + summary.failed > 0 || (strict && summary.skipped > 0);
}

/** `--dry-run`: the diffstat of what would be written. */
async function dryRun(ctx: CommandContext, args: string[], opts: ApplyFlags): Promise<void> {
  const batches = opts.batch.length > 0 ? opts.batch : undefined;
  const { plan: p, root } = await planFor(ctx, args, opts, opts.json);
  checkBatchIds(p, batches ?? []);
  const prv = await preview(p, root, batches, { format: await formattersFor(ctx, root, opts.formatCmd) });
  if (opts.json) {
    ctx.io.stdout(jsonText(dryRunReport(p, prv)));
    return;
  }
  if (prv.changes.length > 0) ctx.io.stdout(diffStat(prv.changes, { color: ctx.useColor(opts) }));
  reportProblems(ctx, p, prv);
  ctx.err(`dry run: ${prv.changes.length} file(s) would change; nothing written`);
}

/** `--format-cmd CMD`: one formatter for every changed file; `''`: none (the config's are turned off). */
export function commandFormatters(command: string): FormatterSpec[] {
  return command.trim() === '' ? [] : [{ command }];
}

/** The formatters a preview runs: `--format-cmd`'s, else the config's. */
export async function formattersFor(ctx: CommandContext, root: string, formatCmd: string | undefined): Promise<FormatterSpec[]> {
  return formatCmd !== undefined ? commandFormatters(formatCmd) : configuredFormatters({ root, cwd: ctx.io.cwd, ...configRequest(ctx) });
}

/**
 * Apply the plan (a plan file's, or one made now: with the planning line), with the progress bar in bulk and the
 * prompt interactively.
 */
async function write(ctx: CommandContext, args: string[], opts: ApplyFlags): Promise<ApplyResponse> {
  const { io, err } = ctx;
  const batches = opts.batch.length > 0 ? opts.batch : undefined;
  const given = isPlanFileArg(args) ? await planFor(ctx, args, opts) : undefined;
  const planning = given ? undefined : planningProgress(io.stderrIsTTY, opts.json);
  const bar = opts.yes && !opts.json && io.stderrIsTTY ? writeProgressBar() : undefined;
  const stopInterrupted = onInterrupt(() => {
    planning?.stop();
    bar?.stop();
    sayInterrupted(ctx);
  });
  try {
    return await apply({
      ...(given ? { plan: given.plan, root: given.root } : {}),
      project: {
        cwd: io.cwd,
        paths: given ? [] : args,
        ...configRequest(ctx),
        ...batchingRequest(opts),
        ...(await customTransforms(opts, io.cwd, ctx.err)),
        ...(planning ? { onProgress: planning.onProgress } : {}),
      },
      ...(batches ? { batches } : {}),
      ...(opts.verify ? { verify: opts.verify, verifyTimeout: opts.verifyTimeout } : {}),
      ...(opts.formatCmd !== undefined ? { format: commandFormatters(opts.formatCmd) } : {}),
      onVerifyFail: opts.onVerifyFail,
      commitPerBatch: Boolean(opts.commitPerBatch),
      allowDirty: Boolean(opts.allowDirty),
      ...(opts.yes ? {} : { decide: interactiveDecider(io.prompts, err, ctx.useColor(opts)) }),
      onProgress: (done, n) => bar?.update(done, n),
      // Interactively, each batch's outcome is said as it happens; in bulk, all at the end (after the bar).
      ...(opts.yes ? {} : { onBatch: (b: BatchApplyResult) => describeBatch(b, err) }),
    });
  } finally {
    stopInterrupted();
    planning?.stop();
    bar?.stop();
  }
}

/** The human report of a finished apply. */
function describeResult(ctx: CommandContext, result: ApplyResponse, opts: ApplyFlags): void {
  const { out, err } = ctx;
  describeRecovered(result.recovered, err);
  // In bulk, a batch that simply applied is counted in the summary line; anything else is said.
  const quietlyApplied = (b: BatchApplyResult) => b.status === 'applied' && b.files.every((f) => f.outcome === 'written');
  if (opts.yes) for (const b of result.batches) if (!quietlyApplied(b)) describeBatch(b, err);
  reportProblems(ctx, result.plan);
  if (result.batches.length === 0) out('nothing to apply');
  else {
    out(`written ${result.written} file(s); stale ${result.stale}; failed ${result.failed}; rolled back ${result.rolledBack}`);
    if (result.runId) out(`journal: run ${result.runId} (undo it with \`canonize rollback ${result.runId}\`)`);
    if (result.quit) out('quit: the batches not applied are offered again when apply runs again');
  }
}
