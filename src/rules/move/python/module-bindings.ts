/**
 * Import bindings of a name to a module (`import a.b.c [as m]`, `from P import x`) as python-move follows their
 * uses: what the name is bound to, and which module the statement imports.
 */
import type { ImportedName, ImportStatement, ModuleImportItem } from '../../../languages/python/imports.js';
import type { Scope } from '../../../languages/python/scope.js';

/** One import binding of a name to a module: the statement, its item, and the module it binds. */
export interface ModuleBinding {
  stmt: ImportStatement;
  item: ImportedName | ModuleImportItem;
  /** What the name is bound to: `a` for `import a.b.c`, `a.b.c` for `import a.b.c as m`, `P.x` for `from P import x`. */
  base: string;
  /** The module the statement imports: `a.b.c` for `import a.b.c [as m]`, `P.x` for `from P import x`. */
  module: string;
}

/** What an import binds its name to (see {@link ModuleBinding.base}). */
export function bindingBase(stmt: ImportStatement, item: ImportedName | ModuleImportItem): string {
  if (stmt.kind === 'from') return `${stmt.module}.${(item as ImportedName).name}`;
  const m = item as ModuleImportItem;
  return m.alias !== undefined ? m.module : m.local;
}

/** The module an import statement imports for one of its items (see {@link ModuleBinding.module}). */
export function bindingModule(stmt: ImportStatement, item: ImportedName | ModuleImportItem): string {
  return stmt.kind === 'from' ? `${stmt.module}.${(item as ImportedName).name}` : (item as ModuleImportItem).module;
}

/** The import bindings of one name in one scope, of modules that are (or contain) legacy modules. */
export interface ModuleGroup {
  scope: Scope;
  local: string;
  bindings: ModuleBinding[];
}
