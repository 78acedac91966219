/** `canonize audit`: what is still fragmented, as a table, JSON, Markdown or SARIF; `--write-baseline` for check (docs/audit.md). */
import { resolve } from 'node:path';
import { Option } from 'commander';
import { audit, saveBaseline, type Shard } from '../../src/index.js';
import { configRequest, type CommandDefinition } from '../shared/context.js';
import { cacheRequest, customTransforms, jobsOption, noCacheOption, parsePositiveInt, shardOption, transformFlag, transformOptionFlag } from '../shared/options.js';
import { whilePlanning } from '../shared/progress.js';

interface AuditFlags {
  json?: boolean;
  markdown?: boolean;
  sarif?: boolean;
  format?: 'text' | 'github';
  writeBaseline?: string;
  depth: number;
  top: number;
  jobs?: number;
  shard?: Shard;
  cache?: boolean;
  transform?: string[];
  transformOption?: string[];
}

export const auditCommand: CommandDefinition = (program, ctx) => {
  program
    .command('audit')
    .description('measure what is still fragmented: legacy sites per pattern, compliance, isolation risks')
    .argument('[paths...]', 'files or directories (default: the project root)')
    .addOption(new Option('--json', 'print the report as JSON (errors as JSON too, nothing on stderr)').conflicts(['markdown', 'sarif', 'format']))
    .addOption(new Option('--markdown', 'print the report as Markdown (for a pull request or an issue)').conflicts(['sarif', 'format']))
    .addOption(new Option('--sarif', 'print a SARIF 2.1.0 log (for GitHub code scanning)').conflicts('format'))
    .addOption(new Option('--format <format>', 'text, or github: GitHub Actions annotations, one per site on its line').choices(['text', 'github']).default('text'))
    .option('--write-baseline <file>', 'also write the current legacy sites as a baseline for `check --baseline`')
    .option('--depth <n>', 'directory depth of the "top directories" table', (v) => parsePositiveInt(v, '--depth'), 2)
    .option('--top <n>', 'how many directories to list', (v) => parsePositiveInt(v, '--top'), 10)
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .addOption(jobsOption())
    .addOption(noCacheOption())
    .addOption(shardOption())
    .action(async (paths: string[], opts: AuditFlags) => {
      const { io } = ctx;
      const transforms = await customTransforms(opts, io.cwd, ctx.err);
      const { text, units } = await whilePlanning(io.stderrIsTTY, opts.json, (progress) =>
        audit({
          cwd: io.cwd,
          paths,
          depth: opts.depth,
          top: opts.top,
          format: opts.json ? 'json' : opts.markdown ? 'markdown' : opts.sarif ? 'sarif' : opts.format === 'github' ? 'github' : 'text',
          ...configRequest(ctx),
          ...(opts.jobs ? { jobs: opts.jobs } : {}),
          ...(opts.shard ? { shard: opts.shard } : {}),
          ...cacheRequest(opts),
          ...transforms,
          ...progress,
        }),
      );
      io.stdout(text);
      if (opts.writeBaseline) {
        const file = resolve(io.cwd, opts.writeBaseline);
        await saveBaseline(units, file);
        ctx.err(`baseline of ${units.length} legacy site(s) written to ${file}`);
      }
    });
};
