/**
 * The residue scan of one Python file, at token level: import statements of a legacy module (relative ones
 * resolved from the file's path and the source roots), dotted names spelled out in full or through an alias an
 * import of the file makes, and strings whose content is a legacy dotted name. Comments and docstrings are not
 * code. Scopes are not considered: an alias bound anywhere in the file counts everywhere in it, and a local that
 * shadows it is still read as the alias (over-reporting, on purpose: the scan must never miss a reference).
 * See docs/residue.md.
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
  if (targets.python.modules.length === 0) return [];
  const scan = new PythonResidueScan(text, targets.python.modules, pythonModuleOf(path, targets.python.sourceRoots));
  const codeStatements: Statement[] = [];
  for (const stmt of splitStatements(tokenizePython(text), text)) {
    if (scan.isName(stmt.tokens[0], 'import')) scan.importStatement(stmt);
    else if (scan.isName(stmt.tokens[0], 'from')) scan.fromImportStatement(stmt);
    else codeStatements.push(stmt);
  }
  // Code is read once every import is known: an alias counts in the whole file (see the module header).
  for (const stmt of codeStatements) scan.codeStatement(stmt);
  return scan.refs.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A dotted name in a statement's tokens: its segments, its name tokens, and the index of the token after it. */
interface DottedName {
  segs: string[];
  names: PyToken[];
  next: number;
}

