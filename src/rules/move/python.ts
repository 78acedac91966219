/**
 * python-move: the `move` rule kind for Python. A move says that a legacy module, or some names of it, now live
 * in a canonical module (optionally renamed). For every file it rewrites:
 *
 * - `from LEGACY import A, B as X` (absolute or relative, anywhere: functions, try/except, if TYPE_CHECKING):
 *   moved names leave the statement (which goes when empty) and are imported from the canonical module — merged
 *   into an existing import of it in the same block, or in place of the legacy statement (import editor);
 * - renamed names: references are renamed (scope-aware: only identifiers bound by that import); when the new name
 *   is taken, or the old one is re-exported through `__all__`, the import keeps the old name with an alias;
 * - names bound to a legacy module or to a package that contains one (`import LEGACY [as m]`, `from PKG import
 *   legacy_module`, `import a`, `import a.b`, `from a import b`): uses that spell out a moved name (`m.Name`,
 *   `a.b.legacy.Name.attr`, in code, `case` patterns and string annotations) become the canonical name; a module
 *   that moves whole and is used as an object follows its move in the import (`import CANONICAL as m`) or is
 *   re-imported by its new name; the module import goes when nothing else uses it;
 * - dotted strings in call arguments that name a moved symbol or module (`patch("a.b.Name")`,
 *   `importlib.import_module("a.b")`).
 *
 * Never silent: what it cannot rewrite exactly is reported on its line and recorded as a legacy site —
 * `from LEGACY import *`, a name the canonical module (when it is in the tree) does not define, a module string
 * when only some names of that module move, a use bound by several imports, a `global` module import, a submodule
 * of a module that moves whole, `getattr(m, "Name")`, a dotted string outside a plain call argument. The table of
 * every form is in docs/move-rule.md.
 */
import type Parser from 'tree-sitter';
import { pythonDunderAll } from '../../languages/python/exports.js';
import { PythonFile, type PythonOptions } from '../../languages/python/file.js';
import {
  trailingComment,
  type FromImport,
  type ImportedName,
  type ImportStatement,
  type ModuleImportItem,
  type PlainImport,
} from '../../languages/python/imports.js';
import type { Scope, ScopeAnalysis } from '../../languages/python/scope.js';
import type { Transform, TransformContext } from '../../core/types.js';

type SyntaxNode = Parser.SyntaxNode;

/** A move as the planner uses it: compiled from a `python.moves[i]` entry. */
export interface CompiledPythonMove {
  /** Rule id (the config field path), e.g. `python.moves[2]`. */
  rule: string;
  from: string;
  to: string;
  /** `*` for every name; otherwise old name → new name for the names that move. */
  symbols: '*' | ReadonlyMap<string, string>;
}

export type PythonMoveOptions = PythonOptions;

interface Destination {
  move: CompiledPythonMove;
  newName: string;
}

/** Where `name` imported from `module` goes, if a move covers it. */
function destination(moves: readonly CompiledPythonMove[], module: string, name: string): Destination | undefined {
  for (const move of moves) {
    if (move.from !== module) continue;
    if (move.symbols === '*') return { move, newName: name };
    const newName = move.symbols.get(name);
    if (newName !== undefined) return { move, newName };
  }
  return undefined;
}

/** Per-file state of one run of the transform. */
class MoveRun {
  private readonly editor: PythonFile['editor'];
  private readonly imports: ImportStatement[];
  private readonly renameDecisions = new Map<string, boolean>();
  private readonly renamed = new Set<number>();
  private dunderAll: Set<string> | undefined | null = null;

  constructor(
    private readonly ctx: TransformContext,
    private readonly moves: readonly CompiledPythonMove[],
    private readonly py: PythonFile,
  ) {
    this.imports = py.imports;
    this.editor = py.editor;
  }

  private get analysis(): ScopeAnalysis {
    return this.py.analysis;
  }

  /**
   * Names other code may read from this module, so it must keep binding them: its `__all__`, and the names other files
   * of the tree import from it (`from this.module import Name`, from the project index).
   */
  private get exportedNames(): Set<string> | undefined {
    if (this.dunderAll === null) {
      const all = pythonDunderAll(this.ctx.tree.rootNode);
      const module = this.py.fileModule?.module;
      const imported = module === undefined ? undefined : this.ctx.project.pythonImportedFrom?.[module];
      this.dunderAll = imported && imported.length > 0 ? new Set([...(all ?? []), ...imported]) : all;
    }
    return this.dunderAll;
  }

  /**
   * The move whose canonical form this import is (`from TO import NewName`), if any: the first move to `module` that
   * relocates `name` — by its listed new names, or for a `*` move by the legacy module's names when it is indexed.
   */
  private canonicalRule(module: string, name: string): string | undefined {
    for (const move of this.moves) {
      if (move.to !== module) continue;
      if (move.symbols === '*') {
        if (this.ctx.project.pythonExports[move.from]?.includes(name)) return move.rule;
      } else if ([...move.symbols.values()].includes(name)) return move.rule;
    }
    return undefined;
  }

  /** False when the canonical module is in the tree and does not define `name` (nothing reported). */
  private definedIn(dest: Destination): boolean {
    const exports = this.ctx.project.pythonExports[dest.move.to];
    return !exports || exports.includes(dest.newName);
  }

  /** False when the canonical module is in the tree and does not define `name` (the site is then reported). */
  private definedInTarget(dest: Destination, at: number): boolean {
    const exports = this.ctx.project.pythonExports[dest.move.to];
    if (!exports || exports.includes(dest.newName)) return true;
    this.ctx.report(at, `${dest.newName} is not defined in ${dest.move.to}: not moved (unsafe)`, 'error', dest.move.rule);
    return false;
  }

