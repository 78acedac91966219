/** `canonize rollback`: restore every file a run wrote, byte for byte, from its journal; `--list` the runs. */
import { rollback, runs } from '../../src/index.js';
import { describeRollback, describeRuns } from '../shared/apply-ui.js';
import { configRequest, type CommandDefinition } from '../shared/context.js';
import { INTERRUPTED, onInterrupt } from '../shared/interrupt.js';

export const rollbackCommand: CommandDefinition = (program, ctx) => {
  program
    .command('rollback')
    .description('restore, byte for byte, every file a run wrote, from its journal')
    .argument('[run-id]', 'the run to undo (default: the latest run that has applied batches)')
    .option('--force', 'also overwrite files that changed since the run')
    .option('--list', 'list the runs in the journal, newest first')
    .option('--json', 'print a machine-readable report on stdout')
    .action(async (runId: string | undefined, opts: { force?: boolean; list?: boolean; json?: boolean }) => {
      const { io } = ctx;
      const where = { cwd: io.cwd, ...configRequest(ctx) };
      if (opts.list) {
        const list = await runs(where);
        if (opts.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else describeRuns(list, ctx.out);
        return;
      }
      const stopInterrupted = onInterrupt(() => ctx.err(INTERRUPTED));
      const result = await rollback({ ...where, ...(runId ? { runId } : {}), force: Boolean(opts.force) }).finally(stopInterrupted);
      if (opts.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else describeRollback(result, ctx.out, ctx.err);
      if (result.unverified.length > 0) ctx.exitCode = 3;
    });
};
