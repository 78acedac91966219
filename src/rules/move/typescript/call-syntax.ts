/**
 * Syntax of module calls and mock factories for ts-move: the callee and arguments of a call (with the shapes
 * tree-sitter-typescript reads type arguments as), `.then` callbacks, factory bodies and their returned objects.
 * Plain functions of the tree; what they mean for a move is decided in calls.ts and mock-plan.ts.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { UsageKind } from '../../../languages/typescript/resolve.js';


/** Mocks that replace a module (with a factory as their second argument, for some). */
export const MOCKS_WITH_FACTORY = new Set(['jest.mock', 'jest.doMock', 'vi.mock', 'vi.doMock']);
/** Calls whose result is the module itself (so the names read from it can be followed). */
export const VALUE_CALLS = new Set(['require', 'jest.requireActual', 'jest.requireMock', 'vi.importActual', 'vi.importMock']);

/** Mock calls: what two of them name one module for after the moves is a conflict. */
export const MOCK_CALLS = new Set(['jest.mock', 'jest.doMock', 'jest.setMock', 'vi.mock', 'vi.doMock']);

/** A module call of the file (`jest.mock('x', …)`, `require('x')`, `import('x')`, …) with the module it names. */
export interface ModuleCallSite {
  call: SyntaxNode;
  callee: string;
  args: readonly SyntaxNode[];
  str: SyntaxNode;
  specifier: string;
  usage: UsageKind;
  key: string;
}

/**
 * The callee and arguments of a call. tree-sitter-typescript reads a call with type arguments whose first one
 * starts with `typeof` (`jest.requireActual<typeof import('x')>('x')`) as `a < b > (c)`; that shape counts too, and
 * so does an awaited call with type arguments, which it reads as a call of `await callee`.
 */
export function moduleCallParts(node: SyntaxNode): { callee: string; args: SyntaxNode[] } | undefined {
  if (node.type === 'call_expression') {
    let fn = node.childForFieldName('function');
    // `await vi.importActual<T>('x')` reads as `(await vi.importActual)<T>('x')`: the callee is what is awaited.
    if (fn?.type === 'await_expression' && node.childForFieldName('type_arguments')) fn = fn.namedChildren.find((c) => c.type !== 'comment') ?? null;
    const args = node.childForFieldName('arguments');
    if (!fn || !args || args.type !== 'arguments') return undefined;
    return { callee: fn.type === 'import' ? 'import' : fn.text.replace(/\s+/g, ''), args: args.namedChildren.filter((c) => c.type !== 'comment') };
  }
  if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.type !== '>') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type !== 'binary_expression' || left.childForFieldName('operator')?.type !== '<' || right?.type !== 'parenthesized_expression') return undefined;
  let fn = left.childForFieldName('left');
  if (fn?.type === 'await_expression') fn = fn.namedChildren.find((c) => c.type !== 'comment') ?? null; // as above
  if (!fn || (fn.type !== 'identifier' && fn.type !== 'member_expression')) return undefined;
  const inner = right.namedChildren[0];
  if (!inner) return undefined;
  return { callee: fn.text.replace(/\s+/g, ''), args: inner.type === 'sequence_expression' ? inner.namedChildren : [inner] };
}

/** Is this name bound by an exported declaration (`export const m = …`)? */
export function exportedDeclaration(name: SyntaxNode): boolean {
  const declarator = name.parent;
  const declaration = declarator?.type === 'variable_declarator' ? declarator.parent : null;
  return declaration?.parent?.type === 'export_statement';
}

/**
 * The parameter of the callback an un-awaited `import()` is handed to: `import('x').then((m) => …)`,
 * `.then(function ({ A }) { … })`. Undefined for any other use of the promise.
 */
export function thenParameter(promise: SyntaxNode): SyntaxNode | undefined {
  const member = promise.parent;
  if (member?.type !== 'member_expression' || member.childForFieldName('object')?.id !== promise.id) return undefined;
  if (member.childForFieldName('property')?.text !== 'then') return undefined;
  const call = member.parent;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== member.id) return undefined;
  const callback = call.childForFieldName('arguments')?.namedChildren.find((c) => c.type !== 'comment');
  if (!callback || (callback.type !== 'arrow_function' && callback.type !== 'function_expression' && callback.type !== 'function')) return undefined;
  const single = callback.childForFieldName('parameter');
  if (single) return single;
  const first = callback.childForFieldName('parameters')?.namedChildren.find((c) => c.type !== 'comment');
  if (!first) return undefined;
  if (first.type === 'required_parameter') return first.childForFieldName('pattern') ?? undefined;
  return first.type === 'identifier' || first.type === 'object_pattern' ? first : undefined;
}

