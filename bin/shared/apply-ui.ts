/**
 * The terminal side of `apply` and `rollback`: the per-batch prompt (one key per answer), the pager for diffs, and the
 * reports, for people (stderr / stdout lines) and machines (`--json`). The engine only sees a `decide` callback and
 * progress events; everything that touches the terminal is here and in progress.ts (the progress lines).
 */
import { spawn } from 'node:child_process';
import {
  countLines,
  unifiedDiff,
  type ApplyResponse,
  type Plan,
  type Preview,
  type BatchApplyResult,
  type BatchDecision,
  type BatchPreview,
  type RecoveredRun,
  type RollbackResult,
  type RunSummary,
} from '../../src/index.js';
import { JSON_FORMAT_VERSION } from './json-output.js';
import { alignRows, batchLabel, countRows, firstOf, PROMPT_FILES } from './summary.js';

/** A choice in a prompt; `key` answers it with one key press (`select` on a terminal then asks for one key). */
export interface PromptChoice<T extends string> {
  value: T;
  name: string;
  key?: string;
}

/** The interactive prompts `apply` needs. On a terminal they are inquirer's; tests pass scripted ones. */
export interface Prompts {
  /** One of `choices`: by one key press when they all have a `key`, otherwise from a list. */
  select<T extends string>(message: string, choices: readonly PromptChoice<T>[]): Promise<T>;
  /** Several of `choices`; those with `checked` start selected. */
  checkbox(message: string, choices: readonly (PromptChoice<string> & { checked: boolean })[]): Promise<string[]>;
  /** Show long text (a diff) through the user's pager. */
  page(text: string): Promise<void>;
}

/**
 * Inquirer's prompts on this process's terminal (prompts on stderr, so stdout stays a clean report). Inquirer is
 * imported at the first prompt: most runs never prompt, and loading it costs every process ~50 ms of CPU.
 */
export function terminalPrompts(env: Record<string, string | undefined>): Prompts {
  const context = { input: process.stdin, output: process.stderr };
  return {
    select: async <T extends string>(message: string, choices: readonly PromptChoice<T>[]) => {
      const keyed = choices.filter((c): c is PromptChoice<T> & { key: string } => c.key !== undefined);
      if (keyed.length === choices.length) return (await import('./key-prompt.js')).keyPrompt({ message, choices: keyed }, context);
      const { select } = await import('@inquirer/prompts');
      return select({ message, choices: [...choices], loop: false, pageSize: choices.length }, context);
    },
    checkbox: async (message, choices) => {
      const { checkbox } = await import('@inquirer/prompts');
      return checkbox({ message, choices: [...choices], loop: false, pageSize: 15 }, context);
    },
    page: (text) => pageText(text, env),
  };
}

/** Pipe text through `$CANONIZE_PAGER`, `$PAGER` or `less -FRX` (as git does), or print it when stdout is not a terminal. */
function pageText(text: string, env: Record<string, string | undefined>): Promise<void> {
  const pager = env.CANONIZE_PAGER ?? env.PAGER ?? 'less -FRX';
  if (!process.stdout.isTTY || pager.trim() === '' || pager.trim() === 'cat') {
    process.stdout.write(text);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const child = spawn(pager, { shell: true, stdio: ['pipe', 'inherit', 'inherit'] });
    child.on('error', () => {
      process.stdout.write(text);
      resolve();
    });
    child.on('close', (code) => {
      if (code === 127) process.stdout.write(text); // the pager does not exist
      resolve();
    });
    child.stdin.on('error', () => undefined); // the user quit the pager before reading everything
    child.stdin.end(text);
  });
}

type Line = (text?: string) => void;

/**
 * The summary shown before a batch is offered: its files (the first {@link PROMPT_FILES}, each with its lines
 * added and removed), edits per rule in natural order, and what will not be written. Columns are aligned.
 */
