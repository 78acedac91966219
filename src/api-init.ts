/**
 * The library's `init`: write a starter `canonize.config.yaml`, a bundled preset, or one proposed from the tree's
 * fragmented imports (`discover`, see docs/discover.md), with an example rule test beside it (`canonize-tests/`, see
 * docs/testing-rules.md). The config reference is docs/config.md.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SHARED_SUPPORT_DIR, testRules } from './api-test.js';
import { CanonizeError, UsageError } from './core/errors.js';
import { DEFAULT_TEST_DIR, packageRoot } from './core/paths.js';
import { EMBEDDED_CONFIG_FILES, hasEmbeddedSection, sectionName } from './config/embedded.js';
import { discoverConfig, type DiscoverResult } from './propose/propose.js';
import { renderDiscoveredConfig } from './propose/render.js';
import { summarizeDiscovery } from './propose/summary.js';

/** The bundled presets (`presets/<name>.yaml`). */
export const configPresets = ['websocket-ssot'] as const;

export type ConfigPreset = (typeof configPresets)[number];

export interface InitRequest {
  /** The directory the config is written in (default: process.cwd()). */
  cwd?: string;
  /** Start from a bundled preset instead of the starter config. */
  preset?: ConfigPreset;
  /** Propose moves from the fragmented imports found in the tree (a config with comments to review). */
  discover?: boolean;
  /** With `discover`: files or directories to scan, relative to `cwd` (default: all of it). */
  paths?: string[];
  /** With `discover`: only clusters whose symbols, modules or files match one of these names or globs. */
  focus?: string[];
  /** With `discover`, without focus: at most this many clusters per language, by importing files (0: all; default 20). */
  top?: number;
  /** Overwrite an existing config file. */
  force?: boolean;
}

export interface InitResponse {
  /** The config file written. */
  file: string;
  /** With `discover`: what was found, and one line that says what was proposed and left out. */
  discovered?: { result: DiscoverResult; summary: string };
  /**
   * The folder of the example rule test written beside the config (not when it exists; with `discover`, a case made
   * from the first proposed Python move, and none when no move is proposed).
   */
  tests?: string;
}

const STARTER_CONFIG = `# yaml-language-server: $schema=SCHEMA
# canonize configuration: see docs/config.md
version: 1
# include: ["**/*.py", "**/*.pyi", "**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"]
exclude: ["canonize-tests/**"]   # the rule tests of \`canonize test\` (docs/testing-rules.md)
python:
  sourceRoots: ["."]
  moves: []
  # moves:
  #   - from: mypkg.old_module          # the legacy module
  #     to: mypkg.new_module            # the canonical one
  #     symbols: { OldName: NewName }   # or [Name, Other], or "*" for every name
typescript:
  moves: []
  # moves:
  #   - from: src/lib/oldSocket.ts      # the legacy module: a file, or a specifier such as "@/lib/oldSocket"
  #     to: "@/services/socket"         # the canonical one, written as this alias (tsconfig paths)
  #     symbols: { getSocket: getClient }
`;

/** Write `canonize.config.yaml` in `cwd`: the starter config, a preset, or a proposed one. */
export async function initConfig(request: InitRequest = {}): Promise<InitResponse> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const paths = request.paths ?? [];
  const target = join(cwd, 'canonize.config.yaml');
  if (paths.length > 0 && !request.discover) throw new UsageError('E_USAGE', 'init takes paths only with --discover', 'run `canonize init --discover [paths…]`');
  if ((request.focus?.length || request.top !== undefined) && !request.discover) throw new UsageError('E_USAGE', 'init takes --focus, --top and --all only with --discover');
  if (request.top !== undefined && (!Number.isInteger(request.top) || request.top < 0)) throw new UsageError('E_USAGE', '--top expects a whole number (0 for all)');
  if (existsSync(target) && !request.force) throw new CanonizeError('E_INIT_EXISTS', `${target} already exists`, 'pass --force to overwrite it');
  // A config kept in pyproject.toml or package.json here would be shadowed by the YAML file, silently: refused, even
  // with --force, which overwrites files and not sections of another tool's file.
  for (const host of EMBEDDED_CONFIG_FILES.map((f) => join(cwd, f))) {
    if (hasEmbeddedSection(host)) {
      throw new CanonizeError('E_INIT_EXISTS', `${host} already holds canonize's config (${sectionName(host)}); a canonize.config.yaml here would take its place`, `edit that section, or remove it before running init`);
    }
  }
  if (request.preset && !configPresets.includes(request.preset)) {
    throw new UsageError('E_USAGE', `no preset "${String(request.preset)}" (the presets: ${configPresets.join(', ')})`);
  }
  if (request.discover) {
    const result = await discoverConfig({
      root: cwd,
      paths: paths.map((p) => resolve(cwd, p)),
      ...(request.focus ? { focus: request.focus } : {}),
      ...(request.top !== undefined ? { top: request.top } : {}),
    });
    await writeFile(target, excludingTests(withSchemaPath(renderDiscoveredConfig(result), cwd)));
    const tests = await writeDiscoveredCase(cwd, target, result);
    return { file: target, discovered: { result, summary: summarizeDiscovery(result) }, ...(tests ? { tests } : {}) };
  }
  const text = request.preset ? excludingTests(await readFile(join(packageRoot(), 'presets', `${request.preset}.yaml`), 'utf8')) : STARTER_CONFIG;
  await writeFile(target, withSchemaPath(text, cwd));
  const tests = await writeExampleCase(cwd, request.preset);
  return { file: target, ...(tests ? { tests } : {}) };
}

