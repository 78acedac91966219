/**
 * `canonize test [DIR]`: run the user's own rule tests (docs/testing-rules.md): each case planned with the config,
 * compared byte for byte with its expected output, and planned again to check idempotence. Exit 1 when one fails.
 */
import pc from 'picocolors';
import { testRules, type TestCaseResult } from '../../src/index.js';
import { configRequest, type CommandDefinition, type CommandContext } from '../shared/context.js';
import { JSON_FORMAT_VERSION, jsonText } from '../shared/json-output.js';
import { customTransforms, transformFlag, transformOptionFlag } from '../shared/options.js';

interface TestFlags {
  json?: boolean;
  color?: boolean;
  transform?: string[];
  transformOption?: string[];
  update?: boolean;
}

export const testCommand: CommandDefinition = (program, ctx) => {
  program
    .command('test')
    .description('run the rule tests: each <case>.input.<ext> planned with the config must give <case>.output.<ext> byte for byte, and planning that again must change nothing')
    .argument('[dir]', 'the folder of cases (default: canonize-tests/ beside the config file)')
    .option('-u, --update', "write each case's actual output as its <case>.output.<ext> where it differs (review the change with git diff)")
    .option('--json', 'print the results as JSON (errors as JSON too, nothing on stderr)')
    .option('--color', 'colour the diffs and verdicts')
    .option('--no-color', 'never colour')
    .addOption(transformFlag())
    .addOption(transformOptionFlag())
    .action(async (dir: string | undefined, opts: TestFlags) => {
      const result = await testRules({ cwd: ctx.io.cwd, ...(dir ? { dir } : {}), ...configRequest(ctx), ...(opts.update ? { update: true } : {}), ...(await customTransforms(opts, ctx.io.cwd)) });
      if (opts.json) ctx.io.stdout(jsonText({ version: JSON_FORMAT_VERSION, ...result }));
      else report(ctx, result.cases, ctx.useColor(opts));
      if (!result.ok) ctx.exitCode = 1;
    });
};

/** One line per case, each failure's reason and diff under it, and a summary. */
function report(ctx: CommandContext, cases: readonly TestCaseResult[], color: boolean): void {
  const c = pc.createColors(color);
  for (const t of cases) {
    // The path the case was planned at, when `<case>.path` chose it.
    const planned = t.path === `${t.name.split('/').pop()}${t.input.slice(t.input.lastIndexOf('.'))}` ? '' : ` (as ${t.path})`;
    ctx.out(`${t.ok ? c.green('ok  ') : c.red('FAIL')} ${t.name}${planned}${t.updated ? ' (output updated)' : ''}`);
    for (const f of t.failures) {
      ctx.out(`     ${f.message}`);
      if (f.diff) ctx.out(colorDiff(f.diff, c).trimEnd());
    }
  }
  const failed = cases.filter((t) => !t.ok).length;
  const updated = cases.filter((t) => t.updated).length;
  const summary = `${cases.length} case(s): ${cases.length - failed} passed, ${failed} failed${updated > 0 ? `; ${updated} output file(s) updated` : ''}`;
  ctx.out(failed === 0 ? c.green(summary) : c.red(summary));
}

function colorDiff(diff: string, c: ReturnType<typeof pc.createColors>): string {
  return diff
    .split('\n')
    .map((l) => (l.startsWith('@@') ? c.cyan(l) : l.startsWith('-') ? c.red(l) : l.startsWith('+') ? c.green(l) : l))
    .join('\n');
}
