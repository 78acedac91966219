/**
 * The compiled form of the config: what the planner runs. Compiling happens once, before any file is read, so a
 * config mistake is reported before any work is done and the per-file code never re-interprets the spec.
 */
import { createPythonMoveTransform, type CompiledPythonMove } from '../../transforms/python-move.js';
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
  batchBy: { kind: 'dir'; depth: number } | { kind: 'size'; size: number };
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

function compileBatchBy(batchBy: string): CompiledConfig['batchBy'] {
  const [kind, n] = batchBy.split(':');
  return kind === 'size' ? { kind: 'size', size: Number(n) } : { kind: 'dir', depth: n ? Number(n) : 1 };
}

/** Compile a loaded config; `extra` transforms (custom ones from the command line) run after the config's. */
export function compileConfig(config: LoadedConfig, extra: Transform[] = []): CompiledConfig {
  const { spec } = config;
  const transforms: Transform[] = [];
  const moves = compilePythonMoves(spec);
  if (moves.length > 0) transforms.push(createPythonMoveTransform(moves));
  transforms.push(...extra);
  return {
    root: config.root,
    include: spec.include,
    exclude: [...DEFAULT_EXCLUDE, ...spec.exclude],
    gitignore: spec.gitignore,
    maxFileSize: spec.maxFileSize,
    batchBy: compileBatchBy(spec.batchBy),
    transforms,
    hash: config.hash,
  };
}
