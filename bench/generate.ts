/**
 * A deterministic, seeded generator of a monorepo shaped like the one DOMAIN.md describes: a Python backend
 * (`netra_backend/`, `tests/`) of real-looking modules (docstrings, imports, decorators, dataclasses, services with
 * async methods, FastAPI routes, pytest tests) averaging ~18 KB with a long tail, and a TypeScript front end
 * (`frontend/src/`, ~5 % of the files). What goes into a module: bench/generator/.
 *
 * Two profiles. `synthetic` (the default): ~5 % of the files hold legacy imports and factory calls of every
 * DOMAIN.md form (the ten import patterns, the factory call shapes, module-level singletons, patch strings, the
 * register_connection rename, TS specifiers of the old service); ~25 % mention "websocket" in unrelated ways
 * (FastAPI `websocket` parameters, docstrings, settings, other websocket_core modules, the `websockets` package);
 * "manager" is an ordinary word throughout. `real`: shaped like the real tree of issue 16, where ~15 % of the files
 * get past the prefilter and ~40 % of those change: more legacy files, and many more that name legacy modules,
 * moved symbols or call-rule callees with nothing to change (generator/mentions.ts). The library modules of the
 * bundled example (the canonical module, the legacy ones, the front-end service) are copied in, so the tree plans
 * with real export checks, and the config is the websocket-ssot preset (every rule kind, the call rules included).
 *
 * File `i` depends only on the seed, the profile and `i` (and the names files before it took), so the first 1,000
 * files of a 10,000-file tree are the 1,000-file tree: scaling runs compare like with like.
 */
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { packageRoot } from '../src/core/paths.js';
import { mulberry32 } from '../test/helpers/pygen.js';
import { pythonModule } from './generator/python.js';
import { TS_DIRS, typescriptModule } from './generator/typescript.js';
import { ADJECTIVES, camel, DOMAINS, LAYERS, NOUNS, Random, ROLES, snake } from './generator/vocabulary.js';

/** The bundled example, whose library modules and config the generated tree reuses. */
const EXAMPLE = join(packageRoot(), 'examples', 'legacy-app');
/** The preset the real profile's tree is configured with (the example's config is a copy of it today). */
const PRESET = join(packageRoot(), 'presets', 'websocket-ssot.yaml');
/** Files of the example copied verbatim (relative to it). Everything under these folders, plus these files. */
const EXAMPLE_LIBRARY = [
  'canonize.config.yaml',
  'tsconfig.json',
  'netra_backend/__init__.py',
  'netra_backend/app/__init__.py',
  'netra_backend/app/websocket_core',
  'netra_backend/app/websocket',
  'netra_backend/app/services/__init__.py',
  'netra_backend/app/services/websocket',
  'netra_backend/app/services/user_execution_context.py',
  'netra_backend/app/agents/__init__.py',
  'netra_backend/app/agents/interfaces.py',
  'frontend/src/services',
  'frontend/src/lib',
  'frontend/src/types',
];

/** The generator's profiles: `synthetic` (the bench's first tree) and `real` (shaped like issue 16's real tree). */
export type Profile = 'synthetic' | 'real';
export const PROFILES: readonly Profile[] = ['synthetic', 'real'];

/** How often a file holds what: per generated module (the copied library aside). */
interface ProfileRates {
  /** Legacy imports and calls. */
  legacy: number;
  /** Of the other Python modules: mentions of legacy names with nothing to change (0: none, and no draw). */
  mentionsLegacy: number;
  /** Of the other TypeScript modules: an import of the canonical service. */
  tsCanonical: number;
}

// The real profile's rates are tuned so that canonize plans ~15 % of the files and changes ~40 % of those
// (test/bench-profile.test.ts keeps them there); the synthetic profile's must not change (its trees are pinned).
const RATES: Record<Profile, ProfileRates> = {
  synthetic: { legacy: 0.05, mentionsLegacy: 0, tsCanonical: 0 },
  real: { legacy: 0.07, mentionsLegacy: 0.085, tsCanonical: 0.12 },
};

/** The folder name of a tree under bench/out/: `tree-<files>`, `tree-real-<files>`. */
export function treeName(profile: Profile, files: number): string {
  return profile === 'synthetic' ? `tree-${files}` : `tree-${profile}-${files}`;
}

export interface GenerateOptions {
  /** Total number of source files (Python + TypeScript) in the tree, the copied library modules included. */
  files: number;
  seed?: number;
  /** `synthetic` unless given. */
  profile?: Profile;
  /** Directory to write to (emptied first). */
  out: string;
}

export interface GenerateStats {
  files: number;
  bytes: number;
  python: number;
  typescript: number;
  /** Files written with legacy imports or calls. */
  legacy: number;
  /** Python files that mention "websocket" without any legacy use. */
  websocketMentions: number;
  /** Files that name moved symbols, callees or the canonical module without any legacy use (already migrated ones included). */
  legacyMentions: number;
  /** Files that deliberately do not parse (merge-conflict markers, half-finished edits). */
  broken: number;
}

// ---------------------------------------------------------------------------------------------------------------
// The tree

/** Library files of the example, relative to it (recursively for folders), sorted. */
async function exampleLibraryFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const entry of EXAMPLE_LIBRARY) {
    const abs = join(EXAMPLE, entry);
    try {
      const names = await readdir(abs, { recursive: true, withFileTypes: true });
      for (const d of names) if (d.isFile()) out.push(relative(EXAMPLE, join(d.parentPath, d.name)).split('\\').join('/'));
    } catch {
      out.push(entry);
    }
  }
  return out.sort();
}

