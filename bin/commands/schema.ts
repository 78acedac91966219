/**
 * `canonize schema [OUTPUT]`: print the JSON Schema of the config file (what `npm run schema` writes to schema/), or
 * of one `--json` output (`plan`, `check`, `audit`, `apply`, ...: schema/json/OUTPUT.schema.json, docs/json.md).
 */
import { Argument } from 'commander';
import { configJsonSchema } from '../../src/index.js';
import type { CommandDefinition } from '../shared/context.js';
import { JSON_OUTPUTS, outputJsonSchema, type JsonOutputName } from '../shared/json-schemas.js';
import { jsonText } from '../shared/json-output.js';

export const schemaCommand: CommandDefinition = (program, ctx) => {
  program
    .command('schema')
    .description('print the JSON Schema of the config file, or of a --json output')
    .addArgument(new Argument('[output]', 'a --json output instead of the config').choices(Object.keys(JSON_OUTPUTS)))
    .action((output: JsonOutputName | undefined) => ctx.io.stdout(jsonText(output ? outputJsonSchema(output) : configJsonSchema())));
};
