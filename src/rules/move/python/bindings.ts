/**
 * Renaming an imported name to its canonical name, scope-aware: only identifiers bound by that import, and only
 * when the new name captures nothing and `__all__` or another file does not read the old one; else the import
 * keeps the old name as an alias (docs/move-rule.md).
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { FromImport, ImportedName } from '../../../languages/python/imports.js';
import type { Scope } from '../../../languages/python/scope.js';
import { destination, type Destination } from './moves.js';
import type { PythonMoveRun } from './run.js';


/**
 * The name the moved symbol is bound to: an existing alias is kept; a renamed symbol takes its new name (and the
 * file's references follow) when that is safe, else keeps its old name as an alias.
 */
export function localNameFor(run: PythonMoveRun, stmt: FromImport, name: ImportedName, dest: Destination): string {
  if (name.alias !== undefined || dest.newName === name.name) return name.local;
  const scope = run.analysis.scopeOf(stmt.node);
  // Declared global or nonlocal, the name is bound in another scope, whose references are not followed here.
  if (scope.globals.has(name.local) || scope.nonlocals.has(name.local)) return name.name;
  return renameSymbol(run, scope, name.name, dest) ? dest.newName : name.name;
}

/** Is `node` an import binding that (after the moves) is `newName` of `to`? */
function bindsSameSymbol(run: PythonMoveRun, node: SyntaxNode, to: string, newName: string): boolean {
  for (const stmt of run.imports) {
    if (stmt.kind !== 'from' || stmt.module === undefined) continue;
    if (node.startIndex < stmt.node.startIndex || node.endIndex > stmt.node.endIndex) continue;
    const item = stmt.names.find((n) => node.startIndex >= n.node.startIndex && node.endIndex <= n.node.endIndex);
    if (!item) return false;
    if (stmt.module === to) return item.name === newName;
    const dest = destination(run.moves, stmt.module, item.name);
    return dest !== undefined && dest.move.to === to && dest.newName === newName;
  }
  return false;
}

/** Do all bindings of `name` in `scope` bind `to.name` (after the moves)? */
function boundToSameSymbol(run: PythonMoveRun, scope: Scope, name: string, to: string): boolean {
  const nodes = scope.bindings.get(name) ?? [];
  return nodes.length > 0 && nodes.every((node) => bindsSameSymbol(run, node, to, name));
}

/** Whether binding `newName` in `scope` to `to.newName` would change what any other identifier means. */
export function canBind(run: PythonMoveRun, scope: Scope, newName: string, to: string, referencesFrom: readonly Scope[]): boolean {
  if (scope.bindings.has(newName) && !boundToSameSymbol(run, scope, newName, to)) return false;
  for (const occ of run.analysis.occurrences) {
    if (occ.name !== newName || !within(occ.scope, scope)) continue;
    const r = occ.resolved;
    if (r === scope) {
      // Bound nowhere (a builtin, or an undefined name): the new binding would capture it.
      if (!scope.bindings.has(newName)) return false;
    } else if (!within(r, scope) && !boundToSameSymbol(run, r, newName, to)) {
      // Resolves to an enclosing scope's different symbol: the new binding would capture it.
      return false;
    }
  }
  for (const from of referencesFrom) {
    // Each renamed reference must still reach this scope: no scope in between may bind newName.
    for (let s: Scope | undefined = from; s && s !== scope; s = s.parent) {
      if ((s.kind !== 'class' || s === from) && s.bindings.has(newName)) return false;
    }
  }
  return true;
}

/** Rename `old` to `dest.newName` in `scope` (once per scope), unless that is unsafe. */
function renameSymbol(run: PythonMoveRun, scope: Scope, old: string, dest: Destination): boolean {
  const key = `${scope.node.id}\0${old}\0${dest.newName}`;
  const known = run.renameDecisions.get(key);
  if (known !== undefined) return known;
  const occurrences = run.analysis.occurrences.filter((o) => o.name === old && o.resolved === scope);
  const exported = scope.kind === 'module' && run.exportedNames?.has(old);
  // Every import that binds `old` here must be a legacy import of the same symbol; other bindings (a fallback
  // `old = None`) are renamed with it.
  const importsAgree = occurrences.every((o) => o.kind !== 'binding' || !inImportStatement(o.node) || bindsSameSymbol(run, o.node, dest.move.to, dest.newName));
  // A use another rule's replacement carries over (a capture it could not keep in place) cannot be renamed in this
  // pass: renaming the others would leave it unbound, so the old name stays, as an alias.
  const carried = occurrences.some((o) => run.py.isClaimed(o.node) && !run.py.isGone(o.node));
  const ok = !exported && !carried && importsAgree && canBind(run, scope, dest.newName, dest.move.to, occurrences.map((o) => o.scope));
  run.renameDecisions.set(key, ok);
  if (!ok) return false;
  for (const occ of occurrences) {
    if (isImportNameOfMovedBinding(run, occ.node) || run.renamed.has(occ.node.id) || run.py.isClaimed(occ.node)) continue;
    run.renamed.add(occ.node.id);
    run.ctx.edit(occ.node.startIndex, occ.node.endIndex, dest.newName, dest.move.rule);
  }
  if (scope.kind === 'module') renameInStringAnnotations(run, old, dest);
  return true;
}

function inImportStatement(node: SyntaxNode): boolean {
  return node.parent?.type === 'import_from_statement' || node.parent?.type === 'aliased_import' || node.parent?.type === 'dotted_name' || node.parent?.type === 'import_statement';
}

/** Import names that the editor removes or rewrites must not also be renamed in place. */
function isImportNameOfMovedBinding(run: PythonMoveRun, node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'import_from_statement' || n.type === 'import_statement') {
      const stmt = run.imports.find((s) => s.node.id === n!.id);
      return stmt?.kind === 'from' && stmt.module !== undefined && run.moves.some((m) => m.from === stmt.module);
    }
    if (n.type === 'block' || n.type === 'module') return false;
  }
  return false;
}

/** Forward references in annotations (`x: "UnifiedWebSocketManager"`) name the symbol too. */
function renameInStringAnnotations(run: PythonMoveRun, old: string, dest: Destination): void {
  for (const type of run.ctx.tree.rootNode.descendantsOfType('type')) {
    for (const str of type.descendantsOfType('string_content')) {
      const re = new RegExp(`(?<![\\w.])${old}(?!\\w)`, 'g');
      for (const m of str.text.matchAll(re)) {
        const start = str.startIndex + m.index;
        run.ctx.edit(start, start + old.length, dest.newName, dest.move.rule);
      }
    }
  }
}

/** Is `inner` the same scope as `outer`, or nested in it? */
function within(inner: Scope, outer: Scope): boolean {
  for (let s: Scope | undefined = inner; s; s = s.parent) if (s === outer) return true;
  return false;
}