/** A mock that replaces a module with what its second argument makes (`jest.setMock`: what it is). */
export function isFactoryMock(site: { callee: string; args: readonly SyntaxNode[] }): boolean {
  return (MOCKS_WITH_FACTORY.has(site.callee) || site.callee === 'jest.setMock') && site.args.length > 1;
}

/** `vi.mock(import('x'), …)`: the string of the import() that names the mock's module. */
export function mockedImport(callee: string, first: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!first || !MOCK_CALLS.has(callee) || first.type !== 'call_expression' || first.childForFieldName('function')?.type !== 'import') return undefined;
  return first.childForFieldName('arguments')?.namedChildren[0];
}

/** The mock an `import('x')` is the first argument of (`vi.mock(import('x'), …)`), if it is one. */
export function mockAround(call: SyntaxNode): { call: SyntaxNode; callee: string; args: readonly SyntaxNode[] } | undefined {
  const outer = call.parent?.type === 'arguments' ? call.parent.parent : null;
  const parts = outer && moduleCallParts(outer);
  if (!outer || !parts || !MOCK_CALLS.has(parts.callee) || parts.args[0]?.id !== call.id) return undefined;
  return { call: outer, ...parts };
}

/** Is `node` inside `outer` (or `outer` itself)? */
export function isWithin(node: SyntaxNode, outer: SyntaxNode): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** An expression without the wrappers that do not change its value: parentheses, `await`, `as`, `satisfies`, `!`. */
export function unwrapExpression(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' || n.type === 'await_expression' || n.type === 'as_expression' || n.type === 'satisfies_expression' || n.type === 'non_null_expression') {
      const inner = n.namedChildren.find((c) => c.type !== 'comment');
      if (!inner) return n;
      n = inner;
    } else return n;
  }
}

const FUNCTION_TYPES = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'generator_function', 'generator_function_declaration', 'method_definition', 'class', 'class_declaration']);

/**
 * The object literals a mock factory returns: the body of `() => ({…})`, or every `return {…}` of a function body
 * (not of the functions inside it). Else why not.
 */
export function returnedObjects(factory: SyntaxNode): SyntaxNode[] | string {
  if (factory.type !== 'arrow_function' && factory.type !== 'function_expression' && factory.type !== 'function') return `the factory ${brief(factory.text)} is not a function written here`;
  const body = factory.childForFieldName('body');
  if (!body) return 'the factory has no body';
  if (body.type !== 'statement_block') {
    const value = unwrapExpression(body);
    return value.type === 'object' ? [value] : 'the factory does not return an object literal';
  }
  const returns: SyntaxNode[] = [];
  const walk = (n: SyntaxNode): void => {
    for (const c of n.namedChildren) {
      if (c.type === 'return_statement') returns.push(c);
      else if (!FUNCTION_TYPES.has(c.type)) walk(c);
    }
  };
  walk(body);
  if (returns.length === 0) return 'the factory returns nothing';
  const objects: SyntaxNode[] = [];
  for (const r of returns) {
    const value = r.namedChildren.find((c) => c.type !== 'comment');
    const object = value && unwrapExpression(value);
    if (object?.type !== 'object') return 'the factory does not return an object literal';
    objects.push(object);
  }
  return objects;
}

/** A construct's text for a message: one line, at most 40 characters. */
export function brief(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

/** The keys of a factory `() => ({ a: jest.fn(), b: jest.fn() })` whose every value is a bare `<ns>.fn()`; else undefined. */
export function stubbedKeys(factory: SyntaxNode, ns: string): string[] | undefined {
  if (factory.type !== 'arrow_function') return undefined;
  let body = factory.childForFieldName('body');
  while (body?.type === 'parenthesized_expression') body = body.namedChildren[0] ?? null;
  if (body?.type !== 'object') return undefined;
  const keys: string[] = [];
  for (const p of body.namedChildren) {
    if (p.type !== 'pair') return undefined;
    const k = p.childForFieldName('key')!;
    const v = p.childForFieldName('value')!;
    if (k.type !== 'property_identifier' || v.type !== 'call_expression' || v.childForFieldName('function')?.text !== `${ns}.fn`) return undefined;
    if (v.childForFieldName('arguments')!.namedChildren.length > 0) return undefined;
    keys.push(k.text);
  }
  return keys;
}

/** Is `node` inside a type (an annotation, type arguments, a type alias, a `typeof` query) of its statement? */
export function inType(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'type_annotation' || n.type === 'type_arguments' || n.type === 'type_alias_declaration' || n.type === 'type_query') return true;
    if (n.type.endsWith('statement') || n.type === 'program') return false;
  }
  return false;
}
