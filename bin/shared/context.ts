/**
 * What every command gets: where it reads and writes (`CliIO`, which tests replace), the global `--config`, colour,
 * the exit code it sets, and the two steps several commands share: getting a plan and reporting its problems.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isPlanPath, plan, readPlanFile, UsageError, type Plan, type Preview } from '../../src/index.js';
import type { Prompts } from './apply-ui.js';
import { batchingRequest, customTransforms, type Batching } from './options.js';
import { whilePlanning } from './progress.js';
import { colorFor } from './color.js';

/** Where the CLI reads and writes. Tests pass their own. */
export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Whether stderr is a terminal (for the progress bar). */
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  /** The interactive prompts of `apply` (inquirer on the terminal). */
  prompts: Prompts;
}

/** One run of the CLI, as a command's action sees it. */
export interface CommandContext {
  readonly io: CliIO;
  /** A line on stdout / stderr. */
  out(line?: string): void;
  /** A line on stderr; nothing with `--json`, whose contract is an empty stderr (the JSON says it all). */
  err(line?: string): void;
  /** `--json` was given: stdout is one JSON document, stderr stays empty (docs/json.md). */
  readonly json: boolean;
  /** The global `--config`, when given. */
  configPath(): string | undefined;
  /** Whether stdout is coloured: `--color` / `--no-color` when given, else the environment (shared/color.ts). */
  useColor(opts: { color?: boolean }): boolean;
  /** What `main` returns when the action ends without an error (0 unless the command sets it). */
  exitCode: number;
}

/** A command: registers itself (flags, help, action) on the program. */
export type CommandDefinition = (program: Command, ctx: CommandContext) => void;

export function createContext(io: CliIO, program: Command, json = false): CommandContext {
  return {
    io,
    json,
    out: (line = '') => io.stdout(`${line}\n`),
    err: (line = '') => (json ? undefined : io.stderr(`${line}\n`)),
    configPath: () => program.opts<{ config?: string }>().config,
    useColor: (opts) => colorFor(opts.color, io.env, io.stdoutIsTTY),
    exitCode: 0,
  };
}

/** The global `--config` as a request field. */
export function configRequest(ctx: CommandContext): { configPath?: string } {
  const cfg = ctx.configPath();
  return cfg ? { configPath: cfg } : {};
}

/** Whether the arguments name a plan file (`diff plan.json`) rather than paths to plan now. */
export function isPlanFileArg(args: string[]): boolean {
  return args.length === 1 && isPlanPath(args[0]!);
}

/** A plan from `plan.json`, or a fresh one over the given paths (with the planning line, unless `json`). */
export async function planFor(ctx: CommandContext, args: string[], batching: Batching = {}, json?: boolean): Promise<{ plan: Plan; root: string }> {
  const { io } = ctx;
  if (isPlanFileArg(args)) {
    if (batching.batchBy || batching.order?.length) {
      throw new UsageError('E_USAGE', '--batch-by and --order choose batches when planning; a plan file keeps the batches it was made with', 're-run `canonize plan --batch-by ... -o plan.json`');
    }
    if (batching.transform?.length) throw new UsageError('E_USAGE', '--transform runs when planning; a plan file already holds its edits', 're-run `canonize plan --transform ... -o plan.json`');
    return readPlanFile(resolve(io.cwd, args[0]!), { cwd: io.cwd, ...configRequest(ctx) });
  }
  const request = { cwd: io.cwd, paths: args, ...configRequest(ctx), ...batchingRequest(batching), ...(await customTransforms(batching, io.cwd, ctx.err)) };
  const { plan: p, root } = await whilePlanning(io.stderrIsTTY, json, (progress) => plan({ ...request, ...progress }));
  return { plan: p, root };
}

/** On stderr: the files skipped or failed, every finding, and the files a preview could not rebuild. */
export function reportProblems(ctx: CommandContext, p: Plan, prv?: Preview): void {
  for (const f of p.files) {
    if (f.outcome === 'skipped' || f.outcome === 'failed') ctx.err(`${f.outcome}: ${f.path}: ${f.reason}`);
    for (const x of f.findings) ctx.err(`${x.severity}: ${f.path}:${x.line}:${x.column}: ${x.message} [${x.rule}]`);
  }
  for (const m of prv?.problems ?? []) ctx.err(`${m.outcome}: ${m.plan.path}: ${m.reason}`);
}
