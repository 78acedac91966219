/**
 * The per-file Python state that every Python rule shares (through `ctx.shared`): the file's module name, its
 * import statements, scope analysis (computed once, on demand), the one import editor, and the spans a rule has
 * claimed (replaced whole), so that another rule does not also edit inside them.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { Claims, type Spanned } from '../../core/claims.js';
import type { SharedFileState, TransformContext } from '../../core/types.js';
import { collectImports, PythonImportEditor, type ImportedName, type ImportStatement, type ModuleImportItem } from './imports.js';
import { moduleForPath, type FileModule } from './modules.js';
import { plainImportBindings } from './plain-names.js';
import { analyzeScopes, type NameOccurrence, type Scope, type ScopeAnalysis } from './scope.js';


export interface PythonOptions {
  sourceRoots: readonly string[];
  relativeImports: 'keep' | 'absolute';
  lineLength: number;
}

/** `# canonize: ignore` on a line keeps canonize's rules off the sites on it. */
const IGNORE_MARKER = /#.*\bcanonize:\s*ignore\b/;

/** The leftmost name of an identifier or attribute chain (`a` in `a.b.c`), if it is one. */
export function rootName(node: SyntaxNode): string | undefined {
  let n: SyntaxNode | null = node;
  while (n?.type === 'attribute') n = n.childForFieldName('object');
  return n?.type === 'identifier' ? n.text : undefined;
}

/** Where an import binds a name: the statement and the item in it. */
export type ImportBinding =
  | { stmt: Extract<ImportStatement, { kind: 'from' }>; item: ImportedName }
  | { stmt: Extract<ImportStatement, { kind: 'import' }>; item: ModuleImportItem };

/**
 * What an import binds its local name to: `pkg.mod.Name` for `from pkg.mod import Name [as X]`, the module for
 * `import pkg.mod as m`, the first segment for `import pkg.mod` (uses spell the rest out). Undefined for a relative
 * import that cannot be resolved. The one definition {@link PythonFile.qualifiedNames} and
 * {@link PythonFile.importedLocalsReaching} share.
 */
function importedName(binding: ImportBinding): string | undefined {
  const { stmt, item } = binding;
  if (stmt.kind === 'from') return stmt.module === undefined ? undefined : `${stmt.module}.${(item as ImportedName).name}`;
  const m = item as ModuleImportItem;
  return m.alias !== undefined ? m.module : m.local;
}

export class PythonFile implements SharedFileState {
  readonly fileModule: FileModule | undefined;
  readonly imports: ImportStatement[];
  readonly editor: PythonImportEditor;
  private scopes: ScopeAnalysis | undefined;
  private occurrencesByNode: Map<number, NameOccurrence> | undefined;
  private readonly claims = new Claims();

  /** The file's shared Python state, created by the first rule that asks. */
  static of(ctx: TransformContext, options: PythonOptions): PythonFile {
    return ctx.shared('python-file', () => new PythonFile(ctx, options));
  }

  private constructor(
    private readonly ctx: TransformContext,
    options: PythonOptions,
  ) {
    this.fileModule = moduleForPath(ctx.file.path, options.sourceRoots);
    this.imports = collectImports(ctx.tree.rootNode, this.fileModule, ctx.file.text);
    this.editor = new PythonImportEditor(ctx.file, this.imports, this.fileModule, (s, e, t, rule) => ctx.edit(s, e, t, rule), {
      relativeImports: options.relativeImports,
      lineLength: options.lineLength,
    });
  }

  get analysis(): ScopeAnalysis {
    return (this.scopes ??= analyzeScopes(this.ctx.tree.rootNode));
  }

  private readonly nodesByTypes = new Map<string, SyntaxNode[]>();

  /**
   * `descendantsOfType` of the whole tree, once per file per set of types: every rule of every kind asks for the
   * same calls, and each walk crosses into the native bindings for every node.
   */
  nodesOfType(types: readonly string[]): SyntaxNode[] {
    const key = [...types].sort().join(',');
    let nodes = this.nodesByTypes.get(key);
    if (!nodes) this.nodesByTypes.set(key, (nodes = this.ctx.tree.rootNode.descendantsOfType([...types])));
    return nodes;
  }

