/** `canonize retire`: the end state of a migration, each legacy module deleted, shimmed or kept (docs/retire.md). */
import { retire, retirePlan, UsageError, type RetireResponse } from '../../src/index.js';
import { configRequest, type CommandContext, type CommandDefinition } from '../shared/context.js';
import { onInterrupt, sayInterrupted } from '../shared/interrupt.js';
import { JSON_FORMAT_VERSION, jsonText } from '../shared/json-output.js';

interface RetireFlags {
  shim?: string[];
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  allowDirty?: boolean;
  verify?: string;
}

export const retireCommand: CommandDefinition = (program, ctx) => {
  program
    .command('retire')
    .description('the end state: delete legacy modules nothing imports any more, or turn them into deprecation shims')
    .option('--shim <module...>', "shim these legacy modules (as a move's `from` writes them) even when nothing references them")
    .option('--dry-run', 'show each legacy module, its verdict and why; write nothing')
    .option('--yes', 'write: delete and shim, one journaled batch per module (undo with `canonize rollback`)')
    .option('--verify <cmd>', 'run after each batch, in the root ({files}: its files); a failure rolls the batch back')
    .option('--allow-dirty', 'write files git reports uncommitted changes in (after `apply`, the legacy modules often are)')
    .option('--json', 'print the report as JSON (errors as JSON too, nothing on stderr)')
    .action(async (opts: RetireFlags) => {
      const { io } = ctx;
      const request = { cwd: io.cwd, ...configRequest(ctx), ...(opts.shim ? { shim: opts.shim } : {}) };
      if (opts.dryRun) {
        const result = await retirePlan(request);
        if (opts.json) io.stdout(jsonText({ version: JSON_FORMAT_VERSION, ...result.report }));
        else io.stdout(result.text);
        return;
      }
      if (!opts.yes) throw new UsageError('E_USAGE', 'retire deletes and rewrites files: it needs --yes (or --dry-run to look first)', 'run `canonize retire --dry-run`, then `canonize retire --yes`');
      const stopInterrupted = onInterrupt(() => sayInterrupted(ctx));
      const result = await retire({ ...request, ...(opts.allowDirty ? { allowDirty: true } : {}), ...(opts.verify ? { verify: opts.verify } : {}) }).finally(stopInterrupted);
      const notWritten = result.applied.files.filter((f) => f.outcome !== 'written' && f.outcome !== 'already-applied');
      if (opts.json) {
        const files = result.applied.files.map((f) => ({ path: f.path, outcome: f.outcome, ...(f.reason ? { reason: f.reason } : {}) }));
        io.stdout(jsonText({ version: JSON_FORMAT_VERSION, ...result.report, ...(result.applied.runId ? { runId: result.applied.runId } : {}), files }));
      } else describe(ctx, result);
      if (notWritten.length > 0 || result.applied.rolledBack > 0) ctx.exitCode = 3;
    });
};

function describe(ctx: CommandContext, result: RetireResponse): void {
  const { report, applied, retired } = result;
  for (const r of retired) ctx.out(`${r.verdict === 'delete' ? 'deleted' : 'shimmed'} ${r.language} ${r.module} (${r.path})`);
  for (const f of applied.files) if (f.outcome !== 'written' && f.outcome !== 'already-applied') ctx.out(`not written: ${f.path}: ${f.outcome}${f.reason ? ` (${f.reason})` : ''}`);
  for (const m of report.modules) {
    if (m.verdict === 'keep') ctx.out(`kept ${m.language} ${m.module}: ${m.reasons.join('; ')}`);
    else if (m.alreadyShimmed) ctx.out(`already a shim: ${m.language} ${m.module} (${m.path})`);
    else if (m.alreadyDeleted) ctx.out(`already deleted: ${m.language} ${m.module} (${m.path})`);
  }
  if (retired.length === 0 && applied.files.length === 0) ctx.out('nothing to retire');
  if (applied.runId) ctx.out(`journal: run ${applied.runId} (undo it with \`canonize rollback ${applied.runId}\`)`);
}
