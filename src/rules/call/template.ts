/**
 * Templates of call rules (`replace`): compiled against the rule's patterns, and rendered from a match with the text
 * each metavariable captured copied as written (docs/call-rule.md, "The pattern language").
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { withSourceTree } from '../../languages/parse.js';
import { describeProblem, syntaxProblems } from '../../core/parse.js';
import { calleeRoot, encode, metaName, PatternError, significant, TOKEN, type CompiledPattern, type Match } from './pattern.js';


/** A replacement template: literal text and metavariable slots. */
export interface CompiledTemplate {
  source: string;
  parts: ({ kind: 'text'; text: string } | { kind: 'one' | 'many'; name: string })[];
  /** The leftmost identifier of the template's callee chain (what must be imported), if literal. */
  root: string | undefined;
}

/**
 * Compile a template against the pattern whose captures it uses. Throws {@link PatternError} naming a metavariable
 * the pattern does not bind (it would otherwise render as an empty string).
 */
export function compileTemplate(source: string, pattern: CompiledPattern): CompiledTemplate {
  const parts: CompiledTemplate['parts'] = [];
  let last = 0;
  for (const m of source.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ kind: 'text', text: source.slice(last, m.index) });
    const [many, one] = [m[1], m[2]];
    if (one === undefined) {
      if (many === undefined || !pattern.many.has(many)) throw new PatternError(`uses $$$${many ?? ''}, which the pattern does not bind`);
      parts.push({ kind: 'many', name: many });
    } else {
      if (one === '_' || !pattern.single.has(one!)) throw new PatternError(`uses $${one}, which the pattern does not bind`);
      parts.push({ kind: 'one', name: one! });
    }
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last) });
  const root = withSourceTree(encode(source), pattern.language, (tree) => {
    const problems = syntaxProblems(tree, 1);
    if (problems.length > 0) throw new PatternError(`does not parse as ${pattern.language}: ${describeProblem(problems[0]!)}`);
    const expr = tree.rootNode.namedChildren[0]?.namedChildren[0];
    const rootNode = expr ? calleeRoot(expr) : undefined;
    return rootNode && !metaName(rootNode) ? rootNode.text : undefined;
  });
  return { source, parts, root };
}

/**
 * The source span of an ellipsis capture. When it took a whole argument list, that is everything between the
 * parentheses, so the comments, line breaks and trailing comma inside them come along.
 */
function capturedSpan(nodes: SyntaxNode[]): [number, number] {
  const list = nodes[0]!.parent;
  const items = list?.namedChildren.filter(significant) ?? [];
  const whole = list && (list.type === 'argument_list' || list.type === 'arguments') && items.length === nodes.length && items.every((n, i) => n.id === nodes[i]!.id);
  const open = list?.children[0];
  const close = list?.children[list.children.length - 1];
  if (whole && open?.type === '(' && close?.type === ')') {
    // Only when the list is not one line of plain items: then the items alone read the same and stay tidy.
    const inner = list.text.slice(open.endIndex - list.startIndex, close.startIndex - list.startIndex);
    if (/[\n#]|\/\//.test(inner)) return [open.endIndex, close.startIndex];
  }
  return [nodes[0]!.startIndex, nodes[nodes.length - 1]!.endIndex];
}

/** A piece of a rendered template: literal text, or a span of the source copied as it is (a capture). */
export type TemplatePiece = { text: string } | { copy: [number, number] };

/**
 * Render a template for a match in `text`, as pieces: the literal text between captures, and the captured spans.
 * Captured code is copied from the source as it stands; the template's own line breaks take the file's line ending
 * and the indentation of the line the match starts on. An empty `$$$X` takes one adjacent `, ` with it.
 */
export function renderTemplatePieces(template: CompiledTemplate, match: Match, text: string, eol: string): TemplatePiece[] {
  const lineStart = text.lastIndexOf('\n', match.node.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const out: TemplatePiece[] = [];
  const rendered = () => out.map((p) => ('text' in p ? p.text : text.slice(...p.copy))).join('');
  template.parts.forEach((part, i) => {
    if (part.kind === 'text') {
      let literal = part.text;
      const prev = template.parts[i - 1];
      const next = template.parts[i + 1];
      if (next?.kind === 'many' && (match.many.get(next.name) ?? []).length === 0) literal = literal.replace(/,\s*$/, '');
      if (prev?.kind === 'many' && (match.many.get(prev.name) ?? []).length === 0 && !/,\s*$/.test(rendered())) literal = literal.replace(/^\s*,\s*/, '');
      out.push({ text: literal.replace(/\r?\n/g, `${eol}${indent}`) });
    } else if (part.kind === 'one') {
      const node = match.single.get(part.name)!;
      out.push({ copy: [node.startIndex, node.endIndex] });
    } else {
      const nodes = match.many.get(part.name) ?? [];
      if (nodes.length > 0) out.push({ copy: capturedSpan(nodes) });
    }
  });
  return out;
}

/** Render a template for a match: the text that replaces the matched node. */
export function renderTemplate(template: CompiledTemplate, match: Match, text: string, eol: string): string {
  return renderTemplatePieces(template, match, text, eol)
    .map((p) => ('text' in p ? p.text : text.slice(...p.copy)))
    .join('');
}

/**
 * The edits that turn `[start, end)` of `text` into `pieces`. When the copied spans lie inside it in source order
 * without overlapping (the usual `create($CTX)` → `get(user_context=$CTX)`), only the text around them changes:
 * each capture stays in place (`kept`), where other rules may still edit it — a rename inside an argument, a nested
 * call of the same factory — and where its uses remain uses. Otherwise the span is replaced whole and the captures
 * are `copied` into the replacement. Edits that would write what is already there are left out.
 */
export function templateEdits(
  text: string,
  start: number,
  end: number,
  pieces: readonly TemplatePiece[],
): { edits: { start: number; end: number; text: string }[]; kept: [number, number][]; copied: [number, number][] } {
  const copies = pieces.flatMap((p) => ('copy' in p ? [p.copy] : []));
  const inOrder = copies.every(([s, e], i) => s >= start && e <= end && s <= e && (i === 0 || s >= copies[i - 1]![1]));
  if (!inOrder) {
    const whole = pieces.map((p) => ('text' in p ? p.text : text.slice(...p.copy))).join('');
    return { edits: [{ start, end, text: whole }], kept: [], copied: copies };
  }
  const edits: { start: number; end: number; text: string }[] = [];
  let cursor = start;
  let pending = '';
  const flush = (upTo: number) => {
    if (text.slice(cursor, upTo) !== pending) edits.push({ start: cursor, end: upTo, text: pending });
    pending = '';
  };
  for (const piece of pieces) {
    if ('text' in piece) {
      pending += piece.text;
      continue;
    }
    flush(piece.copy[0]);
    cursor = piece.copy[1];
  }
  flush(end);
  return { edits, kept: copies, copied: [] };
}