/** The state of one file's scan: what its imports bind, and the references found so far. */
class PythonResidueScan {
  readonly refs: ResidueRef[] = [];
  private readonly lines: LineIndex;
  /** Aliases the imports make: a local name bound to a module path (or a path under one) that leads to legacy code. */
  private readonly aliases = new Map<string, string[]>();
  /** The first segment of every legacy module: a name that is none of them (and no alias) starts no legacy path. */
  private readonly heads: Set<string>;
  /**
   * Names some import of the file binds: a spelled-out `a.b.legacy.Name` is a module path only when `a` is one of
   * them (`shutil = get_module('shutil')` … `shutil._FORMATS` reads a variable, not the module).
   */
  private readonly importedRoots = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly modules: readonly LegacyModule[],
    private readonly self: FileModule | undefined,
  ) {
    this.lines = new LineIndex(text);
    this.heads = new Set(modules.map((m) => partsOf(m)[0]!));
  }

  private src(t: PyToken): string {
    return this.text.slice(t.start, t.end);
  }

  private isOp(t: PyToken | undefined, op: string): boolean {
    return t !== undefined && t.type === 'op' && this.src(t) === op;
  }

  isName(t: PyToken | undefined, name?: string): boolean {
    return t !== undefined && t.type === 'name' && (name === undefined || this.src(t) === name);
  }

  private ignored(offset: number): boolean {
    return PYTHON_IGNORE.test(this.lines.lineText(this.lines.line(offset)));
  }

  private add(kind: ResidueKind, start: number, end: number, hit: Hit, statement: [number, number]): void {
    if (this.ignored(start) || this.ignored(statement[0])) return;
    // The canonical module may import what it re-exports from the legacy one: that is where the names now live.
    if (this.self !== undefined && this.self.parts.join('.') === hit.moved.to) return;
    const written = this.text.slice(start, end);
    this.refs.push({
      start,
      end,
      text: written,
      kind,
      module: hit.legacy.module,
      symbol: hit.symbol,
      rule: hit.moved.rule,
      line: this.lines.line(start),
      column: this.lines.column(start),
      statementStart: statement[0],
      statementEnd: statement[1],
      message: residueMessage('python', kind, written, hit.legacy.module, hit.symbol, hit.moved),
    });
  }

  /** A dotted name at `toks[i]`: its segments and tokens, or undefined. */
  private dotted(toks: readonly PyToken[], i: number): DottedName | undefined {
    if (!this.isName(toks[i])) return undefined;
    const names = [toks[i]!];
    const segs = [this.src(toks[i]!)];
    let j = i + 1;
    while (this.isOp(toks[j], '.') && this.isName(toks[j + 1])) {
      names.push(toks[j + 1]!);
      segs.push(this.src(toks[j + 1]!));
      j += 2;
    }
    return { segs, names, next: j };
  }

  private leadsToLegacy(target: readonly string[]): boolean {
    return this.modules.some((m) => {
      const parts = partsOf(m);
      return target.length <= parts.length && target.every((p, i) => parts[i] === p);
    });
  }

  private bind(local: string, target: string[]): void {
    if (target.length === 1 && target[0] === local) return;
    if (this.leadsToLegacy(target)) this.aliases.set(local, target);
  }

  /** `import a.b.c [as x], …`. */
  importStatement(stmt: Statement): void {
    const toks = stmt.tokens;
    const range: [number, number] = [toks[0]!.start, toks[toks.length - 1]!.end];
    for (let i = 1; i < toks.length; ) {
      const d = this.dotted(toks, i);
      if (!d) {
        i++;
        continue;
      }
      i = d.next;
      let local: string | undefined;
      if (this.isName(toks[i], 'as') && this.isName(toks[i + 1])) {
        local = this.src(toks[i + 1]!);
        i += 2;
      }
      const hit = hitSegments(d.segs, this.modules);
      if (hit) this.add('import', d.names[0]!.start, d.names[d.names.length - 1]!.end, hit, range);
      this.importedRoots.add(local ?? d.segs[0]!);
      if (local !== undefined) this.bind(local, d.segs);
    }
  }

  /** `from <module> import a [as b], …` (relative modules resolved from the file's own), or `import *`. */
  fromImportStatement(stmt: Statement): void {
    const toks = stmt.tokens;
    const range: [number, number] = [toks[0]!.start, toks[toks.length - 1]!.end];
    let i = 1;
    let dots = 0;
    const moduleStart = toks[1]?.start ?? range[0];
    while (this.isOp(toks[i], '.') || this.isOp(toks[i], '...')) dots += this.src(toks[i++]!).length;
    let rest: string[] = [];
    let moduleEnd = toks[i - 1]?.end ?? range[0];
    const d = this.dotted(toks, i);
    if (d && !(d.segs.length === 1 && d.segs[0] === 'import')) {
      rest = d.segs;
      moduleEnd = d.names[d.names.length - 1]!.end;
      i = d.next;
    }
    if (!this.isName(toks[i], 'import')) return;
    i++;
    let base: string[] | undefined = rest;
    if (dots > 0) {
      const resolved = this.self ? resolveRelativeImport(this.self, dots, rest.join('.')) : undefined;
      base = resolved === undefined ? undefined : resolved.split('.');
    }
    if (!base || base.length === 0) return;
    const baseHit = hitSegments(base, this.modules);
    // `from L import *` reaches every moved name of L, even when only some move.
    const partialBase = baseHit ? undefined : this.modules.find((m) => m.module === base!.join('.') && m.names.size > 0);
    const wildcardHit: Hit | undefined = baseHit ?? (partialBase && { legacy: partialBase, symbol: '*', moved: [...partialBase.names.values()][0]!, segments: base.length });
    for (; i < toks.length; i++) {
      const t = toks[i]!;
      if (this.isOp(t, '*')) {
        if (wildcardHit) this.add('import', moduleStart, moduleEnd, wildcardHit, range);
        continue;
      }
      if (!this.isName(t)) continue;
      const name = this.src(t);
      let local = name;
      if (this.isName(toks[i + 1], 'as') && this.isName(toks[i + 2])) {
        local = this.src(toks[i + 2]!);
        i += 2;
      }
      const full = [...base, name];
      const hit = baseHit ? { ...baseHit, ...(baseHit.symbol === '*' ? { symbol: name } : {}) } : hitSegments(full, this.modules);
      if (hit) this.add('import', t.start, t.end, hit, range);
      this.importedRoots.add(local);
      this.bind(local, full);
    }
  }

  /** Any other statement: strings that are a legacy dotted name, and dotted names through a legacy path or an alias. */
  codeStatement(stmt: Statement): void {
    const toks = stmt.tokens;
    // A docstring (any string that is a statement of its own) is documentation, not code.
    if (stmt.lineStart && toks.every((t) => t.type === 'string' && !t.hasFields)) return;
    for (let i = 0; i < toks.length; ) {
      const t = toks[i]!;
      if (t.type === 'string') {
        i++;
        this.stringToken(t);
        continue;
      }
      const prev = toks[i - 1];
      // Most names start no legacy path and are no alias: skip them before building a chain.
      if (t.type !== 'name' || this.isOp(prev, '.') || !(this.heads.has(this.src(t)) || this.aliases.has(this.src(t)))) {
        i++;
        continue;
      }
      const d = this.dotted(toks, i);
      if (!d) {
        i++;
        continue;
      }
      i = d.next;
      if (prev && this.isName(prev) && BINDING_WORDS.has(this.src(prev))) continue;
      // A keyword argument's name (`f(legacy=1)`) names a parameter, not the module.
      if (d.segs.length === 1 && t.depth > 0 && this.isOp(toks[d.next], '=')) continue;
      this.dottedName(d);
    }
  }

  private stringToken(t: PyToken): void {
    if (t.prefix!.includes('b') || t.hasFields) return;
    const content = this.text.slice(t.contentStart!, t.contentEnd!);
    if (!DOTTED.test(content)) return;
    const hit = hitSegments(content.split('.'), this.modules);
    if (hit) this.add('string', t.contentStart!, t.contentEnd!, hit, [t.start, t.end]);
  }

  /** A dotted name read in code: spelled out from an imported root, or through an alias. */
  private dottedName(d: DottedName): void {
    let hit = this.importedRoots.has(d.segs[0]!) ? hitSegments(d.segs, this.modules) : undefined;
    let spelled = hit?.segments ?? 0;
    if (!hit) {
      const target = this.aliases.get(d.segs[0]!);
      if (target) {
        hit = hitSegments([...target, ...d.segs.slice(1)], this.modules);
        spelled = hit ? Math.max(1, hit.segments - target.length + 1) : 0;
      }
    }
    if (!hit) return;
    const last = d.names[Math.min(spelled, d.names.length) - 1]!;
    this.add('dotted-name', d.names[0]!.start, last.end, hit, [d.names[0]!.start, last.end]);
  }
}
