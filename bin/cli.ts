/**
 * The command line: `main(argv, io)` builds the program from the commands in bin/commands/ (one file each, calling
 * only the public API, src/index.ts), runs it, and maps typed errors to exit codes. It returns the exit code instead
 * of exiting, so tests run the real CLI in-process with captured output; bin/canonize.js is the executable.
 *
 * Exit codes: 0 done / nothing to do, 1 findings or pending changes (`diff --exit-code`), 2 bad usage or config,
 * 3 partly failed (files stale or failed, batches rolled back; skipped files with `--strict`). With `--json`, an error
 * is one JSON object on stdout and stderr stays empty (shared/json-output.ts, docs/json.md).
 */
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { CanonizeError, ConfigError, packageVersion, UsageError } from '../src/index.js';
import { terminalPrompts } from './shared/apply-ui.js';
import { applyCommand } from './commands/apply.js';
import { auditCommand } from './commands/audit.js';
import { checkCommand } from './commands/check.js';
import { completionCommand } from './commands/completion.js';
import { diffCommand } from './commands/diff.js';
import { initCommand } from './commands/init.js';
import { planCommand } from './commands/plan.js';
import { rollbackCommand } from './commands/rollback.js';
import { schemaCommand } from './commands/schema.js';
import { retireCommand } from './commands/retire.js';
import { testCommand } from './commands/test.js';
import { colorFlagOf, colorFor } from './shared/color.js';
import { createContext, type CliIO, type CommandContext, type CommandDefinition } from './shared/context.js';
import { EXAMPLES, examplesHelp } from './shared/examples.js';
import { errorJson, internalErrorJson, jsonText, wantsJson } from './shared/json-output.js';

export type { CliIO } from './shared/context.js';

/** The commands, in the order `canonize --help` lists them. */
const COMMANDS: readonly CommandDefinition[] = [initCommand, planCommand, diffCommand, applyCommand, rollbackCommand, checkCommand, auditCommand, retireCommand, testCommand, schemaCommand, completionCommand];

/**
 * The process's own I/O, for what `given` leaves out. The stream writers listen on process.stdout and process.stderr:
 * made only when not given, so that runs in-process with their own writers (the tests) add no listener per run.
 */
function defaultIO(given: Partial<CliIO>): CliIO {
  return {
    cwd: process.cwd(),
    stdout: given.stdout ?? whileOpen(process.stdout),
    stderr: given.stderr ?? whileOpen(process.stderr),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    prompts: terminalPrompts(process.env),
  };
}

/**
 * A writer to a standard stream that stops writing once the reader has gone (`canonize diff | head`: EPIPE), as
 * git's output does, instead of dying on an unhandled 'error' event. The command itself runs to its end: an apply
 * in progress is never cut short because nobody reads its report.
 */
function whileOpen(stream: NodeJS.WriteStream): (text: string) => void {
  let state = STREAM_STATE.get(stream);
  if (!state) {
    // One listener per stream for the life of the process, however many times main() runs in it (the tests run it
    // in-process): a listener per run would pile up on the same stream.
    const created = { open: true };
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      created.open = false;
    });
    STREAM_STATE.set(stream, created);
    state = created;
  }
  const s = state;
  return (text) => {
    if (s.open) stream.write(text);
  };
}

const STREAM_STATE = new WeakMap<NodeJS.WriteStream, { open: boolean }>();

/**
 * The program with every command, its help examples and its output wired to `io` (exported for the tests that parse
 * command lines with it, and for nothing else: run the CLI with {@link main}).
 */
export function createProgram(io: CliIO, json: boolean): { program: Command; ctx: CommandContext } {
  const program = new Command('canonize')
    .description('Move fragmented imports and factories to one canonical path, safely and byte-exact.')
    .version(packageVersion())
    .option('-c, --config <file>', 'config file (default: canonize.config.yaml found walking up from here)')
    .exitOverride()
    // With --json, commander's own messages (an unknown option) become the JSON error: nothing goes to stderr.
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => (json ? undefined : io.stderr(s)) })
    .showHelpAfterError('(run canonize --help for usage)');
  const ctx = createContext(io, program, json);
  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) {
    // Every command takes --color / --no-color (those that print no colour accept them too: one habit for all).
    if (!command.options.some((o) => o.long === '--color')) {
      command.addOption(new Option('--color', 'colour the output even when it is not a terminal')).addOption(new Option('--no-color', 'never colour the output'));
    }
    const examples = EXAMPLES[command.name()];
    if (examples) command.addHelpText('after', examplesHelp(examples));
  }
  return { program, ctx };
}

/** Run the CLI. Returns the exit code. */
export async function main(argv: string[], partialIO: Partial<CliIO> = {}): Promise<number> {
  const io: CliIO = { ...defaultIO(partialIO), ...partialIO };
  const json = wantsJson(argv);
  const { program, ctx } = createProgram(io, json);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    return json ? jsonExitCodeOf(e, io) : exitCodeOf(e, io, colorFor(colorFlagOf(argv), io.env, io.stderrIsTTY));
  }
}

/** `--json`: the error as one JSON object on stdout (nothing on stderr), and its exit code. */
function jsonExitCodeOf(e: unknown, io: CliIO): number {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    const usage = new UsageError('E_USAGE', e.message.replace(/^error: /, ''), 'run canonize --help for usage');
    io.stdout(jsonText(errorJson(usage)));
    return usage.exitCode;
  }
  const out = e instanceof CanonizeError ? errorJson(e) : internalErrorJson(e);
  io.stdout(jsonText(out));
  return out.error.exit;
}

/** Say what went wrong on stderr, and return the exit code for it. */
function exitCodeOf(e: unknown, io: CliIO, color: boolean): number {
  const err = (line: string) => io.stderr(`${line}\n`);
  if (e instanceof CommanderError) {
    // help and version "errors" are successes; every other parse error is bad usage.
    return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
  }
  if (e instanceof CanonizeError) {
    // Coloured as every command's output is (shared/color.ts; not because CI is set, which picocolors' own detection counts).
    const red = pc.createColors(color).red;
    err(`${red('error')} [${e.code}]: ${e.message}`);
    if (e instanceof ConfigError) for (const issue of e.issues) err(`  ${issue.field}: ${issue.message}`);
    if (e.hint) err(`  hint: ${e.hint}`);
    return e.exitCode;
  }
  err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return 70;
}
