/**
 * The residue scan of one TypeScript / JavaScript file, at token level: string literals used as module specifiers
 * (`import … from`, `export … from`, side-effect imports, `import()`, `require()`, the configured module calls such
 * as `jest.mock`, `import x = require(…)`, `/// <reference path>`) that resolve to a legacy module, or equal a
 * legacy external specifier. Resolution is this module's own and deliberately simple: relative join with extension
 * and `index` probing against the project's file list, tsconfig `paths` / `baseUrl`, nothing else (no package.json
 * `exports`, no `moduleSuffixes`, no `rootDirs`).
 */
import type { ProjectIndex, TsConfigData } from '../core/types.js';
import { tokenizeJs, type JsToken } from './js-tokens.js';
import { JS_IGNORE, LineIndex, residueMessage, type ResidueRef } from './ref.js';
import type { LegacyModule, MovedName, ResidueTargets } from './targets.js';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.d.mts', '.d.cts', '.js', '.jsx', '.mjs', '.cjs'];
const HAS_SOURCE_EXTENSION = /\.[mc]?[jt]sx?$/;
/** A specifier's run-time extension and the source extensions it may stand for. */
const RUNTIME_TO_SOURCE: [RegExp, string[]][] = [
  [/\.js$/, ['.ts', '.tsx', '.d.ts']],
  [/\.jsx$/, ['.tsx']],
  [/\.mjs$/, ['.mts', '.d.mts']],
  [/\.cjs$/, ['.cts', '.d.cts']],
];

/** Normalise a `/`-separated path relative to the root; undefined when it climbs above it. */
export function normalisePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

const dirOf = (path: string) => (path.lastIndexOf('/') === -1 ? '' : path.slice(0, path.lastIndexOf('/')));
const join = (dir: string, rel: string) => normalisePath(dir === '' ? rel : `${dir}/${rel}`);
const rootRelative = (p: string) => normalisePath(p.replace(/^\.\/?/, '')) ?? '';

/** The residue scan's own module resolution over the project index's file list and tsconfigs. */
export class SimpleTsResolver {
  private readonly files: Set<string>;
  private readonly configs: readonly TsConfigData[];
  private readonly configFiles = new Map<TsConfigData, Set<string>>();
  private readonly configOf = new Map<string, TsConfigData | undefined>();

  constructor(project: ProjectIndex | undefined) {
    this.files = new Set(project?.typescript?.files ?? []);
    this.configs = project?.typescript?.configs ?? [];
    for (const c of this.configs) this.configFiles.set(c, new Set(c.files));
  }

  /** The source file a root-relative path names, probing extensions and `index` files. */
  probe(path: string): string | undefined {
    if (this.files.has(path) && HAS_SOURCE_EXTENSION.test(path)) return path;
    for (const [runtime, sources] of RUNTIME_TO_SOURCE) {
      if (!runtime.test(path)) continue;
      const stem = path.replace(runtime, '');
      for (const ext of sources) if (this.files.has(stem + ext)) return stem + ext;
    }
    for (const ext of SOURCE_EXTENSIONS) if (this.files.has(path + ext)) return path + ext;
    const index = path === '' ? 'index' : `${path}/index`;
    for (const ext of SOURCE_EXTENSIONS) if (this.files.has(index + ext)) return index + ext;
    return undefined;
  }

  /** The tsconfig that governs a file: the deepest one whose file list has it, else the nearest by directory. */
  configFor(file: string): TsConfigData | undefined {
    if (this.configOf.has(file)) return this.configOf.get(file);
    let best: TsConfigData | undefined;
    for (const c of this.configs) {
      if (this.configFiles.get(c)!.has(file) && (!best || c.dir.length > best.dir.length)) best = c;
    }
    if (!best) {
      for (let dir = dirOf(file); ; dir = dirOf(dir)) {
        best = this.configs.find((c) => c.dir === dir && /(^|\/)(tsconfig|jsconfig)\.json$/.test(c.path));
        if (best || dir === '') break;
      }
    }
    this.configOf.set(file, best);
    return best;
  }

