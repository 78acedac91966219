/**
 * TypeScript / JavaScript name resolution on a tree-sitter tree, enough to rename an imported symbol safely:
 * which scope binds each name, and which binding each identifier refers to. It follows the language's rules:
 * `let` / `const` / `class` / `function` bind in their block, `var` in the enclosing function; parameters and
 * type parameters bind in their function (or declaration); imports bind in the module (or the ambient module they
 * are in). Values and types are separate namespaces: an interface does not shadow a variable of the same name,
 * while a class, an enum, a namespace and an import bind both. JSX element names with a capital (`<Foo />`)
 * are references; lower-case ones are intrinsic elements.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { declaredNames, patternIdentifiers, type Meaning } from './syntax.js';


export interface TsBinding {
  node: SyntaxNode;
  name: string;
  meaning: Meaning;
  scope: TsScope;
}

export interface TsScope {
  node: SyntaxNode;
  parent: TsScope | undefined;
  /** Function-like scopes (and the module) are where `var` binds. */
  functionLike: boolean;
  bindings: Map<string, TsBinding[]>;
}

/** One identifier that names a variable or a type (property names, labels and import paths are not). */
export interface TsReference {
  node: SyntaxNode;
  name: string;
  scope: TsScope;
  meaning: 'value' | 'type';
  /** `{ name }` in an object literal: renaming it must keep the key (`{ name: newName }`). */
  shorthand: boolean;
  /** `export { name }` (no `from`): renaming it must keep the exported name (`export { newName as name }`). */
  exportSpecifier: boolean;
}

export interface TsScopeAnalysis {
  module: TsScope;
  references: TsReference[];
  /** The binding a reference resolves to, or undefined for a global (bound nowhere in the file). */
  resolve(ref: TsReference): TsBinding | undefined;
  /** The binding `name` would resolve to from `scope`. */
  lookup(scope: TsScope, name: string, meaning: 'value' | 'type'): TsBinding | undefined;
  /** The innermost scope containing a node. */
  scopeOf(node: SyntaxNode): TsScope;
  /** Every binding of the file. */
  bindings: TsBinding[];
}

const FUNCTIONS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'generator_function',
  'arrow_function',
  'method_definition',
  'function_signature',
  'method_signature',
  'abstract_method_signature',
  'construct_signature',
  'call_signature',
]);
const BLOCKS = new Set(['statement_block', 'for_statement', 'for_in_statement', 'catch_clause', 'switch_body', 'class_body']);
const CLASSES = new Set(['class_declaration', 'abstract_class_declaration', 'class']);
const TYPE_DECLARATIONS = new Set(['interface_declaration', 'type_alias_declaration']);
const NAMESPACES = new Set(['internal_module', 'module']);

/** Analyse the scopes of a whole file. */
export function analyzeTsScopes(root: SyntaxNode): TsScopeAnalysis {
  const builder = new TsScopeBuilder(root);
  for (const c of root.namedChildren) builder.visit(c, builder.module);
  const { module, scopes, references, bindings } = builder;
  const scopeOf = (node: SyntaxNode): TsScope => {
    for (let n: SyntaxNode | null = node; n; n = n.parent) {
      const s = scopes.get(n.id);
      if (s && n.id !== node.id) return s;
    }
    return module;
  };
  return { module, references, bindings, resolve: (ref) => lookup(ref.scope, ref.name, ref.meaning), lookup, scopeOf };
}

function lookup(scope: TsScope, name: string, meaning: 'value' | 'type'): TsBinding | undefined {
  for (let s: TsScope | undefined = scope; s; s = s.parent) {
    const found = s.bindings.get(name)?.find((b) => b.meaning === 'both' || b.meaning === meaning);
    if (found) return found;
  }
  return undefined;
}

/** Where `var` binds: the nearest function-like scope (or the module). */
function varScope(scope: TsScope): TsScope {
  let s = scope;
  while (!s.functionLike && s.parent) s = s.parent;
  return s;
}

