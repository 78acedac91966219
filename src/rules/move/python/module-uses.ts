/**
 * Uses of a name bound to a legacy module or to a package that contains one (`import L as m`, `import a.b`,
 * `from P import legacy`): `m.Name` becomes the canonical name, imported; a module that moves whole and is used as
 * an object follows its move in the import; the import goes when nothing else uses it (docs/move-rule.md).
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { ImportedName, ImportStatement, ModuleImportItem } from '../../../languages/python/imports.js';
import type { Scope } from '../../../languages/python/scope.js';
import { canBind } from './bindings.js';
import { bindingBase, bindingModule, type ModuleBinding, type ModuleGroup } from './module-bindings.js';
import type { CompiledPythonMove, Destination } from './moves.js';
import type { PythonMoveRun } from './run.js';
import { classify, getattrName, isStore, spellsThrough, usesOf, type UseChain } from './use-chains.js';


export function noteModuleBinding(run: PythonMoveRun, stmt: ImportStatement, item: ImportedName | ModuleImportItem, local: string): void {
  const scope = run.analysis.scopeOf(stmt.node);
  if (scope.globals.has(local) || scope.nonlocals.has(local)) {
    // The name is bound in another scope than the import's: its uses are not followed there.
    const move = run.moves.find((m) => m.from === bindingModule(stmt, item) || m.from.startsWith(`${bindingModule(stmt, item)}.`))!;
    run.legacySite(item.node.startIndex, move, '*', 'module-import');
    run.ctx.report(item.node.startIndex, `${local} is declared ${scope.globals.has(local) ? 'global' : 'nonlocal'} here: the uses of this import of ${bindingModule(stmt, item)} are not followed (not rewritten)`, 'warning', move.rule);
    // Its uses, wherever the name lives, are reported too when they go through a legacy module.
    const base = bindingBase(stmt, item);
    for (const use of usesOf(run, run.analysis.resolve(scope, local), local)) {
      const hit = use.skip ? undefined : classify(run, base, use);
      if (!hit) continue;
      const via = hit.kind === 'moved' ? hit.dest.move : hit.move;
      run.legacySite(use.start, via, hit.kind === 'moved' ? hit.name : '*', 'module-attribute');
      run.ctx.report(use.start, `${use.text} goes through ${via.from}, bound by an import under a ${scope.globals.has(local) ? 'global' : 'nonlocal'} declaration: not rewritten`, 'warning', via.rule);
    }
    return;
  }
  const key = `${scope.node.id}\0${local}`;
  const group = run.moduleGroups.get(key) ?? { scope, local, bindings: [] };
  group.bindings.push({ stmt, item, base: bindingBase(stmt, item), module: bindingModule(stmt, item) });
  run.moduleGroups.set(key, group);
}

/**
 * Every use of a name bound to a legacy module or to a package that contains one: `m.Name` (`import L as m`,
 * `from P import legacy`), `a.b.legacy.Name` (`import a.b.legacy`, `import a`, `import a.b`), in code, in
 * `case` patterns and in string annotations. Moved names become the canonical name (imported); a module that
 * moves whole and is used as an object is re-imported from its new place; what cannot be rewritten exactly is
 * reported on its line. The import goes when nothing else uses it.
 */
export function moduleReferences(run: PythonMoveRun): void {
  for (const group of run.moduleGroups.values()) {
    run.ctx.handling?.(group.bindings[0]!.stmt.node);
    moduleGroup(run, group);
  }
}

/** A use that reads a moved name through the module (`m.Name`): where it starts, and ends after the name. */
interface MovedUse {
  use: UseChain;
  dest: Destination;
  name: string;
  start: number;
  end: number;
}

/** A use that is a module moving whole, as an object (`a.b.legacy`, `m.__name__`). */
interface WholeUse {
  use: UseChain;
  move: CompiledPythonMove;
  start: number;
  end: number;
}

/** A use to rewrite to a bare name (`newName`) imported from `to`, if the name can be bound in the group's scope. */
interface UseSite {
  start: number;
  end: number;
  newName: string;
  to: string;
  rule: string;
  from: Scope;
  use: UseChain;
  text: string;
}

/** A finding held back until the group knows whether its imports follow the move instead. */
interface HeldReport {
  at: number;
  message: string;
  rule: string;
}

/** What the uses of one module binding group come to, for deciding what happens to its imports. */
interface GroupOutcome {
  bindingNodes: readonly SyntaxNode[];
  base: string;
  uses: readonly UseChain[];
  moved: readonly MovedUse[];
  whole: readonly WholeUse[];
  sites: readonly UseSite[];
  missing: ReadonlySet<string>;
  rewrittenUses: ReadonlySet<UseChain>;
  ambiguous: boolean;
}

