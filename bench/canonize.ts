/**
 * The benchmark's canonize executable: the CLI from the benchmark's own build (bench/out/build), so a run measures
 * one snapshot of the sources however often dist/ is rebuilt meanwhile. Same code path as bin/canonize.js.
 */
import { main } from '../bin/cli.js';

process.exitCode = await main(process.argv.slice(2));
