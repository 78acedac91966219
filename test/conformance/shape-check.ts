/**
 * The independent side of the shape rule's conformance run for TypeScript / JavaScript, read with the TypeScript
 * compiler's own parser (canonize reads with tree-sitter; nothing here shares code with it): scanning a corpus for
 * object literals with a string discriminating key (to declare shapes from), and checking a run's output. The
 * Python side is test/conformance/python/shapes.py; both follow the same rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A declared shape, as the harness writes it into the config. */
export interface DeclaredShape {
  match: Record<string, string[]>;
  rename?: Record<string, string>;
  timestamps?: Record<string, string>;
  nest?: string;
  keep?: string[];
  require?: string[];
}

export interface KeyStats {
  literals: number;
  values: Record<string, number>;
  co: Record<string, number>;
  iso: Record<string, number>;
}

/** What checking found: counts, and problems as harness failures. */
export interface ShapeCheck {
  literals: number;
  rewritten: number;
  reported: number;
  canonical: number;
  evaluated: number;
  /** Literals in files the plan skipped (with its reason: a parse error, say). */
  skipped: number;
  problems: { check: 'compile' | 'unexplained' | 'wrong-rewrite'; path: string; detail: string }[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ISO = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/;

function parse(path: string): ts.SourceFile {
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : path.endsWith('.js') || path.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, kind);
}

function propName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isShorthandPropertyAssignment(p)) return p.name.text;
  if (!ts.isPropertyAssignment(p)) return undefined;
  return ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name) ? p.name.text : undefined;
}

/** key → value expression of the plain `key: value` entries. */
function entries(node: ts.ObjectLiteralExpression): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  for (const p of node.properties) {
    const name = propName(p);
    if (name !== undefined && ts.isPropertyAssignment(p)) out.set(name, p.initializer);
  }
  return out;
}

const stringOf = (e: ts.Expression | undefined) => (e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined);

function literals(sf: ts.SourceFile): ts.ObjectLiteralExpression[] {
  const out: ts.ObjectLiteralExpression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isObjectLiteralExpression(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The literals of a shape in source order, but for those under an event's `nest` key (its data). */
function shapeLiterals(sf: ts.SourceFile, shapes: readonly DeclaredShape[]): ts.ObjectLiteralExpression[] {
  const payloads = new Set<ts.Node>();
  return literals(sf).filter((n) => {
    const shape = !payloads.has(n) && shapeOf(n, shapes);
    if (!shape) return false;
    const payload = shape.nest && entries(n).get(shape.nest);
    if (payload) payloads.add(payload);
    return true;
  });
}

/** Per discriminating key: the literals holding an identifier-like string under it, their values and other keys. */
export function scanShapes(root: string, files: readonly string[], keys: readonly string[]): Record<string, KeyStats> {
  const out: Record<string, KeyStats> = Object.fromEntries(keys.map((k) => [k, { literals: 0, values: {}, co: {}, iso: {} }]));
  for (const rel of files) {
    for (const node of literals(parse(join(root, rel)))) {
      const map = entries(node);
      for (const key of keys) {
        const v = stringOf(map.get(key));
        if (v === undefined || !NAME.test(v)) continue;
        const s = out[key]!;
        s.literals++;
        s.values[v] = (s.values[v] ?? 0) + 1;
        for (const [other, ov] of map) {
          if (other === key || !NAME.test(other)) continue;
          s.co[other] = (s.co[other] ?? 0) + 1;
          if (ISO.test(stringOf(ov) ?? '')) s.iso[other] = (s.iso[other] ?? 0) + 1;
        }
      }
    }
  }
  return out;
}

function shapeOf(node: ts.ObjectLiteralExpression, shapes: readonly DeclaredShape[]): DeclaredShape | undefined {
  const map = entries(node);
  return shapes.find((s) => Object.entries(s.match).every(([k, values]) => values.includes(stringOf(map.get(k) ?? map.get(s.rename?.[k] ?? '')) ?? '\0')));
}

const NOT_PURE = Symbol('not pure');

/** The value of a pure literal (strings, numbers, booleans, null, arrays and objects of them), or NOT_PURE. */
function evaluate(e: ts.Expression): unknown {
  if (ts.isParenthesizedExpression(e)) return evaluate(e.expression);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(e)) {
    const items = e.elements.map((x) => (ts.isSpreadElement(x) || ts.isOmittedExpression(x) ? NOT_PURE : evaluate(x)));
    return items.includes(NOT_PURE) ? NOT_PURE : items;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const out: [string, unknown][] = [];
    for (const p of e.properties) {
      const name = propName(p);
      if (name === undefined || !ts.isPropertyAssignment(p)) return NOT_PURE;
      const v = evaluate(p.initializer);
      if (v === NOT_PURE) return NOT_PURE;
      out.push([name, v]);
    }
    return Object.fromEntries(out);
  }
  return NOT_PURE;
}

/** The literal's keys in order, each with its nested literal's keys; undefined when one cannot be known. */
function keyView(node: ts.ObjectLiteralExpression): [string, unknown][] | undefined {
  const out: [string, unknown][] = [];
  for (const p of node.properties) {
    const name = propName(p);
    if (name === undefined) return undefined;
    out.push([name, ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.initializer) ? keyView(p.initializer) : p]);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first shape an evaluated object is of (its discriminating keys, legacy or renamed). */
function valueShape(value: Record<string, unknown>, shapes: readonly DeclaredShape[]): DeclaredShape | undefined {
  return shapes.find((s) => Object.entries(s.match).every(([k, vs]) => vs.includes((value[k] ?? value[s.rename?.[k] ?? '']) as string)));
}

/** An evaluated value with every event inside it made canonical (as the rule's later passes do). */
function deep(value: unknown, shapes: readonly DeclaredShape[]): unknown {
  if (Array.isArray(value)) return value.map((v) => deep(v, shapes));
  if (!isRecord(value)) return value;
  const shape = valueShape(value, shapes);
  const built = shape && canonicalEvent(Object.entries(value), shape, shapes);
  return built ?? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v, shapes)]));
}

