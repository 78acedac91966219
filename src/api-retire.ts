/**
 * The library's `retire` call: the end state of a migration. Every legacy module of the config is analysed over the
 * whole tree (src/retire/analyse.ts) and given a verdict: deleted, turned into a deprecation shim, or kept with the
 * reason. See docs/retire.md.
 */
import { resolve } from 'node:path';
import { loadConfigOrDefaults } from './api.js';
import { compileConfig } from './config/compile.js';
import type { LoadedConfig } from './config/load.js';
import { analyseRetire } from './retire/analyse.js';
import { formatRetireReport } from './retire/format.js';
import type { RetireReport } from './retire/types.js';

export interface RetireRequest {
  /** Working directory (default: process.cwd()); the config is found from it. */
  cwd?: string;
  /** Config file; default: found by walking up from `cwd`. */
  configPath?: string;
  /** Legacy modules (as a move's `from` writes them) to shim even when nothing references them any more. */
  shim?: readonly string[];
}

export interface RetireResponse {
  report: RetireReport;
  /** The report as text (what `retire --dry-run` prints). */
  text: string;
  /** Absolute project root. */
  root: string;
  config: LoadedConfig;
}

/** Analyse the legacy modules of the config: what `canonize retire --dry-run` shows. Writes nothing. */
export async function retirePlan(request: RetireRequest = {}): Promise<RetireResponse> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const config = await loadConfigOrDefaults(request, cwd, [cwd]);
  const report = await analyseRetire({ config: compileConfig(config), ...(request.shim ? { shim: request.shim } : {}) });
  return { report, text: formatRetireReport(report), root: config.root, config };
}
