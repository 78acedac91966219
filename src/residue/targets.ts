/**
 * What the residue scan looks for, compiled once from the config: per legacy Python module, which names moved (all
 * of them for `symbols: "*"`) and where to; per legacy TypeScript module (a file or an external specifier), the
 * same. Plain data built from the declared config only (`python.moves`, `python.sourceRoots`, `typescript.moves`,
 * `typescript.moduleCalls`): nothing here comes from the rules' compiled form, so the scan stays independent of them.
 */
import { fallbackRuleId, moveIdParts } from '../core/rule-ids.js';
import type { PythonMoveSpec, TypeScriptMoveSpec } from '../rules/move/spec.js';

/** Where one moved name (or a whole module, `*`) now lives. */
export interface MovedName {
  /** The id of the config rule that moves it (`python.moves/a.legacy->a.canonical`, docs/config.md "Rule ids"). */
  rule: string;
  /** The canonical module. */
  to: string;
  /** The name in the canonical module (`*` when the whole module moves under the same names). */
  newName: string;
}

/** One legacy module with everything the config moves out of it. */
export interface LegacyModule {
  /** The legacy module as written in the config (a dotted Python name, or a TS module reference). */
  module: string;
  /** Set when a move of `symbols: "*"` covers it: every name moves, and the module itself is legacy. */
  whole?: MovedName;
  /** The names that move (by their legacy name); the whole-module move, if any, covers the others. */
  names: Map<string, MovedName>;
}

/** The compiled targets. */
export interface ResidueTargets {
  python: {
    /** Source roots, normalised: '' for the root, else `dir/sub` without slashes at either end. */
    sourceRoots: string[];
    /** Legacy modules, longest name first (so the most specific one is tried first). */
    modules: LegacyModule[];
  };
  typescript: {
    /** Legacy modules as written in `typescript.moves[i].from`, resolved per project by the scan. */
    modules: LegacyModule[];
    /** Calls whose first argument is a module specifier (`jest.mock`, `require`, ...). */
    moduleCalls: string[];
  };
}

/** The part of the declared config the scan reads. */
export interface ResidueConfig {
  python: { sourceRoots: readonly string[]; moves: readonly PythonMoveSpec[] };
  typescript: { moves: readonly TypeScriptMoveSpec[]; moduleCalls: readonly string[] };
}

function collect(moves: readonly (PythonMoveSpec | TypeScriptMoveSpec)[], prefix: string): LegacyModule[] {
  const byModule = new Map<string, LegacyModule>();
  for (const move of moves) {
    // Loaded configs carry every move's id; a config built in memory may not (then it is derived the same way).
    const rule = fallbackRuleId(prefix, move, moveIdParts(move));
    let legacy = byModule.get(move.from);
    if (!legacy) byModule.set(move.from, (legacy = { module: move.from, names: new Map() }));
    const symbols = move.symbols ?? '*';
    if (symbols === '*') {
      // The first whole-module move is the one the rules apply (moves are applied in order).
      legacy.whole ??= { rule, to: move.to, newName: '*' };
      continue;
    }
    const entries: [string, string][] = Array.isArray(symbols) ? symbols.map((s) => [s, s]) : Object.entries(symbols);
    for (const [from, to] of entries) if (!legacy.names.has(from)) legacy.names.set(from, { rule, to: move.to, newName: to });
  }
  return [...byModule.values()];
}

/** Normalise a source root: `.`, `./src/`, `src` → '' / 'src'. */
export function normaliseRoot(root: string): string {
  const parts = root.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  return parts.join('/');
}

/** Compile the targets from the declared config. */
export function compileResidueTargets(config: ResidueConfig): ResidueTargets {
  const python = collect(config.python.moves, 'python.moves').sort((a, b) => b.module.length - a.module.length || (a.module < b.module ? -1 : 1));
  return {
    python: { sourceRoots: [...new Set(config.python.sourceRoots.map(normaliseRoot))], modules: python },
    typescript: { modules: collect(config.typescript.moves, 'typescript.moves'), moduleCalls: [...config.typescript.moduleCalls] },
  };
}

/** The moved name a reference to `symbol` of `legacy` reaches, if any (`*` asks about the module itself). */
export function movedName(legacy: LegacyModule, symbol: string): MovedName | undefined {
  if (symbol === '*') return legacy.whole;
  return legacy.names.get(symbol) ?? legacy.whole;
}
