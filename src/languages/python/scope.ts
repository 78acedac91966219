/**
 * Python name resolution on a tree-sitter tree, enough to rename a symbol safely: which scope binds each name,
 * and which binding every identifier refers to. It follows Python's rules: a name bound anywhere in a function is
 * local to all of it; class bodies do not enclose the functions in them; parameter defaults, annotations,
 * decorators and base classes are evaluated in the enclosing scope; `global` / `nonlocal` redirect a name;
 * comprehensions have their own scope (except their first iterable); `:=` binds in the enclosing function.
 */
import type { SyntaxNode, TreeCursor } from '../../core/syntax.js';


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

/** Node types that `ScopeBuilder.visit` handles other than by visiting the named children (see `walkOne`). */
const SPECIAL = new Set([
  ...['string', 'decorated_definition', 'function_definition', 'lambda', 'class_definition', 'assignment', 'augmented_assignment'],
  ...['for_statement', 'as_pattern', 'named_expression', 'global_statement', 'nonlocal_statement', 'case_pattern'],
  ...['import_statement', 'import_from_statement', 'future_import_statement', ...COMPREHENSIONS],
]);

/** Analyse the scopes of a whole module. */
export function analyzeScopes(root: SyntaxNode): ScopeAnalysis {
  const builder = new ScopeBuilder(root);
  builder.visitChildren(root, builder.module);
  const { module, scopesByNode } = builder;
  const resolve = (scope: Scope, name: string): Scope => resolveName(module, scope, name);
  const occurrences: NameOccurrence[] = builder.pending.map((o) => ({
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

/** Where `name` resolves from `scope`: Python's lookup, with class bodies skipped and `global` / `nonlocal` obeyed. */
function resolveName(module: Scope, scope: Scope, name: string): Scope {
  if (scope.globals.has(name)) return module;
  for (let s: Scope | undefined = scope, first = true; s; s = s.parent, first = false) {
    // A class body is seen only from itself; `nonlocal` starts the search one scope out.
    if (first ? s.nonlocals.has(name) : s.kind === 'class') continue;
    if (s.bindings.has(name) && !(s !== module && s.globals.has(name))) return s;
  }
  return module;
}

/**
 * One walk over a module: creates the scopes and records every name occurrence (unresolved: a name bound later in a
 * function is still local to all of it, so resolving waits until the walk is done).
 */
class ScopeBuilder {
  readonly scopesByNode = new Map<number, Scope>();
  readonly pending: Omit<NameOccurrence, 'resolved'>[] = [];
  readonly module: Scope;

  constructor(root: SyntaxNode) {
    this.module = this.newScope('module', root, undefined);
  }

  private newScope(kind: ScopeKind, node: SyntaxNode, parent: Scope | undefined): Scope {
    const scope: Scope = { kind, node, parent, bindings: new Map(), globals: new Set(), nonlocals: new Set() };
    this.scopesByNode.set(node.id, scope);
    return scope;
  }

  private bind(node: SyntaxNode, scope: Scope): void {
    const name = node.text;
    scope.bindings.set(name, [...(scope.bindings.get(name) ?? []), node]);
    this.pending.push({ node, name, scope, kind: 'binding' });
  }

  private ref(node: SyntaxNode, scope: Scope): void {
    this.pending.push({ node, name: node.text, scope, kind: 'reference' });
  }

  /** Bind the names of an assignment / for / with / except target; attributes and subscripts are references. */
  private bindTarget(node: SyntaxNode, scope: Scope): void {
    if (node.type === 'identifier') this.bind(node, scope);
    else if (TARGET_CONTAINERS.has(node.type)) for (const c of node.namedChildren) this.bindTarget(c, scope);
    else if (node.type === 'as_pattern_target') for (const c of node.namedChildren) this.bindTarget(c, scope);
    else this.visit(node, scope);
  }

  /** Parameters: names bind in `inner`; defaults and annotations are evaluated in `outer`. */
  private visitParameters(params: SyntaxNode, inner: Scope, outer: Scope): void {
    for (const p of params.namedChildren) {
      switch (p.type) {
        case 'identifier':
          this.bind(p, inner);
          break;
        case 'typed_parameter':
          for (const c of p.namedChildren) {
            if (c.type === 'identifier') this.bind(c, inner);
            else if (c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern') this.bindTarget(c.namedChildren[0]!, inner);
            else this.visit(c, outer);
          }
          break;
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = p.childForFieldName('name');
          if (name) this.bindTarget(name, inner);
          const type = p.childForFieldName('type');
          if (type) this.visit(type, outer);
          const value = p.childForFieldName('value');
          if (value) this.visit(value, outer);
          break;
        }
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
          for (const c of p.namedChildren) this.bindTarget(c, inner);
          break;
        default:
          this.visit(p, outer);
      }
    }
  }

  // Most of a module is expressions that bind nothing: they are walked with a cursor, which reads a node's type
  // without creating a node object for it, and only identifiers and the constructs `visit` handles become nodes.
  visitChildren(node: SyntaxNode, scope: Scope): void {
    const cursor = node.walk();
    try {
      if (cursor.gotoFirstChild()) this.walkSiblings(cursor, scope);
    } finally {
      cursor.delete();
    }
  }

  /** The cursor's node and its following siblings (named ones; the cursor ends on the last sibling). */
  private walkSiblings(cursor: TreeCursor, scope: Scope): void {
    do {
      if (cursor.nodeIsNamed) this.walkOne(cursor, scope);
    } while (cursor.gotoNextSibling());
  }

  /** What `visit` does for the cursor's (named) node, leaving the cursor on it. */
  private walkOne(cursor: TreeCursor, scope: Scope): void {
    const type = cursor.nodeType;
    if (type === 'identifier') {
      this.ref(cursor.currentNode, scope);
    } else if (type === 'attribute') {
      // Only the object is a name: `a` in `a.b`. It is the first child.
      if (cursor.gotoFirstChild()) {
        if (cursor.nodeIsNamed) this.walkOne(cursor, scope);
        cursor.gotoParent();
      }
    } else if (type === 'keyword_argument') {
      if (cursor.gotoFirstChild()) {
        do {
          if (cursor.currentFieldName === 'value') this.walkOne(cursor, scope);
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
    } else if (type === 'comment') {
      // nothing
    } else if (SPECIAL.has(type)) {
      this.visit(cursor.currentNode, scope);
    } else if (cursor.gotoFirstChild()) {
      this.walkSiblings(cursor, scope);
      cursor.gotoParent();
    }
  }

  private visit(node: SyntaxNode, scope: Scope): void {
    switch (node.type) {
      case 'identifier':
        this.ref(node, scope);
        return;
      case 'comment':
      case 'string':
        if (node.type === 'string') for (const c of node.namedChildren) if (c.type === 'interpolation') this.visitChildren(c, scope);
        return;
      case 'attribute': {
        const object = node.childForFieldName('object');
        if (object) this.visit(object, scope);
        return;
      }
      case 'keyword_argument': {
        const value = node.childForFieldName('value');
        if (value) this.visit(value, scope);
        return;
      }
      case 'decorated_definition':
        this.visitChildren(node, scope);
        return;
      case 'function_definition':
        this.visitFunction(node, scope);
        return;
      case 'lambda':
        this.visitLambda(node, scope);
        return;
      case 'class_definition':
        this.visitClass(node, scope);
        return;
      case 'assignment':
      case 'augmented_assignment':
        this.visitAssignment(node, scope);
        return;
      case 'for_statement': {
        const left = node.childForFieldName('left');
        if (left) this.bindTarget(left, scope);
        for (const c of node.namedChildren) if (c.id !== left?.id) this.visit(c, scope);
        return;
      }
      case 'as_pattern': {
        this.visit(node.namedChildren[0]!, scope);
        const alias = node.childForFieldName('alias');
        if (alias) this.bindTarget(alias, scope);
        return;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        if (name) this.bind(name, functionScopeFor(scope));
        const value = node.childForFieldName('value');
        if (value) this.visit(value, scope);
        return;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        this.visitDeclaration(node, scope);
        return;
      case 'import_statement':
      case 'import_from_statement':
        this.visitImport(node, scope);
        return;
      case 'future_import_statement':
        return;
      case 'case_pattern':
        this.visitPattern(node, scope);
        return;
      default:
        if (COMPREHENSIONS.has(node.type)) this.visitComprehension(node, scope);
        else this.visitChildren(node, scope);
    }
  }

  private visitFunction(node: SyntaxNode, scope: Scope): void {
    const name = node.childForFieldName('name');
    if (name) this.bind(name, scope);
    const inner = this.newScope('function', node, scope);
    const params = node.childForFieldName('parameters');
    if (params) this.visitParameters(params, inner, scope);
    const ret = node.childForFieldName('return_type');
    if (ret) this.visit(ret, scope);
    const body = node.childForFieldName('body');
    if (body) this.visit(body, inner);
  }

  private visitLambda(node: SyntaxNode, scope: Scope): void {
    const inner = this.newScope('lambda', node, scope);
    const params = node.childForFieldName('parameters');
    if (params) this.visitParameters(params, inner, scope);
    const body = node.childForFieldName('body');
    if (body) this.visit(body, inner);
  }

  private visitClass(node: SyntaxNode, scope: Scope): void {
    const name = node.childForFieldName('name');
    if (name) this.bind(name, scope);
    const supers = node.childForFieldName('superclasses');
    if (supers) this.visit(supers, scope);
    const inner = this.newScope('class', node, scope);
    const body = node.childForFieldName('body');
    if (body) this.visit(body, inner);
  }

  private visitAssignment(node: SyntaxNode, scope: Scope): void {
    const left = node.childForFieldName('left');
    if (left) {
      if (node.type === 'augmented_assignment' && left.type === 'identifier') this.ref(left, scope);
      this.bindTarget(left, scope);
    }
    const type = node.childForFieldName('type');
    if (type) this.visit(type, scope);
    const right = node.childForFieldName('right');
    if (right) this.visit(right, scope);
  }

  /** `global` / `nonlocal`: the names are redirected for the whole scope, and each is a declaration occurrence. */
  private visitDeclaration(node: SyntaxNode, scope: Scope): void {
    for (const c of node.namedChildren) {
      if (c.type !== 'identifier') continue;
      (node.type === 'global_statement' ? scope.globals : scope.nonlocals).add(c.text);
      this.pending.push({ node: c, name: c.text, scope, kind: 'declaration' });
    }
  }

  private visitImport(node: SyntaxNode, scope: Scope): void {
    for (const item of node.childrenForFieldName('name')) {
      if (item.type === 'aliased_import') this.bind(item.childForFieldName('alias')!, scope);
      else if (node.type === 'import_statement') this.bind(item.namedChildren[0]!, scope); // `import a.b.c` binds `a`
      else if (item.namedChildren.length === 1) this.bind(item.namedChildren[0]!, scope);
    }
  }

  private visitComprehension(node: SyntaxNode, scope: Scope): void {
    const inner = this.newScope('comprehension', node, scope);
    let first = true;
    for (const c of node.namedChildren) {
      if (c.type === 'for_in_clause') {
        const left = c.childForFieldName('left');
        if (left) this.bindTarget(left, inner);
        // The first iterable is evaluated in the enclosing scope.
        for (const right of c.childrenForFieldName('right')) this.visit(right, first ? scope : inner);
        first = false;
      } else this.visit(c, inner);
    }
  }

  /**
   * A `case` pattern: a bare name captures (binds), a dotted name is a value read from its first name (`m.X`), a
   * class pattern reads its class; keyword names in class patterns are attribute names, not variables.
   */
  private visitPattern(node: SyntaxNode, scope: Scope): void {
    switch (node.type) {
      case 'dotted_name': {
        const parts = node.namedChildren;
        // A class pattern's class and a mapping pattern's key are values even as one name.
        const capture = parts.length === 1 && node.parent?.type !== 'class_pattern' && node.parent?.type !== 'dict_pattern';
        if (capture) this.bind(parts[0]!, scope);
        else if (parts[0]) this.ref(parts[0], scope);
        return;
      }
      case 'keyword_pattern':
        for (const c of node.namedChildren.slice(1)) this.visitPattern(c, scope);
        return;
      case 'splat_pattern':
        for (const c of node.namedChildren) if (c.type === 'identifier') this.bind(c, scope);
        return;
      case 'as_pattern': {
        const [pattern, ...rest] = node.namedChildren;
        if (pattern) this.visitPattern(pattern, scope);
        for (const c of rest) if (c.type === 'identifier') this.bind(c, scope);
        return;
      }
      case 'identifier':
        this.bind(node, scope);
        return;
      case 'string':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return;
      default:
        for (const c of node.namedChildren) this.visitPattern(c, scope);
    }
  }
}

/** The scope a `:=` binds in: the nearest enclosing one that is not a comprehension. */
function functionScopeFor(scope: Scope): Scope {
  let s = scope;
  while (s.kind === 'comprehension' && s.parent) s = s.parent;
  return s;
}

/** Does this call run when the module is imported (not inside a function or lambda)? */
export function runsAtImportTime(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'lambda') return false;
  }
  return true;
}