  run(): void {
    for (const stmt of this.imports) {
      if (this.py.suppressed(stmt.node)) continue;
      this.ctx.handling?.(stmt.node);
      if (stmt.kind === 'from') this.fromImport(stmt);
      else this.plainImport(stmt);
    }
    this.moduleReferences();
    this.strings();
  }

  private fromImport(stmt: FromImport): void {
    const module = stmt.module;
    if (module === undefined) {
      this.unresolvedRelative(stmt);
      return;
    }
    if (stmt.wildcard && !this.wholeMoveAbove(module)) {
      if (this.moves.some((m) => m.from === module)) {
        const rule = this.moves.find((m) => m.from === module)!.rule;
        this.ctx.site(stmt.node.startIndex, { rule, status: 'legacy', module, form: 'wildcard', symbol: '*' });
        this.ctx.report(stmt.node.startIndex, `wildcard import from legacy module ${module}: not rewritten (name the imported symbols)`, 'warning', this.moves.find((m) => m.from === module)!.rule);
      }
      return;
    }
    const whole = this.wholeMoveAbove(module);
    if (whole) {
      this.legacySite(stmt.moduleNode.startIndex, whole, '*', 'submodule-import');
      this.ctx.report(stmt.moduleNode.startIndex, `${module} is inside ${whole.from}, which moves whole to ${whole.to}: not rewritten (import from its new place)`, 'warning', whole.rule);
      return;
    }
    for (const name of stmt.names) {
      // A legacy module, or a package that contains one (`from a import b` … `b.legacy.Name`): its uses are followed.
      if (this.reachesLegacy(`${module}.${name.name}`)) {
        this.noteModuleBinding(stmt, name, name.local);
        continue;
      }
      const canonical = this.canonicalRule(module, name.name);
      if (canonical) this.ctx.site(name.node.startIndex, { rule: canonical, status: 'canonical', module, form: stmt.relative ? 'relative-import' : 'from-import', symbol: name.name });
      const dest = destination(this.moves, module, name.name);
      if (dest) this.ctx.site(name.node.startIndex, { rule: dest.move.rule, status: 'legacy', module, form: stmt.relative ? 'relative-import' : 'from-import', symbol: name.name });
      if (!dest || this.editor.isRemoved(name) || !this.definedInTarget(dest, name.node.startIndex)) continue;
      const local = this.localNameFor(stmt, name, dest);
      this.editor.removeName(stmt, name, dest.move.rule);
      // A comment beside the name inside a parenthesised list goes with it; one after the statement stays put.
      const comment = trailingComment(this.ctx.file.text, name.node);
      const carried = comment && comment.start < stmt.node.endIndex ? { comments: [comment.text] } : {};
      this.editor.require({ module: dest.move.to, name: dest.newName, local, anchor: stmt, rule: dest.move.rule, ...carried });
    }
  }

  /**
   * A relative import that cannot be resolved (the file is outside every source root, or it climbs above the
   * top-level package) may still name a legacy module by its last segment (`from . import manager`,
   * `from .unified_manager import X`): reported, as nothing can say whether it is that module.
   */
  private unresolvedRelative(stmt: FromImport): void {
    const rest = stmt.moduleNode.namedChildren.find((c) => c.type === 'dotted_name')?.text.replace(/\s+/g, '');
    const segments = [...(rest ? rest.split('.') : []), ...stmt.names.map((n) => n.name)];
    const move = this.moves.find((m) => segments.includes(m.from.split('.').pop()!));
    if (!move) return;
    this.legacySite(stmt.node.startIndex, move, '*', 'relative-import');
    this.ctx.report(stmt.node.startIndex, `relative import cannot be resolved here (the file is outside python.sourceRoots, or it climbs above the top package); it may name ${move.from}: not rewritten`, 'warning', move.rule);
  }

  /**
   * The name the moved symbol is bound to: an existing alias is kept; a renamed symbol takes its new name (and the
   * file's references follow) when that is safe, else keeps its old name as an alias.
   */
  private localNameFor(stmt: FromImport, name: ImportedName, dest: Destination): string {
    if (name.alias !== undefined || dest.newName === name.name) return name.local;
    const scope = this.analysis.scopeOf(stmt.node);
    // Declared global or nonlocal, the name is bound in another scope, whose references are not followed here.
    if (scope.globals.has(name.local) || scope.nonlocals.has(name.local)) return name.name;
    return this.renameSymbol(scope, name.name, dest) ? dest.newName : name.name;
  }

  /** Is `node` an import binding that (after the moves) is `newName` of `to`? */
  private bindsSameSymbol(node: SyntaxNode, to: string, newName: string): boolean {
    for (const stmt of this.imports) {
      if (stmt.kind !== 'from' || stmt.module === undefined) continue;
      if (node.startIndex < stmt.node.startIndex || node.endIndex > stmt.node.endIndex) continue;
      const item = stmt.names.find((n) => node.startIndex >= n.node.startIndex && node.endIndex <= n.node.endIndex);
      if (!item) return false;
      if (stmt.module === to) return item.name === newName;
      const dest = destination(this.moves, stmt.module, item.name);
      return dest !== undefined && dest.move.to === to && dest.newName === newName;
    }
    return false;
  }

  /** Do all bindings of `name` in `scope` bind `to.name` (after the moves)? */
  private boundToSameSymbol(scope: Scope, name: string, to: string): boolean {
    const nodes = scope.bindings.get(name) ?? [];
    return nodes.length > 0 && nodes.every((node) => this.bindsSameSymbol(node, to, name));
  }

