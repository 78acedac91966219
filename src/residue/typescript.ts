/**
 * The residue scan of one TypeScript / JavaScript file, at token level: string literals used as module specifiers
 * (`import … from`, `export … from`, side-effect imports, `import()`, `require()`, the configured module calls such
 * as `jest.mock`, `import x = require(…)`, `/// <reference path>`) that resolve to a legacy module, or equal a
 * legacy external specifier. Resolution is the scan's own (ts-legacy.ts). See docs/residue.md.
 */
import type { ProjectIndex } from '../core/types.js';
import { tokenizeJs, type JsToken } from './js-tokens.js';
import { JS_IGNORE, LineIndex, residueMessage, type ResidueRef } from './ref.js';
import type { LegacyModule, MovedName, ResidueTargets } from './targets.js';
import { dirOf, joinPath, tsLegacyIndex, type TsLegacyIndex } from './ts-legacy.js';

const REFERENCE_PATH = /^\/\/\/\s*<reference\s+path\s*=\s*(["'])([^"']*)\1/;

/** Scan one TS / JS file. Never throws for any text. */
export function scanTsResidue(path: string, text: string, targets: ResidueTargets, project: ProjectIndex | undefined): ResidueRef[] {
  if (targets.typescript.modules.length === 0) return [];
  const index = tsLegacyIndex(targets, project);
  if (index.byFile.size === 0 && index.byExternal.size === 0) return [];
  const scan = new TsResidueScan(path, text, index, new Set(targets.typescript.moduleCalls));
  scan.referencePaths();
  for (let k = 0; k < scan.toks.length; k++) scan.stringToken(k);
  return scan.refs.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** How a string literal is used as a module specifier. */
type SpecifierUse = { kind: 'from'; keyword: number } | { kind: 'side-effect' } | { kind: 'call'; callee: number; loads: boolean };

/** A local name and the index of the token that binds it. */
type BoundLocal = { name: string; at: number };

/** One file's scan: its tokens (all, and without comments) and the references found so far. */
class TsResidueScan {
  readonly refs: ResidueRef[] = [];
  /** The tokens without comments. */
  readonly toks: JsToken[];
  private readonly all: JsToken[];
  private readonly lines: LineIndex;

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly index: TsLegacyIndex,
    private readonly moduleCalls: ReadonlySet<string>,
  ) {
    this.lines = new LineIndex(text);
    this.all = tokenizeJs(text);
    this.toks = this.all.filter((t) => t.type !== 'comment');
  }

  /** A token's text (a plain function: the helpers below take it as their `src`). */
  private readonly src = (t: JsToken | undefined): string => (t === undefined ? '' : this.text.slice(t.start, t.end));

  private isPunct(t: JsToken | undefined, p: string): boolean {
    return t !== undefined && t.type === 'punct' && this.src(t) === p;
  }

  private isName(t: JsToken | undefined, n?: string): boolean {
    return t !== undefined && t.type === 'name' && (n === undefined || this.src(t) === n);
  }

  private afterDot(i: number): boolean {
    return this.isPunct(this.toks[i - 1], '.') || this.isPunct(this.toks[i - 1], '?.');
  }

  private ignored(offset: number): boolean {
    return JS_IGNORE.test(this.lines.lineText(this.lines.line(offset)));
  }

  private legacyOf(spec: string): LegacyModule | undefined {
    const external = this.index.byExternal.get(spec);
    if (external) return external;
    const file = this.index.resolver.resolve(spec, this.path);
    return file === undefined ? undefined : this.index.byFile.get(file);
  }

  private add(start: number, end: number, legacy: LegacyModule, symbol: string, statement: [number, number]): void {
    if (this.ignored(start) || this.ignored(statement[0])) return;
    const moved: MovedName = (symbol === '*' ? legacy.whole : legacy.names.get(symbol) ?? legacy.whole) ?? [...legacy.names.values()][0]!;
    const written = this.text.slice(start, end);
    this.refs.push({
      start,
      end,
      text: written,
      kind: 'specifier',
      module: legacy.module,
      symbol,
      rule: moved.rule,
      line: this.lines.line(start),
      column: this.lines.column(start),
      statementStart: statement[0],
      statementEnd: statement[1],
      message: residueMessage('typescript', 'specifier', written, legacy.module, symbol, moved),
    });
  }

  /** `/// <reference path="…" />` comments naming a legacy file that moves as a whole. */
  referencePaths(): void {
    for (const c of this.all) {
      if (c.type !== 'comment') continue;
      const m = REFERENCE_PATH.exec(this.src(c));
      if (!m) continue;
      const target = joinPath(dirOf(this.path), m[2]!);
      const file = target === undefined ? undefined : this.index.resolver.probe(target);
      const legacy = file === undefined ? undefined : this.index.byFile.get(file);
      if (!legacy?.whole) continue;
      const at = c.start + m.index + m[0].length - 1 - m[2]!.length;
      this.add(at, at + m[2]!.length, legacy, '*', [c.start, c.end]);
    }
  }

  /**
   * What the uses of a namespace-like local (`import * as ns`, `const m = require(…)`) reach: `ns.Moved` reaches
   * Moved; `ns` used any other way (passed on, spread, indexed) may reach every name (`*`).
   */
  private usesOf(binding: BoundLocal, legacy: LegacyModule, bareReachesAll = true): string[] {
    const toks = this.toks;
    const reached = new Set<string>();
    for (let i = 0; i < toks.length; i++) {
      if (i === binding.at || !this.isName(toks[i], binding.name) || this.isPunct(toks[i - 1], '.') || this.isPunct(toks[i - 1], '?.')) continue;
      const next = toks[i + 1];
      if (this.isPunct(next, '.') || this.isPunct(next, '?.')) {
        const member = toks[i + 2];
        if (this.isName(member) && legacy.names.has(this.src(member))) reached.add(this.src(member));
        continue;
      }
      if (bareReachesAll) reached.add('*');
    }
    return [...reached].sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : 1));
  }

  /** The string (or plain template) at `toks[k]`, when it names a legacy module in a specifier position. */
  stringToken(k: number): void {
    const s = this.toks[k]!;
    if (s.type !== 'string' && !(s.type === 'template' && !s.hasSubstitutions)) return;
    const spec = this.text.slice(s.contentStart!, s.contentEnd!);
    if (spec === '' || spec.includes('\\')) return;
    const use = this.useOf(k);
    if (!use) return;
    const legacy = this.legacyOf(spec);
    if (!legacy) return;
    const at: [number, number] = [s.contentStart!, s.contentEnd!];
    if (use.kind !== 'from') {
      if (legacy.whole) this.add(at[0], at[1], legacy, '*', [s.start, s.end]);
      else if (use.kind === 'call') {
        const reached = this.reachedByCall(use, k, legacy);
        if (reached.length > 0) this.add(at[0], at[1], legacy, reached[0]!, [s.start, s.end]);
      }
      return;
    }
    const statement: [number, number] = [this.toks[use.keyword]!.start, s.end];
    if (legacy.whole) {
      this.add(at[0], at[1], legacy, '*', statement);
      return;
    }
    const clause = reachedNames(this.toks, use.keyword + 1, k - 1, this.src, legacy);
    const reached = [
      ...clause.names,
      ...(clause.namespace === undefined ? [] : this.usesOf(clause.namespace, legacy)),
      // A default import of a CommonJS module is its `module.exports`: `X.Moved` reaches Moved (a bare `X` is the
      // default export itself, which moves only when `default` does).
      ...(clause.defaultLocal === undefined ? [] : this.usesOf(clause.defaultLocal, legacy, false)),
    ];
    if (reached.length > 0) this.add(at[0], at[1], legacy, reached[0]!, statement);
  }

  /** Whether the string at `toks[k]` is a specifier: after `from` or `import`, or the one argument of a module call. */
  private useOf(k: number): SpecifierUse | undefined {
    const toks = this.toks;
    const prev = toks[k - 1];
    if (this.isName(prev, 'from') && !this.afterDot(k - 1)) {
      // Back to the `import` / `export` that opens the statement.
      for (let j = k - 2; j >= 0 && j >= k - 2000; j--) {
        const t = toks[j]!;
        if (this.isPunct(t, ';')) break;
        if ((this.isName(t, 'import') || this.isName(t, 'export')) && !this.afterDot(j)) return { kind: 'from', keyword: j };
      }
      return undefined;
    }
    if (this.isName(prev, 'import') && !this.afterDot(k - 1)) return { kind: 'side-effect' };
    if (!(this.isPunct(prev, '(') && (this.isPunct(toks[k + 1], ')') || this.isPunct(toks[k + 1], ',')))) return undefined;
    if (this.isName(toks[k - 2], 'import') && !this.afterDot(k - 2)) return { kind: 'call', callee: k - 2, loads: true };
    const names: string[] = [];
    // `vi.importActual<typeof import('x')>('x')`: the callee stands before its type arguments.
    let j = toks[k - 2]?.type === 'punct' && /^>+$/.test(this.src(toks[k - 2]!)) ? beforeTypeArguments(toks, k - 2, this.src) : k - 2;
    while (this.isName(toks[j])) {
      names.unshift(this.src(toks[j]));
      if (!this.isPunct(toks[j - 1], '.')) break;
      j -= 2;
    }
    const callee = names.join('.');
    if (names.length > 0 && !this.afterDot(j) && (this.moduleCalls.has(callee) || callee === 'require')) return { kind: 'call', callee: j, loads: callee === 'require' };
    return undefined;
  }

  /**
   * The names a call reaches in a legacy module only some names of which move. `const { A, B: b } = require(…)` /
   * `= await import(…)` reaches only the names it destructures; `require(…).Name`, `(await import(…)).Name` the one
   * name read; `require(…);` alone reads none; a bound local, what its uses read; anything else, every name.
   */
  private reachedByCall(use: { callee: number; loads: boolean }, k: number, legacy: LegacyModule): string[] {
    const { toks, src } = this;
    const member = use.loads ? memberRead(toks, use.callee, k, src) : undefined;
    const keys = use.loads && member === undefined ? destructured(toks, use.callee, src) : undefined;
    const bound = use.loads && member === undefined && keys === undefined ? boundName(toks, use.callee, src) : undefined;
    return member !== undefined
      ? member.filter((name) => legacy.names.has(name))
      : keys !== undefined
        ? keys.filter((key) => key === '*' || legacy.names.has(key))
        : bound !== undefined
          ? this.usesOf(bound, legacy)
          : use.loads && statementAlone(toks, use.callee, k, this.text)
            ? []
            : ['*'];
  }
}

