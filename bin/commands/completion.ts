/**
 * `canonize completion bash|zsh|fish`: print a shell completion script generated from this program's own commands
 * and options (shared/completion.ts), so it completes exactly the flags this version has.
 */
import { Argument } from 'commander';
import type { CommandDefinition } from '../shared/context.js';
import { completionScript, SHELLS, type Shell } from '../shared/completion.js';

export const completionCommand: CommandDefinition = (program, ctx) => {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .action((shell: Shell) => ctx.io.stdout(completionScript(program, shell)));
};
