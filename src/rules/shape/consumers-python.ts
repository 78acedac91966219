/**
 * Python consumers of a shape: code that reads an event's legacy keys (`evt["type"]`, `evt.get("user")`,
 * `"agent_name" in evt`). A read is rewritten only when the object provably holds an event of the shape: a name
 * bound once in the read's own scope, as a parameter (or a variable) annotated with one of the shape's `types`, or
 * by a literal of the shape. Every other read of a legacy key is reported on its line.
 */
import type Parser from 'tree-sitter';
import type { TransformContext } from '../../core/types.js';
import { analyzeScopes, type ScopeAnalysis } from '../../languages/python/scope.js';
import { keyDestination, type CompiledShape } from './compiled.js';
import { reportRead, type ConsumerFile, type ConsumerRead } from './consumers.js';
import { discriminator } from './rewrite.js';
import { readPythonDict, stringContent } from './python-literal.js';

type SyntaxNode = Parser.SyntaxNode;

/** A key read: the object read from, the key's string node, and how (for the rewrite). */
interface Read {
  node: SyntaxNode;
  object: SyntaxNode;
  keyNode: SyntaxNode;
  form: 'subscript' | 'get' | 'in';
}

function* reads(root: SyntaxNode): Generator<Read> {
  for (const node of root.descendantsOfType(['subscript', 'call', 'comparison_operator'])) {
    if (node.type === 'subscript') {
      const object = node.childForFieldName('value');
      const keyNode = node.childForFieldName('subscript');
      // A store (`evt["type"] = ...`) builds an event step by step: reported as such (python.ts).
      const store = node.parent?.type === 'assignment' && node.parent.childForFieldName('left')?.id === node.id;
      if (object && keyNode && !store) yield { node, object, keyNode, form: 'subscript' };
    } else if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const first = node.childForFieldName('arguments')?.namedChildren[0];
      const object = fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get' ? fn.childForFieldName('object') : null;
      if (object && first) yield { node, object, keyNode: first, form: 'get' };
    } else if (node.childCount === 3 && (node.child(1)?.type === 'in' || node.child(1)?.type === 'not in')) {
      yield { node, object: node.child(2)!, keyNode: node.child(0)!, form: 'in' };
    }
  }
}

/** The shape the object of a read provably holds an event of, if any. */
function provenShape(object: SyntaxNode, scopes: ScopeAnalysis, shapes: readonly CompiledShape[], text: string): CompiledShape | undefined {
  if (object.type !== 'identifier') return undefined;
  const scope = scopes.scopeOf(object);
  const resolved = scopes.resolve(scope, object.text);
  const bindings = resolved.bindings.get(object.text) ?? [];
  if (resolved !== scope || bindings.length !== 1) return undefined;
  const binding = bindings[0]!;
  const parent = binding.parent;
  if (parent?.type === 'typed_parameter' || parent?.type === 'typed_default_parameter') {
    const annotation = parent.childForFieldName('type')?.text.replace(/^(['"])(.*)\1$/, '$2');
    return shapes.find((s) => annotation !== undefined && s.types.has(annotation));
  }
  const assigned = parent?.type === 'assignment' && parent.childForFieldName('left')?.id === binding.id;
  // `evt: LegacyAgentEvent = ...`: the annotation declares it, whatever the value.
  const annotated = assigned ? parent.childForFieldName('type')?.text.replace(/^(['"])(.*)\1$/, '$2') : undefined;
  if (annotated !== undefined) return shapes.find((s) => s.types.has(annotated));
  const value = assigned ? parent.childForFieldName('right') : null;
  if (value?.type !== 'dictionary' || value.startIndex > object.startIndex) return undefined;
  const literal = readPythonDict(value, text);
  return shapes.find((s) => discriminator(literal, s) !== undefined);
}

/** Rewrite or report the reads of legacy keys in a Python file. */
export function pythonConsumers(ctx: TransformContext, shapes: readonly CompiledShape[], file: ConsumerFile): void {
  const text = ctx.file.text;
  let scopes: ScopeAnalysis | undefined;
  for (const read of reads(ctx.tree.rootNode)) {
    const content = stringContent(read.keyNode);
    if (!content) continue;
    const key = text.slice(content.start, content.end);
    if (!shapes.some((s) => keyDestination(s, key) !== undefined)) continue;
    if (file.rewritten.some((s) => s.start <= read.node.startIndex && read.node.endIndex <= s.end)) continue;
    ctx.handling?.({ startIndex: read.node.startIndex, endIndex: read.node.endIndex, type: 'read' });
    scopes ??= analyzeScopes(ctx.tree.rootNode);
    const proven = provenShape(read.object, scopes, shapes, text);
    const quote = read.keyNode.firstChild!.text.replace(/^[a-zA-Z]+/, '');
    const r: ConsumerRead = { at: read.node.startIndex, key, keySpan: content, objectEnd: read.object.endIndex, suppressed: file.suppressed(read.node.startIndex), code: text.slice(read.node.startIndex, read.node.endIndex) };
    reportRead(ctx, shapes, proven, r, (nest) => {
      // `evt["k"]` -> `evt["data"]["k"]`; `.get` and `in` tolerate a missing nest key as they tolerated a missing key.
      if (read.form === 'subscript') return `[${quote}${nest}${quote}]`;
      return `.get(${quote}${nest}${quote}, {})`;
    });
  }
}
