/** `canonize schema`: print the JSON Schema of the config file (what `npm run schema` writes to schema/). */
import { configJsonSchema } from '../../src/index.js';
import type { CommandDefinition } from '../shared/context.js';

export const schemaCommand: CommandDefinition = (program, ctx) => {
  program
    .command('schema')
    .description('print the JSON Schema of the config file')
    .action(() => ctx.io.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`));
};