export function batchSummary(prv: BatchPreview): string[] {
  const { shown, more } = firstOf(prv.files, PROMPT_FILES);
  const lines = [
    `Batch ${batchLabel(prv.batch)} (${prv.position} of ${prv.total}): ${prv.files.length} file(s), +${prv.added} -${prv.removed} line(s)`,
    '  files',
    ...alignRows(
      shown.map((f) => [f.path, `+${f.added}`, `-${f.removed}`]),
      '    ',
    ),
    ...(more ? [`    ${more}`] : []),
    '  edits by rule',
    ...countRows(prv.editsByRule, '    '),
  ];
  if (prv.problems.length > 0) {
    lines.push('  not written');
    lines.push(...alignRows(prv.problems.map((p) => [p.path, `${p.outcome}${p.reason ? `: ${p.reason}` : ''}`]), '    '));
  }
  return lines;
}

type MenuAction = 'apply' | 'skip' | 'diff' | 'choose' | 'all' | 'quit';

/** The answers at the per-batch prompt, one key each (as `git add -p`): README and docs/engine.md list them. */
function menu(prv: BatchPreview): PromptChoice<MenuAction>[] {
  return [
    { key: 'y', value: 'apply', name: `apply this batch (${prv.files.length} file(s))` },
    { key: 'n', value: 'skip', name: 'skip it' },
    { key: 'a', value: 'all', name: 'apply this and all remaining batches' },
    { key: 'd', value: 'diff', name: 'show the diff' },
    { key: 'f', value: 'choose', name: 'choose files to apply' },
    { key: 'q', value: 'quit', name: 'quit (batches applied so far stay applied)' },
  ];
}

/**
 * The per-batch prompt: apply / skip / apply all remaining / show the diff (paged) / choose files / quit, one key
 * each. Ctrl-C is a quit: applied batches stay applied.
 */
export function interactiveDecider(prompts: Prompts, err: Line, color: boolean): (prv: BatchPreview) => Promise<BatchDecision> {
  return async (prv) => {
    for (const line of batchSummary(prv)) err(line);
    try {
      for (;;) {
        const action = await prompts.select<MenuAction>(`Batch ${batchLabel(prv.batch)} (${prv.position}/${prv.total})`, menu(prv));
        switch (action) {
          case 'apply':
            return { action: 'apply' };
          case 'skip':
            return { action: 'skip' };
          case 'all':
            return { action: 'apply-all' };
          case 'quit':
            return { action: 'quit' };
          case 'diff':
            await prompts.page((await prv.changes()).map((c) => unifiedDiff(c, { color })).join(''));
            break;
          case 'choose': {
            const files = await prompts.checkbox(
              'Files to apply',
              prv.files.map((f) => ({ value: f.path, name: `${f.path}  (+${f.added} -${f.removed})`, checked: true })),
            );
            if (files.length > 0) return { action: 'apply', files };
            err('no file chosen');
            break;
          }
          default:
            action satisfies never;
        }
      }
    } catch (e) {
      if (e instanceof Error && e.name === 'ExitPromptError') return { action: 'quit' };
      throw e;
    }
  };
}

/** One line per recovered run: what a killed run left, and what recovery did. */
export function describeRecovered(recovered: readonly RecoveredRun[], err: Line): void {
  for (const run of recovered) {
    const restored = run.batches.reduce((n, b) => n + b.files.filter((f) => f.outcome === 'restored').length, 0);
    err(`recovered interrupted run ${run.runId}: ${run.batches.length} unfinished batch(es) rolled back, ${restored} file(s) restored`);
    for (const b of run.batches) for (const f of b.files) if (f.outcome === 'conflict') err(`  left as it is: ${f.path} (${f.reason})`);
  }
}