  /**
   * The calls whose callee's leftmost name (`rootName`) is one of `names`, in document order: found from the names'
   * occurrences in the text, each looked up in the tree, instead of a walk over every call of the file (which
   * `nodesOfType` makes, once per file, when a rule needs every call anyway).
   */
  callsRootedAt(names: ReadonlySet<string>): SyntaxNode[] {
    const cached = this.nodesByTypes.get('call');
    if (cached) return cached.filter((call) => names.has(rootName(call.childForFieldName('function')!) ?? ''));
    const { text } = this.ctx.file;
    const root = this.ctx.tree.rootNode;
    const calls = new Map<number, SyntaxNode>();
    for (const name of names) {
      for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
        let node = root.descendantForIndex(at, at + name.length);
        if (node.type !== 'identifier' || node.startIndex !== at || node.endIndex !== at + name.length) continue;
        for (let up = node.parent; up?.type === 'attribute' && up.childForFieldName('object')?.startIndex === node.startIndex; up = node.parent) node = up;
        const call = node.parent;
        if (call?.type === 'call' && call.childForFieldName('function')?.startIndex === node.startIndex) calls.set(call.startIndex, call);
      }
    }
    return [...calls.values()].sort((a, b) => a.startIndex - b.startIndex);
  }

  /** The name occurrence an identifier node is, if it names a variable. */
  occurrenceOf(node: SyntaxNode): NameOccurrence | undefined {
    this.occurrencesByNode ??= new Map(this.analysis.occurrences.map((o) => [o.node.id, o]));
    return this.occurrencesByNode.get(node.id);
  }

  /**
   * What an identifier or attribute chain refers to through the file's imports: `pkg.mod.Name` for `Name` bound by
   * `from pkg.mod import Name [as X]`, or `m.Name` with `import pkg.mod as m`, or `pkg.mod.Name` spelled out after
   * `import pkg.mod`. One entry per import that binds the name (fallback imports give several); undefined for
   * names bound otherwise (locals, parameters), unless `localDefinitions` is set, which qualifies a module-level
   * `def` / `class` of this file as `<this module>.<name>`.
   */
  qualifiedNames(node: SyntaxNode, options: { localDefinitions?: boolean } = {}): string[] | undefined {
    // Every call rule asks about the same callees: answer each node once per file.
    const cache = options.localDefinitions ? this.qualifiedWithLocals : this.qualified;
    const id = node.id;
    if (cache.has(id)) return cache.get(id);
    const names = this.resolveQualifiedNames(node, options);
    cache.set(id, names);
    return names;
  }

  private readonly qualified = new Map<number, string[] | undefined>();
  private readonly qualifiedWithLocals = new Map<number, string[] | undefined>();

  /**
   * The local names, bound by any import of the file (in any scope), through which one of the qualified `targets`
   * can be reached (`from m import Name [as L]`, `import m as L`, `import m`'s first segment, a parent package).
   * {@link qualifiedNames} can only answer a target for an expression whose leftmost name is one of these, which is
   * checked without scope analysis; an empty set means no expression of the file can name a target through imports.
   */
  importedLocalsReaching(targets: readonly string[]): Set<string> {
    const out = new Set<string>();
    const reaches = (base: string | undefined) => base !== undefined && targets.some((t) => t === base || t.startsWith(`${base}.`));
    for (const stmt of this.imports) {
      const bindings: ImportBinding[] = stmt.kind === 'from' ? stmt.names.map((item) => ({ stmt, item })) : stmt.items.map((item) => ({ stmt, item }));
      for (const binding of bindings) if (reaches(importedName(binding))) out.add(binding.item.local);
    }
    return out;
  }

  private resolveQualifiedNames(node: SyntaxNode, options: { localDefinitions?: boolean }): string[] | undefined {
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const base = object ? this.qualifiedNames(object, options) : undefined;
      const attr = node.childForFieldName('attribute')!.text;
      return base?.map((b) => `${b}.${attr}`);
    }
    if (node.type !== 'identifier') return undefined;
    // Most names a rule asks about are imported once and only read: no need to analyse the whole file for them.
    const plain = this.scopes === undefined ? plainImportBindings(this.ctx.tree.rootNode, this.ctx.file.text, node) : undefined;
    if (plain) return plain.length === 0 ? undefined : this.importedNames(plain);
    const occ = this.occurrenceOf(node);
    if (!occ) return undefined;
    const bindings = this.importBindings(occ.resolved, occ.name);
    if (!bindings) {
      const defs = occ.resolved.kind === 'module' ? (occ.resolved.bindings.get(occ.name) ?? []) : [];
      const defined = defs.length === 1 && ['function_definition', 'class_definition'].includes(defs[0]!.parent?.type ?? '');
      return options.localDefinitions && defined && this.fileModule ? [`${this.fileModule.module}.${occ.name}`] : undefined;
    }
    const out: string[] = [];
    for (const binding of bindings) {
      const name = importedName(binding);
      if (name === undefined) return undefined;
      out.push(name);
    }
    return out;
  }

  /** What the imports binding these identifiers bind them to; undefined unless each is an import's and resolves. */
  private importedNames(bound: readonly SyntaxNode[]): string[] | undefined {
    const out: string[] = [];
    for (const node of bound) {
      const binding = this.importOf(node);
      const name = binding && importedName(binding);
      if (name === undefined) return undefined;
      out.push(name);
    }
    return out;
  }

  /** {@link qualifiedNames} when they agree on one name. */
  qualifiedName(node: SyntaxNode, options: { localDefinitions?: boolean } = {}): string | undefined {
    const names = this.qualifiedNames(node, options);
    return names && new Set(names).size === 1 ? names[0] : undefined;
  }

  /** Mark a span as rewritten by a rule; see {@link Claims.claim}. */
  claim(start: number, end: number, copied: readonly [number, number][] = []): void {
    this.claims.claim(start, end, copied);
  }

  /** Is the node inside a span another rule rewrote? See {@link Claims.isClaimed}. */
  isClaimed(node: Spanned): boolean {
    return this.claims.isClaimed(node);
  }

  /** Is the node's text gone from the rewritten file? See {@link Claims.isGone}. */
  isGone(node: Spanned): boolean {
    return this.claims.isGone(node);
  }

  /** A site on a line marked `# canonize: ignore` is left alone (and not reported). */
  suppressed(node: SyntaxNode): boolean {
    const text = this.ctx.file.text;
    const lineEnd = text.indexOf('\n', node.startIndex);
    const line = text.slice(text.lastIndexOf('\n', node.startIndex - 1) + 1, lineEnd === -1 ? text.length : lineEnd);
    return IGNORE_MARKER.test(line);
  }

  /** The import that binds `local` in `scope`, when that import is the name's only binding there. */
  importBinding(scope: Scope, local: string): ImportBinding | undefined {
    const all = this.importBindings(scope, local);
    return all?.length === 1 ? all[0] : undefined;
  }

  /**
   * Every import that binds `local` in `scope` (a `try:` import and its `except ImportError:` fallback are two),
   * or undefined when anything other than an import binds it there.
   */
  importBindings(scope: Scope, local: string): ImportBinding[] | undefined {
    const nodes = scope.bindings.get(local) ?? [];
    if (nodes.length === 0) return undefined;
    const out: ImportBinding[] = [];
    for (const node of nodes) {
      const binding = this.importOf(node);
      if (!binding) return undefined;
      out.push(binding);
    }
    return out;
  }

  private readonly importsByNode = new Map<number, ImportBinding | undefined>();

  private importOf(node: SyntaxNode): ImportBinding | undefined {
    const id = node.id;
    if (this.importsByNode.has(id)) return this.importsByNode.get(id);
    const binding = this.findImportOf(node);
    this.importsByNode.set(id, binding);
    return binding;
  }

  private findImportOf(node: SyntaxNode): ImportBinding | undefined {
    for (const stmt of this.imports) {
      if (node.startIndex < stmt.node.startIndex || node.endIndex > stmt.node.endIndex) continue;
      if (stmt.kind === 'from') {
        const item = stmt.names.find((n) => node.startIndex >= n.node.startIndex && node.endIndex <= n.node.endIndex);
        return item ? { stmt, item } : undefined;
      }
      const item = stmt.items.find((i) => node.startIndex >= i.node.startIndex && node.endIndex <= i.node.endIndex);
      return item ? { stmt, item } : undefined;
    }
    return undefined;
  }

  finish(handling?: Parameters<SharedFileState['finish']>[0]): void {
    this.editor.finish(handling);
  }
}
