/**
 * The residue scan of one Python file, at token level: import statements of a legacy module (relative ones
 * resolved from the file's path and the source roots), dotted names spelled out in full or through an alias an
 * import of the file makes, and strings whose content is a legacy dotted name. Comments and docstrings are not
 * code. Scopes are not considered: an alias bound anywhere in the file counts everywhere in it, and a local that
 * shadows it is still read as the alias (over-reporting, on purpose: the scan must never miss a reference).
 */
import { tokenizePython, type PyToken } from './python-tokens.js';
import { LineIndex, PYTHON_IGNORE, residueMessage, type ResidueKind, type ResidueRef } from './ref.js';
import { movedName, type LegacyModule, type MovedName, type ResidueTargets } from './targets.js';

/** A file's own module: its dotted parts, and whether it is a package's `__init__`. */
interface FileModule {
  parts: string[];
  isPackage: boolean;
}

const IDENT = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
const DOTTED = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(?:\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*$/u;
/** Words after which a name is being defined or bound, not read. */
const BINDING_WORDS = new Set(['def', 'class', 'as', 'global', 'nonlocal']);

/** The module a file is, counted from the deepest source root that contains it. */
export function pythonModuleOf(path: string, sourceRoots: readonly string[]): FileModule | undefined {
  const roots = [...sourceRoots].sort((a, b) => b.length - a.length);
  for (const root of roots) {
    if (root !== '' && !path.startsWith(`${root}/`)) continue;
    const rest = root === '' ? path : path.slice(root.length + 1);
    const m = /^(.*)\.pyi?$/.exec(rest);
    if (!m) return undefined;
    const parts = m[1]!.split('/');
    const isPackage = parts[parts.length - 1] === '__init__';
    if (isPackage) parts.pop();
    if (parts.length === 0 || !parts.every((p) => IDENT.test(p))) return undefined;
    return { parts, isPackage };
  }
  return undefined;
}

/** `from <dots><rest> import …` in a file: one dot is the file's package, each further dot one level up. */
export function resolveRelativeImport(file: FileModule, dots: number, rest: string): string | undefined {
  const pkg = file.isPackage ? file.parts : file.parts.slice(0, -1);
  const up = dots - 1;
  if (up >= pkg.length) return undefined;
  const base = pkg.slice(0, pkg.length - up);
  return [...base, ...(rest === '' ? [] : [rest])].join('.');
}

/** What a dotted path reaches: the legacy module, the symbol (`*`: the module), and how many segments spell it. */
interface Hit {
  legacy: LegacyModule;
  symbol: string;
  moved: MovedName;
  segments: number;
}

const partCache = new Map<string, readonly string[]>();
/** A dotted name's parts, split once. */
function dottedParts(name: string): readonly string[] {
  let parts = partCache.get(name);
  if (!parts) partCache.set(name, (parts = name.split('.')));
  return parts;
}
const partsOf = (legacy: LegacyModule) => dottedParts(legacy.module);

const startsWith = (segs: readonly string[], prefix: readonly string[]) => segs.length >= prefix.length && prefix.every((p, i) => segs[i] === p);

/** The first legacy module (longest first) whose module, or one of whose moved names, `segs` starts with. */
export function hitSegments(segs: readonly string[], modules: readonly LegacyModule[]): Hit | undefined {
  for (const legacy of modules) {
    const parts = partsOf(legacy);
    if (!startsWith(segs, parts)) continue;
    if (segs.length === parts.length) {
      if (legacy.whole) return { legacy, symbol: '*', moved: legacy.whole, segments: parts.length };
      continue;
    }
    const symbol = segs[parts.length]!;
    const moved = movedName(legacy, symbol);
    // A canonical module nested in the legacy one (`a.b` → `a.b.c`) is where the name now lives, not residue.
    if (moved && !startsWith(segs, dottedParts(moved.to))) return { legacy, symbol, moved, segments: parts.length + 1 };
  }
  return undefined;
}

/** A statement: its significant tokens (no comments) and its extent. */
interface Statement {
  tokens: PyToken[];
  /** Whether it starts a logical line (not after `;` or a compound statement's `:`). */
  lineStart: boolean;
}

function splitStatements(tokens: readonly PyToken[], text: string): Statement[] {
  const out: Statement[] = [];
  let current: PyToken[] = [];
  let lineStart = true;
  const flush = (nextLineStart: boolean) => {
    if (current.length > 0) out.push({ tokens: current, lineStart });
    current = [];
    lineStart = nextLineStart;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'comment') continue;
    if (t.type === 'newline') {
      flush(true);
      continue;
    }
    if (t.type === 'op' && t.depth === 0 && text[t.start] === ';' && t.end === t.start + 1) {
      flush(false);
      continue;
    }
    current.push(t);
    // `if x: import y` — an import after a compound statement's colon is a statement of its own.
    if (t.type === 'op' && t.depth === 0 && text.slice(t.start, t.end) === ':') {
      const next = tokens[i + 1];
      const word = next?.type === 'name' ? text.slice(next.start, next.end) : '';
      if (word === 'import' || word === 'from') flush(false);
    }
  }
  flush(true);
  return out;
}

