/**
 * ts-move on `import … from` and `export … from` statements (and `import x = require(…)`): each moved name leaves
 * the statement for an import of its canonical module, `export *` and side-effect imports follow a module that
 * moves whole, and every name is recorded as an audit site. docs/ts-move-rule.md has the forms.
 */
import type { TsModuleStatement } from '../../../languages/typescript/module-statements.js';
import type { UsageKind } from '../../../languages/typescript/resolve.js';
import { localNameFor } from './bindings.js';
import type { WholeMove } from './moves.js';
import { namespaceImport } from './namespaces.js';
import type { TsMoveRun } from './run.js';

/**
 * Audit sites of a statement: each name imported through a legacy module (or a canonical module spelled another
 * way) is legacy; a relocated name imported from its canonical module, as the config spells it, is canonical.
 */
export function recordSites(run: TsMoveRun, stmt: TsModuleStatement, key: string): void {
  const usage: UsageKind = stmt.requireClause ? 'require' : 'import';
  const self = run.selfMove(key);
  const respelled = self !== undefined && run.spell(self, stmt.specifier, usage) !== stmt.specifier;
  if (stmt.star && run.isLegacy(key) && !self) {
    const rule = run.moves.find((m) => m.fromKey === key)!.rule;
    run.legacySite(stmt.node.startIndex, { rule, module: key, form: 'wildcard', symbol: '*', specifier: stmt.specifier! });
    return;
  }
  for (const item of stmt.items) {
    if (item.kind === 'namespace') continue; // its `ns.Name` uses are the sites (namespaceUses)
    if (respelled) {
      run.legacySite(item.node.startIndex, { rule: self!.rule, module: key, form: 'specifier', symbol: item.name, specifier: stmt.specifier!, canonical: run.spell(self!, stmt.specifier, usage) });
      continue;
    }
    const dest = self ? undefined : run.destination(key, item.name);
    if (dest) {
      run.legacySite(item.node.startIndex, { rule: dest.move.rule, module: key, form: 'from-import', symbol: item.name, specifier: stmt.specifier!, canonical: run.spell(dest.move, stmt.specifier, usage) });
      continue;
    }
    const canonical = run.moves.find((m) => m.toKey === key && (m.symbols === '*' || [...m.symbols.values()].includes(item.name)));
    if (canonical) run.ctx.site(item.node.startIndex, { rule: canonical.rule, status: 'canonical', module: key, form: 'from-import', symbol: item.name });
  }
}

export function moveStatement(run: TsMoveRun, stmt: TsModuleStatement, key: string): void {
  const self = run.selfMove(key);
  if (self) {
    run.ts.editor.respell(stmt, self.toKey, run.spell(self, stmt.specifier, 'import'), self.rule);
    return;
  }
  const whole = run.whole(key);
  if (stmt.star) {
    starExport(run, stmt, key, whole);
    return;
  }
  if (stmt.items.length === 0 && stmt.kind === 'import') {
    // Side-effect `import 'x'`: no name is read, so renames do not matter; it follows a module that moves whole.
    // When only some names move the legacy module stays, and so does the import (its effects are the same).
    if (whole) run.ts.editor.respell(stmt, whole.move.toKey, run.spell(whole.move, stmt.specifier, 'import'), whole.move.rule);
    return;
  }
  if (stmt.namespaceExport) {
    // `export * as ns from`: the namespace object is part of this module's surface; it follows only a module that
    // moves whole, unrenamed (else `ns.Old` would be gone for this module's importers).
    if (whole && !whole.renames) run.ts.editor.respell(stmt, whole.move.toKey, run.spell(whole.move, stmt.specifier, 'import'), whole.move.rule);
    else {
      const rule = run.moves.find((m) => m.fromKey === key)!.rule;
      run.ctx.report(stmt.node.startIndex, `export * as … from legacy module ${stmt.specifier}: not rewritten, ${run.movedNamesHint(key, whole)}`, 'warning', rule);
    }
    return;
  }
  for (const item of stmt.items) {
    if (item.kind === 'namespace') {
      namespaceImport(run, stmt, item, key);
      continue;
    }
    const dest = run.destination(key, item.name);
    if (!dest || run.ts.editor.isMoved(item) || !run.exportedByTarget(dest, item.node.startIndex)) continue;
    const local = stmt.kind === 'export' ? item.local : localNameFor(run, item, dest);
    run.ts.editor.move({
      module: dest.move.toKey,
      spelling: run.spell(dest.move, stmt.specifier, 'import'),
      name: dest.newName,
      local,
      inlineType: item.typeOnly,
      anchor: stmt,
      item,
      typeOnly: stmt.typeOnly,
      rule: dest.move.rule,
    });
  }
}

/**
 * `export * from 'legacy'`. It follows a module that moves whole and unrenamed, when the canonical module adds no
 * name that would collide with another `export *` of this file (two stars exporting one name make it ambiguous:
 * TS2308, and the name silently drops out of the module). Otherwise it is reported with the names to re-export.
 */
function starExport(run: TsMoveRun, stmt: TsModuleStatement, key: string, whole: WholeMove | undefined): void {
  const rule = run.moves.find((m) => m.fromKey === key)!.rule;
  if (whole && !whole.renames) {
    const collisions = starCollisions(run, stmt, key, whole.move.toKey);
    if (collisions.length === 0) {
      run.ts.editor.respell(stmt, whole.move.toKey, run.spell(whole.move, stmt.specifier, 'import'), whole.move.rule);
      return;
    }
    run.ctx.report(
      stmt.node.startIndex,
      `export * from legacy module ${stmt.specifier}: not rewritten: ${whole.move.to} also exports ${collisions.join(', ')}, which another export * of this file may export too (two stars exporting one name make it ambiguous); re-export the names of ${stmt.specifier} by name from ${whole.move.to}`,
      'warning',
      rule,
    );
    return;
  }
  run.ctx.report(stmt.node.startIndex, `export * from legacy module ${stmt.specifier}: not rewritten, ${run.movedNamesHint(key, whole)}`, 'warning', rule);
}

/** Names the canonical module exports beyond the legacy one's that another `export *` of this file also exports. */
function starCollisions(run: TsMoveRun, stmt: TsModuleStatement, fromKey: string, toKey: string): string[] {
  const stars = run.ts.statements.filter((other) => other !== stmt && other.star && other.specifier !== undefined);
  if (stars.length === 0) return [];
  const added = run.index.exports[toKey];
  const had = run.index.exports[fromKey];
  // Unknown exports on either side: any other star may collide.
  if (!added || !had) return ['names that cannot be listed'];
  const extra = added.filter((n) => n !== 'default' && !had.includes(n));
  if (extra.length === 0) return [];
  const others = new Set<string>();
  for (const other of stars) {
    const otherKey = run.ts.moduleOf(other.specifier!, 'import');
    const dest = run.whole(otherKey);
    const names = run.index.exports[dest && !dest.renames ? dest.move.toKey : otherKey];
    // The index lists the exports of the modules the rule's config names; of another module, nothing is known.
    if (!names) return extra;
    for (const name of names) others.add(name);
  }
  return extra.filter((n) => others.has(n));
}
