/** `canonize retire`: the end state of a migration, each legacy module deleted, shimmed or kept (docs/retire.md). */
import { retirePlan, UsageError } from '../../src/index.js';
import { configRequest, type CommandDefinition } from '../shared/context.js';
import { JSON_FORMAT_VERSION, jsonText } from '../shared/json-output.js';

interface RetireFlags {
  shim?: string[];
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export const retireCommand: CommandDefinition = (program, ctx) => {
  program
    .command('retire')
    .description('the end state: delete legacy modules nothing imports any more, or turn them into deprecation shims')
    .option('--shim <module...>', "shim these legacy modules (as a move's `from` writes them) even when nothing references them")
    .option('--dry-run', 'show each legacy module, its verdict and why; write nothing')
    .option('--yes', 'write without asking')
    .option('--json', 'print the report as JSON (errors as JSON too, nothing on stderr)')
    .action(async (opts: RetireFlags) => {
      const { io } = ctx;
      if (!opts.dryRun) {
        throw new UsageError('E_USAGE', 'retire writes nothing yet: only the analysis is built', 'run `canonize retire --dry-run` (docs/retire.md)');
      }
      const result = await retirePlan({ cwd: io.cwd, ...configRequest(ctx), ...(opts.shim ? { shim: opts.shim } : {}) });
      if (opts.json) io.stdout(jsonText({ version: JSON_FORMAT_VERSION, ...result.report }));
      else io.stdout(result.text);
    });
};