/** One walk over a file: its scopes, every binding, and every reference (resolved on demand by `lookup`). */
class TsScopeBuilder {
  readonly scopes = new Map<number, TsScope>();
  readonly bindings: TsBinding[] = [];
  readonly references: TsReference[] = [];
  /** Identifiers that are bindings, or names that are no variable (a function declaration's, an import's source name). */
  private readonly skip = new Set<number>();
  readonly module: TsScope;

  constructor(root: SyntaxNode) {
    this.module = this.newScope(root, undefined, true);
  }

  private newScope(node: SyntaxNode, parent: TsScope | undefined, functionLike: boolean): TsScope {
    const s: TsScope = { node, parent, functionLike, bindings: new Map() };
    this.scopes.set(node.id, s);
    return s;
  }

  private bind(node: SyntaxNode, meaning: Meaning, scope: TsScope): void {
    this.skip.add(node.id);
    const b: TsBinding = { node, name: node.text, meaning, scope };
    scope.bindings.set(b.name, [...(scope.bindings.get(b.name) ?? []), b]);
    this.bindings.push(b);
  }

  private bindTypeParameters(node: SyntaxNode, scope: TsScope): void {
    const params = node.childForFieldName('type_parameters');
    for (const p of params?.namedChildren ?? []) {
      const name = p.childForFieldName('name');
      if (name) this.bind(name, 'type', scope);
    }
  }

  private bindParameters(params: SyntaxNode | null, scope: TsScope): void {
    if (!params) return;
    if (params.type === 'identifier') {
      this.bind(params, 'value', scope); // `x => …`
      return;
    }
    for (const p of params.namedChildren) {
      const pattern = p.childForFieldName('pattern') ?? (p.type === 'identifier' ? p : null);
      for (const id of patternIdentifiers(pattern)) this.bind(id, 'value', scope);
    }
  }

  private declare(node: SyntaxNode, scope: TsScope): void {
    if (node.type === 'variable_declaration') {
      for (const d of declaredNames(node)) this.bind(d.node, d.meaning, varScope(scope));
      return;
    }
    if (node.type === 'ambient_declaration') {
      for (const c of node.namedChildren) this.declare(c, scope);
      return;
    }
    for (const d of declaredNames(node)) {
      if (node.type === 'module' && d.node.type === 'string') continue;
      this.bind(d.node, d.meaning, scope);
    }
  }

  private bindImport(node: SyntaxNode, scope: TsScope): void {
    for (const id of node.descendantsOfType(['identifier'])) {
      const parent = id.parent!;
      if (parent.type === 'import_specifier') {
        const alias = parent.childForFieldName('alias');
        const name = parent.childForFieldName('name');
        if ((alias ?? name)?.id === id.id) this.bind(id, 'both', scope);
        else this.skip.add(id.id);
      } else if (parent.type === 'import_clause' || parent.type === 'namespace_import' || parent.type === 'import_require_clause') {
        this.bind(id, 'both', scope);
      } else if (parent.type === 'import_statement') this.bind(id, 'both', scope); // `import X = N.Y`
    }
  }

  visit(node: SyntaxNode, scope: TsScope): void {
    const t = node.type;
    if (t === 'import_statement') {
      this.bindImport(node, scope);
      return;
    }
    if (t === 'export_statement' && node.childForFieldName('source')) return; // `export … from`: no local names
    if (t === 'export_specifier') {
      const name = node.childForFieldName('name');
      if (name && name.type === 'identifier') {
        this.references.push({ node: name, name: name.text, scope, meaning: 'value', shorthand: false, exportSpecifier: true });
      }
      return;
    }
    if (t === 'lexical_declaration' || t === 'variable_declaration' || t === 'function_declaration' || t === 'generator_function_declaration') {
      this.declare(node, scope);
    } else if (t === 'enum_declaration' || t === 'ambient_declaration' || t === 'function_signature') this.declare(node, scope);
    else if (CLASSES.has(t)) return this.visitClass(node, scope);
    else if (TYPE_DECLARATIONS.has(t)) return this.visitTypeDeclaration(node, scope);
    else if (NAMESPACES.has(t)) return this.visitNamespace(node, scope);
    if (FUNCTIONS.has(t)) return this.visitFunction(node, scope);
    if (BLOCKS.has(t)) return this.visitBlock(node, scope);
    if (t === 'identifier' || t === 'type_identifier' || t === 'shorthand_property_identifier') return this.visitIdentifier(node, scope);
    for (const c of node.namedChildren) this.visit(c, scope);
  }

