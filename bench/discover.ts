/**
 * The benchmark's `init --discover` figure (issue 19: at most 30 s on a 10k-file tree on 2 cores): wall, CPU and
 * peak RSS of `canonize init --discover --force` on a tree, run in a temporary copy of it so that the tree's own
 * `canonize.config.yaml` (the preset `plan` is measured with) is never overwritten. Medians of `runs` samples, in
 * the style of measure.ts; bench/run.ts decides where the figure goes in results.json.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, summarize, type Sample, type Summary } from './measure.js';
import { BUILD } from './peers.js';

/** What one discover measurement found, besides its timings: the proposal's size (so a figure says what it is of). */
export interface DiscoverSummary extends Summary {
  /** The first line canonize printed (`wrote …: proposed N Python moves, …`). */
  said: string;
  /** Lines of the proposed config. */
  configLines: number;
}

/**
 * Measure `canonize init --discover --force` `runs` times on a copy of `tree` (the copy is removed afterwards).
 * `extra` are more arguments (`--all`, `--focus …`).
 */
export function discoverRuns(tree: string, runs: number, extra: string[] = []): DiscoverSummary {
  const copy = mkdtempSync(join(tmpdir(), 'canonize-bench-discover-'));
  try {
    cpSync(tree, copy, { recursive: true });
    const argv = [process.execPath, join(BUILD, 'canonize.js'), 'init', '--discover', '--force', ...extra];
    const samples: Sample[] = [];
    let said = '';
    for (let i = 0; i < runs; i++) {
      const { stdout, ...sample } = measure('canonize init --discover', copy, argv);
      samples.push(sample);
      said = stdout.trim().split('\n')[0] ?? '';
    }
    const configLines = readFileSync(join(copy, 'canonize.config.yaml'), 'utf8').split('\n').length - 1;
    return { ...summarize(samples), said: said.replace(copy, '<tree>'), configLines };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
