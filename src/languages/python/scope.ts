/**
 * Python name resolution on a tree-sitter tree, enough to rename a symbol safely: which scope binds each name,
 * and which binding every identifier refers to. It follows Python's rules: a name bound anywhere in a function is
 * local to all of it; class bodies do not enclose the functions in them; parameter defaults, annotations,
 * decorators and base classes are evaluated in the enclosing scope; `global` / `nonlocal` redirect a name;
 * comprehensions have their own scope (except their first iterable); `:=` binds in the enclosing function.
 */
import type Parser from 'tree-sitter';

type SyntaxNode = Parser.SyntaxNode;

export type ScopeKind = 'module' | 'function' | 'class' | 'lambda' | 'comprehension';

export interface Scope {
  kind: ScopeKind;
  node: SyntaxNode;
  parent: Scope | undefined;
  /** Every place a name is bound in this scope (assignment targets, parameters, imports, def/class names...). */
  bindings: Map<string, SyntaxNode[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
}

/** One identifier that names a variable (attributes, keyword-argument names and import paths are not). */
export interface NameOccurrence {
  node: SyntaxNode;
  name: string;
  /** The scope the identifier appears in. */
  scope: Scope;
  kind: 'binding' | 'reference' | 'declaration';
  /** The scope whose variable this is (the module scope for globals and for names bound nowhere: builtins). */
  resolved: Scope;
}

export interface ScopeAnalysis {
  module: Scope;
  occurrences: NameOccurrence[];
  /** The scope a statement (or any node) executes in. */
  scopeOf(node: SyntaxNode): Scope;
  /** Where `name` would resolve if referenced from `scope`. */
  resolve(scope: Scope, name: string): Scope;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const TARGET_CONTAINERS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression', 'tuple', 'list', 'expression_list']);

/** Node types that `visit` handles other than by visiting the named children (see `walkOne` for the rest). */
const SPECIAL = new Set([
  'string',
  'decorated_definition',
  'function_definition',
  'lambda',
  'class_definition',
  'assignment',
  'augmented_assignment',
  'for_statement',
  'as_pattern',
  'named_expression',
  'global_statement',
  'nonlocal_statement',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'case_pattern',
  ...COMPREHENSIONS,
]);

/** Analyse the scopes of a whole module. */
export function analyzeScopes(root: SyntaxNode): ScopeAnalysis {
  const scopesByNode = new Map<number, Scope>();
  const pending: Omit<NameOccurrence, 'resolved'>[] = [];
  const newScope = (kind: ScopeKind, node: SyntaxNode, parent: Scope | undefined): Scope => {
    const scope: Scope = { kind, node, parent, bindings: new Map(), globals: new Set(), nonlocals: new Set() };
    scopesByNode.set(node.id, scope);
    return scope;
  };
  const module = newScope('module', root, undefined);

  const bind = (node: SyntaxNode, scope: Scope) => {
    const name = node.text;
    scope.bindings.set(name, [...(scope.bindings.get(name) ?? []), node]);
    pending.push({ node, name, scope, kind: 'binding' });
  };
  const ref = (node: SyntaxNode, scope: Scope) => pending.push({ node, name: node.text, scope, kind: 'reference' });

  /** Bind the names of an assignment / for / with / except target; attributes and subscripts are references. */
  const bindTarget = (node: SyntaxNode, scope: Scope): void => {
    if (node.type === 'identifier') bind(node, scope);
    else if (TARGET_CONTAINERS.has(node.type)) for (const c of node.namedChildren) bindTarget(c, scope);
    else if (node.type === 'as_pattern_target') for (const c of node.namedChildren) bindTarget(c, scope);
    else visit(node, scope);
  };

  const functionScopeFor = (scope: Scope): Scope => {
    let s = scope;
    while (s.kind === 'comprehension' && s.parent) s = s.parent;
    return s;
  };

  /** Parameters: names bind in `inner`; defaults and annotations are evaluated in `outer`. */
  const visitParameters = (params: SyntaxNode, inner: Scope, outer: Scope) => {
    for (const p of params.namedChildren) {
      switch (p.type) {
        case 'identifier':
          bind(p, inner);
          break;
        case 'typed_parameter': {
          for (const c of p.namedChildren) {
            if (c.type === 'identifier') bind(c, inner);
            else if (c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern') bindTarget(c.namedChildren[0]!, inner);
            else visit(c, outer);
          }
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = p.childForFieldName('name');
          if (name) bindTarget(name, inner);
          const type = p.childForFieldName('type');
          if (type) visit(type, outer);
          const value = p.childForFieldName('value');
          if (value) visit(value, outer);
          break;
        }
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
          for (const c of p.namedChildren) bindTarget(c, inner);
          break;
        default:
          visit(p, outer);
      }
    }
  };

  // Most of a module is expressions that bind nothing: they are walked with a cursor, which reads a node's type
  // without creating a node object for it, and only identifiers and the constructs `visit` handles become nodes.
  const visitChildren = (node: SyntaxNode, scope: Scope) => {
    const cursor = node.walk();
    if (cursor.gotoFirstChild()) walkSiblings(cursor, scope);
  };

  /** The cursor's node and its following siblings (named ones; the cursor ends on the last sibling). */
  function walkSiblings(cursor: Parser.TreeCursor, scope: Scope): void {
    do {
      if (cursor.nodeIsNamed) walkOne(cursor, scope);
    } while (cursor.gotoNextSibling());
  }

  /** What `visit` does for the cursor's (named) node, leaving the cursor on it. */
  function walkOne(cursor: Parser.TreeCursor, scope: Scope): void {
    const type = cursor.nodeType;
    if (type === 'identifier') {
      ref(cursor.currentNode, scope);
    } else if (type === 'attribute') {
      // Only the object is a name: `a` in `a.b`. It is the first child.
      if (cursor.gotoFirstChild()) {
        if (cursor.nodeIsNamed) walkOne(cursor, scope);
        cursor.gotoParent();
      }
    } else if (type === 'keyword_argument') {
      if (cursor.gotoFirstChild()) {
        do {
          if (cursor.currentFieldName === 'value') walkOne(cursor, scope);
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
    } else if (type === 'comment') {
      // nothing
    } else if (SPECIAL.has(type)) {
      visit(cursor.currentNode, scope);
    } else if (cursor.gotoFirstChild()) {
      walkSiblings(cursor, scope);
      cursor.gotoParent();
    }
  }

  function visit(node: SyntaxNode, scope: Scope): void {
    switch (node.type) {
      case 'identifier':
        ref(node, scope);
        return;
      case 'comment':
      case 'string':
        if (node.type === 'string') for (const c of node.namedChildren) if (c.type === 'interpolation') visitChildren(c, scope);
        return;
      case 'attribute': {
        const object = node.childForFieldName('object');
        if (object) visit(object, scope);
        return;
      }
      case 'keyword_argument': {
        const value = node.childForFieldName('value');
        if (value) visit(value, scope);
        return;
      }
      case 'decorated_definition':
        visitChildren(node, scope);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        if (name) bind(name, scope);
        const inner = newScope('function', node, scope);
        const params = node.childForFieldName('parameters');
        if (params) visitParameters(params, inner, scope);
        const ret = node.childForFieldName('return_type');
        if (ret) visit(ret, scope);
        const body = node.childForFieldName('body');
        if (body) visit(body, inner);
        return;
      }
      case 'lambda': {
        const inner = newScope('lambda', node, scope);
        const params = node.childForFieldName('parameters');
        if (params) visitParameters(params, inner, scope);
        const body = node.childForFieldName('body');
        if (body) visit(body, inner);
        return;
      }
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) bind(name, scope);
        const supers = node.childForFieldName('superclasses');
        if (supers) visit(supers, scope);
        const inner = newScope('class', node, scope);
        const body = node.childForFieldName('body');
        if (body) visit(body, inner);
        return;
      }
      case 'assignment':
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left) {
          if (node.type === 'augmented_assignment' && left.type === 'identifier') ref(left, scope);
          bindTarget(left, scope);
        }
        const type = node.childForFieldName('type');
        if (type) visit(type, scope);
        const right = node.childForFieldName('right');
        if (right) visit(right, scope);
        return;
      }
      case 'for_statement': {
        const left = node.childForFieldName('left');
        if (left) bindTarget(left, scope);
        for (const c of node.namedChildren) if (c.id !== left?.id) visit(c, scope);
        return;
      }
      case 'as_pattern': {
        visit(node.namedChildren[0]!, scope);
        const alias = node.childForFieldName('alias');
        if (alias) bindTarget(alias, scope);
        return;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        if (name) bind(name, functionScopeFor(scope));
        const value = node.childForFieldName('value');
        if (value) visit(value, scope);
        return;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of node.namedChildren) {
          if (c.type !== 'identifier') continue;
          (node.type === 'global_statement' ? scope.globals : scope.nonlocals).add(c.text);
          pending.push({ node: c, name: c.text, scope, kind: 'declaration' });
        }
        return;
      case 'import_statement':
        for (const item of node.childrenForFieldName('name')) {
          if (item.type === 'aliased_import') bind(item.childForFieldName('alias')!, scope);
          else bind(item.namedChildren[0]!, scope); // `import a.b.c` binds `a`
        }
        return;
      case 'import_from_statement':
        for (const item of node.childrenForFieldName('name')) {
          if (item.type === 'aliased_import') bind(item.childForFieldName('alias')!, scope);
          else if (item.namedChildren.length === 1) bind(item.namedChildren[0]!, scope);
        }
        return;
      case 'future_import_statement':
        return;
      case 'case_pattern':
        visitPattern(node, scope);
        return;
      default:
        if (COMPREHENSIONS.has(node.type)) {
          const inner = newScope('comprehension', node, scope);
          let first = true;
          for (const c of node.namedChildren) {
            if (c.type === 'for_in_clause') {
              const left = c.childForFieldName('left');
              if (left) bindTarget(left, inner);
              // The first iterable is evaluated in the enclosing scope.
              for (const right of c.childrenForFieldName('right')) visit(right, first ? scope : inner);
              first = false;
            } else visit(c, inner);
          }
          return;
        }
        visitChildren(node, scope);
    }
  }