/** The uses of one name bound to legacy modules in one scope: rewritten, or the imports retargeted, or reported. */
function moduleGroup(run: PythonMoveRun, group: ModuleGroup): void {
  const { scope, local, bindings } = group;
  const bindingNodes = scope.bindings.get(local) ?? [];
  // Imports that bind the name to different things (`try: import C as m` / `except ImportError: import L as m`):
  // which one a use sees depends on how the program ran. Several `import a.x`, `import a.b.legacy` all bind `a`.
  const bases = new Set(bindingNodes.map((n) => importBaseOf(run, n)).filter((b) => b !== undefined));
  const ambiguous = bases.size > 1;
  const base = bindings[0]!.base;
  // The requested imports go where the legacy module itself is imported (where what it binds is loaded).
  const anchor = (bindings.find((b) => run.moves.some((m) => m.from === b.module)) ?? bindings[0]!).stmt;
  const uses = usesOf(run, scope, local);
  const { moved, whole } = classifyUses(run, base, uses);
  // A module that moves whole, bound under a name of its own (`import L as m`, `from P import legacy`), can follow
  // its move in the import itself: every use stays valid. That is done when it is used as an object, bound by
  // other imports too, or when a name it is used for cannot be imported here.
  const canRetarget = bindings.every((b) => b.module === bindings[0]!.module && run.wholeMove(b.module) && (b.stmt.kind === 'from' || b.item.alias !== undefined));
  const move = canRetarget ? run.wholeMove(bindings[0]!.module)! : undefined;
  const { reported, sites, missing } = useSites(run, moved, whole);
  const byName = new Map<string, UseSite[]>();
  for (const site of sites) byName.set(`${site.to}\0${site.newName}`, [...(byName.get(`${site.to}\0${site.newName}`) ?? []), site]);
  const bindable = new Map([...byName].map(([key, group]) => [key, canBind(run, scope, group[0]!.newName, group[0]!.to, group.map((g) => g.from))]));
  for (const [key, group] of byName) {
    if (bindable.get(key)) continue;
    const { newName, to, rule } = group[0]!;
    for (const site of group) reported.push({ at: site.start, message: `cannot import ${newName} from ${to}: the name is taken here; ${site.text} left as it is`, rule });
  }
  // A use through the legacy module on a `# canonize: ignore` line means it deliberately: its import stays.
  const ignoredLegacy = uses.some((u) => u.skip && classify(run, base, u) !== undefined);
  if (move && !ignoredLegacy && !missing.has(move.from) && (whole.length > 0 || ambiguous || reported.length > 0) && (bindings.every((b) => b.stmt.kind === 'import') || move.to.includes('.'))) {
    for (const b of bindings) retargetBinding(run, b, move);
    return;
  }
  if (ambiguous) {
    for (const m of [...moved, ...whole]) {
      const rule = 'dest' in m ? m.dest.move.rule : m.move.rule;
      run.ctx.report(m.start, `${m.use.text} is reached through ${local}, which several imports bind here: not rewritten`, 'warning', rule);
    }
    return;
  }
  for (const r of reported) run.ctx.report(r.at, r.message, 'warning', r.rule);
  const rewrittenUses = new Set<UseChain>();
  for (const [key, group] of byName) {
    if (!bindable.get(key)) continue;
    const { newName, to, rule } = group[0]!;
    for (const site of group) {
      run.ctx.edit(site.start, site.end, newName, rule);
      rewrittenUses.add(site.use);
    }
    run.editor.require({ module: to, name: newName, local: newName, anchor, rule });
  }
  settleLegacyImports(run, group, { bindingNodes, base, uses, moved, whole, sites, missing, rewrittenUses, ambiguous });
}

/** Where each use leads (a moved name, or a module that moves whole), recorded as a legacy site; `getattr` by a moved name reported. */
function classifyUses(run: PythonMoveRun, base: string, uses: readonly UseChain[]): { moved: MovedUse[]; whole: WholeUse[] } {
  const moved: MovedUse[] = [];
  const whole: WholeUse[] = [];
  for (const use of uses) {
    if (use.skip) continue;
    let hit = classify(run, base, use);
    // `getattr(m, "Name")` (and hasattr, setattr, delattr) on a module that stays: a moved name by its string.
    const attr = hit ? undefined : getattrName(use);
    if (attr !== undefined) {
      hit = classify(run, base, { ...use, names: [...use.names, attr] });
      if (hit?.kind === 'moved') {
        run.legacySite(use.start, hit.dest.move, hit.name, 'module-attribute');
        run.ctx.report(use.start, `${use.text} is asked for moved name ${hit.name} by string: not rewritten (use ${hit.dest.newName} from ${hit.dest.move.to})`, 'warning', hit.dest.move.rule);
        continue;
      }
    }
    if (hit?.kind === 'moved') {
      run.legacySite(use.start, hit.dest.move, hit.name, 'module-attribute');
      moved.push({ use, dest: hit.dest, name: hit.name, start: use.start, end: hit.end });
    } else if (hit?.kind === 'module') {
      run.legacySite(use.start, hit.move, '*', 'module-attribute');
      whole.push({ use, move: hit.move, start: use.start, end: hit.end });
    }
  }
  return { moved, whole };
}

