/**
 * Resolving a name without scope analysis, when the file makes the answer plain: every identifier spelled that way
 * is either bound by a module-level import or plainly read (called, an attribute's object, an argument...). Then
 * wherever it is read, it names what those imports bind, which is what the whole-file analysis (scope.ts) would
 * say; finding that out costs a look at the name's few occurrences in the text instead of a walk of the whole tree.
 * Anything less plain (any other binding, `global`, a parameter, a subscript target...) leaves the question to the
 * analysis. test/plain-names.test.ts compares the two on every identifier of the fixtures and generated modules.
 */
import type { SyntaxNode } from '../../core/syntax.js';


const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
const SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/**
 * Parents under which an identifier is always read (never bound) by the scope analysis. Not the containers an
 * assignment target can be (a tuple, a list, parentheses), nor anything in a `case` pattern.
 */
const READ_UNDER = new Set([
  ...['argument_list', 'expression_statement', 'return_statement', 'await', 'interpolation', 'subscript', 'decorator', 'type'],
  ...['binary_operator', 'comparison_operator', 'boolean_operator', 'not_operator', 'unary_operator', 'conditional_expression'],
  ...['if_statement', 'raise_statement', 'assert_statement', 'yield'],
]);

/**
 * How an identifier is used: `read` (a reference), `import` (bound by a module-level import), `none` (not a
 * variable: an attribute's name, a keyword argument's name, part of an import path), or `unsure` (anything else).
 */
function useOf(node: SyntaxNode): 'read' | 'import' | 'none' | 'unsure' {
  const parent = node.parent;
  if (!parent) return 'unsure';
  const type = parent.type;
  const is = (field: string) => parent.childForFieldName(field)?.startIndex === node.startIndex;
  if (type === 'call') return is('function') ? 'read' : 'unsure';
  if (type === 'attribute') return is('object') ? 'read' : 'none';
  if (type === 'keyword_argument') return is('value') ? 'read' : 'none';
  if (type === 'assignment') return is('right') ? 'read' : 'unsure';
  if (READ_UNDER.has(type)) return 'read';
  const statement = IMPORTS.has(type) ? parent : parent.parent && IMPORTS.has(parent.parent.type) ? parent.parent : parent.parent?.parent;
  if (!statement || !IMPORTS.has(statement.type)) return 'unsure';
  if (!importBinds(statement, node)) return 'none';
  for (let n = statement.parent; n; n = n.parent) if (SCOPES.has(n.type)) return 'unsure';
  return 'import';
}

/** Does the import statement bind this identifier (the names scope.ts binds for it: an alias, `import a.b`'s `a`, `from m import n`'s `n`)? */
function importBinds(statement: SyntaxNode, node: SyntaxNode): boolean {
  if (statement.type === 'future_import_statement') return false;
  for (const item of statement.childrenForFieldName('name')) {
    let bound: SyntaxNode | null | undefined;
    if (item.type === 'aliased_import') bound = item.childForFieldName('alias');
    else if (statement.type === 'import_statement' || item.namedChildren.length === 1) bound = item.namedChildren[0];
    if (bound?.startIndex === node.startIndex) return true;
  }
  return false;
}

/** More occurrences than this and the whole-file analysis is about as cheap. */
const MAX_OCCURRENCES = 64;

/**
 * The identifiers that bind `name` in the module scope, all of them imports, in the order of the text (none: the
 * name is bound nowhere), when every identifier spelled `name` in the tree is such an import's or plainly read and
 * `node` (an identifier spelled `name`) is read. Undefined when that is not so, or not cheap to see: then only the
 * scope analysis can say.
 */
export function plainImportBindings(root: SyntaxNode, text: string, node: SyntaxNode): SyntaxNode[] | undefined {
  if (root.hasError || node.type !== 'identifier' || useOf(node) !== 'read') return undefined;
  const name = node.text;
  const bindings: SyntaxNode[] = [];
  let seen = 0;
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    if (++seen > MAX_OCCURRENCES) return undefined;
    const found = root.descendantForIndex(at, at + name.length);
    if (found.type !== 'identifier' || found.startIndex !== at || found.endIndex !== at + name.length) continue;
    const use = useOf(found);
    if (use === 'unsure') return undefined;
    if (use === 'import') bindings.push(found);
  }
  return bindings;
}