const STARTER_CASE = `# An example rule test (canonize test, docs/testing-rules.md). A case is <case>.input.py, planned with the config,
# and <case>.output.py, the bytes it must give; without an output file, as here, the case must change nothing.
# Add a move to the config, then a case such as:
#   old_import.input.py:   from mypkg.old_module import OldName
#   old_import.output.py:  from mypkg.new_module import NewName
import os
`;

/**
 * Write an example rule test in `canonize-tests/` (one that passes with the config just written): the preset's own
 * (presets/<name>.tests/), or a case the starter config must leave unchanged. Nothing when the folder is there.
 */
async function writeExampleCase(cwd: string, preset: ConfigPreset | undefined): Promise<string | undefined> {
  const dir = join(cwd, DEFAULT_TEST_DIR);
  if (existsSync(dir)) return undefined;
  if (preset) await cp(join(packageRoot(), 'presets', `${preset}.tests`), dir, { recursive: true });
  else {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'example.input.py'), STARTER_CASE);
  }
  return dir;
}

/**
 * With `discover`: a rule test of the first proposed Python move — a file importing its first name from the legacy
 * module — whose expected output is what the proposed config makes of it (`canonize test --update`). It shows the
 * reviewer the move at work, and keeps it so while the config is edited. None when the folder is there, no move is
 * proposed, or the case does not plan to a change (then the folder is removed again).
 */
async function writeDiscoveredCase(cwd: string, configFile: string, result: DiscoverResult): Promise<string | undefined> {
  const dir = join(cwd, DEFAULT_TEST_DIR);
  const move = result.moves.find((m) => m.status === 'proposed');
  const entry = move?.entries[0];
  if (!move || !entry || existsSync(dir)) return undefined;
  await mkdir(dir, { recursive: true });
  const input = [
    `# An example rule test written by canonize init --discover (canonize test, docs/testing-rules.md): the first proposed`,
    `# move at work. example.output.py holds what the config makes of this file; canonize test checks it still does,`,
    `# byte for byte. Edit both as you review the config, add cases, and record outputs with canonize test --update.`,
    `from ${move.from} import ${entry.name}`,
    '',
    `print(${entry.name})`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'example.input.py'), input);
  // The config's TypeScript moves name files, which a case's tree must hold for the config to load: stand-ins in the
  // shared support folder (a Python case needs nothing of them).
  for (const file of new Set((result.typescript?.moves ?? []).flatMap((m) => [m.from, m.to]))) {
    if (!existsSync(join(cwd, file))) continue;
    const standIn = join(dir, SHARED_SUPPORT_DIR, file);
    await mkdir(dirname(standIn), { recursive: true });
    await writeFile(standIn, 'export {};\n');
  }
  const run = await testRules({ cwd, configPath: configFile, dir, update: true }).catch(() => undefined);
  const made = run?.cases[0];
  if (!run?.ok || made?.outcome !== 'changed') {
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  return dir;
}

/**
 * A preset's text with the rule tests' folder added to its `exclude` list (a one-line flow sequence, as the bundled
 * presets write it), so that plan, apply and check do not read the cases as source. The preset files stay as they
 * are: the bundled example uses one, byte for byte.
 */
function excludingTests(configText: string): string {
  return configText.replace(/^exclude: \[(.*)\]/m, (_line, items: string) => `exclude: [${items.trim() === '' ? '' : `${items}, `}"${DEFAULT_TEST_DIR}/**"]`);
}

/** Where a dependency install puts canonize's schema, relative to the project root. */
export const INSTALLED_SCHEMA_PATH = 'node_modules/canonize/schema/canonize.config.schema.json';

/**
 * Point a config's `$schema` comment at canonize's schema file, relative to the config: this installation's when it
 * lies in the config's project (its git work tree, else its directory) — a devDependency, or canonize's own
 * repository; otherwise where a devDependency install puts it, for a path out of the project (a global install,
 * npx's cache) would hold on one machine only.
 */
function withSchemaPath(configText: string, configDir: string): string {
  const schemaFile = join(packageRoot(), 'schema', 'canonize.config.schema.json');
  const project = workTreeOf(configDir) ?? configDir;
  const fromProject = relative(project, schemaFile);
  const inside = !fromProject.startsWith('..') && !isAbsolute(fromProject);
  const schema = inside ? relative(configDir, schemaFile).split(sep).join('/') : INSTALLED_SCHEMA_PATH;
  return configText.replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${schema}`);
}

/** The nearest directory from `dir` up that holds `.git` (a work tree's top), if any. */
function workTreeOf(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}
