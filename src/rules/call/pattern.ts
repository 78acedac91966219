/**
 * The pattern language of call rules: code patterns with metavariables (`$X`, `$$$ARGS`, `$_`), matched structurally
 * on tree-sitter trees; templates (`replace`) are in template.ts. Documented in docs/call-rule.md ("The pattern
 * language").
 */
import type { SyntaxNode, SyntaxTree } from '../../core/syntax.js';
import type { Language } from '../../core/types.js';
import { parseSource } from '../../languages/parse.js';
import { syntaxProblems, describeProblem } from '../../core/parse.js';


const ONE = '__mv_';
const MANY = '__mvs_';
/** `$$$NAME` (or an anonymous `$$$`), or `$NAME`. */
export const TOKEN = /\$\$\$([A-Z_][A-Z0-9_]*)?|\$([A-Z_][A-Z0-9_]*)/g;

/** A pattern could not be compiled; `message` says why (the caller names the config field). */
export class PatternError extends Error {}

/**
 * Sequence nodes whose named children are matched as a list (ellipses allowed, separators ignored): argument and
 * item lists, parameter lists, statement bodies (`block`, `statement_block`) and the items of a Python `with`.
 */
const SEQUENCES = new Set([
  'argument_list',
  'arguments',
  'list',
  'tuple',
  'array',
  'expression_list',
  'set',
  'dictionary',
  'object',
  'parameters',
  'lambda_parameters',
  'formal_parameters',
  'class_body',
  'block',
  'statement_block',
  'with_clause',
]);

/**
 * Nodes that only wrap what they hold: when a pattern writes a metavariable alone in one (`$$$` as a statement of a
 * body, `with $$$:`, a parameter `($$$)`), the metavariable stands for the wrapper's place, so `$$$` in a body
 * matches any statements, not only expression statements.
 */
const WRAPPERS = new Set(['expression_statement', 'with_item', 'required_parameter', 'public_field_definition']);

/** Leaf node types a metavariable may be parsed as (`$_` after a `.` is a property name in TypeScript). */
const IDENTIFIERS = new Set(['identifier', 'property_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern', 'type_identifier', 'statement_identifier']);

export interface CompiledPattern {
  source: string;
  language: Language;
  /** The pattern's root expression node (its tree is kept alive by this object). */
  root: SyntaxNode;
  /** Metavariables bound by the pattern (`CTX` for `$CTX`, `ARGS` for `$$$ARGS`). */
  single: Set<string>;
  many: Set<string>;
  /** The leftmost literal identifier of the callee chain (`create_manager` in `create_manager($X)`), if any. */
  anchor: SyntaxNode | undefined;
  /** Literal identifiers of the pattern, longest first (prefilter needles). */
  literals: string[];
  tree: SyntaxTree;
  /**
   * The pattern's tree as plain data, read from the bindings once: matching runs against thousands of code nodes,
   * and each read of a tree-sitter node property crosses into native code.
   */
  plain: PatternNode;
}

/** A pattern node as plain data: what matching needs of it. */
export interface PatternNode {
  type: string;
  text: string;
  meta: { kind: 'one' | 'many'; name: string } | undefined;
  /** This node is the pattern's anchor (see {@link CompiledPattern.anchor}). */
  anchor: boolean;
  /** Children, then named children, without comments. */
  children: PatternNode[];
  named: PatternNode[];
  /** For a keyword argument with a literal name: the name and the value. */
  keyword: { name: string; value: PatternNode } | undefined;
}

function plainPattern(node: SyntaxNode, anchorId: number | undefined): PatternNode {
  const wrapped = WRAPPERS.has(node.type) ? loneMeta(node) : undefined;
  if (wrapped) return plainPattern(wrapped, anchorId);
  const nodes = node.children.filter(significant);
  const children = nodes.map((c) => plainPattern(c, anchorId));
  const byId = new Map(nodes.map((c, i) => [c.id, children[i]!]));
  const named = node.namedChildren.filter(significant).map((c) => byId.get(c.id)!);
  const nameNode = node.type === 'keyword_argument' ? node.childForFieldName('name') : null;
  const valueNode = node.type === 'keyword_argument' ? node.childForFieldName('value') : null;
  const keyword = nameNode && valueNode && !metaName(nameNode) ? { name: nameNode.text, value: byId.get(valueNode.id)! } : undefined;
  return { type: node.type, text: node.text, meta: metaName(node), anchor: node.id === anchorId, children, named, keyword };
}