  /** Resolve a specifier written in `from` (a root-relative file); undefined when it names no file of the tree. */
  resolve(spec: string, from: string): string | undefined {
    if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
      const path = join(dirOf(from), spec);
      return path === undefined ? undefined : this.probe(path);
    }
    if (spec.startsWith('/')) return undefined;
    return this.viaConfig(spec, this.configFor(from));
  }

  /** `paths` (longest matching prefix first), then `baseUrl`. */
  viaConfig(spec: string, config: TsConfigData | undefined): string | undefined {
    if (!config) return undefined;
    const options = config.options;
    const baseUrl = typeof options.baseUrl === 'string' ? rootRelative(options.baseUrl) : undefined;
    const pathsBase = baseUrl ?? (typeof options.pathsBasePath === 'string' ? rootRelative(options.pathsBasePath) : config.dir);
    const paths = options.paths && typeof options.paths === 'object' ? (options.paths as Record<string, unknown>) : {};
    let best: { prefix: number; targets: string[]; star: string } | undefined;
    for (const [pattern, targets] of Object.entries(paths)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      let matched: string | undefined;
      if (star === -1) matched = pattern === spec ? '' : undefined;
      else {
        const prefix = pattern.slice(0, star);
        const suffix = pattern.slice(star + 1);
        if (spec.length >= prefix.length + suffix.length && spec.startsWith(prefix) && spec.endsWith(suffix)) {
          matched = spec.slice(prefix.length, spec.length - suffix.length);
        }
      }
      const prefixLength = star === -1 ? pattern.length + 1 : star;
      if (matched !== undefined && (!best || prefixLength > best.prefix)) {
        best = { prefix: prefixLength, targets: targets.filter((t): t is string => typeof t === 'string'), star: matched };
      }
    }
    if (best) {
      for (const target of best.targets) {
        const path = join(pathsBase, target.replace('*', best.star));
        const file = path === undefined ? undefined : this.probe(path);
        if (file) return file;
      }
      return undefined;
    }
    if (baseUrl !== undefined) {
      const path = join(baseUrl, spec);
      return path === undefined ? undefined : this.probe(path);
    }
    return undefined;
  }

  /** A config module reference: a root-relative file (extension optional), else a specifier resolved from the root. */
  resolveConfigRef(ref: string): { file: string } | { external: string } {
    const asPath = normalisePath(ref.replace(/^\.\//, ''));
    const file = asPath === undefined ? undefined : this.probe(asPath);
    if (file) return { file };
    const rootConfigs = [...this.configs].sort((a, b) => a.dir.length - b.dir.length || (a.path < b.path ? -1 : 1));
    for (const config of rootConfigs) {
      const viaConfig = this.viaConfig(ref, config);
      if (viaConfig) return { file: viaConfig };
    }
    return { external: ref };
  }
}

/** The legacy TS modules of a project, resolved: by file, and by external specifier. */
export interface TsLegacyIndex {
  resolver: SimpleTsResolver;
  byFile: Map<string, LegacyModule>;
  byExternal: Map<string, LegacyModule>;
}

const indexes = new WeakMap<object, Map<ResidueTargets, TsLegacyIndex>>();
const NO_PROJECT = {};

/** Resolve the legacy modules against a project (once per project and targets). */
export function tsLegacyIndex(targets: ResidueTargets, project: ProjectIndex | undefined): TsLegacyIndex {
  const key = project ?? NO_PROJECT;
  let perProject = indexes.get(key);
  if (!perProject) indexes.set(key, (perProject = new Map()));
  let index = perProject.get(targets);
  if (index) return index;
  const resolver = new SimpleTsResolver(project);
  index = { resolver, byFile: new Map(), byExternal: new Map() };
  for (const legacy of targets.typescript.modules) {
    const ref = resolver.resolveConfigRef(legacy.module);
    // A move whose `to` is its own `from` only respells the specifiers of a module that stays: nothing is legacy.
    if (respellsOnly(legacy, ref, resolver)) continue;
    if ('file' in ref) {
      if (!index.byFile.has(ref.file)) index.byFile.set(ref.file, legacy);
    } else if (!index.byExternal.has(ref.external)) index.byExternal.set(ref.external, legacy);
  }
  perProject.set(targets, index);
  return index;
}

function respellsOnly(legacy: LegacyModule, ref: { file: string } | { external: string }, resolver: SimpleTsResolver): boolean {
  const moves = [...(legacy.whole ? [legacy.whole] : []), ...legacy.names.values()];
  const same = (to: string) => {
    const target = resolver.resolveConfigRef(to);
    return 'file' in ref ? 'file' in target && target.file === ref.file : 'external' in target && target.external === ref.external;
  };
  return moves.every((m) => same(m.to) && (m.newName === '*' || m.newName === [...legacy.names].find(([, v]) => v === m)?.[0]));
}

/** Literals one of which every specifier of a legacy TS module contains (see docs/residue.md). */
export function tsNeedles(targets: ResidueTargets, project: ProjectIndex | undefined): string[] {
  const index = tsLegacyIndex(targets, project);
  const needles = new Set<string>();
  for (const external of index.byExternal.keys()) needles.add(external);
  for (const file of index.byFile.keys()) {
    const base = file.slice(file.lastIndexOf('/') + 1).replace(/(\.d)?\.[mc]?[jt]sx?$/, '');
    if (base === 'index') {
      const dir = dirOf(file);
      if (dir !== '') needles.add(dir.slice(dir.lastIndexOf('/') + 1));
      // `'.'`, `'..'`, `'./'`, `'../..'`: a specifier of a directory ends with `.` or `/`.
      for (const q of ["'", '"', '`']) for (const end of ['.', '/']) needles.add(end + q);
    } else needles.add(base);
  }
  // An exact `paths` alias need not contain the file's name.
  for (const config of project?.typescript?.configs ?? []) {
    const paths = config.options.paths;
    if (!paths || typeof paths !== 'object') continue;
    for (const pattern of Object.keys(paths as Record<string, unknown>)) {
      if (pattern.includes('*')) continue;
      const file = index.resolver.viaConfig(pattern, config);
      if (file && index.byFile.has(file)) needles.add(pattern);
    }
  }
  return [...needles].sort();
}

const REFERENCE_PATH = /^\/\/\/\s*<reference\s+path\s*=\s*(["'])([^"']*)\1/;

/** Scan one TS / JS file. Never throws for any text. */
export function scanTsResidue(path: string, text: string, targets: ResidueTargets, project: ProjectIndex | undefined): ResidueRef[] {
  if (targets.typescript.modules.length === 0) return [];
  const index = tsLegacyIndex(targets, project);
  if (index.byFile.size === 0 && index.byExternal.size === 0) return [];
  const lines = new LineIndex(text);
  const all = tokenizeJs(text);
  const toks = all.filter((t) => t.type !== 'comment');
  const src = (t: JsToken | undefined) => (t === undefined ? '' : text.slice(t.start, t.end));
  const isPunct = (t: JsToken | undefined, p: string) => t !== undefined && t.type === 'punct' && src(t) === p;
  const isName = (t: JsToken | undefined, n?: string) => t !== undefined && t.type === 'name' && (n === undefined || src(t) === n);
  const moduleCalls = new Set(targets.typescript.moduleCalls);
  const refs: ResidueRef[] = [];
  const ignored = (offset: number) => JS_IGNORE.test(lines.lineText(lines.line(offset)));

  const legacyOf = (spec: string): LegacyModule | undefined => {
    const external = index.byExternal.get(spec);
    if (external) return external;
    const file = index.resolver.resolve(spec, path);
    return file === undefined ? undefined : index.byFile.get(file);
  };
  const add = (start: number, end: number, legacy: LegacyModule, symbol: string, statement: [number, number]) => {
    if (ignored(start) || ignored(statement[0])) return;
    const moved: MovedName = (symbol === '*' ? legacy.whole : legacy.names.get(symbol) ?? legacy.whole) ?? [...legacy.names.values()][0]!;
    const written = text.slice(start, end);
    refs.push({
      start,
      end,
      text: written,
      kind: 'specifier',
      module: legacy.module,
      symbol,
      rule: moved.rule,
      line: lines.line(start),
      column: lines.column(start),
      statementStart: statement[0],
      statementEnd: statement[1],
      message: residueMessage('typescript', 'specifier', written, legacy.module, symbol, moved),
    });
  };

  for (const c of all) {
    if (c.type !== 'comment') continue;
    const m = REFERENCE_PATH.exec(src(c));
    if (!m) continue;
    const target = join(dirOf(path), m[2]!);
    const file = target === undefined ? undefined : index.resolver.probe(target);
    const legacy = file === undefined ? undefined : index.byFile.get(file);
    if (!legacy?.whole) continue;
    const at = c.start + m.index + m[0].length - 1 - m[2]!.length;
    add(at, at + m[2]!.length, legacy, '*', [c.start, c.end]);
  }

  /**
   * What the uses of a namespace-like local (`import * as ns`, `const m = require(…)`) reach: `ns.Moved` reaches
   * Moved; `ns` used any other way (passed on, spread, indexed) may reach every name (`*`).
   */
  const usesOf = (binding: { name: string; at: number }, legacy: LegacyModule, bareReachesAll = true): string[] => {
    const reached = new Set<string>();
    for (let i = 0; i < toks.length; i++) {
      if (i === binding.at || !isName(toks[i], binding.name) || isPunct(toks[i - 1], '.') || isPunct(toks[i - 1], '?.')) continue;
      const next = toks[i + 1];
      if (isPunct(next, '.') || isPunct(next, '?.')) {
        const member = toks[i + 2];
        if (isName(member) && legacy.names.has(src(member))) reached.add(src(member));
        continue;
      }
      if (bareReachesAll) reached.add('*');
    }
    return [...reached].sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : 1));
  };

  for (let k = 0; k < toks.length; k++) {
    const s = toks[k]!;
    if (s.type !== 'string' && !(s.type === 'template' && !s.hasSubstitutions)) continue;
    const spec = text.slice(s.contentStart!, s.contentEnd!);
    if (spec === '' || spec.includes('\\')) continue;
    const prev = toks[k - 1];
    const afterDot = (i: number) => isPunct(toks[i - 1], '.') || isPunct(toks[i - 1], '?.');
    let use: { kind: 'from'; keyword: number } | { kind: 'side-effect' } | { kind: 'call'; callee: number; loads: boolean } | undefined;
    if (isName(prev, 'from') && !afterDot(k - 1)) {
      // Back to the `import` / `export` that opens the statement.
      for (let j = k - 2; j >= 0 && j >= k - 2000; j--) {
        const t = toks[j]!;
        if (isPunct(t, ';')) break;
        if ((isName(t, 'import') || isName(t, 'export')) && !afterDot(j)) {
          use = { kind: 'from', keyword: j };
          break;
        }
      }
    } else if (isName(prev, 'import') && !afterDot(k - 1)) use = { kind: 'side-effect' };
    else if (isPunct(prev, '(') && (isPunct(toks[k + 1], ')') || isPunct(toks[k + 1], ','))) {
      if (isName(toks[k - 2], 'import') && !afterDot(k - 2)) use = { kind: 'call', callee: k - 2, loads: true };
      else {
        const names: string[] = [];
        // `vi.importActual<typeof import('x')>('x')`: the callee stands before its type arguments.
        let j = toks[k - 2]?.type === 'punct' && /^>+$/.test(src(toks[k - 2]!)) ? beforeTypeArguments(toks, k - 2, src) : k - 2;
        while (isName(toks[j])) {
          names.unshift(src(toks[j]));
          if (!isPunct(toks[j - 1], '.')) break;
          j -= 2;
        }
        const callee = names.join('.');
        if (names.length > 0 && !afterDot(j) && (moduleCalls.has(callee) || callee === 'require')) use = { kind: 'call', callee: j, loads: callee === 'require' };
      }
    }
    if (!use) continue;
    const legacy = legacyOf(spec);
    if (!legacy) continue;
    const at: [number, number] = [s.contentStart!, s.contentEnd!];
    if (use.kind !== 'from') {
      if (legacy.whole) add(at[0], at[1], legacy, '*', [s.start, s.end]);
      else if (use.kind === 'call') {
        // `const { A, B: b } = require(…)` / `= await import(…)` reaches only the names it destructures.
        // `require(…).Name`, `(await import(…)).Name`: the one name read. `require(…);` alone reads none.
        const member = use.loads ? memberRead(toks, use.callee, k, src) : undefined;
        const keys = use.loads && member === undefined ? destructured(toks, use.callee, src) : undefined;
        const bound = use.loads && member === undefined && keys === undefined ? boundName(toks, use.callee, src) : undefined;
        const reached =
          member !== undefined
            ? member.filter((name) => legacy.names.has(name))
            : keys !== undefined
              ? keys.filter((key) => key === '*' || legacy.names.has(key))
              : bound !== undefined
                ? usesOf(bound, legacy)
                : use.loads && statementAlone(toks, use.callee, k, text)
                  ? []
                  : ['*'];
        if (reached.length > 0) add(at[0], at[1], legacy, reached[0]!, [s.start, s.end]);
      }
      continue;
    }
    const statement: [number, number] = [toks[use.keyword]!.start, s.end];
    if (legacy.whole) {
      add(at[0], at[1], legacy, '*', statement);
      continue;
    }
    const clause = reachedNames(toks, use.keyword + 1, k - 1, src, legacy);
    const reached = [
      ...clause.names,
      ...(clause.namespace === undefined ? [] : usesOf(clause.namespace, legacy)),
      // A default import of a CommonJS module is its `module.exports`: `X.Moved` reaches Moved (a bare `X` is the
      // default export itself, which moves only when `default` does).
      ...(clause.defaultLocal === undefined ? [] : usesOf(clause.defaultLocal, legacy, false)),
    ];
    if (reached.length > 0) add(at[0], at[1], legacy, reached[0]!, statement);
  }
  return refs.sort((a, b) => a.start - b.start || a.end - b.end);
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