/** Scan one Python file. Never throws for any text. */
export function scanPythonResidue(path: string, text: string, targets: ResidueTargets): ResidueRef[] {
  const modules = targets.python.modules;
  if (modules.length === 0) return [];
  const lines = new LineIndex(text);
  const tokens = tokenizePython(text);
  const statements = splitStatements(tokens, text);
  const self = pythonModuleOf(path, targets.python.sourceRoots);
  const src = (t: PyToken) => text.slice(t.start, t.end);
  const isOp = (t: PyToken | undefined, op: string) => t !== undefined && t.type === 'op' && src(t) === op;
  const isName = (t: PyToken | undefined, name?: string) => t !== undefined && t.type === 'name' && (name === undefined || src(t) === name);
  const refs: ResidueRef[] = [];
  const ignored = (offset: number) => PYTHON_IGNORE.test(lines.lineText(lines.line(offset)));
  const add = (kind: ResidueKind, start: number, end: number, hit: Hit, statement: [number, number]) => {
    if (ignored(start) || ignored(statement[0])) return;
    // The canonical module may import what it re-exports from the legacy one: that is where the names now live.
    if (self !== undefined && self.parts.join('.') === hit.moved.to) return;
    const written = text.slice(start, end);
    refs.push({
      start,
      end,
      text: written,
      kind,
      module: hit.legacy.module,
      symbol: hit.symbol,
      rule: hit.moved.rule,
      line: lines.line(start),
      column: lines.column(start),
      statementStart: statement[0],
      statementEnd: statement[1],
      message: residueMessage('python', kind, written, hit.legacy.module, hit.symbol, hit.moved),
    });
  };
  /** A dotted name at `toks[i]`: its segments and tokens, or undefined. */
  const dotted = (toks: readonly PyToken[], i: number): { segs: string[]; names: PyToken[]; next: number } | undefined => {
    if (!isName(toks[i])) return undefined;
    const names = [toks[i]!];
    let j = i + 1;
    while (isOp(toks[j], '.') && isName(toks[j + 1])) {
      names.push(toks[j + 1]!);
      j += 2;
    }
    return { segs: names.map(src), names, next: j };
  };

  // Aliases the imports make: a local name bound to a module path (or a path under one) that leads to legacy code.
  const aliases = new Map<string, string[]>();
  const leadsToLegacy = (target: readonly string[]) =>
    modules.some((m) => {
      const parts = partsOf(m);
      return target.length <= parts.length && target.every((p, i) => parts[i] === p);
    });
  const bind = (local: string, target: string[]) => {
    if (target.length === 1 && target[0] === local) return;
    if (leadsToLegacy(target)) aliases.set(local, target);
  };

  const heads = new Set(modules.map((m) => partsOf(m)[0]!));
  // Names some import of the file binds: a spelled-out `a.b.legacy.Name` is a module path only when `a` is one of
  // them (`shutil = get_module('shutil')` … `shutil._FORMATS` reads a variable, not the module).
  const importedRoots = new Set<string>();
  const codeStatements: Statement[] = [];
  for (const stmt of statements) {
    const toks = stmt.tokens;
    const range: [number, number] = [toks[0]!.start, toks[toks.length - 1]!.end];
    if (isName(toks[0], 'import')) {
      for (let i = 1; i < toks.length; ) {
        const d = dotted(toks, i);
        if (!d) {
          i++;
          continue;
        }
        i = d.next;
        let local: string | undefined;
        if (isName(toks[i], 'as') && isName(toks[i + 1])) {
          local = src(toks[i + 1]!);
          i += 2;
        }
        const hit = hitSegments(d.segs, modules);
        if (hit) add('import', d.names[0]!.start, d.names[d.names.length - 1]!.end, hit, range);
        importedRoots.add(local ?? d.segs[0]!);
        if (local !== undefined) bind(local, d.segs);
      }
      continue;
    }
    if (isName(toks[0], 'from')) {
      let i = 1;
      let dots = 0;
      const moduleStart = toks[1]?.start ?? range[0];
      while (isOp(toks[i], '.') || isOp(toks[i], '...')) dots += src(toks[i++]!).length;
      let rest: string[] = [];
      let moduleEnd = toks[i - 1]?.end ?? range[0];
      const d = dotted(toks, i);
      if (d && !(d.segs.length === 1 && d.segs[0] === 'import')) {
        rest = d.segs;
        moduleEnd = d.names[d.names.length - 1]!.end;
        i = d.next;
      }
      if (!isName(toks[i], 'import')) continue;
      i++;
      let base: string[] | undefined = rest;
      if (dots > 0) {
        const resolved = self ? resolveRelativeImport(self, dots, rest.join('.')) : undefined;
        base = resolved === undefined ? undefined : resolved.split('.');
      }
      if (!base || base.length === 0) continue;
      const baseHit = hitSegments(base, modules);
      // `from L import *` reaches every moved name of L, even when only some move.
      const partialBase = baseHit ? undefined : modules.find((m) => m.module === base!.join('.') && m.names.size > 0);
      const wildcardHit: Hit | undefined = baseHit ?? (partialBase && { legacy: partialBase, symbol: '*', moved: [...partialBase.names.values()][0]!, segments: base.length });
      for (; i < toks.length; i++) {
        const t = toks[i]!;
        if (isOp(t, '*')) {
          if (wildcardHit) add('import', moduleStart, moduleEnd, wildcardHit, range);
          continue;
        }
        if (!isName(t)) continue;
        const name = src(t);
        let local = name;
        if (isName(toks[i + 1], 'as') && isName(toks[i + 2])) {
          local = src(toks[i + 2]!);
          i += 2;
        }
        const full = [...base, name];
        const hit = baseHit ? { ...baseHit, ...(baseHit.symbol === '*' ? { symbol: name } : {}) } : hitSegments(full, modules);
        if (hit) add('import', t.start, t.end, hit, range);
        importedRoots.add(local);
        bind(local, full);
      }
      continue;
    }
    codeStatements.push(stmt);
  }

  for (const stmt of codeStatements) {
    const toks = stmt.tokens;
    // A docstring (any string that is a statement of its own) is documentation, not code.
    if (stmt.lineStart && toks.every((t) => t.type === 'string' && !t.hasFields)) continue;
    for (let i = 0; i < toks.length; ) {
      const t = toks[i]!;
      if (t.type === 'string') {
        i++;
        if (t.prefix!.includes('b') || t.hasFields) continue;
        const content = text.slice(t.contentStart!, t.contentEnd!);
        if (!DOTTED.test(content)) continue;
        const hit = hitSegments(content.split('.'), modules);
        if (hit) add('string', t.contentStart!, t.contentEnd!, hit, [t.start, t.end]);
        continue;
      }
      const prev = toks[i - 1];
      // Most names start no legacy path and are no alias: skip them before building a chain.
      if (t.type !== 'name' || isOp(prev, '.') || !(heads.has(src(t)) || aliases.has(src(t)))) {
        i++;
        continue;
      }
      const d = dotted(toks, i);
      if (!d) {
        i++;
        continue;
      }
      i = d.next;
      if (prev && isName(prev) && BINDING_WORDS.has(src(prev))) continue;
      // A keyword argument's name (`f(legacy=1)`) names a parameter, not the module.
      if (d.segs.length === 1 && t.depth > 0 && isOp(toks[d.next], '=')) continue;
      let hit = importedRoots.has(d.segs[0]!) ? hitSegments(d.segs, modules) : undefined;
      let spelled = hit?.segments ?? 0;
      if (!hit) {
        const target = aliases.get(d.segs[0]!);
        if (target) {
          hit = hitSegments([...target, ...d.segs.slice(1)], modules);
          spelled = hit ? Math.max(1, hit.segments - target.length + 1) : 0;
        }
      }
      if (!hit) continue;
      const last = d.names[Math.min(spelled, d.names.length) - 1]!;
      add('dotted-name', d.names[0]!.start, last.end, hit, [d.names[0]!.start, last.end]);
    }
  }
  return refs.sort((a, b) => a.start - b.start || a.end - b.end);
}
