/**
 * Namespace-like bindings of a legacy module: `import * as ns`, `import ns = require(…)`, `const ns = await
 * import(…)`. Their `ns.Name` uses tell which names are read; the binding follows when they all go to one module,
 * else the moved uses become named imports or are reported (docs/ts-move-rule.md).
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { TsImportItem, TsModuleStatement } from '../../../languages/typescript/module-statements.js';
import type { UsageKind } from '../../../languages/typescript/resolve.js';
import type { TsBinding, TsScope } from '../../../languages/typescript/scope.js';
import { canBind } from './bindings.js';
import type { Destination, ResolvedMove } from './moves.js';
import type { TsMoveRun } from './run.js';


/** A `ns.Name` use of a namespace binding: the member expression, the name read, and whether it is in a type. */
export interface NamespaceSite {
  node: SyntaxNode;
  name: string;
  nameNode: SyntaxNode;
  scope: TsScope;
  type: boolean;
}

/** How a namespace binding is used: `ns.Name` sites (values and types), and any other use. */
export function namespaceUses(run: TsMoveRun, binding: TsBinding): { sites: NamespaceSite[]; bare: number } {
  const sites: NamespaceSite[] = [];
  let bare = 0;
  for (const ref of run.referencesTo(binding)) {
    if (run.ts.isGone(ref.node)) continue; // replaced by a call rule: no longer a use
    const parent = ref.node.parent;
    const member =
      parent && parent.type === 'member_expression' && parent.childForFieldName('object')?.id === ref.node.id
        ? parent.childForFieldName('property')
        : parent && parent.type === 'nested_identifier' && parent.childForFieldName('object')?.id === ref.node.id
          ? parent.childForFieldName('property')
          : parent && parent.type === 'nested_type_identifier' && parent.childForFieldName('module')?.id === ref.node.id
            ? parent.childForFieldName('name')
            : null;
    if (member && parent && /identifier$/.test(member.type)) {
      sites.push({ node: parent, name: member.text, nameNode: member, scope: ref.scope, type: parent.type !== 'member_expression' });
    } else bare++;
  }
  return { sites, bare };
}

export function namespaceImport(run: TsMoveRun, stmt: TsModuleStatement, item: TsImportItem, key: string): void {
  const binding = run.bindingOf(item.localNode);
  if (!binding) return;
  const { sites, bare } = namespaceUses(run, binding);
  const rule = run.moves.find((m) => m.fromKey === key)!.rule;
  for (const site of sites) {
    const dest = run.destination(key, site.name);
    if (dest) run.legacySite(site.node.startIndex, { rule: dest.move.rule, module: key, form: 'module-attribute', symbol: site.name, specifier: stmt.specifier! });
  }
  const usage: UsageKind = stmt.requireClause ? 'require' : 'import';
  const followed = followNamespace(run, key, sites, bare, { at: stmt.node.startIndex, specifier: stmt.specifier! });
  if (followed === 'none') return;
  if (followed !== 'mixed') {
    run.ts.editor.respell(stmt, followed.move.toKey, run.spell(followed.move, stmt.specifier, usage), followed.move.rule);
    return;
  }
  const asWhole = `${item.local} is used as a whole here (passed on, stored or exported), so the names read from it cannot be told`;
  if (stmt.requireClause) {
    const why = bare > 0 ? asWhole : 'is used for names that move to different modules';
    run.ctx.report(stmt.node.startIndex, `${item.local} = require(${stmt.specifier}) ${bare > 0 ? `stays: ${why}` : why}: not rewritten`, 'warning', rule);
    return;
  }
  // The namespace import stays for those uses; the `ns.A` that move are imported by name below.
  if (bare > 0) run.ctx.report(stmt.node.startIndex, `${asWhole}: the namespace import stays, ${run.movedNamesHint(key, run.whole(key), 'import')}`, 'warning', rule);
  // Mixed: each moved `ns.Name` becomes a named import of the canonical module.
  let remaining = sites.length + bare;
  const byName = new Map<string, { dest: Destination; group: typeof sites }>();
  for (const site of sites) {
    const dest = run.destination(key, site.name);
    if (!dest || !run.exportedByTarget(dest, site.node.startIndex)) continue;
    const entry = byName.get(`${dest.move.toKey}\0${dest.newName}`) ?? { dest, group: [] };
    entry.group.push(site);
    byName.set(`${dest.move.toKey}\0${dest.newName}`, entry);
  }
  for (const { dest, group } of byName.values()) {
    if (!canBind(run, binding.scope, dest.newName, dest.move.toKey, group.map((g) => g.scope))) {
      for (const site of group) run.ctx.report(site.node.startIndex, `cannot import ${dest.newName} from ${dest.move.to}: the name is taken here; ${site.node.text} left as it is`, 'warning', dest.move.rule);
      continue;
    }
    for (const site of group) run.ctx.edit(site.node.startIndex, site.node.endIndex, dest.newName, dest.move.rule);
    remaining -= group.length;
    run.ts.editor.add({
      module: dest.move.toKey,
      spelling: run.spell(dest.move, stmt.specifier, 'import'),
      name: dest.newName,
      local: dest.newName,
      inlineType: false,
      anchor: stmt,
      typeOnly: group.every((g) => g.type),
      rule: dest.move.rule,
    });
  }
  if (remaining === 0 && byName.size > 0) run.ts.editor.remove(stmt, item, rule);
}

/**
 * Where a namespace-like binding of a legacy module can go as a whole: `none` (no name it is used for moves),
 * the move every used name takes (then `ns.Old` members are renamed here), or `mixed`.
 */
export function followNamespace(
  run: TsMoveRun,
  key: string,
  sites: readonly { node: SyntaxNode; name: string; nameNode: SyntaxNode }[],
  bare: number,
  anchor: { at: number; specifier: string },
): 'none' | 'mixed' | { move: ResolvedMove } {
  const self = run.selfMove(key);
  if (self) return { move: self };
  const whole = run.whole(key);
  // Bound and never read: only loading the module is left, which follows a module that moves whole.
  if (sites.length === 0 && bare === 0) return whole ? { move: whole.move } : 'none';
  const dests = sites.map((s) => run.destination(key, s.name));
  if (bare > 0) {
    // The module object itself is used (passed on, stored, exported): whatever is read from it elsewhere may be a
    // moved name, even when no `ns.A` here is.
    if (whole && !whole.renames) return { move: whole.move };
    return 'mixed';
  }
  if (dests.every((d) => d === undefined)) return 'none';
  const first = dests[0];
  if (!first || dests.some((d) => d === undefined || d.move.toKey !== first.move.toKey)) return 'mixed';
  const missing = sites.findIndex((s, i) => !run.exportedByTarget(dests[i]!, s.node.startIndex));
  if (missing !== -1) {
    // The error is where the name is read; the specifier that stays (on its own line) is said here too, so that
    // the legacy reference left is accounted for.
    const dest = dests[missing]!;
    run.ctx.report(anchor.at, `'${anchor.specifier}' not rewritten: ${dest.newName}, which ${sites[missing]!.name} moves to, is not exported by ${dest.move.to} (reported where it is read)`, 'warning', dest.move.rule);
    return 'none';
  }
  sites.forEach((s, i) => {
    if (dests[i]!.newName !== s.name) run.ctx.edit(s.nameNode.startIndex, s.nameNode.endIndex, dests[i]!.newName, dests[i]!.move.rule);
  });
  return { move: first.move };
}
