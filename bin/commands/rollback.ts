/** `canonize rollback`: restore every file a run wrote, byte for byte, from its journal; `--list` the runs. */
import { rollback, runs } from '../../src/index.js';
import { describeRollback, describeRuns } from '../shared/apply-ui.js';
import { configRequest, type CommandDefinition } from '../shared/context.js';
import { onInterrupt, sayInterrupted } from '../shared/interrupt.js';
import { JSON_FORMAT_VERSION, jsonText } from '../shared/json-output.js';

export const rollbackCommand: CommandDefinition = (program, ctx) => {
  program
    .command('rollback')
    .description('restore, byte for byte, every file a run wrote, from its journal')
    .argument('[run-id]', 'the run to undo (default: the latest run that has applied batches)')
    .option('--force', 'also overwrite files that changed since the run')
    .option('--list', 'list the runs in the journal, newest first')
    .option('--json', 'print a machine-readable report (or, with --list, the runs) on stdout; errors as JSON too, nothing on stderr')
    .action(async (runId: string | undefined, opts: { force?: boolean; list?: boolean; json?: boolean }) => {
      const { io } = ctx;
      const where = { cwd: io.cwd, ...configRequest(ctx) };
      if (opts.list) {
        const list = await runs(where);
        if (opts.json) io.stdout(jsonText({ version: JSON_FORMAT_VERSION, runs: list }));
        else describeRuns(list, ctx.out);
        return;
      }
      const stopInterrupted = onInterrupt(() => sayInterrupted(ctx));
      const result = await rollback({ ...where, ...(runId ? { runId } : {}), force: Boolean(opts.force) }).finally(stopInterrupted);
      if (opts.json) io.stdout(jsonText({ version: JSON_FORMAT_VERSION, ...result }));
      else describeRollback(result, ctx.out, ctx.err);
      if (result.unverified.length > 0) ctx.exitCode = 3;
    });
};
