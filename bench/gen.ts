/**
 * `npm run bench:gen -- --files 10000 [--seed 1] [--out DIR]`: write a synthetic monorepo (see generate.ts) to
 * bench/out/tree-<files> (or DIR) and print what it holds.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/core/paths.js';
import { generateMonorepo } from './generate.js';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } },
});
const files = Number(values.files);
if (!Number.isInteger(files) || files < 1) throw new Error(`--files expects a positive whole number, got ${values.files}`);
const out = values.out ?? join(packageRoot(), 'bench', 'out', `tree-${files}`);
const started = performance.now();
const stats = await generateMonorepo({ files, seed: Number(values.seed), out });
const mb = (stats.bytes / 1e6).toFixed(1);
console.log(`${out}: ${stats.files} files (${stats.python} Python, ${stats.typescript} TypeScript), ${mb} MB generated, mean ${Math.round(stats.bytes / stats.files)} B`);
console.log(`  legacy ${stats.legacy} (${((100 * stats.legacy) / stats.files).toFixed(1)} %), unrelated websocket mentions ${stats.websocketMentions} (${((100 * stats.websocketMentions) / stats.files).toFixed(1)} %), not parsing ${stats.broken}`);
console.log(`  in ${((performance.now() - started) / 1000).toFixed(1)} s`);