/** Copy the example's library modules (counted in `stats`) and the config into `out`; the paths taken. */
async function copyLibrary(out: string, profile: Profile, stats: GenerateStats): Promise<Set<string>> {
  const sourceFile = /\.(py|pyi|ts|tsx)$/;
  const taken = new Set<string>();
  for (const rel of await exampleLibraryFiles()) {
    taken.add(rel);
    await mkdir(dirname(join(out, rel)), { recursive: true });
    await copyFile(join(EXAMPLE, rel), join(out, rel));
    if (sourceFile.test(rel) && !rel.endsWith('.backup')) {
      stats.files++;
      if (rel.endsWith('.py')) stats.python++;
      else stats.typescript++;
    }
  }
  // The preset itself, whatever the example's config becomes: the real profile runs its full rule set.
  if (profile === 'real') await copyFile(PRESET, join(out, 'canonize.config.yaml'));
  await writeFile(join(out, '.gitignore'), '# generated by bench/generate.ts\n');
  return taken;
}

/** Generate the tree into `options.out`. */
export async function generateMonorepo(options: GenerateOptions): Promise<GenerateStats> {
  const seed = options.seed ?? 1;
  await rm(options.out, { recursive: true, force: true });
  await mkdir(options.out, { recursive: true });
  const profile = options.profile ?? 'synthetic';
  const rates = RATES[profile];
  const stats: GenerateStats = { files: 0, bytes: 0, python: 0, typescript: 0, legacy: 0, websocketMentions: 0, legacyMentions: 0, broken: 0 };
  const taken = await copyLibrary(options.out, profile, stats);

  const packages = new Set<string>();
  const write = async (rel: string, text: string) => {
    await mkdir(dirname(join(options.out, rel)), { recursive: true });
    await writeFile(join(options.out, rel), text);
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
  };
  for (let i = 0; stats.files < options.files; i++) {
    const r = new Random(mulberry32((seed * 0x9e3779b1) ^ (i * 0x85ebca6b)));
    const kind = r.next();
    const legacy = r.chance(rates.legacy);
    if (kind < 0.05) {
      // TypeScript (its own legacy rate: the front end's service imports).
      const dir = r.pick(TS_DIRS);
      const test = r.chance(0.15);
      const ext = !test && r.chance(0.5) ? 'tsx' : 'ts';
      let rel = `frontend/src/${dir}/${test ? '__tests__/' : ''}${camel(r.pick(ADJECTIVES), r.pick(NOUNS))}${test ? '.test' : ''}.${ext}`;
      for (let k = 2; taken.has(rel); k++) rel = rel.replace(/(\d*)(\.test)?\.(tsx?)$/, `${k}$2.$3`);
      taken.add(rel);
      const target = Math.round(Math.min(60_000, Math.exp(8.3 + 0.6 * r.normal())));
      const canonical = !legacy && rates.tsCanonical > 0 && r.chance(rates.tsCanonical);
      await write(rel, typescriptModule(r, rel, target, legacy, canonical));
      stats.typescript++;
      if (legacy) stats.legacy++;
      else if (canonical) stats.legacyMentions++;
      continue;
    }
    const test = r.chance(0.15);
    const domain = r.pick(DOMAINS);
    const dir = test ? `tests/${r.pick(['unit', 'integration', 'e2e'])}/${domain}` : `netra_backend/app/${r.chance(0.04) ? 'websocket_core' : domain}/${r.pick(LAYERS)}`;
    // Each package has an __init__.py (relative imports resolve through packages).
    for (let d = dir; d.includes('/') && !packages.has(d); d = dirname(d)) {
      packages.add(d);
      const init = `${d}/__init__.py`;
      if (taken.has(init) || d === 'netra_backend' || d === 'netra_backend/app') continue;
      taken.add(init);
      await write(init, `"""The ${d.split('/').pop()} package."""\n`);
      stats.python++;
      if (stats.files >= options.files) break;
    }
    if (stats.files >= options.files) break;
    let rel = `${dir}/${test ? 'test_' : ''}${snake(r.pick(ADJECTIVES), r.pick(NOUNS), r.pick(ROLES))}.py`;
    for (let k = 2; taken.has(rel); k++) rel = rel.replace(/(_\d+)?\.py$/, `_${k}.py`);
    taken.add(rel);
    // Sizes are log-normal (a long tail of large modules); with what a module adds past its target, the mean is ~18 KB.
    const target = Math.round(Math.min(400_000, Math.exp(9.45 + 0.72 * r.normal())));
    const websocket = r.chance(0.25);
    // A module holding mentions imports nothing canonical besides (a pool's register_connection would be renamed).
    const mentionsLegacy = !legacy && rates.mentionsLegacy > 0 && r.chance(rates.mentionsLegacy);
    const canonical = !legacy && !mentionsLegacy && r.chance(0.02);
    const file = pythonModule(r, rel, target, { legacy, websocket, canonical, mentionsLegacy, test });
    await write(rel, file.text);
    stats.python++;
    if (file.legacy) stats.legacy++;
    else if (file.websocket) stats.websocketMentions++;
    if (mentionsLegacy || canonical) stats.legacyMentions++;
    if (file.broken) stats.broken++;
  }
  return stats;
}
