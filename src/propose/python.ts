/**
 * The Python side of `init --discover`: what each module of the tree binds at its top level (definitions, imports,
 * aliases), which names every file imports from which module (including `m.Name` through a module import), and
 * where a name really comes from once re-export chains are followed.
 *
 * Everything here is plain data kept per module — no syntax trees survive the file they came from — so that a tree
 * of ten thousand files can be indexed one file at a time. Imports come from the shared import model
 * (`collectImports`), bindings and references from the shared scope analysis (`analyzeScopes`).
 */
import { createHash } from 'node:crypto';
import type { SyntaxNode } from '../core/syntax.js';
import { pythonDunderAll } from '../languages/python/exports.js';
import { collectImports, type FromImport, type ImportStatement, type PlainImport } from '../languages/python/imports.js';
import type { FileModule } from '../languages/python/modules.js';
import { analyzeScopes, type Scope, type ScopeAnalysis } from '../languages/python/scope.js';
import { pushTo } from './collections.js';


/** How a module binds a name at its top level. */
export type PyBinding =
  | { kind: 'class' | 'function'; line: number; bases: string[]; digest: string }
  | { kind: 'value'; line: number }
  /** `from module import name [as local]`. */
  | { kind: 'import'; line: number; module: string; name: string }
  /** `import module as local` (or `import a.b`, which binds `a`: module `a`). */
  | { kind: 'module'; line: number; module: string }
  /** `local = target`, where target is a name or a dotted attribute chain (`Other`, `m.Other`). */
  | { kind: 'alias'; line: number; target: string };

/** One name imported by a file: `from module import name`, or `m.name` through `import module as m`. */
export interface PySite {
  module: string;
  name: string;
  line: number;
  form: 'from' | 'attribute';
  /** For a `from` import at module level: the name it binds there (which other modules may import in turn). */
  binds?: string;
  /** `local.attr` uses, in case the name turns out to be a submodule (`from pkg import sub`, `os.path.join`). */
  attributes?: { name: string; line: number }[];
}

/** What discovery keeps of one Python file. */
export interface PyModule {
  module: string;
  path: string;
  isPackage: boolean;
  /** A test module: it imports like any other file but never defines or re-exports a candidate. */
  test: boolean;
  /** Why the module reads as deprecated (its docstring, a module-level DeprecationWarning, its name), if it does. */
  deprecated: string | undefined;
  bindings: Map<string, PyBinding[]>;
  all: Set<string> | undefined;
  /** Modules star-imported at module level (`from x import *`). */
  wildcards: string[];
  sites: PySite[];
}

/** `# canonize: ignore` keeps a line out of the counts, as it keeps it out of every rule. */
export const IGNORE_MARKER = /#.*\bcanonize:\s*ignore\b/;
const DEPRECATED_NAME = /(^|_)(compat|legacy|deprecated|old)(_|$)/;

const lineOf = (node: SyntaxNode): number => node.startPosition.row + 1;

/** Index one parsed Python file. */
export function indexPythonModule(root: SyntaxNode, text: string, path: string, fileModule: FileModule, test: boolean): PyModule {
  const indexer = new ModuleIndexer(root, text);
  indexer.addImports(collectImports(root, fileModule));
  indexer.addTopLevelBindings();
  for (const list of indexer.bindings.values()) list.sort((a, b) => a.line - b.line);
  return {
    module: fileModule.module,
    path,
    isPackage: fileModule.isPackage,
    test,
    deprecated: deprecationOf(root, fileModule.module),
    bindings: indexer.bindings,
    all: pythonDunderAll(root),
    wildcards: indexer.wildcards,
    sites: indexer.sites,
  };
}

/** What one file binds at its top level and imports, read off its imports and its scope analysis. */
class ModuleIndexer {
  readonly bindings = new Map<string, PyBinding[]>();
  readonly wildcards: string[] = [];
  readonly sites: PySite[] = [];
  private readonly analysis: ScopeAnalysis;
  private readonly lines: string[];
  /** References by (scope, name), for `m.Name` uses of module imports. */
  private readonly references = new Map<Scope, Map<string, SyntaxNode[]>>();

