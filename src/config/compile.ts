/**
 * The compiled form of the config: what the planner runs. Compiling happens once, before any file is read, so a
 * config mistake is reported before any work is done and the per-file code never re-interprets the spec.
 */
import { createPythonMoveTransform, type CompiledPythonMove } from '../../transforms/python-move.js';
import { parseBatchBy, type BatchBy } from '../planner/batches.js';
import type { Transform } from '../types.js';
import { DEFAULT_EXCLUDE, type ConfigSpec } from './schema.js';
import type { LoadedConfig } from './load.js';

/** Everything the planner needs, derived from a validated config. */
export interface CompiledConfig {
  root: string;
  include: string[];
  /** The user's excludes plus the ones canonize always applies. */
  exclude: string[];
  gitignore: boolean;
  maxFileSize: number;
  batchBy: BatchBy;
  /** Globs that order the batches (`...` for the rest). */
  order: string[];
  /** Re-plan a file that changed since it was planned (when the config is the one the plan was made with). */
  replanStale: boolean;
  /** Python source roots, relative to the root: where module names are counted from. */
  pythonSourceRoots: string[];
  transforms: Transform[];
  hash: string;
}

function compilePythonMoves(spec: ConfigSpec): CompiledPythonMove[] {
  return spec.python.moves.map((move, i) => ({
    rule: `python.moves[${i}]`,
    from: move.from,
    to: move.to,
    symbols:
      move.symbols === '*'
        ? '*'
        : Array.isArray(move.symbols)
          ? new Map(move.symbols.map((name) => [name, name]))
          : new Map(Object.entries(move.symbols)),
  }));
}

/** Compile a loaded config; `extra` transforms (custom ones from the command line) run after the config's. */
export function compileConfig(config: LoadedConfig, extra: Transform[] = []): CompiledConfig {
  const { spec } = config;
  const transforms: Transform[] = [];
  const moves = compilePythonMoves(spec);
  if (moves.length > 0) {
    transforms.push(
      createPythonMoveTransform(moves, {
        sourceRoots: spec.python.sourceRoots,
        relativeImports: spec.python.relativeImports,
        lineLength: spec.python.lineLength,
      }),
    );
  }
  transforms.push(...extra);
  return {
    root: config.root,
    include: spec.include,
    exclude: [...DEFAULT_EXCLUDE, ...spec.exclude],
    gitignore: spec.gitignore,
    maxFileSize: spec.maxFileSize,
    batchBy: parseBatchBy(spec.batchBy),
    order: spec.order,
    replanStale: spec.replanStale,
    pythonSourceRoots: spec.python.sourceRoots,
    transforms,
    hash: config.hash,
  };
}
