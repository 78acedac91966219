/**
 * Checks on the relocation map as a whole, which no single field's schema can make: moves that form a cycle (the
 * files would flip back and forth on every run, so no plan could converge), a move that maps two legacy names onto
 * one canonical name (two objects silently merged into one), and a Python move from a module to itself that renames
 * nothing. Each is a config error naming the fields; see docs/config.md.
 */
import type { ConfigIssue } from '../../core/errors.js';
import { symbolMapOf } from './spec.js';

/** A move reduced to what the checks read: modules as comparable keys, and the symbol map. */
interface MoveEdge {
  field: string;
  from: string;
  to: string;
  /** `*` for every name under its own name; otherwise old → new. */
  symbols: '*' | ReadonlyMap<string, string>;
}

/** A TS module ref as a key: the same file written with or without its extension or a leading `./` compares equal. */
const tsKey = (ref: string) => ref.replace(/^\.\//, '').replace(/\.(d\.ts|tsx?|mts|cts|jsx?|mjs|cjs)$/, '');

/** Stands for every name that no move lists (a `*` move carries it along under its own name). */
const OTHER = '\0other';

/**
 * Cycles of the relocation map. A state is a module and a name; the first move that covers it (moves apply in
 * order, as the rules apply them) sends it to the move's target under its new name. A cycle is a state that comes
 * back to itself: each run would move those names on again. A move of a module to itself that renames nothing
 * (a TypeScript respelling) sends a state nowhere.
 */
function findCycles(moves: readonly MoveEdge[]): { fields: string[]; path: string }[] {
  const names = new Set<string>([OTHER]);
  for (const m of moves) if (m.symbols !== '*') for (const [o, n] of m.symbols) names.add(o).add(n);
  const modules = new Set(moves.flatMap((m) => [m.from, m.to]));
  const step = (module: string, name: string): { move: MoveEdge; module: string; name: string } | undefined => {
    for (const move of moves) {
      if (move.from !== module) continue;
      const renamed = move.symbols === '*' ? name : name === OTHER ? undefined : move.symbols.get(name);
      if (renamed === undefined) continue;
      if (move.to === module && renamed === name) return undefined;
      return { move, module: move.to, name: renamed };
    }
    return undefined;
  };
  const spell = (module: string, name: string) => (name === OTHER ? module : `${module}.${name}`);
  const found = new Map<string, { fields: string[]; path: string }>();
  for (const module of modules) {
    for (const name of names) {
      // Follow one state until it stops moving or comes back to a state it passed: one successor each, so this ends.
      const path: { module: string; name: string; move?: MoveEdge }[] = [{ module, name }];
      const seen = new Map([[`${module}\0${name}`, 0]]);
      for (let next = step(module, name); next; next = step(next.module, next.name)) {
        const key = `${next.module}\0${next.name}`;
        const at = seen.get(key);
        path.push(next);
        if (at !== undefined) {
          const loop = path.slice(at + 1);
          const fields = [...new Set(loop.map((p) => p.move!.field))].sort();
          const id = fields.join(', ');
          if (!found.has(id)) found.set(id, { fields, path: [path[at]!, ...loop].map((p) => spell(p.module, p.name)).join(' → ') });
          break;
        }
        seen.set(key, path.length - 1);
      }
    }
  }
  return [...found.values()];
}

/** Names of one move that several legacy names are mapped onto. */
function mergedNames(move: MoveEdge): Map<string, string[]> {
  const byNew = new Map<string, string[]>();
  if (move.symbols === '*') return byNew;
  for (const [old, renamed] of move.symbols) byNew.set(renamed, [...(byNew.get(renamed) ?? []), old]);
  return new Map([...byNew].filter(([, olds]) => olds.length > 1));
}

/** One section's moves as declared: the fields the checks read. */
export interface DeclaredMove {
  from: string;
  to: string;
  symbols: '*' | readonly string[] | Readonly<Record<string, string>>;
  merge?: boolean | undefined;
}

/** How a section's modules compare, and whether a move from a module to itself is meaningful there. */
export interface MoveSection {
  /** The field of the list, `python.moves`. */
  prefix: string;
  /** A module as a comparable key. */
  key(module: string): string;
  /** A TS move from a module to itself respells its specifiers (`../ws` → `@/ws`): it is how one asks for that. */
  sameModuleAllowed: boolean;
}

/** The Python section's modules compare as written; a move to itself must rename something. */
export const PYTHON_MOVES: Omit<MoveSection, 'prefix'> = { key: (m) => m, sameModuleAllowed: false };
/** A TS module compares without its extension or a leading `./`; a move to itself respells its specifiers. */
export const TYPESCRIPT_MOVES: Omit<MoveSection, 'prefix'> = { key: tsKey, sameModuleAllowed: true };

/** Every problem of one section's relocation map, as config issues naming the fields (empty when there is none). */
export function checkMoves(declaredMoves: readonly DeclaredMove[], section: MoveSection): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { prefix, sameModuleAllowed } = section;
  const moves: MoveEdge[] = declaredMoves.map((m, i) => ({ field: `${prefix}[${i}]`, from: section.key(m.from), to: section.key(m.to), symbols: symbolMapOf(m.symbols) }));
  for (const [i, move] of moves.entries()) {
    const declared = declaredMoves[i]!;
    const renames = move.symbols !== '*' && [...move.symbols].some(([o, n]) => o !== n);
    if (!sameModuleAllowed && move.from === move.to && !renames) {
      issues.push({ field: `${move.field}.to`, message: `the move's \`to\` is its \`from\` (${move.from}) and it renames nothing: it would change nothing` });
    }
    const merge = declared.merge === true;
    for (const [renamed, olds] of mergedNames(move)) {
      if (merge) continue;
      issues.push({
        field: `${move.field}.symbols`,
        message:
          `${olds.join(' and ')} are all mapped to ${renamed}: two different objects would be merged into one silently. ` +
          'If they are meant to become one (aliases of one object, or a deprecated subclass folded into its base), say so with `merge: true` on this move',
      });
    }
  }
  for (const cycle of findCycles(moves)) {
    issues.push({
      field: cycle.fields.join(', '),
      message: `these moves form a cycle (${cycle.path}): each run would move the names back; no plan can converge`,
    });
  }
  return issues;
}
