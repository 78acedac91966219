/**
 * Renaming an imported binding to its canonical name, scope-aware: when the new name can be bound without
 * changing what any identifier means, the import takes it and every reference follows; else the old name stays
 * as an alias (docs/ts-move-rule.md, "Rename or alias").
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { TsImportItem } from '../../../languages/typescript/module-statements.js';
import type { TsBinding, TsReference, TsScope } from '../../../languages/typescript/scope.js';
import type { Destination } from './moves.js';
import type { TsMoveRun } from './run.js';


/**
 * The local name of a moved import: an alias (or a default import's name) is kept; a renamed name takes its new
 * name (and the file's references follow) when that is safe, else keeps its old name as an alias.
 */
export function localNameFor(run: TsMoveRun, item: TsImportItem, dest: Destination): string {
  if (item.kind === 'default' || item.alias !== undefined || dest.newName === item.name || dest.newName === 'default') return item.local;
  return renameBinding(run, item.localNode, dest) ? dest.newName : item.name;
}

/** Does this binding (an import) bind, after the moves, `newName` of module `toKey`? */
function bindsSameSymbol(run: TsMoveRun, binding: TsBinding, toKey: string, newName: string): boolean {
  for (const stmt of run.ts.statements) {
    if (stmt.kind !== 'import' || stmt.specifier === undefined) continue;
    const item = stmt.items.find((i) => i.localNode.id === binding.node.id);
    if (!item) continue;
    const key = run.ts.moduleOf(stmt.specifier, stmt.requireClause ? 'require' : 'import');
    if (key === toKey) return item.name === newName;
    const dest = run.destination(key, item.name);
    return dest !== undefined && dest.move.toKey === toKey && dest.newName === newName;
  }
  return false;
}

/**
 * Whether `newName` can be bound in `scope` to `toKey.newName` without changing what any identifier means:
 * nothing else binds it there, no identifier uses it unbound (a global), and no scope between a site that will
 * use it and `scope` binds it.
 */
export function canBind(run: TsMoveRun, scope: TsScope, newName: string, toKey: string, sites: readonly TsScope[]): boolean {
  const analysis = run.ts.analysis;
  for (const b of scope.bindings.get(newName) ?? []) if (!bindsSameSymbol(run, b, toKey, newName)) return false;
  for (const ref of analysis.references) {
    if (ref.name !== newName) continue;
    const target = analysis.resolve(ref);
    if (!target) return false;
    if (target.scope === scope && !bindsSameSymbol(run, target, toKey, newName)) return false;
  }
  for (const site of sites) {
    for (let s: TsScope | undefined = site; s && s !== scope; s = s.parent) if (s.bindings.has(newName)) return false;
  }
  return true;
}

/** Rename an import binding and its references to `dest.newName`, unless that is unsafe. */
function renameBinding(run: TsMoveRun, localNode: SyntaxNode, dest: Destination): boolean {
  const known = run.renameDecisions.get(localNode.id);
  if (known !== undefined) return known;
  const binding = run.bindingOf(localNode);
  const refs = binding ? run.referencesTo(binding) : [];
  const ok = binding !== undefined && canBind(run, binding.scope, dest.newName, dest.move.toKey, refs.map((r) => r.scope));
  run.renameDecisions.set(localNode.id, ok);
  if (!ok) return false;
  for (const ref of refs) renameReference(run, ref, dest.newName, dest.move.rule);
  return true;
}

function renameReference(run: TsMoveRun, ref: TsReference, newName: string, rule: string): void {
  // A call rule replaced the expression this reference stands in: nothing left to rename there.
  if (run.renamed.has(ref.node.id) || run.ts.isClaimed(ref.node)) return;
  run.renamed.add(ref.node.id);
  const { startIndex: s, endIndex: e } = ref.node;
  if (ref.shorthand) run.ctx.edit(s, e, `${ref.name}: ${newName}`, rule);
  else if (ref.exportSpecifier && !ref.node.parent?.childForFieldName('alias')) run.ctx.edit(s, e, `${newName} as ${ref.name}`, rule);
  else run.ctx.edit(s, e, newName, rule);
}
