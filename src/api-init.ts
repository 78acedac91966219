/**
 * The library's `init`: write a starter `canonize.config.yaml`, a bundled preset, or one proposed from the tree's
 * fragmented imports (`discover`, see docs/discover.md). The config reference is docs/config.md.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CanonizeError, UsageError } from './core/errors.js';
import { packageRoot } from './core/paths.js';
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
}

const STARTER_CONFIG = `# yaml-language-server: $schema=SCHEMA
# canonize configuration: see docs/config.md
version: 1
# include: ["**/*.py", "**/*.pyi", "**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"]
exclude: []
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
    await writeFile(target, withSchemaPath(renderDiscoveredConfig(result), cwd));
    return { file: target, discovered: { result, summary: summarizeDiscovery(result) } };
  }
  const text = request.preset ? await readFile(join(packageRoot(), 'presets', `${request.preset}.yaml`), 'utf8') : STARTER_CONFIG;
  await writeFile(target, withSchemaPath(text, cwd));
  return { file: target };
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