export function encode(source: string): string {
  // An anonymous `$$$` is `$$$_`: it matches without binding, as `$_` does.
  return source.replace(TOKEN, (_m, many: string | undefined, one: string | undefined) => (one === undefined ? `${MANY}${many ?? '_'}` : `${ONE}${one}`));
}

/** The metavariable a wrapper holds alone (a trailing `;` aside), if that is all it holds. */
function loneMeta(node: SyntaxNode): SyntaxNode | undefined {
  const children = node.children.filter((c) => significant(c) && c.type !== ';');
  return children.length === 1 && metaName(children[0]!) ? children[0] : undefined;
}

export function metaName(node: SyntaxNode): { kind: 'one' | 'many'; name: string } | undefined {
  if (!IDENTIFIERS.has(node.type)) return undefined;
  if (node.text.startsWith(MANY)) return { kind: 'many', name: node.text.slice(MANY.length) };
  if (node.text.startsWith(ONE)) return { kind: 'one', name: node.text.slice(ONE.length) };
  return undefined;
}

/** The leftmost identifier of a callee chain: `a` in `a.b.c(...)`, `F` in `F().make(...)`, through `await` / `new`. */
export function calleeRoot(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | null = node;
  while (n) {
    switch (n.type) {
      case 'await':
      case 'await_expression':
        n = n.namedChildren[0] ?? null;
        break;
      case 'call':
      case 'call_expression':
        n = n.childForFieldName('function');
        break;
      case 'new_expression':
        n = n.childForFieldName('constructor');
        break;
      case 'attribute':
      case 'member_expression':
        n = n.childForFieldName('object');
        break;
      case 'identifier':
        return n;
      default:
        return undefined;
    }
  }
  return undefined;
}

export interface PatternOptions {
  /**
   * Also accept a single statement (`with pytest.raises($$$): $$$`, `if ($C) { $$$ }`): what relational constraints
   * match enclosing code against. Call patterns are expressions only.
   */
  statement?: boolean;
}

/**
 * Compile a pattern. Throws {@link PatternError} when it does not parse as one expression (or, with
 * `options.statement`, one statement).
 */
export function compilePattern(source: string, language: Language, options: PatternOptions = {}): CompiledPattern {
  const tree = parseSource(encode(source), language);
  const problems = syntaxProblems(tree, 1);
  if (problems.length > 0) throw new PatternError(`does not parse as ${language}: ${describeProblem(problems[0]!)}`);
  const top = tree.rootNode.namedChildren.filter((c) => c.type !== 'comment');
  const expression = top.length === 1 && top[0]!.type === 'expression_statement' && top[0]!.namedChildren.length === 1;
  if (!expression && !(options.statement && top.length === 1)) {
    throw new PatternError(options.statement ? 'must be a single expression or statement' : 'must be a single expression');
  }
  const root = expression ? top[0]!.namedChildren[0]! : top[0]!;
  const single = new Set<string>();
  const many = new Set<string>();
  const literals = new Set<string>();
  const walk = (n: SyntaxNode) => {
    const meta = metaName(n);
    if (meta) {
      if (meta.name !== '_') (meta.kind === 'one' ? single : many).add(meta.name);
    } else if (n.namedChildCount === 0 && /^[A-Za-z_$][\w$]*$/.test(n.text) && !/^(True|False|None|null|undefined|true|false|this)$/.test(n.text)) {
      literals.add(n.text);
    }
    for (const c of n.namedChildren) walk(c);
  };
  walk(root);
  const anchorNode = calleeRoot(root);
  const anchor = anchorNode && !metaName(anchorNode) ? anchorNode : undefined;
  const plain = plainPattern(root, anchor?.id);
  return { source, language, root, single, many, anchor, literals: [...literals].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)), tree, plain };
}

/** What a match captured. */
export interface Match {
  node: SyntaxNode;
  single: Map<string, SyntaxNode>;
  many: Map<string, SyntaxNode[]>;
}

export interface MatchOptions {
  /** Decides whether a code node stands for the pattern's anchor identifier (e.g. resolves to the legacy import). */
  anchor?: (code: SyntaxNode) => boolean;
}

interface Env {
  single: Map<string, SyntaxNode>;
  many: Map<string, SyntaxNode[]>;
}

const clone = (env: Env): Env => ({ single: new Map(env.single), many: new Map(env.many) });
const norm = (text: string) => text.replace(/\s+/g, ' ').trim();
export const significant = (n: SyntaxNode) => n.type !== 'comment';