  constructor(root: SyntaxNode, text: string) {
    this.analysis = analyzeScopes(root);
    this.lines = text.split('\n');
    for (const occ of this.analysis.occurrences) {
      if (occ.kind !== 'reference') continue;
      const byName = this.references.get(occ.resolved) ?? new Map<string, SyntaxNode[]>();
      pushTo(byName, occ.name, occ.node);
      this.references.set(occ.resolved, byName);
    }
  }

  private ignored(line: number): boolean {
    return IGNORE_MARKER.test(this.lines[line - 1] ?? '');
  }

  private bind(name: string, binding: PyBinding): void {
    pushTo(this.bindings, name, binding);
  }

  /** The attribute chains `local.a.b…` used in `scope`, as their dotted text and the node of their first attribute. */
  private chains(scope: Scope, local: string): { text: string; line: number }[] {
    return (this.references.get(scope)?.get(local) ?? []).flatMap((node) => {
      let top: SyntaxNode = node;
      while (top.parent?.type === 'attribute' && top.parent.childForFieldName('object')?.id === top.id) top = top.parent;
      return top.id === node.id || this.ignored(lineOf(top)) ? [] : [{ text: top.text.replace(/\s+/g, ''), line: lineOf(top) }];
    });
  }

  addImports(statements: readonly ImportStatement[]): void {
    for (const stmt of statements) {
      const scope = this.analysis.scopeOf(stmt.node);
      if (stmt.kind === 'import') this.addImport(stmt, scope);
      else this.addFromImport(stmt, scope);
    }
  }

  /** `import a.b.c [as m]`: a module binding at top level, and a site for every `m.Name` (`a.b.c.Name`) use. */
  private addImport(stmt: PlainImport, scope: Scope): void {
    const topLevel = scope.kind === 'module';
    const line = lineOf(stmt.node);
    for (const item of stmt.items) {
      if (topLevel) this.bind(item.local, { kind: 'module', line, module: item.alias === undefined ? item.local : item.module });
      // `import a.b.c as m` → `m.Name`; `import a.b.c` → `a.b.c.Name`.
      const prefix = item.alias === undefined ? `${item.module}.` : `${item.local}.`;
      for (const chain of this.chains(scope, item.local)) {
        if (!chain.text.startsWith(prefix)) continue;
        const [name, attribute] = chain.text.slice(prefix.length).split('.') as [string, string | undefined];
        // `os.path.join` after `import os`: if `path` turns out to be a module, `join` is the name used.
        this.sites.push({ module: item.module, name, line: chain.line, form: 'attribute', ...(attribute ? { attributes: [{ name: attribute, line: chain.line }] } : {}) });
      }
    }
  }

  /** `from m import a [as b]`: an import binding at top level, and a site per name (with its `b.x` uses). */
  private addFromImport(stmt: FromImport, scope: Scope): void {
    const topLevel = scope.kind === 'module';
    if (stmt.module === undefined) return;
    if (stmt.wildcard) {
      if (topLevel) this.wildcards.push(stmt.module);
      return;
    }
    for (const name of stmt.names) {
      const nameLine = lineOf(name.node);
      if (topLevel) this.bind(name.local, { kind: 'import', line: nameLine, module: stmt.module, name: name.name });
      if (this.ignored(nameLine)) continue;
      const attributes = this.chains(scope, name.local).map((c) => ({ name: c.text.split('.')[1]!, line: c.line }));
      this.sites.push({
        module: stmt.module,
        name: name.name,
        line: nameLine,
        form: 'from',
        ...(topLevel ? { binds: name.local } : {}),
        ...(attributes.length > 0 ? { attributes } : {}),
      });
    }
  }

