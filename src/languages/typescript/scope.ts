/**
 * TypeScript / JavaScript name resolution on a tree-sitter tree, enough to rename an imported symbol safely:
 * which scope binds each name, and which binding each identifier refers to. It follows the language's rules:
 * `let` / `const` / `class` / `function` bind in their block, `var` in the enclosing function; parameters and
 * type parameters bind in their function (or declaration); imports bind in the module (or the ambient module they
 * are in). Values and types are separate namespaces: an interface does not shadow a variable of the same name,
 * while a class, an enum, a namespace and an import bind both. JSX element names with a capital (`<Foo />`)
 * are references; lower-case ones are intrinsic elements.
 */
import type Parser from 'tree-sitter';
import { declaredNames, patternIdentifiers, type Meaning } from './syntax.js';

type SyntaxNode = Parser.SyntaxNode;

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

export function analyzeTsScopes(root: SyntaxNode): TsScopeAnalysis {
  const scopes = new Map<number, TsScope>();
  const bindings: TsBinding[] = [];
  const references: TsReference[] = [];
  const skip = new Set<number>();
  const newScope = (node: SyntaxNode, parent: TsScope | undefined, functionLike: boolean): TsScope => {
    const s: TsScope = { node, parent, functionLike, bindings: new Map() };
    scopes.set(node.id, s);
    return s;
  };
  const module = newScope(root, undefined, true);

  const bind = (node: SyntaxNode, meaning: Meaning, scope: TsScope) => {
    skip.add(node.id);
    const b: TsBinding = { node, name: node.text, meaning, scope };
    scope.bindings.set(b.name, [...(scope.bindings.get(b.name) ?? []), b]);
    bindings.push(b);
  };
  const varScope = (scope: TsScope): TsScope => {
    let s = scope;
    while (!s.functionLike && s.parent) s = s.parent;
    return s;
  };

  const bindTypeParameters = (node: SyntaxNode, scope: TsScope) => {
    const params = node.childForFieldName('type_parameters');
    for (const p of params?.namedChildren ?? []) {
      const name = p.childForFieldName('name');
      if (name) bind(name, 'type', scope);
    }
  };

  const bindParameters = (params: SyntaxNode | null, scope: TsScope) => {
    if (!params) return;
    if (params.type === 'identifier') {
      bind(params, 'value', scope); // `x => …`
      return;
    }
    for (const p of params.namedChildren) {
      const pattern = p.childForFieldName('pattern') ?? (p.type === 'identifier' ? p : null);
      for (const id of patternIdentifiers(pattern)) bind(id, 'value', scope);
    }
  };

  const declare = (node: SyntaxNode, scope: TsScope) => {
    if (node.type === 'variable_declaration') {
      for (const d of declaredNames(node)) bind(d.node, d.meaning, varScope(scope));
      return;
    }
    if (node.type === 'ambient_declaration') {
      for (const c of node.namedChildren) declare(c, scope);
      return;
    }
    for (const d of declaredNames(node)) {
      if (node.type === 'module' && d.node.type === 'string') continue;
      bind(d.node, d.meaning, scope);
    }
  };

  const bindImport = (node: SyntaxNode, scope: TsScope) => {
    for (const id of node.descendantsOfType(['identifier'])) {
      const parent = id.parent!;
      if (parent.type === 'import_specifier') {
        const alias = parent.childForFieldName('alias');
        const name = parent.childForFieldName('name');
        if ((alias ?? name)?.id === id.id) bind(id, 'both', scope);
        else skip.add(id.id);
      } else if (parent.type === 'import_clause' || parent.type === 'namespace_import' || parent.type === 'import_require_clause') {
        bind(id, 'both', scope);
      } else if (parent.type === 'import_statement') bind(id, 'both', scope); // `import X = N.Y`
    }
  };

  function visit(node: SyntaxNode, scope: TsScope): void {
    const t = node.type;
    if (t === 'import_statement') {
      bindImport(node, scope);
      return;
    }
    if (t === 'export_statement' && node.childForFieldName('source')) return; // `export … from`: no local names
    if (t === 'export_specifier') {
      const name = node.childForFieldName('name');
      if (name && name.type === 'identifier') {
        references.push({ node: name, name: name.text, scope, meaning: 'value', shorthand: false, exportSpecifier: true });
      }
      return;
    }
    if (t === 'lexical_declaration' || t === 'variable_declaration' || t === 'function_declaration' || t === 'generator_function_declaration') {
      declare(node, scope);
    } else if (t === 'enum_declaration' || t === 'ambient_declaration' || t === 'function_signature') declare(node, scope);
    else if (CLASSES.has(t)) {
      const name = node.childForFieldName('name');
      const inner = newScope(node, scope, false);
      if (name && t !== 'class') bind(name, 'both', scope);
      else if (name) bind(name, 'both', inner);
      bindTypeParameters(node, inner);
      for (const c of node.namedChildren) if (c.id !== name?.id) visit(c, inner);
      return;
    } else if (TYPE_DECLARATIONS.has(t)) {
      const name = node.childForFieldName('name');
      if (name) bind(name, 'type', scope);
      const inner = newScope(node, scope, false);
      bindTypeParameters(node, inner);
      for (const c of node.namedChildren) if (c.id !== name?.id) visit(c, inner);
      return;
    } else if (NAMESPACES.has(t)) {
      declare(node, scope);
      const body = node.childForFieldName('body');
      if (body) {
        const inner = newScope(body, scope, true);
        for (const c of body.namedChildren) visit(c, inner);
      }
      return;
    }
    if (FUNCTIONS.has(t)) {
      const inner = newScope(node, scope, true);
      const name = node.childForFieldName('name');
      if (name && (t === 'function_expression' || t === 'generator_function')) bind(name, 'value', inner);
      if (name) skip.add(name.id);
      bindTypeParameters(node, inner);
      bindParameters(node.childForFieldName('parameters') ?? node.childForFieldName('parameter'), inner);
      const body = node.childForFieldName('body');
      for (const c of node.namedChildren) {
        if (c.id === body?.id && c.type === 'statement_block') for (const s of c.namedChildren) visit(s, inner);
        else visit(c, inner);
      }
      return;
    }
    if (BLOCKS.has(t)) {
      const inner = newScope(node, scope, false);
      if (t === 'catch_clause') for (const id of patternIdentifiers(node.childForFieldName('parameter'))) bind(id, 'value', inner);
      if (t === 'for_in_statement') {
        const kind = node.childForFieldName('kind');
        const left = node.childForFieldName('left');
        if (kind && left) for (const id of patternIdentifiers(left)) bind(id, 'value', kind.text === 'var' ? varScope(scope) : inner);
      }
      for (const c of node.namedChildren) visit(c, inner);
      return;
    }
    if (t === 'identifier' || t === 'type_identifier' || t === 'shorthand_property_identifier') {
      if (skip.has(node.id)) return;
      const parent = node.parent;
      const isJsxName =
        parent && (parent.type === 'jsx_opening_element' || parent.type === 'jsx_closing_element' || parent.type === 'jsx_self_closing_element') && parent.childForFieldName('name')?.id === node.id;
      if (isJsxName && !/^[A-Z_$]/.test(node.text)) return;
      // `ns.Name` in a type: only `ns` is a reference.
      if (parent?.type === 'nested_type_identifier' && parent.childForFieldName('name')?.id === node.id) return;
      references.push({
        node,
        name: node.text,
        scope,
        meaning: t === 'type_identifier' ? 'type' : 'value',
        shorthand: t === 'shorthand_property_identifier',
        exportSpecifier: false,
      });
      return;
    }
    for (const c of node.namedChildren) visit(c, scope);
  }

  for (const c of root.namedChildren) visit(c, module);

  const lookup = (scope: TsScope, name: string, meaning: 'value' | 'type'): TsBinding | undefined => {
    for (let s: TsScope | undefined = scope; s; s = s.parent) {
      const found = s.bindings.get(name)?.find((b) => b.meaning === 'both' || b.meaning === meaning);
      if (found) return found;
    }
    return undefined;
  };
  const scopeOf = (node: SyntaxNode): TsScope => {
    for (let n: SyntaxNode | null = node; n; n = n.parent) {
      const s = scopes.get(n.id);
      if (s && n.id !== node.id) return s;
    }
    return module;
  };
  return { module, references, bindings, resolve: (ref) => lookup(ref.scope, ref.name, ref.meaning), lookup, scopeOf };
}
