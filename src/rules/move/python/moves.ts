/**
 * The compiled form of `python.moves` (docs/move-rule.md): a move as the planner holds it, the options it needs,
 * and where one name of a legacy module goes.
 */
import type { PythonOptions } from '../../../languages/python/file.js';

/** A move as the planner uses it: compiled from a `python.moves[i]` entry. */
export interface CompiledPythonMove {
  /** Rule id (docs/config.md, "Rule ids"), e.g. `python.moves/a.legacy->a.canonical`. */
  rule: string;
  from: string;
  to: string;
  /** `*` for every name; otherwise old name → new name for the names that move. */
  symbols: '*' | ReadonlyMap<string, string>;
}

/** The options of the `python` section the move uses. */
export type PythonMoveOptions = PythonOptions;

/** Where one name goes: the move that takes it and its name there. */
export interface Destination {
  move: CompiledPythonMove;
  newName: string;
}

/** Where `name` imported from `module` goes, if a move covers it. */
export function destination(moves: readonly CompiledPythonMove[], module: string, name: string): Destination | undefined {
  for (const move of moves) {
    if (move.from !== module) continue;
    if (move.symbols === '*') return { move, newName: name };
    const newName = move.symbols.get(name);
    if (newName !== undefined) return { move, newName };
  }
  return undefined;
}