  /** Every other top-level binding, as the scope analysis found it: definitions, aliases, values. */
  addTopLevelBindings(): void {
    for (const [name, nodes] of this.analysis.module.bindings) {
      for (const node of nodes) {
        const parent = node.parent;
        if (!parent || parent.type === 'import_statement' || parent.type === 'import_from_statement' || parent.type === 'aliased_import' || parent.type === 'dotted_name') continue;
        if ((parent.type === 'class_definition' || parent.type === 'function_definition') && parent.childForFieldName('name')?.id === node.id) {
          const bases = parent.childForFieldName('superclasses')?.namedChildren.filter((b) => b.type === 'identifier' || b.type === 'attribute').map((b) => b.text.replace(/\s+/g, '')) ?? [];
          const digest = definitionDigest(parent.text);
          this.bind(name, { kind: parent.type === 'class_definition' ? 'class' : 'function', line: lineOf(node), bases, digest });
          continue;
        }
        const right = parent.type === 'assignment' && parent.childForFieldName('left')?.id === node.id ? parent.childForFieldName('right') : null;
        if (right && (right.type === 'identifier' || (right.type === 'attribute' && /^[\w.\s]+$/.test(right.text)))) {
          this.bind(name, { kind: 'alias', line: lineOf(node), target: right.text.replace(/\s+/g, '') });
        } else {
          this.bind(name, { kind: 'value', line: lineOf(node) });
        }
      }
    }
  }
}

/**
 * Why a module reads as deprecated: `DEPRECATED` in capitals (or a line starting with "Deprecated") in its
 * docstring, a `DeprecationWarning` raised at import time, or a `compat` / `legacy` / `deprecated` / `old` word in
 * its own name. A lower-case "deprecated" in running text (say, a canonical module listing the deprecated ones)
 * does not count.
 */
function deprecationOf(root: SyntaxNode, module: string): string | undefined {
  const first = root.namedChildren.find((c) => c.type !== 'comment');
  const docstring = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first.namedChildren[0].text : '';
  const warns = root.namedChildren.some((c) => c.type === 'expression_statement' && warnsDeprecation(c.text));
  return deprecationFrom(docstring, warns, module);
}