/**
 * The uses that can become a bare imported name, and the findings for those that cannot: a moved name the module
 * is assigned through, one in a `case` pattern, a module object that cannot be imported by name here. `missing`:
 * the legacy modules some of whose names the canonical module does not define (reported as errors here).
 */
function useSites(run: PythonMoveRun, moved: readonly MovedUse[], whole: readonly WholeUse[]): { reported: HeldReport[]; sites: UseSite[]; missing: Set<string> } {
  const reported: HeldReport[] = [];
  const sites: UseSite[] = [];
  const text = run.ctx.file.text;
  // A moved name assigned or deleted through the module (`m.Name = v`, `m.Name += v`, `del m.Name`) changes the
  // module's state: a store cannot become a bare name, and a read of it cannot become a from-import (which would
  // not see the store). Every use of such a name through the module is left as it is, and reported.
  const nameKey = (m: MovedUse) => `${m.dest.move.from}\0${m.name}`;
  const stored = new Set(moved.filter((m) => isStore(m.use, m.end)).map(nameKey));
  // Names the canonical module does not define (reported as errors): the module import must keep serving them.
  const missing = new Set(moved.filter((m) => !run.definedInTarget(m.dest, m.start)).map((m) => m.dest.move.from));
  for (const m of moved) {
    if (missing.has(m.dest.move.from) && !run.definedIn(m.dest)) continue;
    if (stored.has(nameKey(m))) {
      const what = isStore(m.use, m.end) ? 'changes' : 'reads';
      reported.push({ at: m.start, message: `${text.slice(m.start, m.end)} ${what} a module attribute that this file changes (assigns or deletes): not rewritten (a from-import would not see the change)`, rule: m.dest.move.rule });
      continue;
    }
    if (m.use.where === 'pattern' && !m.use.patternTail.has(m.end)) {
      reported.push({ at: m.start, message: `${text.slice(m.start, m.end)} in a case pattern would become a capture pattern as a bare name: not rewritten`, rule: m.dest.move.rule });
      continue;
    }
    sites.push({ start: m.start, end: m.end, newName: m.dest.newName, to: m.dest.move.to, rule: m.dest.move.rule, from: m.use.scope, use: m.use, text: text.slice(m.start, m.end) });
  }
  for (const w of whole) {
    // The module object itself, reached by its full path or through a package: `from x.y import canonical`.
    const dot = w.move.to.lastIndexOf('.');
    if (missing.has(w.move.from)) {
      reported.push({ at: w.start, message: `${w.use.text} is the module ${w.move.from}, which moves to ${w.move.to}: not rewritten (a name it is used for is not defined there)`, rule: w.move.rule });
      continue;
    }
    if (dot === -1 || w.use.where === 'pattern') {
      reported.push({ at: w.start, message: `${w.use.text} is the module ${w.move.from}, which moves to ${w.move.to}: not rewritten (import ${w.move.to} here)`, rule: w.move.rule });
      continue;
    }
    sites.push({ start: w.start, end: w.end, newName: w.move.to.slice(dot + 1), to: w.move.to.slice(0, dot), rule: w.move.rule, from: w.use.scope, use: w.use, text: text.slice(w.start, w.end) });
  }
  return { reported, sites, missing };
}

/**
 * The imports of the legacy modules themselves, once the uses are done: one goes when no use needs it; one of a
 * module that moves whole follows the move when every use stays valid; else it stays, reported. An import of a
 * package that contains a legacy module always stays.
 */
