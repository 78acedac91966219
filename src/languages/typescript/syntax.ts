/**
 * Small facts about tree-sitter-typescript trees that several TS modules need: the value of a plain string
 * literal, the names a binding pattern binds, the name a declaration declares, and the names a module exports.
 */
import type { SyntaxNode } from '../../core/syntax.js';


/** The value of a string literal (or a template literal without substitutions) with no escapes; else undefined. */
export function plainStringValue(node: SyntaxNode): string | undefined {
  if (node.type !== 'string' && node.type !== 'template_string') return undefined;
  const parts = node.namedChildren;
  if (parts.length === 0) return '';
  return parts.length === 1 && parts[0]!.type === 'string_fragment' ? parts[0]!.text : undefined;
}

/** The span of a string literal's contents (between its quotes). */
export function stringContentSpan(node: SyntaxNode): { start: number; end: number } {
  return { start: node.startIndex + 1, end: node.endIndex - 1 };
}

/** Identifiers a binding pattern binds (`a`, `{ a, b: c, ...d }`, `[e = 1, , f]`). */
export function patternIdentifiers(node: SyntaxNode | null): SyntaxNode[] {
  if (!node) return [];
  switch (node.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      return [node];
    case 'object_pattern':
    case 'array_pattern':
    case 'rest_pattern':
      return node.namedChildren.flatMap(patternIdentifiers);
    case 'pair_pattern':
      return patternIdentifiers(node.childForFieldName('value'));
    case 'assignment_pattern':
    case 'object_assignment_pattern':
      return patternIdentifiers(node.childForFieldName('left'));
    default:
      return [];
  }
}

/** What a declaration binds: `value`, `type`, or `both` (classes, enums, namespaces, imports). */
export type Meaning = 'value' | 'type' | 'both';