/**
 * What an import / export clause (tokens `from` to `to`) reaches: named items whose imported name moves, the
 * default binding when `default` moves, `*` for `export *`; and the local of a namespace import, whose uses decide.
 */
function reachedNames(
  toks: readonly JsToken[],
  from: number,
  to: number,
  src: (t: JsToken) => string,
  legacy: LegacyModule,
): { names: string[]; namespace?: { name: string; at: number }; defaultLocal?: { name: string; at: number } } {
  const names: string[] = [];
  let namespace: { name: string; at: number } | undefined;
  let defaultLocal: { name: string; at: number } | undefined;
  let inBraces = false;
  let expectItem = true;
  let star = false;
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    const word = src(t);
    if (t.type === 'punct' && word === '*' && !inBraces) {
      star = true;
      continue;
    }
    if (t.type === 'punct' && word === '{') {
      inBraces = true;
      expectItem = true;
      continue;
    }
    if (t.type === 'punct' && word === '}') {
      inBraces = false;
      continue;
    }
    if (t.type === 'punct' && word === ',') {
      expectItem = true;
      continue;
    }
    if (inBraces) {
      if (!expectItem) continue;
      // `type Name`, `Name`, `Name as Local`, `"quoted" as Local`, `default as Local`.
      const next = toks[i + 1];
      if (t.type === 'name' && word === 'type' && next && i + 1 < to && (next.type === 'name' || next.type === 'string')) continue;
      const name = t.type === 'string' ? word.slice(1, -1) : t.type === 'name' ? word : undefined;
      if (name !== undefined && legacy.names.has(name)) names.push(name);
      expectItem = false;
      continue;
    }
    if (t.type !== 'name') continue;
    if (word === 'as' || (word === 'type' && i === from) || word === 'typeof') continue;
    const afterAs = i > from && toks[i - 1]!.type === 'name' && src(toks[i - 1]!) === 'as';
    if (afterAs && star) {
      namespace = { name: word, at: i };
      star = false;
      continue;
    }
    if (expectItem && !afterAs) {
      if (legacy.names.has('default')) names.push('default');
      defaultLocal = { name: word, at: i };
      expectItem = false;
    }
  }
  // `export * from` (no local): every name goes on.
  if (star) names.unshift('*');
  return { names, ...(namespace === undefined ? {} : { namespace }), ...(defaultLocal === undefined ? {} : { defaultLocal }) };
}

