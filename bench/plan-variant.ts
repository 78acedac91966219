/**
 * `canonize plan` with the pool's knobs exposed, for the benchmark's variants (where the prefilter runs, how many
 * workers, their heap): `node plan-variant.js --jobs 2 --prefilter-in workers --worker-heap 96 -o plan.json`, run in
 * the tree. It makes the same library calls as the CLI (find and compile the config, plan with no cache, write the
 * plan).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compileConfig } from '../src/config/compile.js';
import { loadConfig } from '../src/config/load.js';
import { writePlanFile } from '../src/planner/plan-json.js';
import { createPlan } from '../src/planner/plan.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string' },
    'prefilter-in': { type: 'string', default: 'main' },
    'min-pool': { type: 'string' },
    'worker-heap': { type: 'string' },
    output: { type: 'string', short: 'o' },
  },
});
const prefilterIn = values['prefilter-in'];
if (prefilterIn !== 'main' && prefilterIn !== 'workers') throw new Error(`--prefilter-in: main or workers, not ${prefilterIn}`);
const config = compileConfig(await loadConfig({ searchFrom: [process.cwd()] }));
const output = values.output ? resolve(values.output) : undefined;
const plan = await createPlan({
  config,
  // Cold runs, like the canonize the peers are compared with.
  cache: false,
  ...(values.jobs ? { jobs: Number(values.jobs) } : {}),
  ...(output ? { planDir: resolve(output, '..') } : {}),
  pool: {
    prefilterIn,
    ...(values['min-pool'] ? { minFilesForPool: Number(values['min-pool']) } : {}),
    ...(values['worker-heap'] ? { workerHeapMb: Number(values['worker-heap']) } : {}),
  },
});
if (output) await writePlanFile(plan, output);
console.log(`${plan.summary.scanned} scanned, ${plan.summary.parsed} parsed, ${plan.summary.changed} to change`);