/** A top-level statement that warns of a deprecation when the module is imported. */
export const warnsDeprecation = (statement: string): boolean => /\bwarn\s*\(/.test(statement) && statement.includes('DeprecationWarning');

/** {@link deprecationOf} from what it reads: the docstring's text, whether a top-level statement warns, the module name. */
export function deprecationFrom(docstring: string, warns: boolean, module: string): string | undefined {
  if (/\bDEPRECATED\b/.test(docstring) || /^\s*(""")?\s*deprecated\b/im.test(docstring)) return 'its docstring says DEPRECATED';
  if (warns) return 'it raises a DeprecationWarning when imported';
  // A module of a `compat` / `legacy` package is legacy too (`compat.widgets`).
  const marked = module.split('.').find((segment) => DEPRECATED_NAME.test(segment));
  if (marked !== undefined) return `its name (${marked}) marks it as legacy`;
  return undefined;
}

/** The digest two copies of a definition share: its text from `class` / `def` to its last statement, spacing folded. */
export const definitionDigest = (text: string): string => createHash('sha256').update(text.replace(/\s+/g, ' ')).digest('hex').slice(0, 16);

/** Where a module-level name comes from, re-export chains followed. */
export type PyTarget =
  | { kind: 'symbol'; module: string; name: string; binding: Extract<PyBinding, { kind: 'class' | 'function' | 'value' }> }
  | { kind: 'module'; module: string }
  /** Defined outside the scanned tree (a third-party or standard-library module, or an unscanned path). */
  | { kind: 'external'; module: string; name: string }
  | { kind: 'unresolved'; reason: 'cycle' | 'missing' | 'ambiguous' };

export const symbolKey = (module: string, name: string): string => `${module}:${name}`;

/**
 * Follows re-export chains to the module that defines a name. A module that only re-imports a name (`from x import
 * N`, `N = x.N`, `from x import *`) passes the question on to `x`; the first module that binds it with a `class`,
 * `def` or a value assignment is where it is defined. Results are memoised; a chain that comes back to a name already
 * being resolved is a cycle and resolves to nothing.
 */
export class PyResolver {
  private readonly memo = new Map<string, PyTarget>();
  private readonly active = new Set<string>();

  constructor(private readonly modules: ReadonlyMap<string, PyModule>) {}

  resolve(module: string, name: string): PyTarget {
    const key = symbolKey(module, name);
    const known = this.memo.get(key);
    if (known) return known;
    if (this.active.has(key)) return { kind: 'unresolved', reason: 'cycle' };
    this.active.add(key);
    const target = this.compute(module, name);
    this.active.delete(key);
    this.memo.set(key, target);
    return target;
  }

  /**
   * A module bound by a name in its parent rather than a file (`os.path`: `import posixpath as path` in os.py):
   * the module it stands for, if the tree has it.
   */
  moduleInfo(module: string): PyModule | undefined {
    const dot = module.lastIndexOf('.');
    if (dot < 0 || this.modules.has(module)) return this.modules.get(module);
    const bound = this.resolve(module.slice(0, dot), module.slice(dot + 1));
    return bound.kind === 'module' && bound.module !== module ? this.modules.get(bound.module) : undefined;
  }

  private compute(module: string, name: string): PyTarget {
    const info = this.modules.get(module);
    const bound = info ? undefined : this.moduleInfo(module);
    if (bound) return this.resolve(bound.module, name);
    const submodule = `${module}.${name}`;
    if (!info) return this.modules.has(submodule) ? { kind: 'module', module: submodule } : { kind: 'external', module, name };
    const bindings = info.bindings.get(name) ?? [];
    const definition = bindings.find((b) => b.kind === 'class' || b.kind === 'function');
    if (definition?.kind === 'class' || definition?.kind === 'function') return { kind: 'symbol', module, name, binding: definition };
    const links = bindings.filter((b) => b.kind === 'import' || b.kind === 'module' || b.kind === 'alias');
    // A platform switch (`if …: import posixpath as path` / `else: import ntpath as path`) binds the first it names.
    if (links.length > 1 && links.every((b) => b.kind === 'module')) return this.follow(module, links[0]!);
    if (links.length > 0) {
      // Several re-imports (`try:` / `except ImportError:`) must agree on one origin.
      const targets = links.map((b) => this.follow(module, b));
      const keys = new Set(targets.map(targetKey));
      return keys.size === 1 ? targets[0]! : { kind: 'unresolved', reason: 'ambiguous' };
    }
    const value = bindings.find((b) => b.kind === 'value');
    if (value?.kind === 'value') return { kind: 'symbol', module, name, binding: value };
    if (this.modules.has(submodule)) return { kind: 'module', module: submodule };
    for (const star of info.wildcards) {
      const target = this.resolve(star, name);
      if (target.kind !== 'unresolved' && target.kind !== 'external') return target;
    }
    return { kind: 'unresolved', reason: 'missing' };
  }

  private follow(module: string, binding: PyBinding): PyTarget {
    switch (binding.kind) {
      case 'import':
        return this.resolve(binding.module, binding.name);
      case 'module':
        return { kind: 'module', module: binding.module };
      case 'alias': {
        const [head, ...rest] = binding.target.split('.');
        let target = this.resolve(module, head!);
        for (const attr of rest) {
          if (target.kind !== 'module') return { kind: 'unresolved', reason: 'missing' };
          target = this.resolve(target.module, attr);
        }
        return target;
      }
      default:
        return { kind: 'unresolved', reason: 'missing' };
    }
  }
}

function targetKey(target: PyTarget): string {
  switch (target.kind) {
    case 'symbol':
    case 'external':
      return `${target.kind}:${symbolKey(target.module, target.name)}`;
    case 'module':
      return `module:${target.module}`;
    default:
      return `unresolved:${target.reason}`;
  }
}
