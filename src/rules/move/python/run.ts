/**
 * The per-file state of one python-move run ({@link PythonMoveRun}) and the questions every part of the rule asks
 * of it: which moves take a module, whether the canonical module defines a name, what this module must keep
 * binding. The rewriting itself lives in the files beside it (docs/move-rule.md, "Code").
 */
import { pythonDunderAll } from '../../../languages/python/exports.js';
import type { PythonFile } from '../../../languages/python/file.js';
import type { ImportStatement } from '../../../languages/python/imports.js';
import type { ScopeAnalysis } from '../../../languages/python/scope.js';
import type { TransformContext } from '../../../core/types.js';
import type { ModuleGroup } from './module-bindings.js';
import type { CompiledPythonMove, Destination } from './moves.js';

/** Per-file state of one run of the python-move transform, and the queries on the moves that need it. */
export class PythonMoveRun {
  readonly editor: PythonFile['editor'];
  readonly imports: ImportStatement[];
  /** Per scope, old name and new name: may the name be renamed there? */
  readonly renameDecisions = new Map<string, boolean>();
  /** Identifiers already renamed. */
  readonly renamed = new Set<number>();
  /** The cache of {@link exportedNames} (null: not read yet). */
  private exportedCache: Set<string> | undefined | null = null;

  constructor(
    readonly ctx: TransformContext,
    readonly moves: readonly CompiledPythonMove[],
    readonly py: PythonFile,
  ) {
    this.imports = py.imports;
    this.editor = py.editor;
  }

  /** The file's scope analysis (made when first asked for). */
  get analysis(): ScopeAnalysis {
    return this.py.analysis;
  }

  /**
   * Names other code may read from this module, so it must keep binding them: its `__all__`, and the names other files
   * of the tree import from it (`from this.module import Name`, from the project index).
   */
  get exportedNames(): Set<string> | undefined {
    if (this.exportedCache === null) {
      const all = pythonDunderAll(this.ctx.tree.rootNode);
      const module = this.py.fileModule?.module;
      const imported = module === undefined ? undefined : this.ctx.project.pythonImportedFrom?.[module];
      this.exportedCache = imported && imported.length > 0 ? new Set([...(all ?? []), ...imported]) : all;
    }
    return this.exportedCache;
  }

  /**
   * The move whose canonical form this import is (`from TO import NewName`), if any: the first move to `module` that
   * relocates `name` — by its listed new names, or for a `*` move by the legacy module's names when it is indexed.
   */
  canonicalRule(module: string, name: string): string | undefined {
    for (const move of this.moves) {
      if (move.to !== module) continue;
      if (move.symbols === '*') {
        if (this.ctx.project.pythonExports[move.from]?.includes(name)) return move.rule;
      } else if ([...move.symbols.values()].includes(name)) return move.rule;
    }
    return undefined;
  }

  /** False when the canonical module is in the tree and does not define `name` (nothing reported). */
  definedIn(dest: Destination): boolean {
    const exports = this.ctx.project.pythonExports[dest.move.to];
    return !exports || exports.includes(dest.newName);
  }

  /** False when the canonical module is in the tree and does not define `name` (the site is then reported). */
  definedInTarget(dest: Destination, at: number): boolean {
    const exports = this.ctx.project.pythonExports[dest.move.to];
    if (!exports || exports.includes(dest.newName)) return true;
    this.ctx.report(at, `${dest.newName} is not defined in ${dest.move.to}: not moved (unsafe)`, 'error', dest.move.rule);
    return false;
  }

  /** The whole (`*`) move of a module that strictly contains `module` (`a.b.legacy` for `a.b.legacy.sub`), if any. */
  wholeMoveAbove(module: string): CompiledPythonMove | undefined {
    return this.moves.find((m) => m.symbols === '*' && module.startsWith(`${m.from}.`));
  }

  /** Is `module` a legacy module, or a package that contains one (`a`, `a.b` for `a.b.legacy`)? */
  reachesLegacy(module: string): boolean {
    return this.moves.some((m) => m.from === module || m.from.startsWith(`${module}.`));
  }

  /** The move that relocates legacy module `module` as a whole, when exactly one move takes it and takes every name. */
  wholeMove(module: string): CompiledPythonMove | undefined {
    const moves = this.moves.filter((m) => m.from === module);
    return moves.length === 1 && moves[0]!.symbols === '*' ? moves[0] : undefined;
  }

  /** Record a legacy site of a move. */
  legacySite(at: number, move: CompiledPythonMove, symbol: string, form: string): void {
    this.ctx.site(at, { rule: move.rule, status: 'legacy', module: move.from, form, symbol });
  }

  /** Import bindings of modules that are (or contain) legacy modules, grouped by the scope and name they bind. */
  readonly moduleGroups = new Map<string, ModuleGroup>();
}
