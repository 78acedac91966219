/**
 * Relational constraints on a match (ast-grep's `inside` / `not: inside`, with `stopBy: end`): whether some
 * enclosing node of a matched call matches a pattern. Also the built-in set of enclosing code that asserts an
 * exception (`with pytest.raises(...)`, `expect(() => ...).toThrow()`), around which call rules report instead of
 * rewriting: such a test checks how the legacy callee fails, and the canonical one may not fail the same way.
 */
import type { SyntaxNode, SyntaxTree } from '../../core/syntax.js';
import type { Language } from '../../core/types.js';
import { compilePattern, matchPattern, type CompiledPattern } from './pattern.js';


/** The nearest strict ancestor of `node` that one of `patterns` matches, with the pattern that matched it. */
export function enclosingMatch<P extends { pattern: CompiledPattern }>(node: SyntaxNode, patterns: readonly P[]): { ancestor: SyntaxNode; matched: P } | undefined {
  if (patterns.length === 0) return undefined;
  // A pattern that is only a metavariable matches any node; the others only nodes of their root's type.
  const any = patterns.some((p) => p.pattern.plain.meta);
  const types = new Set(patterns.map((p) => p.pattern.plain.type));
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (!any && !types.has(n.type)) continue;
    for (const p of patterns) if (matchPattern(p.pattern, n)) return { ancestor: n, matched: p };
  }
  return undefined;
}

/** A call rule's relational constraints, compiled. */
export interface Relations {
  /** Some ancestor must match one of these (absent: no constraint). */
  inside: CompiledPattern[] | undefined;
  /** No ancestor may match any of these. */
  notInside: CompiledPattern[];
}

/** Do a match's surroundings satisfy the rule's `inside` / `notInside`? */
export function relationsHold(node: SyntaxNode, relations: Relations): boolean {
  const wrap = (ps: readonly CompiledPattern[]) => ps.map((pattern) => ({ pattern }));
  if (relations.inside && !enclosingMatch(node, wrap(relations.inside))) return false;
  return !enclosingMatch(node, wrap(relations.notInside));
}

/** One built-in exception-test context: the pattern of the enclosing code and how a finding names it. */
interface ExceptionTest {
  pattern: CompiledPattern;
  label: string;
}

/**
 * Python: context managers and callable forms of pytest and unittest that assert an exception or a warning. A
 * warning counts: `pytest.warns(DeprecationWarning)` around a legacy factory asserts that it is deprecated, which
 * the canonical one is not.
 */
const PYTHON_ASSERTERS = ['pytest.raises', 'pytest.warns', 'pytest.deprecated_call', '$_.assertRaises', '$_.assertRaisesRegex', '$_.assertRaisesRegexp', '$_.assertWarns', '$_.assertWarnsRegex'];

/** Python patterns: the `with` block (any item, with or without `as`) and the call itself (a lambda or argument). */
export const PYTHON_EXCEPTION_TESTS: readonly { source: string; label: string }[] = PYTHON_ASSERTERS.flatMap((name) => {
  const label = name.replace('$_.', 'self.');
  return [
    { source: `with $$$, ${name}($$$), $$$: $$$`, label: `with ${label}(...)` },
    { source: `${name}($$$)`, label: `${label}(...)` },
  ];
});

/**
 * TypeScript / JavaScript: Jest and Vitest `expect(...)` throw and rejection matchers, `node:assert`'s `throws` /
 * `rejects`, and Chai's `to.throw` / chai-as-promised `to.be.rejected(With)`. The pattern is the enclosing member
 * expression, so any matcher call after it counts (`.rejects.toThrow(...)`, `.rejects.toBeInstanceOf(...)`), and
 * `.not.toThrow()` (which asserts success) does not.
 */
export const TYPESCRIPT_EXCEPTION_TESTS: readonly { source: string; label: string }[] = [
  ...['toThrow', 'toThrowError', 'toThrowErrorMatchingSnapshot', 'toThrowErrorMatchingInlineSnapshot', 'rejects'].map((m) => ({ source: `expect($$$).${m}`, label: `expect(...).${m}` })),
  ...['to.throw', 'to.throws', 'to.be.rejected', 'to.be.rejectedWith', 'to.eventually.be.rejected', 'to.eventually.be.rejectedWith'].map((m) => ({ source: `expect($$$).${m}`, label: `expect(...).${m}` })),
  { source: 'assert.throws($$$)', label: 'assert.throws(...)' },
  { source: 'assert.rejects($$$)', label: 'assert.rejects(...)' },
];

