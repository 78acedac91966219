/**
 * Fixture discovery for transform tests. A rule kind's fixtures live beside it, in `src/rules/<kind>/__fixtures__/`;
 * the planner's own (the fixpoint, files tree-sitter cannot read) in `test/__fixtures__/`. A case is
 * `<fixtures>/<transform>/<case>.input.<ext>` with an
 * optional `<case>.output.<ext>` (no output file: the case must produce no edits) and an optional
 * `<case>.config.yaml`; otherwise the folder's `canonize.config.yaml` applies. The project a case lives in (for
 * export checks and module resolution) is `<case>.tree/` if present, else the folder's `__tree__/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileConfig, type CompiledConfig } from '../../src/config/compile.js';
import { parseConfig } from '../../src/config/load.js';
import { buildProjectIndex, EMPTY_PROJECT } from '../../src/planner/project-index.js';
import type { ProjectIndex } from '../../src/core/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES_DIR = join(ROOT, 'test', '__fixtures__');

/** Every folder of fixture folders: the planner's, then each rule kind's. */
export const FIXTURE_ROOTS: readonly string[] = [
  FIXTURES_DIR,
  ...readdirSync(join(ROOT, 'src', 'rules'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'src', 'rules', d.name, '__fixtures__')))
    .map((d) => join(ROOT, 'src', 'rules', d.name, '__fixtures__'))
    .sort(),
];

/** The fixture folder of a transform (`python-move`), wherever it lives. */
export function fixtureFolder(transform: string): string {
  const found = FIXTURE_ROOTS.map((root) => join(root, transform)).find((dir) => existsSync(dir));
  if (!found) throw new Error(`no fixture folder ${transform}`);
  return found;
}

export interface FixtureCase {
  transform: string;
  name: string;
  inputPath: string;
  outputPath: string | undefined;
  /** The path the file is planned under: `<case>.path` if present, else the case name with the input's extension. */
  virtualPath: string;
  config: CompiledConfig;
  /** Built from the folder's `__tree__/` (a small project the case lives in), if it has one. */
  project: ProjectIndex;
}

function loadCompiled(file: string): CompiledConfig {
  return compileConfig(parseConfig(readFileSync(file, 'utf8'), file));
}

/** Every fixture case of every transform folder, sorted. */
export async function discoverFixtureCases(): Promise<FixtureCase[]> {
  const cases: FixtureCase[] = [];
  const transforms = FIXTURE_ROOTS.flatMap((root) => readdirSync(root)).sort();
  for (const transform of transforms) {
    const dir = fixtureFolder(transform);
    const files = readdirSync(dir).sort();
    const folderConfig = join(dir, 'canonize.config.yaml');
    for (const file of files) {
      const m = /^(.+)\.input\.([a-z]+)$/.exec(file);
      if (!m) continue;
      const [, name, ext] = m as unknown as [string, string, string];
      const output = join(dir, `${name}.output.${ext}`);
      const caseConfig = join(dir, `${name}.config.yaml`);
      const pathFile = join(dir, `${name}.path`);
      const config = loadCompiled(existsSync(caseConfig) ? caseConfig : folderConfig);
      // A case's own project (`<case>.tree/`, e.g. a monorepo) takes the place of the folder's `__tree__/`.
      const tree = existsSync(join(dir, `${name}.tree`)) ? join(dir, `${name}.tree`) : join(dir, '__tree__');
      cases.push({
        transform,
        name,
        inputPath: join(dir, file),
        outputPath: existsSync(output) ? output : undefined,
        virtualPath: existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : `${name}.${ext}`,
        config,
        project: existsSync(tree) ? await buildProjectIndex(tree, config.pythonSourceRoots, config.transforms) : EMPTY_PROJECT,
      });
    }
  }
  return cases;
}
