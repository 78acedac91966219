/**
 * A worker thread of the planner pool (pool.ts). It compiles the config itself from the loaded spec it was started
 * with (compiled rules hold tree-sitter objects, which cannot cross threads; compiling is deterministic, so it gets
 * the main thread's rules), keeps the project index the main thread built, and plans the files it is sent with the
 * same functions the in-process loop uses.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { workerData } from 'node:worker_threads';
import { compileConfig } from '../config/compile.js';
import { planFileBytes, readDiscoveredFile, type SourcePlanResult } from './plan-source.js';
import type { PoolResult, PoolTask, PoolWorkerData } from './pool.js';
import { ReadBuffer } from './read.js';

const data = workerData as PoolWorkerData;
const config = compileConfig(data.source);
const options = { collectSites: data.collectSites };
const reader = new ReadBuffer();

const sent = ({ plan, parsed }: SourcePlanResult): PoolResult[number] => ({ plan, parsed });

/** Plan one task. Each file's trees are freed when its plan is made; the event loop turns after each parsed file. */
export default async function planTask(task: PoolTask): Promise<PoolResult> {
  if ('bytes' in task) {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    const result = sent(planFileBytes(task.file, bytes, config, data.project, options));
    await yieldToEventLoop();
    return [result];
  }
  const results: PoolResult = [];
  for (const file of task.files) {
    const read = readDiscoveredFile(file, config, data.project, options, reader);
    if (read.result) results.push(sent(read.result));
    else {
      results.push(sent(planFileBytes(file, read.bytes, config, data.project, options)));
      await yieldToEventLoop();
    }
  }
  return results;
}
