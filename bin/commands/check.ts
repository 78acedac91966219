/** `canonize check`: the CI gate, exit 1 while a legacy pattern remains (or a new one, with `--baseline`); docs/audit.md. */
import { Option } from 'commander';
import { check, formatCheckGithub, type Shard } from '../../src/index.js';
import { configRequest, type CommandDefinition } from '../shared/context.js';
import { cacheRequest, customTransforms, jobsOption, noCacheOption, shardOption, transformFlag, transformOptionFlag } from '../shared/options.js';
import { JSON_FORMAT_VERSION, jsonText } from '../shared/json-output.js';
import { whilePlanning } from '../shared/progress.js';

interface CheckFlags {
  strict?: boolean;
  json?: boolean;
  format?: 'text' | 'github';
  baseline?: string;
  jobs?: number;
  shard?: Shard;
  changedSince?: string;
  staged?: boolean;
  retired?: boolean;
  cache?: boolean;
  transform?: string[];
  transformOption?: string[];
}

export const checkCommand: CommandDefinition = (program, ctx) => {
  program
    .command('check')
    .description('CI gate: exit 1 while any legacy pattern remains (or, with --baseline, any new one)')
    .argument('[paths...]', 'files or directories (default: the project root)')
    .option('--baseline <file>', 'fail only on legacy sites beyond this baseline (written by `audit --write-baseline`)')
    .option('--changed-since <ref>', 'check only the files changed since this git revision (the whole tree when a change reaches the project index or the config)')
    .option('--staged', "check only the files staged in git's index, as staged (for a pre-commit hook)")
    .option('--strict', 'also fail when a file cannot be checked (does not parse, not UTF-8, ...)')
    .option('--retired', 'also fail while a module `canonize retire` deleted or shimmed is imported again (the whole tree)')
    .addOption(new Option('--json', 'print the result as JSON (sites with line and column; errors as JSON too, nothing on stderr)').conflicts('format'))
    .addOption(new Option('--format <format>', 'text, or github: GitHub Actions annotations, one per site on its line').choices(['text', 'github']).default('text'))
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .addOption(jobsOption())
    .addOption(noCacheOption())
    .addOption(shardOption())
    .action(async (paths: string[], opts: CheckFlags) => {
      const { io, out } = ctx;
      const transforms = await customTransforms(opts, io.cwd, ctx.err);
      const result = await whilePlanning(io.stderrIsTTY, opts.json, (progress) =>
        check({
          cwd: io.cwd,
          paths,
          ...configRequest(ctx),
          ...(opts.jobs ? { jobs: opts.jobs } : {}),
          ...(opts.shard ? { shard: opts.shard } : {}),
          ...cacheRequest(opts),
          ...transforms,
          ...(opts.strict ? { strict: true } : {}),
          ...(opts.baseline ? { baseline: opts.baseline } : {}),
          ...(opts.changedSince !== undefined ? { changedSince: opts.changedSince } : {}),
          ...(opts.staged ? { staged: true } : {}),
          ...(opts.retired ? { retired: true } : {}),
          ...progress,
        }),
      );
      const changed = result.changed;
      if (changed?.scope === 'all') ctx.err(`checking the whole tree, not only the changed files: ${changed.reason}`);
      if (opts.json) io.stdout(jsonText({ version: JSON_FORMAT_VERSION, ...result }));
      else if (opts.format === 'github') io.stdout(formatCheckGithub(result, opts.strict));
      else {
        if (changed) {
          const what = changed.since === 'staged' ? 'staged' : `changed since ${changed.since}`;
          const renamed = changed.renamed.length > 0 ? `, ${changed.renamed.length} renamed` : '';
          out(`${what}: ${changed.files.length} file(s) added or modified${renamed}, ${changed.deleted.length} deleted (not checked)`);
          for (const d of changed.dependents) out(`also checked: ${d.path}, as ${d.reason}`);
        }
        for (const v of result.violations) out(`${v.path}${v.line ? `:${v.line}` : ''}: ${v.message} [${v.rule}]`);
        for (const u of result.unchecked) ctx.err(`not checked: ${u.path}: ${u.reason}`);
        const files = new Set(result.violations.map((v) => v.path)).size;
        const what = result.baseline ? 'new legacy sites beyond the baseline' : 'legacy patterns remain';
        out(result.violations.length === 0 ? `check passed: no ${result.baseline ? 'new ' : ''}legacy patterns in ${result.scanned} file(s)` : `check failed: ${what} in ${files} file(s)`);
        if (result.retired) out(`retired modules checked: ${result.retired.modules}`);
        if (result.baseline) {
          const gone = result.baseline.removed.reduce((n, r) => n + r.count, 0);
          out(`baseline: ${result.baseline.remaining} known legacy site(s) remain; ${gone} removed since the baseline${gone > 0 ? ' (progress: write a new baseline to lock it in)' : ''}`);
        }
      }
      if (!result.ok) ctx.exitCode = 1;
    });
};
