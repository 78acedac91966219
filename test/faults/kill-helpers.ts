/**
 * The SIGKILL half of the faults suite, shared by its files: run the built CLI as a real process and kill it at a
 * chosen moment (after a delay, or once a batch of its run is journaled), and time a full run to spread the kills.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'canonize.js');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether the manifest of batch `n` or a later one exists (the run has journaled it and may be writing its files). */
export function journaled(dir: string, n = 0): boolean {
  const runs = join(dir, '.canonize', 'runs');
  return existsSync(runs) && readdirSync(runs).some((run) => readdirSync(join(runs, run)).some((f) => Number(/^batch-(\d+)\.json$/.exec(f)?.[1] ?? -1) >= n));
}

/** Run the CLI in `cwd` as a real process and SIGKILL it `delay` ms after it starts (or after `after()` holds, then `delay`). */
export async function runAndKill(cwd: string, argv: string[], delay: number, after?: () => boolean): Promise<{ finished: boolean; code: number | null }> {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd, stdio: 'ignore' });
  let finished = false;
  let code: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (c) => {
      finished = true;
      code = c;
      resolve();
    }),
  );
  if (after) while (!finished && !after()) await sleep(1);
  await sleep(delay);
  const before = finished;
  child.kill('SIGKILL');
  await exited;
  return { finished: before, code: before ? code : null };
}

/** How long a full run of `argv` in `cwd` takes here (to spread the "anywhere" kills over it). */
export async function duration(cwd: string, argv: string[]): Promise<number> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...argv], { cwd, stdio: 'ignore' });
  expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
  return Date.now() - started;
}
