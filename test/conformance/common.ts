/**
 * Shared pieces of the conformance harness: the seeded random choice every relocation is drawn with, the
 * corpus description the runner consumes, and small process and file helpers.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { DeclaredShape } from './shape-check.js';

/** A deterministic generator: the same seed draws the same relocations on every machine. */
export { mulberry32 as seededRandom } from '../helpers/pygen.js';

/** Fisher–Yates with the given generator; returns a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A corpus ready to run: a pristine copy (`before`), the copy canonize rewrites (`after`), and its config. */
export interface PreparedCorpus {
  name: string;
  language: 'python' | 'typescript';
  /** The untouched copy, with the generated canonical modules (what the checks compare against). */
  before: string;
  /** The copy canonize plans and applies to; its config is `after/canonize.config.yaml`. */
  after: string;
  /** Source files in the corpus. */
  files: number;
  /** Files left out of the run, each with why (they did not parse before anything was changed). */
  excluded: { path: string; reason: string }[];
  /** One line per generated relocation, for the report. */
  relocations: string[];
  /**
   * Files the compiler parses that the plan must not skip (the planted TSX views, whose JSX text tree-sitter's
   * grammar cannot read in part): a `parse-error` skip of one is a `skipped-valid` failure.
   */
  mustPlan?: string[];
  /**
   * The shapes the config declares (shape-corpus.ts): the run then checks the shape literals independently
   * (shape-check.ts, python/shapes.py) instead of type-checking, since renamed keys no longer match the types.
   */
  shapes?: DeclaredShape[];
}

/** Every file under `dir` whose name ends with one of `exts`, as sorted `/`-separated relative paths. */
export function listFiles(dir: string, exts: readonly string[], skipDir: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      const rel = relative(dir, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!skipDir(rel)) walk(path);
      } else if (entry.isFile() && exts.some((e) => entry.name.endsWith(e))) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

/** Run python3 on a script with a JSON request on stdin and parse the JSON it prints. */
export function runPython<T>(script: string, request: unknown): T {
  const result = spawnSync('python3', [script], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python3 ${script} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
