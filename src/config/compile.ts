/**
 * The compiled form of the config: what the planner runs. Compiling happens once, before any file is read, so a
 * config mistake is reported before any work is done and the per-file code never re-interprets the spec.
 */
import { createPythonCallTransform, type CompiledCall } from '../rules/call/python.js';
import { createTsCallTransform } from '../rules/call/typescript.js';
import { compileTypeScriptMoves } from '../rules/move/typescript.js';
import { createPythonMoveTransform, type CompiledPythonMove } from '../rules/move/python.js';
import { createPythonSingletonsTransform } from '../rules/singletons/python.js';
import { ConfigError } from '../core/errors.js';
import { compileResidueScanner, type ResidueScanner } from '../residue/index.js';
import { compilePattern, compileTemplate, PatternError, type CompiledPattern } from '../rules/call/pattern.js';
import { parseBatchBy, type BatchBy } from './batch-by.js';
import { pythonMoveMightApply, withMightApply } from '../rules/move/prefilter.js';
import type { Language, Transform } from '../core/types.js';
import { checkMoves } from './moves-check.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_INCLUDE_LEAVES_OUT, type ConfigSpec } from './schema.js';
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
  /**
   * The residue scan (src/residue): an independent token-level check, compiled from the same moves, that no legacy
   * reference is left in code without an edit or a finding. Workers compile it with the rest.
   */
  residue: ResidueScanner;
  hash: string;
  /**
   * The loaded config this was compiled from, from which a worker thread compiles the same rules itself (compiled
   * rules hold tree-sitter objects that cannot be sent). Absent when transforms were added in memory, which only this
   * thread has: then planning stays in-process. Drop it if you change `transforms`.
   */
  source?: LoadedConfig;
}

/** A call rule as declared, in either language. */
interface CallSpec {
  match: string | string[];
  from?: string | string[] | undefined;
  replace: string;
  to?: string | undefined;
  await: 'keep' | 'add' | 'drop';
  whenImported?: string[] | undefined;
  inside?: string | string[] | undefined;
  notInside?: string | string[] | undefined;
  exceptionTests?: 'report' | 'rewrite' | undefined;
}

/**
 * Compile call rules (`python.calls`, `typescript.calls`): every pattern parses in the language (`inside` /
 * `notInside` ones as an expression or a statement), and `replace` uses only what every `match` alternative binds.
 * Errors name the field.
 */
function compileCalls(calls: readonly CallSpec[], language: Language, prefix: string, file: string | undefined): CompiledCall[] {
  const fail = (field: string, message: string): never => {
    throw new ConfigError('E_CONFIG_INVALID', `${file ?? 'config'}: invalid call rule`, file, [{ field, message }], 'see docs/call-rule.md');
  };
  return calls.map((call, i) => {
    const rule = `${prefix}[${i}]`;
    const sources = Array.isArray(call.match) ? call.match : [call.match];
    const patterns: CompiledPattern[] = sources.map((source, j) => {
      try {
        return compilePattern(source, language);
      } catch (err) {
        return fail(Array.isArray(call.match) ? `${rule}.match[${j}]` : `${rule}.match`, `pattern ${JSON.stringify(source)} ${(err as PatternError).message}`);
      }
    });
    const from = call.from === undefined ? [] : Array.isArray(call.from) ? call.from : [call.from];
    if (from.length > 0 && patterns.some((p) => !p.anchor || p.anchor.text !== patterns[0]!.anchor?.text)) {
      fail(`${rule}.from`, 'every match alternative must start with the same literal callee (the name resolved against `from`)');
    }
    let template;
    for (const [j, pattern] of patterns.entries()) {
      try {
        template = compileTemplate(call.replace, pattern);
      } catch (err) {
        const which = patterns.length > 1 ? ` (match alternative ${j})` : '';
        fail(`${rule}.replace`, `${(err as PatternError).message}${which}`);
      }
    }
    if (call.to !== undefined && !template!.root) fail(`${rule}.to`, 'the replacement has no literal callee to import from `to`');
    // Relational constraints match enclosing code, so a statement (`with pytest.raises($$$): $$$`) is allowed.
    const relational = (field: 'inside' | 'notInside'): CompiledPattern[] | undefined => {
      const value = call[field];
      if (value === undefined) return undefined;
      return (Array.isArray(value) ? value : [value]).map((source, j) => {
        try {
          return compilePattern(source, language, { statement: true });
        } catch (err) {
          return fail(Array.isArray(value) ? `${rule}.${field}[${j}]` : `${rule}.${field}`, `pattern ${JSON.stringify(source)} ${(err as PatternError).message}`);
        }
      });
    };
    const relations = { inside: relational('inside'), notInside: relational('notInside') ?? [] };
    return { rule, patterns, template: template!, from, to: call.to, await: call.await, whenImported: call.whenImported, relations, exceptionTests: call.exceptionTests ?? 'report' };
  });
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

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
  const moveIssues = checkMoves(spec);
  if (moveIssues.length > 0) {
    throw new ConfigError('E_CONFIG_INVALID', `${config.file ?? 'config'}: invalid moves`, config.file, moveIssues, 'see docs/config.md ("Checks on the moves")');
  }
  const transforms: Transform[] = [];
  const pythonOptions = {
    sourceRoots: spec.python.sourceRoots,
    relativeImports: spec.python.relativeImports,
    lineLength: spec.python.lineLength,
  };
  // Call rules run before moves: a call they replace whole is not also renamed inside.
  const calls = compileCalls(spec.python.calls, 'python', 'python.calls', config.file);
  if (calls.length > 0) transforms.push(createPythonCallTransform(calls, pythonOptions));
  if (spec.python.singletons.length > 0) transforms.push(createPythonSingletonsTransform(spec.python.singletons, pythonOptions));
  const moves = compilePythonMoves(spec);
  if (moves.length > 0) {
    // The move's needles are module names' last segments (common words); the finer prefilter looks for its symbols.
    transforms.push(withMightApply(createPythonMoveTransform(moves, pythonOptions), pythonMoveMightApply(moves)));
  }
  // TypeScript call rules run before the TS moves, for the same reason as in Python.
  const tsCalls = compileCalls(spec.typescript.calls, 'typescript', 'typescript.calls', config.file);
  if (tsCalls.length > 0) transforms.push(createTsCallTransform(tsCalls, { tsconfigs: spec.typescript.tsconfigs, specifier: spec.typescript.specifier }));
  transforms.push(...compileTypeScriptMoves(spec.typescript));
  transforms.push(...extra);
  return {
    root: config.root,
    include: spec.include,
    // The default include is sources: it leaves JavaScript build output out (an include of the user's own does not).
    exclude: [...DEFAULT_EXCLUDE, ...(sameList(spec.include, DEFAULT_INCLUDE) ? DEFAULT_INCLUDE_LEAVES_OUT : []), ...spec.exclude],
    gitignore: spec.gitignore,
    maxFileSize: spec.maxFileSize,
    batchBy: parseBatchBy(spec.batchBy),
    order: spec.order,
    replanStale: spec.replanStale,
    pythonSourceRoots: spec.python.sourceRoots,
    transforms,
    residue: compileResidueScanner({ python: spec.python, typescript: spec.typescript }),
    hash: config.hash,
    ...(extra.length === 0 ? { source: config } : {}),
  };
}
