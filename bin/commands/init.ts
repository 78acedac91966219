/** `canonize init`: write a starter config, a preset, or (`--discover`) one proposed from the tree (docs/discover.md). */
import { Option } from 'commander';
import { configPresets, initConfig, type ConfigPreset } from '../../src/index.js';
import type { CommandDefinition } from '../shared/context.js';

export const initCommand: CommandDefinition = (program, ctx) => {
  program
    .command('init')
    .description('write a starter canonize.config.yaml in the current directory')
    .argument('[paths...]', 'with --discover: files or directories to scan (default: the current directory)')
    .addOption(new Option('--preset <name>', 'start from a bundled preset').choices(configPresets))
    .addOption(new Option('--discover', 'propose moves from the fragmented imports found in this tree, with comments to review').conflicts('preset'))
    .option('--focus <pattern>', 'with --discover: only clusters whose symbols, modules or files match this name or glob (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--top <n>', 'with --discover, without --focus: show the n clusters per language with the most importers (default 20)')
    .option('--all', 'with --discover: show every cluster (same as --top 0)')
    .option('--force', 'overwrite an existing config file')
    .action(async (paths: string[], opts: { preset?: ConfigPreset; force?: boolean; discover?: boolean; focus: string[]; top?: string; all?: boolean }) => {
      const { focus, top, all, ...rest } = opts;
      const limit = all ? 0 : top !== undefined ? Number(top) : undefined;
      const { file, discovered, tests } = await initConfig({ cwd: ctx.io.cwd, paths, ...rest, ...(focus.length > 0 ? { focus } : {}), ...(limit !== undefined ? { top: limit } : {}) });
      if (discovered) ctx.out(`wrote ${file}: ${discovered.summary}`);
      else ctx.out(`wrote ${file}${opts.preset ? ` (preset ${opts.preset})` : ''}`);
      if (tests) ctx.out(`wrote an example rule test in ${tests} (run it: canonize test)`);
    });
};
