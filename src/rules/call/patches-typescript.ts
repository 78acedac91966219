/**
 * TypeScript mocks and spies of a callee a call rule rewrites (docs/call-rule.md, "Patches and mocks of a rewritten
 * callee"): a module mock whose factory defines the legacy callee (`vi.mock('m', () => ({ Name: vi.fn() }))`,
 * `jest.mock`, `doMock`), and a spy on it through a namespace import (`vi.spyOn(ns, 'Name')`, `jest.spyOn`). Once
 * the calls are rewritten the code under test calls the canonical callee, which the mock does not define and the spy
 * does not watch: reported on the mock's key or the spy's name. An automock (no factory) stubs every export, the
 * canonical one too, and is left alone.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import type { TransformContext } from '../../core/types.js';
import type { TsFile } from '../../languages/typescript/file.js';
import { plainStringValue } from '../../languages/typescript/syntax.js';
import type { CompiledCall } from './compiled.js';
import { canonicalCallee, replacements, rulesByLegacyCallee, rulesRewrite } from './patches.js';

const MOCK = /^(?:jest|vi)\.(?:mock|doMock)$/;
const SPY = /^(?:jest|vi)\.spyOn$/;
const FUNCTIONS = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'method_definition']);

/** What the TS call run resolves for the scan: module keys of config refs and of namespace imports. */
export interface TsPatchResolver {
  /** The module key of a config module ref (`from`), or undefined when it is not in the tree. */
  keyOf(ref: string): string | undefined;
  /** The module key of the namespace import (`import * as ns`) an identifier refers to, if it is one. */
  namespaceKey(identifier: SyntaxNode): string | undefined;
}

const unwrap = (node: SyntaxNode): SyntaxNode => {
  let n = node;
  while (n.type === 'parenthesized_expression' || n.type === 'as_expression' || n.type === 'satisfies_expression') n = n.namedChildren[0] ?? n;
  return n;
};

/** The object literals a mock factory returns (its arrow body, or its own `return` statements). */
function returnedObjects(factory: SyntaxNode): SyntaxNode[] {
  if (!FUNCTIONS.has(factory.type)) return [];
  const body = factory.childForFieldName('body');
  if (!body) return [];
  if (body.type !== 'statement_block') return unwrap(body).type === 'object' ? [unwrap(body)] : [];
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode): void => {
    for (const c of n.namedChildren) {
      if (c.type === 'return_statement') {
        const value = c.namedChildren.find((v) => v.type !== 'comment');
        if (value && unwrap(value).type === 'object') out.push(unwrap(value));
      } else if (!FUNCTIONS.has(c.type)) walk(c);
    }
  };
  walk(body);
  return out;
}

/** The keys an object literal defines, as [name, node to report on]. */
function definedKeys(object: SyntaxNode): [string, SyntaxNode][] {
  const out: [string, SyntaxNode][] = [];
  for (const p of object.namedChildren) {
    const key = p.type === 'pair' || p.type === 'method_definition' ? p.childForFieldName(p.type === 'pair' ? 'key' : 'name') : p.type === 'shorthand_property_identifier' ? p : null;
    const name = key ? (key.type === 'string' ? plainStringValue(key) : key.text) : undefined;
    if (key && name !== undefined) out.push([name, key]);
  }
  return out;
}

/** Mocks and spies in the file of a legacy callee the `rules` rewrite: reported, never rewritten. */
export function reportTsPatches(ctx: TransformContext, ts: TsFile, rules: readonly CompiledCall[], resolve: TsPatchResolver): void {
  if (!/ock\s*\(|spyOn\s*\(/.test(ctx.file.text)) return;
  const byKey = new Map<string, CompiledCall[]>();
  for (const [callee, rs] of rulesByLegacyCallee(rules, '\0')) {
    const [ref, name] = callee.split('\0') as [string, string];
    const key = resolve.keyOf(ref);
    if (key === undefined) continue;
    // Two refs of one module (a path and an alias) give one key.
    byKey.set(`${key}\0${name}`, [...new Set([...(byKey.get(`${key}\0${name}`) ?? []), ...rs])]);
  }
  if (byKey.size === 0) return;
  for (const call of ctx.tree.rootNode.descendantsOfType(['call_expression'])) {
    const callee = call.childForFieldName('function')?.text ?? '';
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
    if (MOCK.test(callee) && args.length >= 2) {
      const spec = plainStringValue(args[0]!);
      if (spec === undefined) continue;
      const key = ts.moduleOf(spec, 'import');
      for (const object of returnedObjects(args[1]!)) {
        for (const [name, node] of definedKeys(object)) {
          const rs = byKey.get(`${key}\0${name}`);
          if (!rs || ts.suppressed(node)) continue;
          const canonical = canonicalCallee(rs) ?? 'the canonical callee';
          ctx.report(node.startIndex, `mock of '${spec}' defines ${name}, which the code under test no longer calls once applied: ${rulesRewrite(rs)} its calls to ${replacements(rs)} (imported from ${rs[0]!.to ?? 'where the rule says'}); not rewritten: define ${canonical} in a mock of ${rs[0]!.to ?? 'its module'} instead`, 'warning', rs[0]!.rule);
        }
      }
    } else if (SPY.test(callee) && args.length >= 2 && args[0]!.type === 'identifier') {
      const name = plainStringValue(args[1]!);
      const key = name !== undefined ? resolve.namespaceKey(args[0]!) : undefined;
      const rs = key !== undefined ? byKey.get(`${key}\0${name}`) : undefined;
      if (!rs || ts.suppressed(args[1]!)) continue;
      const canonical = canonicalCallee(rs) ?? 'the canonical callee';
      ctx.report(args[1]!.startIndex, `spy on ${args[0]!.text}.${name} sees none of its calls once applied: ${rulesRewrite(rs)} them to ${replacements(rs)} (imported from ${rs[0]!.to ?? 'where the rule says'}); not rewritten: spy on ${canonical} of ${rs[0]!.to ?? 'its module'} instead`, 'warning', rs[0]!.rule);
    }
  }
}
