/**
 * The TypeScript compiler, loaded on first use. Only resolving module specifiers needs it, and most planner threads
 * never do: importing it costs ≈ 0.5 s of start-up per thread as an ES module (Node scans the 9 MB CommonJS file for
 * its exports), ≈ 0.2 s through `require`.
 */
import { createRequire } from 'node:module';
import type TS from 'typescript';

let loaded: typeof TS | undefined;

export function typescript(): typeof TS {
  return (loaded ??= createRequire(import.meta.url)('typescript') as typeof TS);
}