/** The human line for a finished batch, and lines for its files that were not written. */
export function describeBatch(b: BatchApplyResult, err: Line): void {
  const written = b.files.filter((f) => f.outcome === 'written').length;
  const what: Record<BatchApplyResult['status'], string> = {
    applied: `applied, ${written} file(s) written${b.commit ? `, committed ${b.commit.slice(0, 12)}` : ''}`,
    skipped: 'skipped',
    'already-applied': 'already applied by an earlier run of this plan',
    'rolled-back': `rolled back: ${b.reason ?? ''}`,
    'nothing-to-write': `nothing to write${b.reason ? `: ${b.reason}` : ''}`,
    'not-reached': 'not applied',
  };
  err(`batch ${batchLabel(b)}: ${what[b.status]}`);
  for (const f of b.files) {
    if (f.outcome === 'stale' || f.outcome === 'failed' || f.outcome === 'unchanged') err(`  ${f.outcome}: ${f.path}: ${f.reason ?? ''}`);
  }
  if (b.verify && !b.verify.ok) {
    err(`  verify: ${b.verify.command}`);
    for (const line of b.verify.output.trimEnd().split('\n')) err(`  | ${line}`);
  }
}

/** The plan's files it skipped or failed, and every finding, located (what the text report lists on stderr). */
function planProblems(p: Plan) {
  return {
    notApplied: p.files
      .filter((f) => f.outcome === 'skipped' || f.outcome === 'failed')
      .map((f) => ({ path: f.path, outcome: f.outcome, code: 'code' in f ? f.code : undefined, reason: 'reason' in f ? f.reason : undefined })),
    findings: p.files.flatMap((f) => f.findings.map((x) => ({ path: f.path, line: x.line, column: x.column, severity: x.severity, rule: x.rule, message: x.message }))),
  };
}

/**
 * The `apply --json` report (docs/json.md): the run, per batch (status, verify, commit) and per file (outcome,
 * reason, edits); the plan's skipped and failed files and its findings.
 */
export function applyReport(result: ApplyResponse) {
  return {
    version: JSON_FORMAT_VERSION,
    runId: result.runId ?? null,
    written: result.written,
    stale: result.stale,
    failed: result.failed,
    rolledBack: result.rolledBack,
    quit: result.quit,
    recovered: result.recovered,
    batches: result.batches,
    ...planProblems(result.plan),
  };
}

/** The `apply --dry-run --json` report: per file what would be written (batch, edits, lines), and what would not. */
export function dryRunReport(p: Plan, prv: Preview) {
  return {
    version: JSON_FORMAT_VERSION,
    dryRun: true,
    changes: prv.changes.map((c) => ({ path: c.path, batch: c.batch, edits: c.edits, ...countLines(c) })),
    notWritten: prv.problems.map((m) => ({ path: m.plan.path, outcome: m.outcome, reason: m.reason })),
    ...planProblems(p),
  };
}

/** The human report of a rollback. */
export function describeRollback(result: RollbackResult, out: Line, err: Line): void {
  describeRecovered(result.recovered, err);
  if (!result.runId) {
    out('nothing to roll back');
    return;
  }
  for (const f of result.files) if (f.reason) err(`  ${f.path}: ${f.reason}`);
  const original = result.files.filter((f) => f.outcome === 'original').length;
  out(`rolled back run ${result.runId}: ${result.restored} file(s) restored${original > 0 ? `, ${original} already original` : ''}`);
  if (result.unverified.length > 0) {
    err(`not restored: the journal could not vouch for ${result.unverified.length} item(s):`);
    for (const p of result.unverified) err(`  ${p.message}`);
  }
  if (result.git) {
    const { commits, paths } = result.git;
    out(`the run's ${commits.length} commit(s) stay in git (${commits.join(' ')}): ${paths.length} restored file(s) differ from HEAD`);
    out('record the undo with one commit, from the project root:');
    out(`  ${result.git.command}`);
    out('(or, to keep git\'s own revert commits, `git revert` them instead of rolling back: see docs/engine.md, "Rollback")');
  }
}

/** `rollback --list`: the runs, newest first. */
export function describeRuns(runs: readonly RunSummary[], out: Line): void {
  if (runs.length === 0) out('no runs');
  for (const r of runs) {
    const b = r.batches;
    out(`${r.id}  ${r.state.padEnd(11)}  ${b.applied} applied, ${b.rolledBack} rolled back${b.other ? `, ${b.other} unfinished` : ''} batch(es); ${r.files} file(s)`);
  }
}
