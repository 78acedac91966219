/**
 * `canonize retire`: the end state of a migration, each legacy module deleted, shimmed or kept (docs/retire.md).
 * Written as `apply` writes: one batch per module, asked about on a terminal with apply's one-key prompt (or all with
 * `--yes`), with verify gates, per-batch commits and the journal behind `rollback`.
 */
import { Option } from 'commander';
import { CanonizeError, retire, retirePlan, UsageError, type BatchApplyResult, type RetireApplyRequest, type RetireResponse } from '../../src/index.js';
import { describeBatch, describeRecovered, interactiveDecider } from '../shared/apply-ui.js';
import { configRequest, type CommandContext, type CommandDefinition } from '../shared/context.js';
import { onInterrupt, sayInterrupted } from '../shared/interrupt.js';
import { JSON_FORMAT_VERSION, jsonText } from '../shared/json-output.js';
import { parseSeconds } from '../shared/options.js';
import { writeProgressBar } from '../shared/progress.js';

interface RetireFlags {
  shim?: string[];
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  allowDirty?: boolean;
  verify?: string;
  verifyTimeout: number;
  onVerifyFail: 'stop' | 'continue';
  commitPerBatch?: boolean;
  color?: boolean;
}

export const retireCommand: CommandDefinition = (program, ctx) => {
  program
    .command('retire')
    .description('the end state: delete legacy modules nothing imports any more, or turn them into deprecation shims')
    .option('--shim <module...>', "shim these legacy modules (as a move's `from` writes them) even when nothing references them")
    .option('--dry-run', 'show each legacy module, its verdict and why; write nothing')
    .option('-y, --yes', 'write every batch without asking: delete and shim, one journaled batch per module (undo with `canonize rollback`)')
    .option('--verify <cmd>', 'run after each batch, in the root ({files}: its files); a failure rolls the batch back')
    .option('--verify-timeout <seconds>', 'kill a verify command (and everything it started) after this long; the gate then fails', parseSeconds, 600)
    .addOption(new Option('--on-verify-fail <what>', 'after a failed verify or batch commit').choices(['stop', 'continue']).default('stop'))
    .option('--commit-per-batch', 'make one git commit per retired module (its deletion or its shim)')
    .option('--allow-dirty', 'write files git reports uncommitted changes in (after `apply`, the legacy modules often are)')
    .option('--json', 'with --yes or --dry-run: print the report as JSON (errors as JSON too, nothing on stderr)')
    .action(async (opts: RetireFlags) => {
      const { io } = ctx;
      const request = { cwd: io.cwd, ...configRequest(ctx), ...(opts.shim ? { shim: opts.shim } : {}) };
      if (opts.dryRun) {
        const result = await retirePlan(request);
        if (opts.json) io.stdout(jsonText({ version: JSON_FORMAT_VERSION, ...result.report }));
        else io.stdout(result.text);
        return;
      }
      if (!opts.yes && opts.json) {
        // As for apply: the JSON contract keeps stderr empty, and the prompt lives there.
        throw new UsageError('E_USAGE', 'retire --json is for scripts: it asks nothing', 'pass --yes to write every batch, or --dry-run to look first');
      }
      if (!opts.yes && !io.stdinIsTTY) {
        throw new CanonizeError(
          'E_NOT_A_TTY',
          'retire deletes and rewrites files: it needs --yes (or --dry-run to look first), or a terminal to ask on before each module',
          'run `canonize retire --dry-run`, then `canonize retire --yes`',
        );
      }
      const result = await write(ctx, { ...request, ...engineRequest(opts) }, opts);
      const notWritten = result.applied.files.filter((f) => f.outcome !== 'written' && f.outcome !== 'already-applied');
      if (opts.json) {
        const files = result.applied.files.map((f) => ({ path: f.path, outcome: f.outcome, ...(f.reason ? { reason: f.reason } : {}) }));
        io.stdout(jsonText({ version: JSON_FORMAT_VERSION, ...result.report, ...(result.applied.runId ? { runId: result.applied.runId } : {}), files }));
      } else describe(ctx, result, opts);
      if (notWritten.length > 0 || result.applied.rolledBack > 0 || result.applied.batches.some((b) => b.status === 'rolled-back')) ctx.exitCode = 3;
    });
};

/** The engine's options from the flags, as apply passes them. */
function engineRequest(opts: RetireFlags): Omit<RetireApplyRequest, 'cwd' | 'configPath' | 'shim'> {
  return {
    ...(opts.allowDirty ? { allowDirty: true } : {}),
    ...(opts.verify ? { verify: opts.verify, verifyTimeout: opts.verifyTimeout } : {}),
    onVerifyFail: opts.onVerifyFail,
    commitPerBatch: Boolean(opts.commitPerBatch),
  };
}

/** Retire, with the progress bar in bulk on a terminal, and the per-batch prompt without `--yes`. */
async function write(ctx: CommandContext, request: RetireApplyRequest, opts: RetireFlags): Promise<RetireResponse> {
  const { io, err } = ctx;
  const bar = opts.yes && !opts.json && io.stderrIsTTY ? writeProgressBar() : undefined;
  const stopInterrupted = onInterrupt(() => {
    bar?.stop();
    sayInterrupted(ctx);
  });
  try {
    return await retire({
      ...request,
      ...(opts.yes ? {} : { decide: interactiveDecider(io.prompts, err, ctx.useColor(opts)) }),
      onProgress: (done, n) => bar?.update(done, n),
      // Interactively, each batch's outcome is said as it happens; in bulk, what did not simply apply, at the end.
      ...(opts.yes ? {} : { onBatch: (b: BatchApplyResult) => describeBatch(b, err) }),
    });
  } finally {
    stopInterrupted();
    bar?.stop();
  }
}

function describe(ctx: CommandContext, result: RetireResponse, opts: RetireFlags): void {
  const { report, applied, retired } = result;
  describeRecovered(applied.recovered, ctx.err);
  const quietlyApplied = (b: BatchApplyResult) => b.status === 'applied' && !b.commit && b.files.every((f) => f.outcome === 'written');
  if (opts.yes) for (const b of applied.batches) if (!quietlyApplied(b)) describeBatch(b, ctx.err);
  for (const r of retired) ctx.out(`${r.verdict === 'delete' ? 'deleted' : 'shimmed'} ${r.language} ${r.module} (${r.path})`);
  for (const f of applied.files) if (f.outcome !== 'written' && f.outcome !== 'already-applied') ctx.out(`not written: ${f.path}: ${f.outcome}${f.reason ? ` (${f.reason})` : ''}`);
  for (const m of report.modules) {
    if (m.verdict === 'keep') ctx.out(`kept ${m.language} ${m.module}: ${m.reasons.join('; ')}`);
    else if (m.alreadyShimmed) ctx.out(`already a shim: ${m.language} ${m.module} (${m.path})`);
    else if (m.alreadyDeleted) ctx.out(`already deleted: ${m.language} ${m.module} (${m.path})`);
  }
  if (retired.length === 0 && applied.files.length === 0) ctx.out('nothing to retire');
  if (applied.runId) ctx.out(`journal: run ${applied.runId} (undo it with \`canonize rollback ${applied.runId}\`)`);
  if (applied.quit) ctx.out('quit: the modules not retired are offered again when retire runs again');
}