/** The names a declaration statement declares, with their meaning (nothing for other nodes). */
export function declaredNames(node: SyntaxNode): { node: SyntaxNode; meaning: Meaning }[] {
  switch (node.type) {
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'function_signature': {
      const name = node.childForFieldName('name');
      return name ? [{ node: name, meaning: 'value' }] : [];
    }
    case 'class_declaration':
    case 'abstract_class_declaration':
    case 'enum_declaration':
    case 'internal_module':
    case 'module': {
      const name = node.childForFieldName('name');
      return name && (name.type === 'identifier' || name.type === 'type_identifier') ? [{ node: name, meaning: 'both' }] : [];
    }
    case 'interface_declaration':
    case 'type_alias_declaration': {
      const name = node.childForFieldName('name');
      return name ? [{ node: name, meaning: 'type' }] : [];
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      return node.namedChildren
        .filter((c) => c.type === 'variable_declarator')
        .flatMap((d) => patternIdentifiers(d.childForFieldName('name')))
        .map((n) => ({ node: n, meaning: 'value' as const }));
    case 'ambient_declaration':
      return node.namedChildren.flatMap(declaredNames);
    default:
      return [];
  }
}

/** What a module exports, read from its top-level statements. */
export interface ModuleExports {
  names: Set<string>;
  /** Specifiers of `export * from '…'`, whose names the module exports too. */
  starFrom: string[];
  /** `export =`: the names cannot be listed. */
  open: boolean;
}

/** The exports of a module (its program node). */
export function moduleExports(program: SyntaxNode): ModuleExports {
  const out: ModuleExports = { names: new Set(), starFrom: [], open: false };
  for (const stmt of program.namedChildren) {
    if (stmt.type !== 'export_statement') continue;
    if (stmt.children.some((c) => c.type === 'default')) {
      out.names.add('default');
      continue;
    }
    if (stmt.children.some((c) => c.type === '=')) {
      out.open = true;
      continue;
    }
    const source = stmt.childForFieldName('source');
    const declaration = stmt.childForFieldName('declaration');
    if (declaration) for (const d of declaredNames(declaration)) out.names.add(d.node.text);
    const clause = stmt.namedChildren.find((c) => c.type === 'export_clause');
    if (clause) {
      for (const spec of clause.namedChildren.filter((c) => c.type === 'export_specifier')) {
        const exported = spec.childForFieldName('alias') ?? spec.childForFieldName('name');
        if (exported) out.names.add(exported.type === 'string' ? (plainStringValue(exported) ?? exported.text) : exported.text);
      }
    }
    const namespace = stmt.namedChildren.find((c) => c.type === 'namespace_export');
    if (namespace) {
      const name = namespace.namedChildren.at(-1);
      if (name) out.names.add(name.text);
    } else if (!clause && !declaration && source) {
      const spec = plainStringValue(source);
      if (spec === undefined) out.open = true;
      else out.starFrom.push(spec);
    }
  }
  commonJsExports(program, out);
  return out;
}

/**
 * The names a CommonJS module exports, added to `out`: top-level `exports.a = …`, `module.exports.a = …`,
 * `module.exports = { a, b: … }`, and what TypeScript's CommonJS output writes: `Object.defineProperty(exports, "a",
 * …)` (a re-export's getter; `"__esModule"` is its marker, not a name), `module.exports = require('./x')` and
 * `__exportStar(require('./x'), exports)` (all of `./x`'s names, like `export * from`). An `exports` that a function
 * declares as its parameter (tsc's `__exportStar` helper itself) is not the module's. Any other use of `exports` (a
 * computed key, `module.exports = f()`, `exports` passed elsewhere) leaves the names open: they cannot be listed.
 */
function commonJsExports(program: SyntaxNode, out: ModuleExports): void {
  const isModuleExports = (n: SyntaxNode) =>
    n.type === 'member_expression' && n.childForFieldName('object')?.text === 'module' && n.childForFieldName('property')?.text === 'exports';
  const targets = [
    ...program.descendantsOfType('identifier').filter((n) => n.text === 'exports' && !parameterOfEnclosingFunction(n)),
    ...program.descendantsOfType('member_expression').filter(isModuleExports),
  ];
  const topLevel = (expression: SyntaxNode) => expression.parent?.type === 'expression_statement' && expression.parent.parent?.id === program.id;
  /** The assignment to `left` when it is a statement of the program, or in a chain that is (`exports.a = exports.b = void 0`). */
  const topLevelAssignmentTo = (left: SyntaxNode): SyntaxNode | undefined => {
    const assignment = left.parent;
    if (assignment?.type !== 'assignment_expression' || assignment.childForFieldName('left')?.id !== left.id) return undefined;
    let outer = assignment;
    while (outer.parent?.type === 'assignment_expression' && outer.parent.childForFieldName('right')?.id === outer.id) outer = outer.parent;
    return topLevel(outer) ? assignment : undefined;
  };
  /** `exports.a` read as a value (`exports.async = exports.asyncScheduler`): it exports nothing. */
  const read = (member: SyntaxNode) => {
    const p = member.parent;
    if (p?.type === 'assignment_expression' || p?.type === 'augmented_assignment_expression') return p.childForFieldName('left')?.id !== member.id;
    return p?.type !== 'update_expression' && !(p?.type === 'unary_expression' && p.child(0)?.type === 'delete');
  };
  /** `require('<plain string>')`: the specifier. */
  const requiredSpecifier = (node: SyntaxNode | null | undefined): string | undefined => {
    if (node?.type !== 'call_expression' || node.childForFieldName('function')?.text !== 'require') return undefined;
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    return args.length === 1 ? plainStringValue(args[0]!) : undefined;
  };
  for (const target of targets) {
    const parent = target.parent;
    const property = parent?.type === 'member_expression' && parent.childForFieldName('object')?.id === target.id ? parent.childForFieldName('property') : null;
    if (parent && property?.type === 'property_identifier' && topLevelAssignmentTo(parent)) {
      out.names.add(property.text);
      continue;
    }
    if (parent && property?.type === 'property_identifier' && read(parent)) continue;
    // `Object.defineProperty(exports, "a", …)` and `__exportStar(require('./x'), exports)`, as statements.
    const call = parent?.type === 'arguments' ? parent.parent : null;
    if (call?.type === 'call_expression' && topLevel(call)) {
      const callee = call.childForFieldName('function')?.text;
      const args = parent!.namedChildren;
      const name = args[1] ? plainStringValue(args[1]) : undefined;
      if (callee === 'Object.defineProperty' && args[0]?.id === target.id && name !== undefined) {
        if (name !== '__esModule') out.names.add(name);
        continue;
      }
      const spec = requiredSpecifier(args[0]);
      if (callee === '__exportStar' && args.length === 2 && args[1]!.id === target.id && spec !== undefined) {
        out.starFrom.push(spec);
        continue;
      }
    }
    const value = isModuleExports(target) ? topLevelAssignmentTo(target)?.childForFieldName('right') : undefined;
    const reexported = requiredSpecifier(value);
    if (reexported !== undefined) {
      out.starFrom.push(reexported);
      continue;
    }
    if (value?.type !== 'object') {
      out.open = true;
      return;
    }
    for (const p of value.namedChildren) {
      const key = p.type === 'shorthand_property_identifier' ? p : p.type === 'pair' || p.type === 'method_definition' ? p.childForFieldName(p.type === 'pair' ? 'key' : 'name') : null;
      const name = key?.type === 'property_identifier' || key?.type === 'shorthand_property_identifier' ? key.text : key?.type === 'string' ? plainStringValue(key) : undefined;
      if (p.type === 'comment') continue;
      if (name === undefined) {
        out.open = true;
        return;
      }
      out.names.add(name);
    }
  }
}

/** Whether the nearest function around `node` declares a parameter named as `node` is (then `node` is that parameter). */
function parameterOfEnclosingFunction(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (!/^(function_expression|function_declaration|generator_function(_declaration)?|arrow_function|method_definition|function)$/.test(n.type)) continue;
    const params = n.childForFieldName('parameters') ?? n.childForFieldName('parameter');
    if (!params) continue;
    const ids = params.type === 'identifier' ? [params] : params.namedChildren.flatMap((p) => patternIdentifiers(p.childForFieldName('pattern') ?? p));
    if (ids.some((id) => id.text === node.text)) return true;
  }
  return false;
}
