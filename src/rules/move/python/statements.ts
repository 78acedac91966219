/**
 * python-move on import statements: `from L import A, B as X` (absolute or relative, anywhere) moves each name
 * to an import of its canonical module; wildcards, unresolvable relative imports and submodules of a module that
 * moves whole are reported; module bindings are noted for module-uses.ts. docs/move-rule.md has the forms.
 */
import { trailingComment, type FromImport, type ModuleImportItem, type PlainImport } from '../../../languages/python/imports.js';
import { localNameFor } from './bindings.js';
import { noteModuleBinding } from './module-uses.js';
import { destination, type CompiledPythonMove } from './moves.js';
import type { PythonMoveRun } from './run.js';
import { usesOf } from './use-chains.js';

export function fromImport(run: PythonMoveRun, stmt: FromImport): void {
  const module = stmt.module;
  if (module === undefined) {
    unresolvedRelative(run, stmt);
    return;
  }
  if (stmt.wildcard && !run.wholeMoveAbove(module)) {
    if (run.moves.some((m) => m.from === module)) {
      const rule = run.moves.find((m) => m.from === module)!.rule;
      run.ctx.site(stmt.node.startIndex, { rule, status: 'legacy', module, form: 'wildcard', symbol: '*' });
      run.ctx.report(stmt.node.startIndex, `wildcard import from legacy module ${module}: not rewritten (name the imported symbols)`, 'warning', run.moves.find((m) => m.from === module)!.rule);
    }
    return;
  }
  const whole = run.wholeMoveAbove(module);
  if (whole) {
    run.legacySite(stmt.moduleNode.startIndex, whole, '*', 'submodule-import');
    run.ctx.report(stmt.moduleNode.startIndex, `${module} is inside ${whole.from}, which moves whole to ${whole.to}: not rewritten (import from its new place)`, 'warning', whole.rule);
    return;
  }
  for (const name of stmt.names) {
    // A legacy module, or a package that contains one (`from a import b` … `b.legacy.Name`): its uses are followed.
    if (run.reachesLegacy(`${module}.${name.name}`)) {
      noteModuleBinding(run, stmt, name, name.local);
      continue;
    }
    const canonical = run.canonicalRule(module, name.name);
    if (canonical) run.ctx.site(name.node.startIndex, { rule: canonical, status: 'canonical', module, form: stmt.relative ? 'relative-import' : 'from-import', symbol: name.name });
    const dest = destination(run.moves, module, name.name);
    if (dest) run.ctx.site(name.node.startIndex, { rule: dest.move.rule, status: 'legacy', module, form: stmt.relative ? 'relative-import' : 'from-import', symbol: name.name });
    if (!dest || run.editor.isRemoved(name) || !run.definedInTarget(dest, name.node.startIndex)) continue;
    const local = localNameFor(run, stmt, name, dest);
    run.editor.removeName(stmt, name, dest.move.rule);
    // A comment beside the name inside a parenthesised list goes with it; one after the statement stays put.
    const comment = trailingComment(run.ctx.file.text, name.node);
    const carried = comment && comment.start < stmt.node.endIndex ? { comments: [comment.text] } : {};
    run.editor.require({ module: dest.move.to, name: dest.newName, local, anchor: stmt, rule: dest.move.rule, ...carried });
  }
}

/**
 * A relative import that cannot be resolved (the file is outside every source root, or it climbs above the
 * top-level package) may still name a legacy module by its last segment (`from . import manager`,
 * `from .unified_manager import X`): reported, as nothing can say whether it is that module.
 */
function unresolvedRelative(run: PythonMoveRun, stmt: FromImport): void {
  const rest = stmt.moduleNode.namedChildren.find((c) => c.type === 'dotted_name')?.text.replace(/\s+/g, '');
  const segments = [...(rest ? rest.split('.') : []), ...stmt.names.map((n) => n.name)];
  const move = run.moves.find((m) => segments.includes(m.from.split('.').pop()!));
  if (!move) return;
  run.legacySite(stmt.node.startIndex, move, '*', 'relative-import');
  run.ctx.report(stmt.node.startIndex, `relative import cannot be resolved here (the file is outside python.sourceRoots, or it climbs above the top package); it may name ${move.from}: not rewritten`, 'warning', move.rule);
}

export function plainImport(run: PythonMoveRun, stmt: PlainImport): void {
  for (const item of stmt.items) {
    const whole = run.wholeMoveAbove(item.module);
    if (whole) {
      const at = item.node.startIndex;
      run.legacySite(at, whole, '*', 'submodule-import');
      run.ctx.report(at, `${item.module} is inside ${whole.from}, which moves whole to ${whole.to}: not rewritten (import it from its new place)`, 'warning', whole.rule);
      usesThroughUnrewrittenImport(run, stmt, item, whole);
    } else if (run.reachesLegacy(item.alias === undefined ? item.local : item.module)) {
      // `import a.x` binds `a`: every module under `a` is reached through it (`a.b.legacy.Name`), the legacy
      // module itself too when it is `a` (`import email.utils` … `email.message_from_string`).
      noteModuleBinding(run, stmt, item, item.local);
    }
  }
}

/**
 * The uses of a name bound by an import this rule leaves (a submodule of a whole move, `import a.b.legacy.sub`)
 * that go through the legacy module (`a.b.legacy.sub.X`, `a.b.legacy.Name`): each is reported on its line too.
 */
function usesThroughUnrewrittenImport(run: PythonMoveRun, stmt: PlainImport, item: ModuleImportItem, whole: CompiledPythonMove): void {
  const scope = run.analysis.scopeOf(stmt.node);
  const base = item.alias === undefined ? [item.local] : item.module.split('.');
  for (const use of usesOf(run, scope, item.local)) {
    const path = [...base, ...use.names].join('.');
    if (use.skip || !(path === whole.from || path.startsWith(`${whole.from}.`))) continue;
    run.legacySite(use.start, whole, '*', 'module-attribute');
    run.ctx.report(use.start, `${use.text} goes through ${whole.from}, which moves whole to ${whole.to}, by an import of its submodule ${item.module}: not rewritten`, 'warning', whole.rule);
  }
}
