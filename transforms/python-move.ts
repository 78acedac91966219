/**
 * python-move: the `move` rule kind for Python. A move says that a legacy module, or some names of it, now live
 * in a canonical module (optionally renamed). For every file it rewrites:
 *
 * - `from LEGACY import A, B as X` (absolute or relative, anywhere: functions, try/except, if TYPE_CHECKING):
 *   moved names leave the statement (which goes when empty) and are imported from the canonical module — merged
 *   into an existing import of it in the same block, or in place of the legacy statement (import editor);
 * - renamed names: references are renamed (scope-aware: only identifiers bound by that import); when the new name
 *   is taken, or the old one is re-exported through `__all__`, the import keeps the old name with an alias;
 * - `import LEGACY [as m]`, `from PKG import legacy_module`: `m.Name` uses of moved names become the canonical
 *   name; the module import goes when nothing else uses it;
 * - dotted strings in call arguments that name a moved symbol or module (`patch("a.b.Name")`,
 *   `importlib.import_module("a.b")`).
 *
 * It reports rather than rewrites: `from LEGACY import *`, a name the canonical module (when it is in the tree)
 * does not define, a module string when only some names of that module move.
 */
import type Parser from 'tree-sitter';
import { pythonDunderAll } from '../src/python/exports.js';
import { PythonFile, type PythonOptions } from '../src/python/file.js';
import {
  trailingComment,
  type FromImport,
  type ImportedName,
  type ImportStatement,
  type ModuleImportItem,
  type PlainImport,
} from '../src/python/imports.js';
import type { Scope, ScopeAnalysis } from '../src/python/scope.js';
import type { Transform, TransformContext } from '../src/types.js';

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

  private get exportedNames(): Set<string> | undefined {
    if (this.dunderAll === null) this.dunderAll = pythonDunderAll(this.ctx.tree.rootNode);
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
      if (stmt.kind === 'from') this.fromImport(stmt);
      else this.plainImport(stmt);
    }
    this.strings();
  }

  private fromImport(stmt: FromImport): void {
    const module = stmt.module;
    if (module === undefined) return;
    if (stmt.wildcard) {
      if (this.moves.some((m) => m.from === module)) {
        const rule = this.moves.find((m) => m.from === module)!.rule;
        this.ctx.site(stmt.node.startIndex, { rule, status: 'legacy', module, form: 'wildcard', symbol: '*' });
        this.ctx.report(stmt.node.startIndex, `wildcard import from legacy module ${module}: not rewritten (name the imported symbols)`, 'warning', this.moves.find((m) => m.from === module)!.rule);
      }
      return;
    }
    for (const name of stmt.names) {
      const submodule = `${module}.${name.name}`;
      if (this.moves.some((m) => m.from === submodule)) {
        this.moduleBinding(stmt, name, submodule, name.local);
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
   * The name the moved symbol is bound to: an existing alias is kept; a renamed symbol takes its new name (and the
   * file's references follow) when that is safe, else keeps its old name as an alias.
   */
  private localNameFor(stmt: FromImport, name: ImportedName, dest: Destination): string {
    if (name.alias !== undefined || dest.newName === name.name) return name.local;
    const scope = this.analysis.scopeOf(stmt.node);
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
    const ok = !exported && importsAgree && this.canBind(scope, dest.newName, dest.move.to, occurrences.map((o) => o.scope));
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
      if (this.moves.some((m) => m.from === item.module)) this.moduleBinding(stmt, item, item.module, item.local);
    }
  }

  /**
   * A legacy module bound to a name (`import a.b.legacy`, `import a.b.legacy as m`, `from a.b import legacy`):
   * rewrite `m.Name` for moved names to the canonical name, and drop the binding when nothing else uses it.
   */
  private moduleBinding(stmt: ImportStatement, item: ImportedName | ModuleImportItem, module: string, local: string): void {
    const scope = this.analysis.scopeOf(stmt.node);
    const chainPrefix = 'nameNode' in item || item.alias !== undefined ? local : module;
    const uses = this.analysis.occurrences.filter((o) => o.name === local && o.resolved === scope && o.kind === 'reference');
    const bindings = this.analysis.occurrences.filter((o) => o.name === local && o.resolved === scope && o.kind !== 'reference');
    // Uses inside spans another rule replaced whole are gone already.
    let remaining = uses.filter((u) => !this.py.isClaimed(u.node)).length;
    const sites: { node: SyntaxNode; dest: Destination; from: Scope }[] = [];
    for (const use of uses) {
      if (this.py.isClaimed(use.node)) continue;
      // Climb the attribute chain `local.x.y...` to find `<module>.<Name>`.
      let node: SyntaxNode = use.node;
      let text = local;
      while (text !== chainPrefix && node.parent?.type === 'attribute' && node.parent.childForFieldName('object')?.id === node.id) {
        node = node.parent;
        text = `${text}.${node.childForFieldName('attribute')!.text}`;
      }
      if (text !== chainPrefix) continue;
      const parent = node.parent;
      if (parent?.type !== 'attribute' || parent.childForFieldName('object')?.id !== node.id) continue;
      const attr = parent.childForFieldName('attribute')!.text;
      const dest = destination(this.moves, module, attr);
      if (dest) this.ctx.site(parent.startIndex, { rule: dest.move.rule, status: 'legacy', module, form: 'module-attribute', symbol: attr });
      if (!dest || !this.definedInTarget(dest, parent.startIndex)) continue;
      sites.push({ node: parent, dest, from: use.scope });
    }
    const byName = new Map<string, typeof sites>();
    for (const site of sites) byName.set(site.dest.newName, [...(byName.get(site.dest.newName) ?? []), site]);
    for (const [newName, group] of byName) {
      const dest = group[0]!.dest;
      if (!this.canBind(scope, newName, dest.move.to, group.map((g) => g.from))) {
        for (const site of group) {
          this.ctx.report(site.node.startIndex, `cannot import ${newName} from ${dest.move.to}: the name is taken here; ${site.node.text} left as it is`, 'warning', dest.move.rule);
        }
        continue;
      }
      for (const site of group) this.ctx.edit(site.node.startIndex, site.node.endIndex, newName, dest.move.rule);
      remaining -= group.length;
      this.editor.require({ module: dest.move.to, name: newName, local: newName, anchor: stmt, rule: dest.move.rule });
    }
    const reExported = scope.kind === 'module' && this.exportedNames?.has(local);
    const onlyImportBinding = bindings.length === 1;
    if (remaining === 0 && uses.length > 0 && !reExported && onlyImportBinding) {
      const rule = sites[0]?.dest.move.rule ?? this.moves.find((m) => m.from === module)!.rule;
      if (stmt.kind === 'from') this.editor.removeName(stmt, item as ImportedName, rule);
      else this.editor.removeItem(stmt, item as ModuleImportItem, rule);
    }
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
      if (!isArgument) continue;
      const start = str.namedChildren[0];
      if (!start || start.type !== 'string_start' || /[fFbB]/.test(start.text)) continue;
      const contents = str.namedChildren.filter((c) => c.type !== 'string_start' && c.type !== 'string_end');
      if (contents.length !== 1 || contents[0]!.type !== 'string_content') continue;
      const content = contents[0]!;
      if (this.py.suppressed(content) || this.py.isClaimed(content)) continue;
      const value = content.text;
      if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(value)) continue;
      this.dottedString(content, value);
    }
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

/** Is `inner` the same scope as `outer`, or nested in it? */
function within(inner: Scope, outer: Scope): boolean {
  for (let s: Scope | undefined = inner; s; s = s.parent) if (s === outer) return true;
  return false;
}

/** Build the python-move transform for a list of compiled moves. */
export function createPythonMoveTransform(moves: readonly CompiledPythonMove[], options: PythonMoveOptions): Transform {
  // Relative imports name a legacy module by its last segment (`from .manager import X`), so that is the needle.
  const needles = [...new Set(moves.map((m) => m.from.split('.').pop()!))];
  return {
    id: 'python-move',
    languages: ['python'],
    needles,
    // Audits also count imports that already use a canonical module.
    siteNeedles: [...new Set(moves.map((m) => m.to.split('.').pop()!))],
    // The canonical modules (export checks) and the legacy modules moved whole (their names are the relocated ones).
    pythonModulesToIndex: [...new Set([...moves.map((m) => m.to), ...moves.filter((m) => m.symbols === '*').map((m) => m.from)])].sort(),
    run(ctx) {
      const py = PythonFile.of(ctx, options);
      // The canonical module never imports from itself.
      const applicable = moves.filter((m) => m.to !== py.fileModule?.module);
      new MoveRun(ctx, applicable, py).run();
    },
  };
}
