/**
 * `npm run bench:gen -- --files 10000 [--profile synthetic|real] [--seed 1] [--out DIR]`: write a generated
 * monorepo (see generate.ts) to bench/out/tree-<files> (real profile: tree-real-<files>), or DIR, and print what it
 * holds.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/core/paths.js';
import { generateMonorepo, PROFILES, type Profile, treeName } from './generate.js';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '10000' }, profile: { type: 'string', default: 'synthetic' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } },
});
const files = Number(values.files);
if (!Number.isInteger(files) || files < 1) throw new Error(`--files expects a positive whole number, got ${values.files}`);
const profile = values.profile as Profile;
if (!PROFILES.includes(profile)) throw new Error(`--profile expects one of ${PROFILES.join(', ')}, got ${values.profile}`);
const out = values.out ?? join(packageRoot(), 'bench', 'out', treeName(profile, files));
const started = performance.now();
const stats = await generateMonorepo({ files, seed: Number(values.seed), profile, out });
const mb = (stats.bytes / 1e6).toFixed(1);
const pct = (n: number) => `${((100 * n) / stats.files).toFixed(1)} %`;
console.log(`${out}: ${stats.files} files (${stats.python} Python, ${stats.typescript} TypeScript), ${mb} MB generated, mean ${Math.round(stats.bytes / stats.files)} B`);
console.log(`  legacy ${stats.legacy} (${pct(stats.legacy)}), legacy names with nothing to change ${stats.legacyMentions} (${pct(stats.legacyMentions)}), unrelated websocket mentions ${stats.websocketMentions} (${pct(stats.websocketMentions)}), not parsing ${stats.broken}`);
console.log(`  in ${((performance.now() - started) / 1000).toFixed(1)} s`);
