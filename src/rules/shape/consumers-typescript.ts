/**
 * TypeScript / JavaScript consumers of a shape: code that reads an event's legacy keys (`evt.type`, `evt['user']`,
 * `'agent_name' in evt`, `const { type, user } = evt`). A read is rewritten only when the object provably holds an
 * event of the shape: a parameter or variable annotated with one of the shape's `types`, or a `const` bound to a
 * literal of the shape, never assigned again. Every other read of a legacy key is reported on its line.
 */
import type Parser from 'tree-sitter';
import type { TransformContext } from '../../core/types.js';
import { analyzeTsScopes, type TsBinding, type TsReference, type TsScopeAnalysis } from '../../languages/typescript/scope.js';
import { keyDestination, type CompiledShape } from './compiled.js';
import { reportRead, type ConsumerFile } from './consumers.js';
import { discriminator } from './rewrite.js';
import { readTsObject, stringValue } from './ts-literal.js';

type SyntaxNode = Parser.SyntaxNode;

/** What the rule knows of a file's bindings: which hold an event of which shape. */
class Provenance {
  private readonly refs = new Map<number, TsReference>();
  private readonly reassigned = new Set<number>();
  constructor(
    private readonly scopes: TsScopeAnalysis,
    private readonly shapes: readonly CompiledShape[],
  ) {
    for (const ref of scopes.references) {
      if (ref.meaning !== 'value') continue;
      const binding = scopes.resolve(ref);
      const parent = ref.node.parent;
      const target = parent && /assignment_expression$/.test(parent.type) && parent.childForFieldName('left')?.id === ref.node.id;
      if (binding && (target || parent?.type === 'update_expression')) this.reassigned.add(binding.node.id);
    }
    for (const ref of scopes.references) this.refs.set(ref.node.id, ref);
  }

  /** The shape `object` (an identifier) provably holds an event of. */
  shapeOf(object: SyntaxNode): CompiledShape | undefined {
    if (object.type !== 'identifier') return undefined;
    const ref = this.refs.get(object.id);
    const binding = ref ? this.scopes.resolve(ref) : undefined;
    if (!binding || this.reassigned.has(binding.node.id)) return undefined;
    return this.fromBinding(binding, object);
  }

  private fromBinding(binding: TsBinding, use: SyntaxNode): CompiledShape | undefined {
    const decl = binding.node.parent;
    if (!decl || binding.node.type !== 'identifier') return undefined;
    const annotation = decl.children.find((c) => c.type === 'type_annotation')?.text.replace(/^:\s*/, '');
    if (annotation !== undefined) return this.shapes.find((s) => s.types.has(annotation));
    if (decl.type !== 'variable_declarator' || decl.parent?.child(0)?.type !== 'const') return undefined;
    const value = decl.childForFieldName('value');
    if (value?.type !== 'object' || value.startIndex > use.startIndex) return undefined;
    const literal = readTsObject(value);
    return this.shapes.find((s) => discriminator(literal, s) !== undefined);
  }
}

/** The key a member, subscript or `in` expression reads, with its span; undefined when it is not a plain key. */
function keyRead(node: SyntaxNode): { object: SyntaxNode; key: string; span: { start: number; end: number }; step: (nest: string) => string } | undefined {
  if (node.type === 'member_expression') {
    const object = node.childForFieldName('object');
    const property = node.childForFieldName('property');
    const store = node.parent?.type === 'assignment_expression' && node.parent.childForFieldName('left')?.id === node.id;
    if (!object || property?.type !== 'property_identifier' || store || node.parent?.type === 'call_expression') return undefined;
    const optional = node.children.some((c) => c.type === 'optional_chain');
    return { object, key: property.text, span: { start: property.startIndex, end: property.endIndex }, step: (nest) => `${optional ? '?' : ''}.${nest}` };
  }
  if (node.type === 'subscript_expression') {
    const object = node.childForFieldName('object');
    const index = node.childForFieldName('index');
    const key = index ? stringValue(index) : undefined;
    const store = node.parent?.type === 'assignment_expression' && node.parent.childForFieldName('left')?.id === node.id;
    if (!object || !index || key === undefined || store) return undefined;
    const q = index.text[0]!;
    return { object, key, span: { start: index.startIndex + 1, end: index.endIndex - 1 }, step: (nest) => `[${q}${nest}${q}]` };
  }
  if (node.type === 'binary_expression' && node.child(1)?.type === 'in') {
    const left = node.child(0)!;
    const key = stringValue(left);
    if (key === undefined) return undefined;
    return { object: node.child(2)!, key, span: { start: left.startIndex + 1, end: left.endIndex - 1 }, step: (nest) => `.${nest}` };
  }
  return undefined;
}