function settleLegacyImports(run: PythonMoveRun, { scope, local, bindings }: ModuleGroup, outcome: GroupOutcome): void {
  const { bindingNodes, base, uses, moved, whole, sites, missing, rewrittenUses, ambiguous } = outcome;
  const rewritten = rewrittenUses.size;
  // Only an import of the legacy module itself goes; an import of a package that contains one stays. It goes when
  // no use needs it: all were rewritten, or another import binds the same name (`import a.x` beside
  // `import a.b.legacy`) and every use through the legacy module was rewritten.
  const legacyBindings = bindings.filter((b) => run.moves.some((m) => m.from === b.module));
  const reExported = scope.kind === 'module' && run.exportedNames?.has(local);
  // Another import binds the same name to the same thing and stays (`import a.config` beside `import a.b.legacy`).
  const keptBinder = bindingNodes.some((n) => !legacyBindings.some((b) => n.startIndex >= b.item.node.startIndex && n.endIndex <= b.item.node.endIndex) && importBaseOf(run, n) === base);
  const allRewritten = rewritten === uses.length && uses.length > 0 && bindingNodes.length === legacyBindings.length && !ambiguous;
  for (const only of legacyBindings) {
    // The uses that go through this legacy module, and whether each was rewritten (none left, none ignored).
    const through = [...moved.map((m) => ({ use: m.use, from: m.dest.move.from })), ...whole.map((w) => ({ use: w.use, from: w.move.from }))].filter((t) => t.from === only.module);
    const ignoredHere = uses.some((u) => u.skip && classifiedFrom(run, base, u) === only.module);
    // A use of a name that stays in this module (`a.b.legacy.helper`) needs it imported too.
    const staying = uses.some((u) => !rewrittenUses.has(u) && spellsThrough(base, u, only.module));
    const done = through.every((t) => rewrittenUses.has(t.use)) && !ignoredHere && !staying;
    const unused = done && (allRewritten || (keptBinder && through.length > 0));
    if (unused && !reExported) {
      const rule = sites[0]?.rule ?? run.moves.find((m) => m.from === only.module)!.rule;
      if (only.stmt.kind === 'from') run.editor.removeName(only.stmt, only.item as ImportedName, rule);
      else run.editor.removeItem(only.stmt, only.item as ModuleImportItem, rule);
      continue;
    }
    const relocation = run.wholeMove(only.module);
    if (!relocation) continue;
    // The import of a module that moves whole stays (unused, re-exported through `__all__`, bound otherwise too, or
    // its name used for more): it follows the move when that keeps every use valid — under its own name, or when
    // `import C` binds the same first name as `import L` — else it is reported.
    const sameRoot = relocation.to.split('.')[0] === relocation.from.split('.')[0];
    const underOwnName = only.stmt.kind === 'from' ? relocation.to.includes('.') : only.item.alias !== undefined;
    if (!ignoredHere && !missing.has(only.module) && (underOwnName || (only.stmt.kind === 'import' && sameRoot && done))) {
      retargetBinding(run, only, relocation);
      continue;
    }
    run.legacySite(only.item.node.startIndex, relocation, '*', 'module-import');
    const why = ignoredHere ? 'a use marked `canonize: ignore` needs it' : missing.has(only.module) ? `it serves a name ${relocation.to} does not define` : !done ? 'uses through it are left as they are (reported)' : `${local} is used here for more than that module, and import ${relocation.to} does not bind it`;
    run.ctx.report(only.item.node.startIndex, `import of ${relocation.from} (moved to ${relocation.to}) kept: ${why}`, 'warning', relocation.rule);
  }
}

/** The legacy module a use goes through (moved name or module object), if any. */
function classifiedFrom(run: PythonMoveRun, base: string, use: UseChain): string | undefined {
  const hit = classify(run, base, use);
  return hit?.kind === 'moved' ? hit.dest.move.from : hit?.move.from;
}

/** What the import that binds `node` binds it to (its base), or undefined when `node` is not bound by an import. */
function importBaseOf(run: PythonMoveRun, node: SyntaxNode): string | undefined {
  for (const stmt of run.imports) {
    if (node.startIndex < stmt.node.startIndex || node.endIndex > stmt.node.endIndex) continue;
    if (stmt.kind === 'from') {
      const item = stmt.names.find((n) => node.startIndex >= n.node.startIndex && node.endIndex <= n.node.endIndex);
      return item && stmt.module !== undefined ? bindingBase(stmt, item) : undefined;
    }
    const item = stmt.items.find((i) => node.startIndex >= i.node.startIndex && node.endIndex <= i.node.endIndex);
    return item ? bindingBase(stmt, item) : undefined;
  }
  return undefined;
}

/** Point a module binding at the canonical module: `import C as m`, `from x.y import canonical as legacy`. */
function retargetBinding(run: PythonMoveRun, b: ModuleBinding, move: CompiledPythonMove): void {
  if (b.stmt.kind === 'import') {
    const name = b.item.alias !== undefined ? b.item.node.childForFieldName('name')! : b.item.node;
    run.ctx.edit(name.startIndex, name.endIndex, move.to, move.rule);
    return;
  }
  const dot = move.to.lastIndexOf('.');
  run.editor.removeName(b.stmt, b.item as ImportedName, move.rule);
  run.editor.require({ module: move.to.slice(0, dot), name: move.to.slice(dot + 1), local: b.item.alias ?? (b.item as ImportedName).name, anchor: b.stmt, rule: move.rule });
}