  /**
   * A `case` pattern: a bare name captures (binds), a dotted name is a value read from its first name (`m.X`), a
   * class pattern reads its class; keyword names in class patterns are attribute names, not variables.
   */
  function visitPattern(node: SyntaxNode, scope: Scope): void {
    switch (node.type) {
      case 'dotted_name': {
        const parts = node.namedChildren;
        // A class pattern's class and a mapping pattern's key are values even as one name.
        const capture = parts.length === 1 && node.parent?.type !== 'class_pattern' && node.parent?.type !== 'dict_pattern';
        if (capture) bind(parts[0]!, scope);
        else if (parts[0]) ref(parts[0], scope);
        return;
      }
      case 'keyword_pattern':
        for (const c of node.namedChildren.slice(1)) visitPattern(c, scope);
        return;
      case 'splat_pattern':
        for (const c of node.namedChildren) if (c.type === 'identifier') bind(c, scope);
        return;
      case 'as_pattern': {
        const [pattern, ...rest] = node.namedChildren;
        if (pattern) visitPattern(pattern, scope);
        for (const c of rest) if (c.type === 'identifier') bind(c, scope);
        return;
      }
      case 'identifier':
        bind(node, scope);
        return;
      case 'string':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return;
      default:
        for (const c of node.namedChildren) visitPattern(c, scope);
    }
  }

  visitChildren(root, module);

  const resolve = (scope: Scope, name: string): Scope => {
    if (scope.globals.has(name)) return module;
    let s: Scope | undefined = scope;
    let first = true;
    while (s) {
      if (!first && s.kind === 'class') {
        s = s.parent;
        continue;
      }
      if (first && s.nonlocals.has(name)) {
        s = s.parent;
        first = false;
        continue;
      }
      if (s.bindings.has(name) && !(s !== module && s.globals.has(name))) return s;
      s = s.parent;
      first = false;
    }
    return module;
  };

  const occurrences: NameOccurrence[] = pending.map((o) => ({
    ...o,
    resolved: o.kind === 'declaration' ? (o.scope.globals.has(o.name) ? module : resolve(o.scope.parent ?? module, o.name)) : resolve(o.scope, o.name),
  }));

  const scopeOf = (node: SyntaxNode): Scope => {
    for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
      const s = scopesByNode.get(n.id);
      if (s) return s;
    }
    return module;
  };

  return { module, occurrences, scopeOf, resolve };
}

/** Does this call run when the module is imported (not inside a function or lambda)? */
export function runsAtImportTime(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'lambda') return false;
  }
  return true;
}