/** Rewrite or report the reads of legacy keys in a TypeScript / JavaScript file. */
export function tsConsumers(ctx: TransformContext, shapes: readonly CompiledShape[], file: ConsumerFile): void {
  const text = ctx.file.text;
  let provenance: Provenance | undefined;
  const prove = (object: SyntaxNode) => (provenance ??= new Provenance(analyzeTsScopes(ctx.tree.rootNode), shapes)).shapeOf(object);
  const inRewritten = (node: SyntaxNode) => file.rewritten.some((s) => s.start <= node.startIndex && node.endIndex <= s.end);
  for (const node of ctx.tree.rootNode.descendantsOfType(['member_expression', 'subscript_expression', 'binary_expression', 'variable_declarator'])) {
    if (inRewritten(node)) continue;
    if (node.type === 'variable_declarator') {
      destructuring(ctx, shapes, node, prove, file);
      continue;
    }
    const read = keyRead(node);
    if (!read || !shapes.some((s) => keyDestination(s, read.key) !== undefined)) continue;
    ctx.handling?.({ startIndex: node.startIndex, endIndex: node.endIndex, type: 'read' });
    const r = { at: node.startIndex, key: read.key, keySpan: read.span, objectEnd: read.object.endIndex, suppressed: file.suppressed(node.startIndex), code: text.slice(node.startIndex, node.endIndex) };
    reportRead(ctx, shapes, prove(read.object), r, read.step);
  }
}

/** `const { type, agent_name } = evt`: `const { event_type: type, data: { agent_name } } = evt`. */
function destructuring(ctx: TransformContext, shapes: readonly CompiledShape[], node: SyntaxNode, prove: (o: SyntaxNode) => CompiledShape | undefined, file: ConsumerFile): void {
  const pattern = node.childForFieldName('name');
  const value = node.childForFieldName('value');
  if (pattern?.type !== 'object_pattern' || !value) return;
  const entries = pattern.namedChildren.map((e) => {
    const inner = e.type === 'object_assignment_pattern' ? e.childForFieldName('left') : e;
    const keyNode = inner?.type === 'shorthand_property_identifier_pattern' ? inner : e.type === 'pair_pattern' ? e.childForFieldName('key') : null;
    const key = keyNode?.type === 'string' ? stringValue(keyNode) : keyNode?.text;
    return { e, inner, keyNode, key };
  });
  const relevant = entries.filter((x) => x.key !== undefined && shapes.some((s) => keyDestination(s, x.key!) !== undefined));
  if (relevant.length === 0) return;
  const shape = prove(value);
  const rest = entries.some((x) => x.e.type === 'rest_pattern');
  for (const x of relevant) {
    const at = x.e.startIndex;
    const to = shape && !rest ? keyDestination(shape, x.key!) : undefined;
    const legacy = shapes.find((s) => {
      const d = keyDestination(s, x.key!);
      return d !== undefined && 'rename' in d;
    });
    const owner = shape ?? legacy;
    if (!owner || (!to && !legacy) || file.suppressed(at)) continue;
    if (ctx.collectingSites) ctx.site(at, { rule: owner.rule, status: 'legacy', module: owner.rule, form: 'shape:read', symbol: x.key! });
    if (!to) {
      const why = shape ? 'the pattern has a ...rest entry, whose keys would change' : 'what it destructures is not provably an event';
      ctx.report(at, `destructures legacy key "${x.key}", but ${why}: rewrite it by hand, or declare its type in \`types\``, 'warning', owner.rule);
      continue;
    }
    const entryText = ctx.file.text.slice(x.e.startIndex, x.e.endIndex);
    if ('nest' in to) ctx.edit(x.e.startIndex, x.e.endIndex, `${to.nest}: { ${entryText} }`, owner.rule);
    else if (x.inner?.type === 'shorthand_property_identifier_pattern') ctx.edit(x.inner.startIndex, x.inner.endIndex, `${to.rename}: ${x.inner.text}`, owner.rule);
    else if (x.keyNode) ctx.edit(x.keyNode.startIndex + (x.keyNode.type === 'string' ? 1 : 0), x.keyNode.endIndex - (x.keyNode.type === 'string' ? 1 : 0), to.rename, owner.rule);
  }
}