/** The name read right off a loading call (`require(s).Name`, `(await import(s)).Name`), as a one-name list. */
function memberRead(toks: readonly JsToken[], callee: number, str: number, src: (t: JsToken) => string): string[] | undefined {
  const punct = (i: number, p: string) => toks[i]?.type === 'punct' && src(toks[i]!) === p;
  let after = str + 2; // past the call's `)`
  if (punct(callee - 1, 'await') || (toks[callee - 1]?.type === 'name' && src(toks[callee - 1]!) === 'await')) {
    if (!punct(callee - 2, '(') || !punct(after, ')')) return undefined;
    after++;
  }
  if (!punct(after, '.') || toks[after + 1]?.type !== 'name') return undefined;
  return [src(toks[after + 1]!)];
}

/** Is a loading call a statement of its own (`require('x');`, `await import('x');`), its value unused? */
function statementAlone(toks: readonly JsToken[], callee: number, str: number, text: string): boolean {
  const awaited = toks[callee - 1]?.type === 'name' && text.slice(toks[callee - 1]!.start, toks[callee - 1]!.end) === 'await';
  const before = toks[callee - (awaited ? 2 : 1)];
  const after = toks[str + 2];
  const opens = before === undefined || (before.type === 'punct' && [';', '{', '}'].includes(text.slice(before.start, before.end)));
  const closes =
    after === undefined ||
    (after.type === 'punct' && [';', '}'].includes(text.slice(after.start, after.end))) ||
    text.slice(toks[str + 1]!.end, after.start).includes('\n');
  return opens && closes;
}