/** Match `pattern` against `node` (the node itself, not its descendants). */
export function matchPattern(pattern: CompiledPattern, node: SyntaxNode, options: MatchOptions = {}): Match | undefined {
  if (pattern.plain.type !== node.type && !pattern.plain.meta && !pattern.plain.anchor) return undefined;
  const env: Env = { single: new Map(), many: new Map() };
  const result = matchNode(pattern.plain, node, env, options);
  return result ? { node, single: result.single, many: result.many } : undefined;
}

function matchNode(p: PatternNode, c: SyntaxNode, env: Env, options: MatchOptions): Env | undefined {
  const meta = p.meta;
  if (meta?.kind === 'one') {
    if (meta.name === '_') return env;
    const bound = env.single.get(meta.name);
    if (bound) return norm(bound.text) === norm(c.text) ? env : undefined;
    const next = clone(env);
    next.single.set(meta.name, c);
    return next;
  }
  if (meta?.kind === 'many') {
    // An ellipsis where one node stands (`() => $$$`, a body of one expression) matches that one node.
    if (meta.name === '_') return env;
    const bound = env.many.get(meta.name);
    if (bound) return bound.length === 1 && norm(bound[0]!.text) === norm(c.text) ? env : undefined;
    const next = clone(env);
    next.many.set(meta.name, [c]);
    return next;
  }
  if (p.anchor && options.anchor) return options.anchor(c) ? env : undefined;
  if (p.type !== c.type) return undefined;
  if (p.type === 'with_item') {
    // Python: a `with` item written without `as` also matches one with `as NAME` (what the block binds is not
    // what the pattern is about).
    const value = c.namedChildren.find(significant);
    if (p.named[0]?.type !== 'as_pattern' && value?.type === 'as_pattern' && value.namedChildren[0]) return matchNode(p.named[0]!, value.namedChildren[0], env, options);
  }
  if (SEQUENCES.has(p.type)) return matchSequence(p.named, c.namedChildren.filter(significant), env, options);
  const pc = p.children;
  if (pc.length === 0) return p.text === c.text ? env : undefined;
  const cc = c.children.filter(significant);
  if (pc.length !== cc.length) return undefined;
  let current: Env | undefined = env;
  for (let i = 0; i < pc.length && current; i++) current = matchNode(pc[i]!, cc[i]!, current, options);
  return current;
}

/** Argument forms a plain positional pattern item never matches. */
const ARGUMENT_FORMS = new Set(['keyword_argument', 'list_splat', 'dictionary_splat', 'spread_element']);

const keywordName = (n: SyntaxNode) => (n.type === 'keyword_argument' ? n.childForFieldName('name')?.text : undefined);

function matchSequence(ps: PatternNode[], cs: SyntaxNode[], env: Env, options: MatchOptions): Env | undefined {
  // Python keyword arguments with a literal name match by name, wherever they stand.
  let rest = cs;
  let current: Env | undefined = env;
  const ordered: PatternNode[] = [];
  for (const p of ps) {
    if (!p.keyword) {
      ordered.push(p);
      continue;
    }
    const name = p.keyword.name;
    const c = rest.find((x) => keywordName(x) === name);
    if (!c) return undefined;
    current = matchNode(p.keyword.value, c.childForFieldName('value')!, current!, options);
    if (!current) return undefined;
    rest = rest.filter((x) => x !== c);
  }
  return matchOrdered(ordered, 0, rest, 0, current!, options);
}

function matchOrdered(ps: PatternNode[], i: number, cs: SyntaxNode[], j: number, env: Env, options: MatchOptions): Env | undefined {
  if (i === ps.length) return j === cs.length ? env : undefined;
  const meta = ps[i]!.meta;
  if (meta?.kind === 'many') {
    // Shortest first: deterministic, and leaves the most for the items after the ellipsis.
    for (let k = j; k <= cs.length; k++) {
      const taken = cs.slice(j, k);
      let next: Env = env;
      if (meta.name !== '_') {
        const bound = env.many.get(meta.name);
        if (bound && norm(bound.map((n) => n.text).join(',')) !== norm(taken.map((n) => n.text).join(','))) continue;
        next = clone(env);
        next.many.set(meta.name, taken);
      }
      const result = matchOrdered(ps, i + 1, cs, k, next, options);
      if (result) return result;
    }
    return undefined;
  }
  if (j >= cs.length) return undefined;
  // A positional pattern item only matches a positional argument: `f($X)` must not take `f(user_context=x)`.
  const type = cs[j]!.type;
  if (ARGUMENT_FORMS.has(type) && ps[i]!.type !== type) return undefined;
  const next = matchNode(ps[i]!, cs[j]!, env, options);
  return next ? matchOrdered(ps, i + 1, cs, j + 1, next, options) : undefined;
}
