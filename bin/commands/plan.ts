/** `canonize plan`: compute the edits and batches, print a summary, write the plan (`-o`), or join shard plans. */
import { dirname, resolve } from 'node:path';
import { locatePlan, mergePlans, plan, UsageError, writePlanFile, type Batch, type Plan, type Shard } from '../../src/index.js';
import { configRequest, reportProblems, type CommandDefinition } from '../shared/context.js';
import { jsonText } from '../shared/json-output.js';
import { alignRows, countRows, firstOf, PLAN_FILES } from '../shared/summary.js';
import { whilePlanning } from '../shared/progress.js';
import { batchByOption, batchingRequest, customTransforms, jobsOption, noCacheOption, orderOption, shardOption, transformFlag, transformOptionFlag, type Batching } from '../shared/options.js';

interface PlanFlags extends Batching {
  output?: string;
  json?: boolean;
  shard?: Shard;
  merge?: string[];
}

export const planCommand: CommandDefinition = (program, ctx) => {
  program
    .command('plan')
    .description('compute the edits and batches; print a summary')
    .argument('[paths...]', 'files or directories (default: the project root)')
    .option('-o, --output <file>', 'write the plan to this file')
    .option('--json', 'print the plan as JSON on stdout (edits with line and column; errors as JSON too, nothing on stderr)')
    .addOption(batchByOption())
    .addOption(orderOption())
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .addOption(jobsOption())
    .addOption(noCacheOption())
    .addOption(shardOption())
    .option('--merge <plans...>', 'join the plans of every shard (`--shard i/n`) into the plan of the whole tree, instead of planning')
    .action(async (paths: string[], opts: PlanFlags) => {
      const { io } = ctx;
      const output = opts.output ? resolve(io.cwd, opts.output) : undefined;
      if (opts.merge && (paths.length > 0 || opts.shard || opts.transform?.length)) {
        throw new UsageError('E_USAGE', '--merge joins plans already made: it takes no paths, --shard or --transform');
      }
      const request = { cwd: io.cwd, ...configRequest(ctx), ...(output ? { planDir: dirname(output) } : {}), ...batchingRequest(opts) };
      const { plan: p, root } = opts.merge
        ? await mergePlans({ ...request, plans: opts.merge })
        : await whilePlanning(io.stderrIsTTY, opts.json, async (progress) =>
            plan({ ...request, paths, ...(opts.shard ? { shard: opts.shard } : {}), ...(await customTransforms(opts, io.cwd, ctx.err)), ...progress }),
          );
      if (output) await writePlanFile(p, output);
      // The plan as the plan file holds it, each edit with its line and column beside its offsets (docs/json.md).
      if (opts.json) io.stdout(jsonText(await locatePlan(p, root)));
      else {
        printSummary(p, root, ctx.out);
        if (output) ctx.out(`plan written to ${output}`);
      }
      reportProblems(ctx, p);
    });
};

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
    if (Object.keys(counts).length === 0) return;
    out(title);
    for (const line of countRows(counts, '  ')) out(line);
  };
  table('edits by rule', s.editsByRule);
  for (const line of batchList(p.batches)) out(line);
  table('findings by rule', s.findingsByRule);
  table('skipped / failed by reason', s.skippedByReason);
}

/**
 * The batches, in plan order (the first 50): id, file count and name (when the id is not the name), aligned, each
 * with its first {@link PLAN_FILES} file names.
 */
function batchList(batches: readonly Batch[]): string[] {
  if (batches.length === 0) return [];
  const shown = batches.slice(0, 50);
  const rows = alignRows(
    shown.map((b) => [b.id, `${b.files.length} file(s)`, b.id === b.name ? '' : b.name]),
    '  ',
  );
  const lines = ['batches (apply one with --batch ID)'];
  shown.forEach((b, i) => {
    lines.push(rows[i]!);
    const { shown: files, more } = firstOf(b.files, PLAN_FILES);
    for (const f of files) lines.push(`      ${f}`);
    if (more) lines.push(`      ${more}`);
  });
  if (batches.length > shown.length) lines.push(`  … and ${batches.length - shown.length} more batches (plan --json lists them all)`);
  return lines;
}