/**
 * The index of the token before the `<` that opens the type arguments closing at `close` (a `>`, `>>` or `>>>`
 * token); -1 when they do not balance before the statement's start.
 */
function beforeTypeArguments(toks: readonly JsToken[], close: number, src: (t: JsToken) => string): number {
  let depth = 0;
  for (let i = close; i >= 0 && i > close - 500; i--) {
    const t = toks[i]!;
    if (t.type !== 'punct') continue;
    const p = src(t);
    if (/^>+$/.test(p)) depth += p.length;
    else if (p === '<') {
      depth--;
      if (depth === 0) return i - 1;
    } else if (p === ';') return -1;
  }
  return -1;
}

/** The local a loading call is assigned to (`const m = require(…)`, `import m = require(…)`, `= await import(…)`). */
function boundName(toks: readonly JsToken[], callee: number, src: (t: JsToken) => string): { name: string; at: number } | undefined {
  let j = callee - 1;
  if (toks[j]?.type === 'name' && src(toks[j]!) === 'await') j--;
  if (toks[j]?.type !== 'punct' || src(toks[j]!) !== '=') return undefined;
  const local = toks[j - 1];
  const keyword = toks[j - 2];
  if (local?.type !== 'name' || keyword?.type !== 'name' || !['const', 'let', 'var', 'import'].includes(src(keyword))) return undefined;
  return { name: src(local), at: j - 1 };
}

/**
 * The keys of an object pattern a loading call is assigned to (`const { A, B: b, ...rest } = await import(…)`; `*`
 * for a rest element), or undefined when the call's value is not destructured right there.
 */
function destructured(toks: readonly JsToken[], callee: number, src: (t: JsToken) => string): string[] | undefined {
  let j = callee - 1;
  if (toks[j]?.type === 'name' && src(toks[j]!) === 'await') j--;
  if (toks[j]?.type !== 'punct' || src(toks[j]!) !== '=') return undefined;
  j--;
  if (toks[j]?.type !== 'punct' || src(toks[j]!) !== '}') return undefined;
  let depth = 0;
  let open = -1;
  for (let i = j; i >= 0 && i >= j - 2000; i--) {
    const p = toks[i]!.type === 'punct' ? src(toks[i]!) : '';
    if (p === '}' || p === ']' || p === ')') depth++;
    else if (p === '{' || p === '[' || p === '(') {
      depth--;
      if (depth === 0) {
        open = i;
        break;
      }
    }
  }
  if (open === -1) return undefined;
  const keys: string[] = [];
  let depthIn = 0;
  let expectKey = true;
  for (let i = open + 1; i < j; i++) {
    const t = toks[i]!;
    const p = t.type === 'punct' ? src(t) : '';
    if (depthIn === 0 && expectKey) {
      // A rest element or a computed key may reach any name.
      if (p === '...' || p === '[') keys.push('*');
      else if (t.type === 'name' || t.type === 'string') keys.push(t.type === 'string' ? src(t).slice(1, -1) : src(t));
      expectKey = false;
    }
    if (p === '{' || p === '[' || p === '(') depthIn++;
    else if (p === '}' || p === ']' || p === ')') depthIn--;
    else if (depthIn === 0 && p === ',') expectKey = true;
  }
  return keys;
}