  /** A class declaration binds its name outside; a class expression's name is seen only inside it. */
  private visitClass(node: SyntaxNode, scope: TsScope): void {
    const name = node.childForFieldName('name');
    const inner = this.newScope(node, scope, false);
    if (name && node.type !== 'class') this.bind(name, 'both', scope);
    else if (name) this.bind(name, 'both', inner);
    this.bindTypeParameters(node, inner);
    for (const c of node.namedChildren) if (c.id !== name?.id) this.visit(c, inner);
  }

  /** `interface` / `type`: a type name outside, its type parameters inside. */
  private visitTypeDeclaration(node: SyntaxNode, scope: TsScope): void {
    const name = node.childForFieldName('name');
    if (name) this.bind(name, 'type', scope);
    const inner = this.newScope(node, scope, false);
    this.bindTypeParameters(node, inner);
    for (const c of node.namedChildren) if (c.id !== name?.id) this.visit(c, inner);
  }

  private visitNamespace(node: SyntaxNode, scope: TsScope): void {
    this.declare(node, scope);
    const body = node.childForFieldName('body');
    if (body) {
      const inner = this.newScope(body, scope, true);
      for (const c of body.namedChildren) this.visit(c, inner);
    }
  }

  /** A function-like node: its name (seen inside for a function expression), type parameters, parameters and body. */
  private visitFunction(node: SyntaxNode, scope: TsScope): void {
    const t = node.type;
    const inner = this.newScope(node, scope, true);
    const name = node.childForFieldName('name');
    if (name && (t === 'function_expression' || t === 'generator_function')) this.bind(name, 'value', inner);
    if (name) this.skip.add(name.id);
    this.bindTypeParameters(node, inner);
    this.bindParameters(node.childForFieldName('parameters') ?? node.childForFieldName('parameter'), inner);
    const body = node.childForFieldName('body');
    for (const c of node.namedChildren) {
      if (c.id === body?.id && c.type === 'statement_block') for (const s of c.namedChildren) this.visit(s, inner);
      else this.visit(c, inner);
    }
  }

  /** A block scope; a `catch` parameter binds in it, and so does a `for … in/of` variable (unless it is a `var`). */
  private visitBlock(node: SyntaxNode, scope: TsScope): void {
    const t = node.type;
    const inner = this.newScope(node, scope, false);
    if (t === 'catch_clause') for (const id of patternIdentifiers(node.childForFieldName('parameter'))) this.bind(id, 'value', inner);
    if (t === 'for_in_statement') {
      const kind = node.childForFieldName('kind');
      const left = node.childForFieldName('left');
      if (kind && left) for (const id of patternIdentifiers(left)) this.bind(id, 'value', kind.text === 'var' ? varScope(scope) : inner);
    }
    for (const c of node.namedChildren) this.visit(c, inner);
  }

  private visitIdentifier(node: SyntaxNode, scope: TsScope): void {
    if (this.skip.has(node.id)) return;
    const t = node.type;
    const parent = node.parent;
    const isJsxName =
      parent && (parent.type === 'jsx_opening_element' || parent.type === 'jsx_closing_element' || parent.type === 'jsx_self_closing_element') && parent.childForFieldName('name')?.id === node.id;
    if (isJsxName && !/^[A-Z_$]/.test(node.text)) return;
    // `ns.Name` in a type: only `ns` is a reference.
    if (parent?.type === 'nested_type_identifier' && parent.childForFieldName('name')?.id === node.id) return;
    this.references.push({
      node,
      name: node.text,
      scope,
      meaning: t === 'type_identifier' ? 'type' : 'value',
      shorthand: t === 'shorthand_property_identifier',
      exportSpecifier: false,
    });
  }
}
