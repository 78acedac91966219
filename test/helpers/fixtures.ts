/**
 * Fixture discovery for transform tests. A case is `test/__fixtures__/<transform>/<case>.input.<ext>` with an
 * optional `<case>.output.<ext>` (no output file: the case must produce no edits) and an optional
 * `<case>.config.yaml`; otherwise the folder's `canonize.config.yaml` applies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileConfig, type CompiledConfig } from '../../src/config/compile.js';
import { parseConfig } from '../../src/config/load.js';

export const FIXTURES_DIR = join(import.meta.dirname, '..', '__fixtures__');

export interface FixtureCase {
  transform: string;
  name: string;
  inputPath: string;
  outputPath: string | undefined;
  /** The path the file is planned under (the case name with the input's extension). */
  virtualPath: string;
  config: CompiledConfig;
}

function loadCompiled(file: string): CompiledConfig {
  return compileConfig(parseConfig(readFileSync(file, 'utf8'), file));
}

/** Every fixture case of every transform folder, sorted. */
export function discoverFixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const transform of readdirSync(FIXTURES_DIR).sort()) {
    const dir = join(FIXTURES_DIR, transform);
    const files = readdirSync(dir).sort();
    const folderConfig = join(dir, 'canonize.config.yaml');
    for (const file of files) {
      const m = /^(.+)\.input\.([a-z]+)$/.exec(file);
      if (!m) continue;
      const [, name, ext] = m as unknown as [string, string, string];
      const output = join(dir, `${name}.output.${ext}`);
      const caseConfig = join(dir, `${name}.config.yaml`);
      cases.push({
        transform,
        name,
        inputPath: join(dir, file),
        outputPath: existsSync(output) ? output : undefined,
        virtualPath: `${name}.${ext}`,
        config: loadCompiled(existsSync(caseConfig) ? caseConfig : folderConfig),
      });
    }
  }
  return cases;
}