/**
 * The canonical event built from the original's entries, events inside its values made canonical too (the object
 * under `nest` is the event's data, not an event); undefined when it cannot be built.
 */
export function canonicalEvent(pairs: readonly [string, unknown][], shape: DeclaredShape, shapes: readonly DeclaredShape[] = []): Record<string, unknown> | undefined {
  const top = new Set([...Object.keys(shape.match), ...(shape.keep ?? []), ...(shape.require ?? []), ...(shape.nest ? [shape.nest] : [])]);
  for (const k of [...Object.values(shape.rename ?? {}), ...Object.values(shape.timestamps ?? {})]) top.add(k);
  const out: Record<string, unknown> = {};
  const nested: Record<string, unknown> = {};
  for (const [key, raw] of pairs) {
    // No shapes: the values are not evaluated (an impure literal's keys only), so nothing to look into.
    const value = shapes.length === 0 ? raw : key === shape.nest && isRecord(raw) ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, deep(v, shapes)])) : deep(raw, shapes);
    if (shape.rename?.[key]) out[shape.rename[key]] = value;
    else if (shape.timestamps?.[key]) {
      const ms = typeof value === 'string' && /(Z|[+-]\d\d(:?\d\d)?)$/.test(value) ? Date.parse(value) : NaN;
      if (Number.isNaN(ms)) return undefined;
      out[shape.timestamps[key]] = ms / 1000;
    } else if (top.has(key) || !shape.nest) out[key] = value;
    else nested[key] = value;
  }
  if (Object.keys(nested).length > 0) {
    if (shape.nest! in out) return undefined;
    out[shape.nest!] = nested;
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-3;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const [ka, kb] = [Object.keys(a).sort(), Object.keys(b).sort()];
    return ka.join('\0') === kb.join('\0') && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

const parseErrors = (sf: ts.SourceFile) => (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;

/** Check one run: see the module comment and test/conformance/python/shapes.py. */
export function checkShapes(request: { before: string; after: string; files: readonly string[]; shapes: readonly DeclaredShape[]; reported: Record<string, number[]>; skipped: readonly string[] }): ShapeCheck {
  const result: ShapeCheck = { literals: 0, rewritten: 0, reported: 0, canonical: 0, evaluated: 0, skipped: 0, problems: [] };
  for (const rel of request.files) {
    const [before, after] = [parse(join(request.before, rel)), parse(join(request.after, rel))];
    const problem = (check: ShapeCheck['problems'][number]['check'], detail: string) => result.problems.push({ check, path: rel, detail });
    if (parseErrors(after).length > parseErrors(before).length) {
      problem('compile', `the TypeScript parser: ${ts.flattenDiagnosticMessageText(parseErrors(after)[0]!.messageText, ' ')}`);
      continue;
    }
    const [old, now] = [before, after].map((sf) => shapeLiterals(sf, request.shapes));
    if (request.skipped.includes(rel)) {
      result.skipped += old!.length;
      continue;
    }
    if (old!.length !== now!.length) {
      problem('unexplained', `${old!.length} shape literal(s) before, ${now!.length} after`);
      continue;
    }
    const reported = new Set(request.reported[rel] ?? []);
    old!.forEach((o, i) => {
      const n = now![i]!;
      const shape = shapeOf(o, request.shapes)!;
      result.literals++;
      const line = (pos: number) => before.getLineAndCharacterOfPosition(pos).line + 1;
      const where = `line ${line(o.getStart())}`;
      const value = evaluate(o);
      const keys = keyView(o);
      const pairs: [string, unknown][] | undefined = value !== NOT_PURE ? Object.entries(value as object) : keys;
      const expected = pairs && canonicalEvent(pairs, shape, value !== NOT_PURE ? request.shapes : []);
      const needs = !expected || Object.keys(expected).join('\0') !== pairs!.map(([k]) => k).join('\0');
      if (o.getText() === n.getText()) {
        if (!needs) result.canonical++;
        else if ([...reported].some((l) => l >= line(o.getStart()) && l <= line(o.getEnd()))) result.reported++;
        else problem('unexplained', `${where}: a legacy literal neither rewritten nor reported`);
        return;
      }
      result.rewritten++;
      if (!expected) return problem('wrong-rewrite', `${where}: rewritten although its keys or time cannot be known`);
      if (value !== NOT_PURE) {
        const got = evaluate(n);
        if (got === NOT_PURE) return problem('wrong-rewrite', `${where}: a pure literal became an impure one`);
        result.evaluated++;
        if (!same(got, expected)) problem('wrong-rewrite', `${where}: ${JSON.stringify(got)} != ${JSON.stringify(expected)}`);
        return;
      }
      const got = keyView(n);
      const nest = shape.nest;
      const gotTop = (got ?? []).map(([k]) => k).sort();
      const inner = (got ?? []).find(([k]) => k === nest)?.[1];
      const gotNested = Array.isArray(inner) ? (inner as [string][]).map(([k]) => k).sort() : [];
      const wantNested = nest && expected[nest] ? Object.keys(expected[nest] as object).sort() : [];
      if (gotTop.join() !== Object.keys(expected).sort().join() || gotNested.join() !== wantNested.join()) {
        problem('wrong-rewrite', `${where}: keys ${JSON.stringify(gotTop)} / ${JSON.stringify(gotNested)}, expected ${JSON.stringify(Object.keys(expected))}`);
      }
    });
  }
  return result;
}
