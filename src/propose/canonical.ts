/**
 * Which binding of a symbol is canonical ("public first", docs/discover.md). A symbol may be bound under several
 * names in several modules (its definition, package re-exports, aliases); the canonical module is chosen by ordered
 * rules, each narrowing the candidates, and the rule that left one candidate is the one that decided. The same
 * rules serve Python (modules, `__all__`) and TypeScript (files, explicit `export` lists).
 */
import { compareText } from './collections.js';

/** The rules, in the order they apply. */
export const BINDING_RULES = ['public', 'not-legacy', 'listed', 'most-used', 'defining-module'] as const;

/** The rule that decided the canonical module: one of {@link BINDING_RULES}, or why no rule had to. */
export type BindingRule = (typeof BINDING_RULES)[number] | 'only-module' | 'first-module-by-name';

/** One module (file) that binds the symbol, with what the rules look at. */
export interface BindingCandidate {
  module: string;
  /** The names the module binds the symbol under. */
  names: { name: string; useFiles: number; files: number }[];
  /** A private module: a name segment starting with `_` (not a dunder) or an `internal` segment. */
  privateModule: boolean;
  /** Deprecated (docstring, warning, name) or an `@deprecated` file. */
  legacy: boolean;
  /** The module's `__all__` (TS: an explicit `export`) lists one of its public names of the symbol. */
  listed: boolean;
  /** It defines the symbol. */
  defines: boolean;
}

/** A leading `_` that is not a dunder: `_impl`, `_WebSocketManagerFactory`; not `__init__`, `__version__`. */
export const isPrivateName = (name: string): boolean => /^_(?!_)/.test(name) || (/^__/.test(name) && !/__$/.test(name));

/** A module path with a private segment (`pkg._impl`, `_collections_abc`) or an `internal` one. */
export const isPrivateModule = (module: string): boolean => module.split(/[./]/).some((s) => isPrivateName(s) || s === 'internal');

const hasPublicName = (c: BindingCandidate): boolean => c.names.some((n) => !isPrivateName(n.name));
const users = (c: BindingCandidate): number => c.names.reduce((sum, n) => sum + n.useFiles, 0);

/** Each rule: the candidates it keeps (the best by it); a rule that would keep none keeps all. */
const KEEP: Record<(typeof BINDING_RULES)[number], (list: BindingCandidate[]) => BindingCandidate[]> = {
  public: (list) => list.filter((c) => !c.privateModule && hasPublicName(c)),
  'not-legacy': (list) => list.filter((c) => !c.legacy),
  listed: (list) => list.filter((c) => c.listed),
  'most-used': (list) => {
    const most = Math.max(...list.map(users));
    return list.filter((c) => users(c) === most);
  },
  'defining-module': (list) => list.filter((c) => c.defines),
};

/** The canonical module among `candidates` (at least one), and the rule that decided. */
export function chooseModule(candidates: readonly BindingCandidate[]): { chosen: BindingCandidate; rule: BindingRule } {
  let list = [...candidates].sort((a, b) => compareText(a.module, b.module));
  if (list.length === 1) return { chosen: list[0]!, rule: 'only-module' };
  for (const rule of BINDING_RULES) {
    const kept = KEEP[rule](list);
    if (kept.length > 0) list = kept;
    if (list.length === 1) return { chosen: list[0]!, rule };
  }
  return { chosen: list[0]!, rule: 'first-module-by-name' };
}

/**
 * The canonical name within the chosen module: a public name first, then the name the symbol is defined under,
 * then the most used, then the first by code-unit order.
 */
export function chooseName(candidate: BindingCandidate, definedAs: string): string {
  const ranked = [...candidate.names].sort(
    (a, b) =>
      Number(isPrivateName(a.name)) - Number(isPrivateName(b.name)) ||
      Number(b.name === definedAs) - Number(a.name === definedAs) ||
      b.files - a.files ||
      compareText(a.name, b.name),
  );
  return ranked[0]!.name;
}

/**
 * Whether importers of `legacy` should be moved to `canonical` under the new name: only when the legacy name is
 * the minority spelling (fewer importing files than the canonical name), or when it is marked as old — a private
 * name giving way to a public one, a name in a deprecated module, an old name joined by evidence
 * (`UnifiedWebSocketManager`). A value (a constant bound under two names) is never renamed: its names usually mean
 * different things; nor, but for those marked names, is an object defined outside the tree (`outside`), which may be
 * a value for all the tree can tell.
 */
export function renameAllowed(
  legacy: { name: string; files: number; marked: boolean },
  canonical: { name: string; files: number },
  kind: string,
): boolean {
  if (kind === 'value') return false;
  if (legacy.marked || (isPrivateName(legacy.name) && !isPrivateName(canonical.name))) return true;
  return kind !== 'outside' && legacy.files < canonical.files;
}