const compiled = new Map<'python' | 'typescript', ExceptionTest[]>();

function exceptionTests(language: Language): ExceptionTest[] {
  const key = language === 'python' ? 'python' : 'typescript';
  let tests = compiled.get(key);
  if (!tests) {
    // TSX code is matched with TypeScript patterns, as call rules are: the node types are the same.
    const sources = key === 'python' ? PYTHON_EXCEPTION_TESTS : TYPESCRIPT_EXCEPTION_TESTS;
    tests = sources.map(({ source, label }) => ({ pattern: compilePattern(source, key, { statement: true }), label }));
    compiled.set(key, tests);
  }
  return tests;
}

/**
 * Words the built-in exception tests of a language are found by: each test's code holds one (as a whole word), at
 * most {@link SEED_DEPTH} levels below the node the test's pattern matches.
 */
const SEEDS = {
  python: /\b(?:raises|warns|deprecated_call|assertRaises|assertRaisesRegexp?|assertWarns|assertWarnsRegex)\b/g,
  typescript: /\b(?:toThrow|toThrowError|toThrowErrorMatchingSnapshot|toThrowErrorMatchingInlineSnapshot|rejects|throw|throws|rejected|rejectedWith)\b/g,
};
/** From a seed word up to the test's node: `raises` → attribute → call → as_pattern → with_item → with_clause → with. */
const SEED_DEPTH = 8;

/** An exception test around a node: its label (`with pytest.raises(...)`) and the enclosing node it matched. */
export interface ExceptionTestSite {
  label: string;
  ancestor: SyntaxNode;
}

/**
 * Finds the built-in exception tests around nodes of one file: the same answers as {@link exceptionTestAround}, for
 * many nodes at a time. The file's tests are found once, from the few places their words occur in its text, as
 * spans; a node is then inside the nearest span that holds it. Walking up from every matched call instead would cross
 * into the native bindings at each step, for every call of every test file.
 */
export class ExceptionTests {
  private spans: (ExceptionTestSite & { start: number; end: number; id: number })[] | undefined;

  constructor(
    private readonly language: Language,
    private readonly tree: SyntaxTree,
    private readonly text: string,
  ) {}

  private find(): NonNullable<ExceptionTests['spans']> {
    const spans: NonNullable<ExceptionTests['spans']> = [];
    const tests = exceptionTests(this.language);
    const seen = new Set<number>();
    for (const m of this.text.matchAll(SEEDS[this.language === 'python' ? 'python' : 'typescript'])) {
      let n: SyntaxNode | null = this.tree.rootNode.descendantForIndex(m.index, m.index + m[0].length);
      for (let depth = 0; n && depth <= SEED_DEPTH; depth++, n = n.parent) {
        if (seen.has(n.id)) continue;
        seen.add(n.id);
        const node = n;
        const test = tests.find((t) => t.pattern.plain.type === node.type && matchPattern(t.pattern, node));
        if (test) spans.push({ label: test.label, ancestor: node, start: node.startIndex, end: node.endIndex, id: node.id });
      }
    }
    return spans;
  }

  /** The nearest built-in exception test strictly around `node`, if any. */
  around(node: SyntaxNode): ExceptionTestSite | undefined {
    this.spans ??= this.find();
    if (this.spans.length === 0) return undefined;
    const [start, end, id] = [node.startIndex, node.endIndex, node.id];
    let best: (typeof this.spans)[number] | undefined;
    for (const s of this.spans) {
      if (s.id === id || s.start > start || s.end < end) continue;
      if (!best || s.end - s.start < best.end - best.start) best = s;
    }
    return best && { label: best.label, ancestor: best.ancestor };
  }
}

/**
 * The built-in exception test a node is inside, if any: its label (`with pytest.raises(...)`) and the enclosing
 * node. The nearest enclosing one is named. (Rules use {@link ExceptionTests}, which remembers per file.)
 */
export function exceptionTestAround(node: SyntaxNode, language: Language): ExceptionTestSite | undefined {
  const found = enclosingMatch(node, exceptionTests(language));
  return found ? { label: found.matched.label, ancestor: found.ancestor } : undefined;
}