  /** Whether binding `newName` in `scope` to `to.newName` would change what any other identifier means. */
  private canBind(scope: Scope, newName: string, to: string, referencesFrom: readonly Scope[]): boolean {
    if (scope.bindings.has(newName) && !this.boundToSameSymbol(scope, newName, to)) return false;
    for (const occ of this.analysis.occurrences) {
      if (occ.name !== newName || !within(occ.scope, scope)) continue;
      const r = occ.resolved;
      if (r === scope) {
        // Bound nowhere (a builtin, or an undefined name): the new binding would capture it.
        if (!scope.bindings.has(newName)) return false;
      } else if (!within(r, scope) && !this.boundToSameSymbol(r, newName, to)) {
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
  private renameSymbol(scope: Scope, old: string, dest: Destination): boolean {
    const key = `${scope.node.id}\0${old}\0${dest.newName}`;
    const known = this.renameDecisions.get(key);
    if (known !== undefined) return known;
    const occurrences = this.analysis.occurrences.filter((o) => o.name === old && o.resolved === scope);
    const exported = scope.kind === 'module' && this.exportedNames?.has(old);
    // Every import that binds `old` here must be a legacy import of the same symbol; other bindings (a fallback
    // `old = None`) are renamed with it.
    const importsAgree = occurrences.every((o) => o.kind !== 'binding' || !this.inImportStatement(o.node) || this.bindsSameSymbol(o.node, dest.move.to, dest.newName));
    // A use another rule's replacement carries over (a capture it could not keep in place) cannot be renamed in this
    // pass: renaming the others would leave it unbound, so the old name stays, as an alias.
    const carried = occurrences.some((o) => this.py.isClaimed(o.node) && !this.py.isGone(o.node));
    const ok = !exported && !carried && importsAgree && this.canBind(scope, dest.newName, dest.move.to, occurrences.map((o) => o.scope));
    this.renameDecisions.set(key, ok);
    if (!ok) return false;
    for (const occ of occurrences) {
      if (this.isImportNameOfMovedBinding(occ.node) || this.renamed.has(occ.node.id) || this.py.isClaimed(occ.node)) continue;
      this.renamed.add(occ.node.id);
      this.ctx.edit(occ.node.startIndex, occ.node.endIndex, dest.newName, dest.move.rule);
    }
    if (scope.kind === 'module') this.renameInStringAnnotations(old, dest);
    return true;
  }

  private inImportStatement(node: SyntaxNode): boolean {
    return node.parent?.type === 'import_from_statement' || node.parent?.type === 'aliased_import' || node.parent?.type === 'dotted_name' || node.parent?.type === 'import_statement';
  }

  /** Import names that the editor removes or rewrites must not also be renamed in place. */
  private isImportNameOfMovedBinding(node: SyntaxNode): boolean {
    for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
      if (n.type === 'import_from_statement' || n.type === 'import_statement') {
        const stmt = this.imports.find((s) => s.node.id === n!.id);
        return stmt?.kind === 'from' && stmt.module !== undefined && this.moves.some((m) => m.from === stmt.module);
      }
      if (n.type === 'block' || n.type === 'module') return false;
    }
    return false;
  }

  /** Forward references in annotations (`x: "UnifiedWebSocketManager"`) name the symbol too. */
  private renameInStringAnnotations(old: string, dest: Destination): void {
    for (const type of this.ctx.tree.rootNode.descendantsOfType('type')) {
      for (const str of type.descendantsOfType('string_content')) {
        const re = new RegExp(`(?<![\\w.])${old}(?!\\w)`, 'g');
        for (const m of str.text.matchAll(re)) {
          const start = str.startIndex + m.index;
          this.ctx.edit(start, start + old.length, dest.newName, dest.move.rule);
        }
      }
    }
  }

  private plainImport(stmt: PlainImport): void {
    for (const item of stmt.items) {
      const whole = this.wholeMoveAbove(item.module);
      if (whole) {
        const at = item.node.startIndex;
        this.legacySite(at, whole, '*', 'submodule-import');
        this.ctx.report(at, `${item.module} is inside ${whole.from}, which moves whole to ${whole.to}: not rewritten (import it from its new place)`, 'warning', whole.rule);
        this.usesThroughUnrewrittenImport(stmt, item, whole);
      } else if (this.reachesLegacy(item.alias === undefined ? item.local : item.module)) {
        // `import a.x` binds `a`: every module under `a` is reached through it (`a.b.legacy.Name`), the legacy
        // module itself too when it is `a` (`import email.utils` … `email.message_from_string`).
        this.noteModuleBinding(stmt, item, item.local);
      }
    }
  }

  /**
   * The uses of a name bound by an import this rule leaves (a submodule of a whole move, `import a.b.legacy.sub`)
   * that go through the legacy module (`a.b.legacy.sub.X`, `a.b.legacy.Name`): each is reported on its line too.
   */
  private usesThroughUnrewrittenImport(stmt: PlainImport, item: ModuleImportItem, whole: CompiledPythonMove): void {
    const scope = this.analysis.scopeOf(stmt.node);
    const base = item.alias === undefined ? [item.local] : item.module.split('.');
    for (const use of this.usesOf(scope, item.local)) {
      const path = [...base, ...use.names].join('.');
      if (use.skip || !(path === whole.from || path.startsWith(`${whole.from}.`))) continue;
      this.legacySite(use.start, whole, '*', 'module-attribute');
      this.ctx.report(use.start, `${use.text} goes through ${whole.from}, which moves whole to ${whole.to}, by an import of its submodule ${item.module}: not rewritten`, 'warning', whole.rule);
    }
  }

  /** The whole (`*`) move of a module that strictly contains `module` (`a.b.legacy` for `a.b.legacy.sub`), if any. */
  private wholeMoveAbove(module: string): CompiledPythonMove | undefined {
    return this.moves.find((m) => m.symbols === '*' && module.startsWith(`${m.from}.`));
  }

  /** Is `module` a legacy module, or a package that contains one (`a`, `a.b` for `a.b.legacy`)? */
  private reachesLegacy(module: string): boolean {
    return this.moves.some((m) => m.from === module || m.from.startsWith(`${module}.`));
  }

  /** The move that relocates legacy module `module` as a whole, when exactly one move takes it and takes every name. */
  private wholeMove(module: string): CompiledPythonMove | undefined {
    const moves = this.moves.filter((m) => m.from === module);
    return moves.length === 1 && moves[0]!.symbols === '*' ? moves[0] : undefined;
  }

  private legacySite(at: number, move: CompiledPythonMove, symbol: string, form: string): void {
    this.ctx.site(at, { rule: move.rule, status: 'legacy', module: move.from, form, symbol });
  }

  /** Import bindings of modules that are (or contain) legacy modules, grouped by the scope and name they bind. */
  private readonly moduleGroups = new Map<string, { scope: Scope; local: string; bindings: ModuleBinding[] }>();

  private noteModuleBinding(stmt: ImportStatement, item: ImportedName | ModuleImportItem, local: string): void {
    const scope = this.analysis.scopeOf(stmt.node);
    if (scope.globals.has(local) || scope.nonlocals.has(local)) {
      // The name is bound in another scope than the import's: its uses are not followed there.
      const move = this.moves.find((m) => m.from === bindingModule(stmt, item) || m.from.startsWith(`${bindingModule(stmt, item)}.`))!;
      this.legacySite(item.node.startIndex, move, '*', 'module-import');
      this.ctx.report(item.node.startIndex, `${local} is declared ${scope.globals.has(local) ? 'global' : 'nonlocal'} here: the uses of this import of ${bindingModule(stmt, item)} are not followed (not rewritten)`, 'warning', move.rule);
      // Its uses, wherever the name lives, are reported too when they go through a legacy module.
      const base = bindingBase(stmt, item);
      for (const use of this.usesOf(this.analysis.resolve(scope, local), local)) {
        const hit = use.skip ? undefined : this.classify(base, use);
        if (!hit) continue;
        const via = hit.kind === 'moved' ? hit.dest.move : hit.move;
        this.legacySite(use.start, via, hit.kind === 'moved' ? hit.name : '*', 'module-attribute');
        this.ctx.report(use.start, `${use.text} goes through ${via.from}, bound by an import under a ${scope.globals.has(local) ? 'global' : 'nonlocal'} declaration: not rewritten`, 'warning', via.rule);
      }
      return;
    }
    const key = `${scope.node.id}\0${local}`;
    const group = this.moduleGroups.get(key) ?? { scope, local, bindings: [] };
    group.bindings.push({ stmt, item, base: bindingBase(stmt, item), module: bindingModule(stmt, item) });
    this.moduleGroups.set(key, group);
  }

  /**
   * Every use of a name bound to a legacy module or to a package that contains one: `m.Name` (`import L as m`,
   * `from P import legacy`), `a.b.legacy.Name` (`import a.b.legacy`, `import a`, `import a.b`), in code, in
   * `case` patterns and in string annotations. Moved names become the canonical name (imported); a module that
   * moves whole and is used as an object is re-imported from its new place; what cannot be rewritten exactly is
   * reported on its line. The import goes when nothing else uses it.
   */
  private moduleReferences(): void {
    for (const group of this.moduleGroups.values()) {
      this.ctx.handling?.(group.bindings[0]!.stmt.node);
      this.moduleGroup(group);
    }
  }

  private moduleGroup({ scope, local, bindings }: { scope: Scope; local: string; bindings: ModuleBinding[] }): void {
    const bindingNodes = scope.bindings.get(local) ?? [];
    // Imports that bind the name to different things (`try: import C as m` / `except ImportError: import L as m`):
    // which one a use sees depends on how the program ran. Several `import a.x`, `import a.b.legacy` all bind `a`.
    const bases = new Set(bindingNodes.map((n) => this.importBaseOf(n)).filter((b) => b !== undefined));
    const ambiguous = bases.size > 1;
    const base = bindings[0]!.base;
    // The requested imports go where the legacy module itself is imported (where what it binds is loaded).
    const anchor = (bindings.find((b) => this.moves.some((m) => m.from === b.module)) ?? bindings[0]!).stmt;
    const uses = this.usesOf(scope, local);
    const moved: { use: UseChain; dest: Destination; name: string; start: number; end: number }[] = [];
    const whole: { use: UseChain; move: CompiledPythonMove; start: number; end: number }[] = [];
    for (const use of uses) {
      if (use.skip) continue;
      let hit = this.classify(base, use);
      // `getattr(m, "Name")` (and hasattr, setattr, delattr) on a module that stays: a moved name by its string.
      const attr = hit ? undefined : this.getattrName(use);
      if (attr !== undefined) {
        hit = this.classify(base, { ...use, names: [...use.names, attr] });
        if (hit?.kind === 'moved') {
          this.legacySite(use.start, hit.dest.move, hit.name, 'module-attribute');
          this.ctx.report(use.start, `${use.text} is asked for moved name ${hit.name} by string: not rewritten (use ${hit.dest.newName} from ${hit.dest.move.to})`, 'warning', hit.dest.move.rule);
          continue;
        }
      }
      if (hit?.kind === 'moved') {
        this.legacySite(use.start, hit.dest.move, hit.name, 'module-attribute');
        moved.push({ use, dest: hit.dest, name: hit.name, start: use.start, end: hit.end });
      } else if (hit?.kind === 'module') {
        this.legacySite(use.start, hit.move, '*', 'module-attribute');
        whole.push({ use, move: hit.move, start: use.start, end: hit.end });
      }
    }
    // A module that moves whole, bound under a name of its own (`import L as m`, `from P import legacy`), can follow
    // its move in the import itself: every use stays valid. That is done when it is used as an object, bound by
    // other imports too, or when a name it is used for cannot be imported here.
    const canRetarget = bindings.every((b) => b.module === bindings[0]!.module && this.wholeMove(b.module) && (b.stmt.kind === 'from' || b.item.alias !== undefined));
    const move = canRetarget ? this.wholeMove(bindings[0]!.module)! : undefined;
    const reported: { at: number; message: string; rule: string }[] = [];
    const sites: { start: number; end: number; newName: string; to: string; rule: string; from: Scope; use: UseChain; text: string }[] = [];
    const text = this.ctx.file.text;
    // A moved name assigned or deleted through the module (`m.Name = v`, `m.Name += v`, `del m.Name`) changes the
    // module's state: a store cannot become a bare name, and a read of it cannot become a from-import (which would
    // not see the store). Every use of such a name through the module is left as it is, and reported.
    const nameKey = (m: (typeof moved)[number]) => `${m.dest.move.from}\0${m.name}`;
    const stored = new Set(moved.filter((m) => this.isStore(m.use, m.end)).map(nameKey));
    // Names the canonical module does not define (reported as errors): the module import must keep serving them.
    const missing = new Set(moved.filter((m) => !this.definedInTarget(m.dest, m.start)).map((m) => m.dest.move.from));
    for (const m of moved) {
      if (missing.has(m.dest.move.from) && !this.definedIn(m.dest)) continue;
      if (stored.has(nameKey(m))) {
        const what = this.isStore(m.use, m.end) ? 'changes' : 'reads';
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
    const byName = new Map<string, typeof sites>();
    for (const site of sites) byName.set(`${site.to}\0${site.newName}`, [...(byName.get(`${site.to}\0${site.newName}`) ?? []), site]);
    const bindable = new Map([...byName].map(([key, group]) => [key, this.canBind(scope, group[0]!.newName, group[0]!.to, group.map((g) => g.from))]));
    for (const [key, group] of byName) {
      if (bindable.get(key)) continue;
      const { newName, to, rule } = group[0]!;
      for (const site of group) reported.push({ at: site.start, message: `cannot import ${newName} from ${to}: the name is taken here; ${site.text} left as it is`, rule });
    }
    // A use through the legacy module on a `# canonize: ignore` line means it deliberately: its import stays.
    const ignoredLegacy = uses.some((u) => u.skip && this.classify(base, u) !== undefined);
    if (move && !ignoredLegacy && !missing.has(move.from) && (whole.length > 0 || ambiguous || reported.length > 0) && (bindings.every((b) => b.stmt.kind === 'import') || move.to.includes('.'))) {
      for (const b of bindings) this.retargetBinding(b, move);
      return;
    }
    if (ambiguous) {
      for (const m of [...moved, ...whole]) {
        const rule = 'dest' in m ? m.dest.move.rule : m.move.rule;
        this.ctx.report(m.start, `${m.use.text} is reached through ${local}, which several imports bind here: not rewritten`, 'warning', rule);
      }
      return;
    }
    for (const r of reported) this.ctx.report(r.at, r.message, 'warning', r.rule);
    const rewrittenUses = new Set<UseChain>();
    for (const [key, group] of byName) {
      if (!bindable.get(key)) continue;
      const { newName, to, rule } = group[0]!;
      for (const site of group) {
        this.ctx.edit(site.start, site.end, newName, rule);
        rewrittenUses.add(site.use);
      }
      this.editor.require({ module: to, name: newName, local: newName, anchor, rule });
    }
    const rewritten = rewrittenUses.size;
    // Only an import of the legacy module itself goes; an import of a package that contains one stays. It goes when
    // no use needs it: all were rewritten, or another import binds the same name (`import a.x` beside
    // `import a.b.legacy`) and every use through the legacy module was rewritten.
    const legacyBindings = bindings.filter((b) => this.moves.some((m) => m.from === b.module));
    const reExported = scope.kind === 'module' && this.exportedNames?.has(local);
    // Another import binds the same name to the same thing and stays (`import a.config` beside `import a.b.legacy`).
    const keptBinder = bindingNodes.some((n) => !legacyBindings.some((b) => n.startIndex >= b.item.node.startIndex && n.endIndex <= b.item.node.endIndex) && this.importBaseOf(n) === base);
    const allRewritten = rewritten === uses.length && uses.length > 0 && bindingNodes.length === legacyBindings.length && !ambiguous;
    for (const only of legacyBindings) {
      // The uses that go through this legacy module, and whether each was rewritten (none left, none ignored).
      const through = [...moved.map((m) => ({ use: m.use, from: m.dest.move.from })), ...whole.map((w) => ({ use: w.use, from: w.move.from }))].filter((t) => t.from === only.module);
      const ignoredHere = uses.some((u) => u.skip && this.classifiedFrom(base, u) === only.module);
      // A use of a name that stays in this module (`a.b.legacy.helper`) needs it imported too.
      const staying = uses.some((u) => !rewrittenUses.has(u) && spellsThrough(base, u, only.module));
      const done = through.every((t) => rewrittenUses.has(t.use)) && !ignoredHere && !staying;
      const unused = done && (allRewritten || (keptBinder && through.length > 0));
      if (unused && !reExported) {
        const rule = sites[0]?.rule ?? this.moves.find((m) => m.from === only.module)!.rule;
        if (only.stmt.kind === 'from') this.editor.removeName(only.stmt, only.item as ImportedName, rule);
        else this.editor.removeItem(only.stmt, only.item as ModuleImportItem, rule);
        continue;
      }
      const relocation = this.wholeMove(only.module);
      if (!relocation) continue;
      // The import of a module that moves whole stays (unused, re-exported through `__all__`, bound otherwise too, or
      // its name used for more): it follows the move when that keeps every use valid — under its own name, or when
      // `import C` binds the same first name as `import L` — else it is reported.
      const sameRoot = relocation.to.split('.')[0] === relocation.from.split('.')[0];
      const underOwnName = only.stmt.kind === 'from' ? relocation.to.includes('.') : only.item.alias !== undefined;
      if (!ignoredHere && !missing.has(only.module) && (underOwnName || (only.stmt.kind === 'import' && sameRoot && done))) {
        this.retargetBinding(only, relocation);
        continue;
      }
      this.legacySite(only.item.node.startIndex, relocation, '*', 'module-import');
      const why = ignoredHere ? 'a use marked `canonize: ignore` needs it' : missing.has(only.module) ? `it serves a name ${relocation.to} does not define` : !done ? 'uses through it are left as they are (reported)' : `${local} is used here for more than that module, and import ${relocation.to} does not bind it`;
      this.ctx.report(only.item.node.startIndex, `import of ${relocation.from} (moved to ${relocation.to}) kept: ${why}`, 'warning', relocation.rule);
    }
  }

  /** The legacy module a use goes through (moved name or module object), if any. */
  private classifiedFrom(base: string, use: UseChain): string | undefined {
    const hit = this.classify(base, use);
    return hit?.kind === 'moved' ? hit.dest.move.from : hit?.move.from;
  }

  /** What the import that binds `node` binds it to (its base), or undefined when `node` is not bound by an import. */
  private importBaseOf(node: SyntaxNode): string | undefined {
    for (const stmt of this.imports) {
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
  private retargetBinding(b: ModuleBinding, move: CompiledPythonMove): void {
    if (b.stmt.kind === 'import') {
      const name = b.item.alias !== undefined ? b.item.node.childForFieldName('name')! : b.item.node;
      this.ctx.edit(name.startIndex, name.endIndex, move.to, move.rule);
      return;
    }
    const dot = move.to.lastIndexOf('.');
    this.editor.removeName(b.stmt, b.item as ImportedName, move.rule);
    this.editor.require({ module: move.to.slice(0, dot), name: move.to.slice(dot + 1), local: b.item.alias ?? (b.item as ImportedName).name, anchor: b.stmt, rule: move.rule });
  }

  /**
   * Where a use's chain leads: the longest legacy module it spells out (from `base`, what the name is bound to)
   * followed by a moved name (`moved`, ending after that name), or a module that moves whole used as an object
   * (`module`: the chain ends there, or goes on only to a dunder such as `__name__`).
   */
  private classify(base: string, use: UseChain): { kind: 'moved'; dest: Destination; name: string; end: number } | { kind: 'module'; move: CompiledPythonMove; end: number } | undefined {
    const baseParts = base.split('.');
    const q = [...baseParts, ...use.names];
    for (let k = q.length; k >= baseParts.length; k--) {
      const module = q.slice(0, k).join('.');
      if (!this.moves.some((m) => m.from === module)) continue;
      const at = k - baseParts.length;
      const next = q[k];
      const whole = this.wholeMove(module);
      if (next === undefined || (whole && /^__\w+__$/.test(next))) {
        if (whole) return { kind: 'module', move: whole, end: use.ends[at]! };
        continue;
      }
      const dest = destination(this.moves, module, next);
      if (dest) return { kind: 'moved', dest, name: next, end: use.ends[at + 1]! };
    }
    return undefined;
  }

  /** Is the chain of `use` up to `end` an assignment, augmented assignment, `for`, `with … as` or `del` target? */
  private isStore(use: UseChain, end: number): boolean {
    if (use.where !== 'code') return false;
    let node: SyntaxNode = use.node;
    while (node.endIndex < end && node.parent?.type === 'attribute') node = node.parent;
    if (node.endIndex !== end) return false;
    let target: SyntaxNode = node;
    while (target.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'expression_list', 'list_splat_pattern', 'as_pattern_target'].includes(target.parent.type)) {
      target = target.parent;
    }
    const parent = target.parent;
    if (!parent) return false;
    if (parent.type === 'delete_statement') return true;
    if (parent.type === 'assignment' || parent.type === 'augmented_assignment' || parent.type === 'for_statement') {
      return parent.childForFieldName('left')?.id === target.id;
    }
    return parent.type === 'as_pattern' && target.type === 'as_pattern_target';
  }

  /** The string in `getattr(<use>, "Name", …)` and its kin, when the use's chain is their first argument. */
  private getattrName(use: UseChain): string | undefined {
    if (use.where !== 'code') return undefined;
    let node: SyntaxNode = use.node;
    while (node.parent?.type === 'attribute' && node.parent.childForFieldName('object')?.id === node.id) node = node.parent;
    const args = node.parent;
    const call = args?.parent;
    if (args?.type !== 'argument_list' || call?.type !== 'call' || args.namedChildren[0]?.id !== node.id) return undefined;
    if (!['getattr', 'hasattr', 'setattr', 'delattr'].includes(call.childForFieldName('function')?.text ?? '')) return undefined;
    const str = args.namedChildren[1];
    const parts = str?.type === 'string' ? str.namedChildren.filter((c) => c.type !== 'string_start' && c.type !== 'string_end') : [];
    return parts.length === 1 && parts[0]!.type === 'string_content' && /^[A-Za-z_]\w*$/.test(parts[0]!.text) ? parts[0]!.text : undefined;
  }

  /** Every use of `local` (bound in `scope`): identifier references, `case` value patterns, string annotations. */
  private usesOf(scope: Scope, local: string): UseChain[] {
    const out: UseChain[] = [];
    for (const occ of this.analysis.occurrences) {
      // A use inside a span another rule replaced is gone already; one its replacement carries over stays, as it is.
      if (occ.name !== local || occ.resolved !== scope || occ.kind !== 'reference' || this.py.isGone(occ.node)) continue;
      const skip = this.py.suppressed(occ.node) || this.py.isClaimed(occ.node);
      const parent = occ.node.parent;
      if (parent?.type === 'dotted_name' && parent.namedChildren[0]?.id === occ.node.id) {
        // A value pattern (`case m.Name.X:`) or a class pattern (`case m.Name():`): the dotted name's parts.
        const parts = parent.namedChildren;
        const tails = new Set<number>(parent.parent?.type === 'class_pattern' ? parts.map((p) => p.endIndex) : parts.slice(0, -1).map((p) => p.endIndex));
        out.push({ node: occ.node, scope: occ.scope, where: 'pattern', start: occ.node.startIndex, names: parts.slice(1).map((p) => p.text), ends: parts.map((p) => p.endIndex), text: parent.text, skip, patternTail: tails });
        continue;
      }
      const names: string[] = [];
      const ends = [occ.node.endIndex];
      let node: SyntaxNode = occ.node;
      while (node.parent?.type === 'attribute' && node.parent.childForFieldName('object')?.id === node.id) {
        node = node.parent;
        names.push(node.childForFieldName('attribute')!.text);
        ends.push(node.endIndex);
      }
      out.push({ node: occ.node, scope: occ.scope, where: 'code', start: occ.node.startIndex, names, ends, text: node.text, skip, patternTail: new Set() });
    }
    // Forward references in annotations: `x: "m.Name"` names the module binding too.
    const re = new RegExp(`(?<![\\w.])${local}((?:\\s*\\.\\s*[A-Za-z_]\\w*)*)`, 'g');
    for (const type of this.py.nodesOfType(['type'])) {
      for (const str of type.descendantsOfType('string_content')) {
        const at = this.analysis.scopeOf(str);
        if (this.analysis.resolve(at, local) !== scope) continue;
        for (const m of str.text.matchAll(re)) {
          const start = str.startIndex + m.index;
          const names: string[] = [];
          const ends = [start + local.length];
          for (const part of m[1]!.matchAll(/\s*\.\s*([A-Za-z_]\w*)/g)) {
            names.push(part[1]!);
            ends.push(start + local.length + part.index + part[0].length);
          }
          out.push({ node: str, scope: at, where: 'string', start, names, ends, text: m[0], skip: this.py.suppressed(str), patternTail: new Set() });
        }
      }
    }
    return out;
  }

  /** Dotted strings passed to calls: `patch("a.b.Name")`, `monkeypatch.setattr("a.b.Name", …)`, `import_module("a.b")`. */
  private strings(): void {
    // Only a string whose content starts with a legacy module's name can matter: find those through the text, not
    // by visiting every string (docstrings included) of the file.
    const text = this.ctx.file.text;
    const starts = new Set<number>();
    for (const from of new Set(this.moves.map((m) => m.from))) {
      for (let at = text.indexOf(from); at !== -1; at = text.indexOf(from, at + 1)) starts.add(at);
    }
    const seen = new Set<number>();
    for (const at of [...starts].sort((a, b) => a - b)) {
      const found = this.ctx.tree.rootNode.descendantForIndex(at, at + 1);
      const str = found.type === 'string_content' && found.startIndex === at ? found.parent : null;
      if (!str || str.type !== 'string' || seen.has(str.startIndex)) continue;
      seen.add(str.startIndex);
      const parent = str.parent;
      const isArgument = parent?.type === 'argument_list' || (parent?.type === 'keyword_argument' && parent.parent?.type === 'argument_list');
      const start = str.namedChildren[0];
      const contents = str.namedChildren.filter((c) => c.type !== 'string_start' && c.type !== 'string_end');
      const first = contents[0];
      if (!start || start.type !== 'string_start' || !first || first.type !== 'string_content') continue;
      if (this.py.suppressed(first) || this.py.isClaimed(first)) continue;
      const simple = !/[fFbB]/.test(start.text) && contents.length === 1;
      if (isArgument && simple && /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(first.text)) this.dottedString(first, first.text);
      // A docstring is not code; any other string that names a moved symbol or module is reported.
      else if (parent?.type !== 'expression_statement') this.otherString(first, simple);
    }
  }

  /**
   * A string that is not a plain call argument (an assignment, a list item, an f-string or byte string) but names a
   * moved symbol (`"L.Name…"`), a module that moves whole (`"L"`), or begins `L.` and goes on with an interpolation.
   */
  private otherString(content: SyntaxNode, simple: boolean): void {
    const value = content.text;
    const legacy = [...new Set(this.moves.map((m) => m.from))]
      .filter((from) => value === from || value.startsWith(`${from}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (legacy === undefined) return;
    const name = /^[A-Za-z_]\w*/.exec(value.slice(legacy.length + 1))?.[0];
    const dest = name !== undefined ? destination(this.moves, legacy, name) : undefined;
    const whole = this.wholeMove(legacy);
    const open = !simple && name === undefined && value.length === legacy.length + 1;
    const move = dest?.move ?? (value === legacy || open ? (whole ?? (open ? this.moves.find((m) => m.from === legacy) : undefined)) : undefined);
    if (!move) return;
    this.legacySite(content.startIndex, move, dest && name ? name : '*', 'string');
    const what = dest && name ? `moved symbol ${legacy}.${name}` : open ? `legacy module ${legacy} followed by an interpolated name` : `module ${legacy}, which moves to ${move.to}`;
    this.ctx.report(content.startIndex, `string names ${what}: not rewritten (only a plain string passed to a call is)`, 'warning', move.rule);
  }

  private dottedString(content: SyntaxNode, value: string): void {
    const legacy = [...new Set(this.moves.map((m) => m.from))]
      .filter((from) => value === from || value.startsWith(`${from}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (legacy === undefined) return;
    if (value === legacy) {
      const moves = this.moves.filter((m) => m.from === legacy);
      this.ctx.site(content.startIndex, { rule: moves[0]!.rule, status: 'legacy', module: legacy, form: 'string', symbol: '*' });
      const whole = moves.length === 1 && moves[0]!.symbols === '*';
      if (whole) this.ctx.edit(content.startIndex, content.endIndex, moves[0]!.to, moves[0]!.rule);
      else this.ctx.report(content.startIndex, `string names legacy module ${legacy}, of which only some names move: not rewritten`, 'warning', moves[0]!.rule);
      return;
    }
    const [name, ...rest] = value.slice(legacy.length + 1).split('.');
    const dest = destination(this.moves, legacy, name!);
    if (dest) this.ctx.site(content.startIndex, { rule: dest.move.rule, status: 'legacy', module: legacy, form: 'string', symbol: name! });
    if (!dest || !this.definedInTarget(dest, content.startIndex)) return;
    const rewritten = [dest.move.to, dest.newName, ...rest].join('.');
    this.ctx.edit(content.startIndex, content.endIndex, rewritten, dest.move.rule);
  }
}

/** One import binding of a name to a module: the statement, its item, and the module it binds. */
interface ModuleBinding {
  stmt: ImportStatement;
  item: ImportedName | ModuleImportItem;
  /** What the name is bound to: `a` for `import a.b.c`, `a.b.c` for `import a.b.c as m`, `P.x` for `from P import x`. */
  base: string;
  /** The module the statement imports: `a.b.c` for `import a.b.c [as m]`, `P.x` for `from P import x`. */
  module: string;
}

function bindingBase(stmt: ImportStatement, item: ImportedName | ModuleImportItem): string {
  if (stmt.kind === 'from') return `${stmt.module}.${(item as ImportedName).name}`;
  const m = item as ModuleImportItem;
  return m.alias !== undefined ? m.module : m.local;
}

function bindingModule(stmt: ImportStatement, item: ImportedName | ModuleImportItem): string {
  return stmt.kind === 'from' ? `${stmt.module}.${(item as ImportedName).name}` : (item as ModuleImportItem).module;
}

/**
 * One use of a module binding's name and the attribute chain after it (`m.Name.x`): the names after the binding's
 * name, and where the chain ends after each part (`ends[0]` is the end of the name itself).
 */
interface UseChain {
  node: SyntaxNode;
  scope: Scope;
  where: 'code' | 'pattern' | 'string';
  start: number;
  names: string[];
  ends: number[];
  text: string;
  /** On a `# canonize: ignore` line: left alone, still a use. */
  skip: boolean;
  /** In a `case` pattern: the chain ends after which a rewrite keeps it a value (or class) pattern. */
  patternTail: Set<number>;
}

/** Does the use's chain, read from what its name is bound to, go through `module` (`a.b.legacy.x` for `a.b.legacy`)? */
function spellsThrough(base: string, use: UseChain, module: string): boolean {
  const parts = module.split('.');
  const q = [...base.split('.'), ...use.names];
  return q.length >= parts.length && q.slice(0, parts.length).join('.') === module;
}

/** Is `inner` the same scope as `outer`, or nested in it? */
function within(inner: Scope, outer: Scope): boolean {
  for (let s: Scope | undefined = inner; s; s = s.parent) if (s === outer) return true;
  return false;
}

/** What a relative import that names no module (`from . import x`, `from .. import x`) always contains. */
const RELATIVE_IMPORT_NEEDLES = ['from .', 'from.'];

/** Build the python-move transform for a list of compiled moves. */
export function createPythonMoveTransform(moves: readonly CompiledPythonMove[], options: PythonMoveOptions): Transform {
  // Relative imports name a legacy module by its last segment (`from .manager import X`), so that is the needle.
  const needles = [...new Set(moves.map((m) => m.from.split('.').pop()!))];
  // The directories a legacy module would have as a package, per source root (`a/b/legacy/`).
  const packageDirs = [
    ...new Set(
      moves.flatMap((m) =>
        options.sourceRoots.map((r) => {
          const root = r.replace(/^\.\/?/, '').replace(/\/+$/, '');
          return `${root === '' ? '' : `${root}/`}${m.from.split('.').join('/')}/`;
        }),
      ),
    ),
  ];
  return {
    id: 'python-move',
    languages: ['python'],
    needles,
    // Audits also count imports that already use a canonical module.
    siteNeedles: [...new Set(moves.map((m) => m.to.split('.').pop()!))],
    // Inside a legacy package, a relative import reaches it by dots alone (`from . import Name`, `from .. import x`):
    // there the dots are a needle too.
    pathNeedles: (path) => (packageDirs.some((dir) => path.startsWith(dir)) ? RELATIVE_IMPORT_NEEDLES : []),
    // The canonical modules (export checks) and the legacy modules moved whole (their names are the relocated ones).
    pythonModulesToIndex: [...new Set([...moves.map((m) => m.to), ...moves.filter((m) => m.symbols === '*').map((m) => m.from)])].sort(),
    // Names a file may stop binding — a renamed name's old name, a legacy module's import — that other files may
    // import from it: such a name stays bound (as for `__all__`).
    pythonNamesImportedElsewhere: [
      ...new Set([
        ...moves.flatMap((m) => (m.symbols === '*' ? [] : [...m.symbols].filter(([o, n]) => o !== n).map(([o]) => o))),
        ...moves.map((m) => m.from.split('.').pop()!),
      ]),
    ].sort(),
    run(ctx) {
      const py = PythonFile.of(ctx, options);
      // The canonical module never imports from itself.
      const applicable = moves.filter((m) => m.to !== py.fileModule?.module);
      new MoveRun(ctx, applicable, py).run();
    },
  };
}
