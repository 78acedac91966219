/**
 * The compiled form of `typescript.moves` (docs/ts-move-rule.md): a move as the planner holds it, the options of
 * the section it needs, and a move once its modules are resolved in the project index.
 */
import type { TsModuleRef } from '../../../languages/typescript/facts-data.js';
import type { SpecifierStyle } from '../../../languages/typescript/specifiers.js';

/**
 * What compiling reads of a declared `typescript.moves[i]` entry (`TypeScriptMoveSpec` in ../spec.ts, which this
 * folder does not import: the rule kind's folder imports this one, and folders do not import each other both ways).
 */
export interface DeclaredTsMove {
  /** Its id, set when the config is loaded (src/core/rule-ids.ts); derived from `from` and `to` when absent. */
  id?: string | undefined;
  from: string;
  to: string;
  symbols: '*' | readonly string[] | Readonly<Record<string, string>>;
}

/** A move as the planner uses it: compiled from a `typescript.moves[i]` entry. */
export interface CompiledTsMove {
  /** Rule id (docs/config.md, "Rule ids"), e.g. `typescript.moves/src/lib/socket->@/services/ws`. */
  rule: string;
  /** The config field it was declared in (`typescript.moves[2]`), for messages about the config. */
  field: string;
  /** The module strings as written in the config. */
  from: string;
  to: string;
  /** `*` for every name; otherwise old name → new name for the names that move. */
  symbols: '*' | ReadonlyMap<string, string>;
}

/** The options of the `typescript` section the move uses. */
export interface TsMoveOptions {
  tsconfigs: readonly string[];
  specifier: SpecifierStyle;
  /** Callees whose first argument is a module specifier (`jest.mock`, `require`, …). */
  moduleCalls: readonly string[];
}

/** A move with its modules resolved. */
export interface ResolvedMove extends CompiledTsMove {
  fromKey: string;
  toKey: string;
  toRef: TsModuleRef;
}

/** Where one name goes: the move that takes it and its name there. */
export interface Destination {
  move: ResolvedMove;
  newName: string;
}

/** Where a legacy module goes as a whole (every name to one module); `renames`: some name changes on the way. */
export interface WholeMove {
  move: ResolvedMove;
  renames: boolean;
}
