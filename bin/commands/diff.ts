/**
 * `canonize diff`: the dry-run preview, as a unified diff (paged on a terminal, as git does), a diffstat (`--stat`) or
 * a patch file (`--patch`); with `--run-format`, of the files as the formatter step leaves them.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { diffStat, formatPatch, preview, unifiedDiff, UsageError, type FormatterSpec } from '../../src/index.js';
import { planFor, reportProblems, type CommandContext, type CommandDefinition } from '../shared/context.js';
import { formattersFor } from './apply.js';
import { batchByOption, jobsOption, noCacheOption, orderOption, parsePositiveInt, transformFlag, transformOptionFlag, type Batching } from '../shared/options.js';

interface DiffFlags extends Batching {
  stat?: boolean;
  patch?: string;
  exitCode?: boolean;
  context: number;
  color?: boolean;
  pager: boolean;
  runFormat?: boolean;
  formatCmd?: string;
}

export const diffCommand: CommandDefinition = (program, ctx) => {
  program
    .command('diff')
    .description('dry-run preview: the unified diff of what apply would write')
    .argument('[plan-or-paths...]', 'a plan.json, or files / directories to plan now')
    .option('--stat', 'print a diffstat instead of the diff')
    .option('--patch <file>', 'also write a patch that `git apply` accepts')
    .option('--exit-code', 'exit 1 when there are changes')
    .option('-U, --context <lines>', 'lines of context', (v) => parsePositiveInt(v, '--context'), 3)
    .addOption(new Option('--color', 'force colour').conflicts('noColor'))
    .option('--no-color', 'never colour')
    .option('--run-format', "show the files as apply writes them: formatted by the config's `format` (docs/engine.md, \"The formatter step\")")
    .option('--format-cmd <cmd>', 'with --run-format implied: format with CMD (stdin to stdout; {file}: the path) instead of the config\'s `format`')
    .option('--no-pager', 'print the diff even on a terminal (default there: $CANONIZE_PAGER, $PAGER or less -FRX)')
    .addOption(batchByOption())
    .addOption(orderOption())
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .addOption(jobsOption())
    .addOption(noCacheOption())
    .action(async (args: string[], opts: DiffFlags) => {
      const { io } = ctx;
      const { plan: p, root } = await planFor(ctx, args, opts);
      const prv = await preview(p, root, undefined, opts.runFormat || opts.formatCmd !== undefined ? { format: await previewFormatters(ctx, root, opts.formatCmd) } : {});
      const color = ctx.useColor(opts);
      if (opts.stat) {
        if (prv.changes.length > 0) io.stdout(diffStat(prv.changes, { color }));
      } else {
        const text = prv.changes.map((change) => unifiedDiff(change, { context: opts.context, color })).join('');
        // On a terminal the diff goes through the user's pager, as `git diff` does; `less -F` quits at once when it fits.
        if (text !== '' && opts.pager && io.stdoutIsTTY) await io.prompts.page(text);
        else io.stdout(text);
      }
      if (opts.patch) {
        await writeFile(resolve(io.cwd, opts.patch), formatPatch(prv.changes, { context: opts.context }));
        ctx.err(`patch written to ${resolve(io.cwd, opts.patch)}`);
      }
      reportProblems(ctx, p, prv);
      if (prv.changes.length === 0) ctx.err('no changes');
      else ctx.err(`${prv.changes.length} file(s) would change`);
      if (opts.exitCode && prv.changes.length > 0) ctx.exitCode = 1;
    });
};

/** The formatters `--run-format` runs: `--format-cmd`'s, else the config's, which must have one. */
async function previewFormatters(ctx: CommandContext, root: string, formatCmd: string | undefined): Promise<FormatterSpec[]> {
  const format = await formattersFor(ctx, root, formatCmd);
  if (format.length === 0 && formatCmd === undefined) {
    throw new UsageError('E_USAGE', '--run-format: the config has no `format`', 'add `format: { command: "ruff format -" }` to the config (docs/config.md), or pass --format-cmd CMD');
  }
  return format;
}
