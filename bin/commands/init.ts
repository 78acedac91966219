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
    .option('--force', 'overwrite an existing config file')
    .action(async (paths: string[], opts: { preset?: ConfigPreset; force?: boolean; discover?: boolean }) => {
      const { file, discovered } = await initConfig({ cwd: ctx.io.cwd, paths, ...opts });
      if (discovered) ctx.out(`wrote ${file}: ${discovered.summary}`);
      else ctx.out(`wrote ${file}${opts.preset ? ` (preset ${opts.preset})` : ''}`);
    });
};
