/**
 * The fast path of discovery's Python indexing: a line scanner that reads what `init --discover` needs — import
 * statements, top-level definitions and assignments, `__all__`, the docstring, `name.attr` uses — without a parse.
 * Strings and comments are masked first (offsets kept), so nothing inside them is read as code; logical lines
 * follow brackets and backslashes; a stack of block headers tells module scope from function and class bodies.
 * A file it cannot read (an unterminated string or bracket, merge-conflict markers, an import it does not
 * recognise) returns undefined and is parsed in full (python.ts). See docs/discover.md (Speed).
 */
import { resolveRelative, type FileModule } from '../languages/python/modules.js';
import { pushTo } from './collections.js';
import { logicalLines, mask, type Logical, type Masked } from './python-mask.js';
import { definitionDigest, deprecationFrom, IGNORE_MARKER, warnsDeprecation, type PyBinding, type PyModule, type PySite } from './python.js';

const CONFLICT = /^(<{7}|={7}|>{7})(\s|$)/m;
const IDENT = /^[A-Za-z_]\w*$/;
const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
const COMPOUND = /^(?:async\s+)?(def|class|if|elif|else|try|except|finally|with|for|while|match|case)\b/;

/** Split at `sep` where no bracket is open. */
function splitTop(text: string, sep: string): { text: string; at: number }[] {
  const parts: { text: string; at: number }[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push({ text: text.slice(from, i), at: from });
      from = i + sep.length;
    }
  }
  parts.push({ text: text.slice(from), at: from });
  return parts;
}

/** Offsets of the `=` of an assignment (not `==`, `<=`, `:=`, `+=`…), where no bracket is open. */
function assignmentSigns(code: string): number[] {
  const at: number[] = [];
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === '=' && code[i + 1] !== '=' && !'=!<>:+-*/%&|^@'.includes(code[i - 1] ?? '')) at.push(i);
  }
  return at;
}

/** Where a header's `:` is (the first one where no bracket is open), or -1. */
function headerColon(code: string): number {
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === ':') return i;
  }
  return -1;
}

const squash = (s: string): string => s.replace(/\s+/g, '');

/** Where the bracket opened by the first character closes. */
function headerEnd(code: string): number {
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (depth === 0) return i;
  }
  return -1;
}

/** Index one Python file without parsing it, or undefined when it must be parsed (see the module comment). */
export function scanPythonModule(text: string, path: string, fileModule: FileModule, test: boolean): PyModule | undefined {
  if (CONFLICT.test(text)) return undefined;
  const masked = mask(text);
  if (!masked) return undefined;
  return new Scanner(text, masked, fileModule).run(path, test);
}

/** The state of one scan: the text, its masked twin, and what has been read so far. */
class Scanner {
  readonly bindings = new Map<string, PyBinding[]>();
  readonly wildcards: string[] = [];
  readonly sites: PySite[] = [];
  all: Set<string> | undefined;
  private docstring = '';
  private warns = false;
  private readonly lineStarts: number[] = [0];
  private readonly rawLines: string[];
  /** Import statements' spans: a name there is a binding, not a use. */
  private readonly importSpans: [number, number][] = [];
  private chainsByHead: Map<string, { text: string; line: number }[]> | undefined;
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly masked: Masked,
    private readonly fileModule: FileModule,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    this.rawLines = text.split('\n');
  }

  run(path: string, test: boolean): PyModule | undefined {
    const lines = logicalLines(this.masked.code);
    this.findImportSpans(lines);
    const stack: { indent: number; kind: string; header?: { name: string; start: number; line: number; bases: string[]; kind: 'class' | 'function' } }[] = [];
    const close = (entry: (typeof stack)[number], end: number) => {
      if (entry.header) this.bindDefinition(entry.header, end);
    };
    for (const [index, line] of lines.entries()) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= line.indent) close(stack.pop()!, lines[index - 1]!.end);
      const moduleScope = !stack.some((e) => e.kind === 'def' || e.kind === 'class');
      const code = this.masked.code.slice(line.start, line.end);
      if (index === 0 && /^[rRbBuUfF]{0,2}("""|'''|"|')\s*\1$/.test(code)) this.docstring = this.text.slice(line.start, line.end);
      const compound = COMPOUND.exec(code);
      const colon = compound ? headerColon(code) : -1;
      if (compound && colon >= 0) {
        const kind = compound[1]!;
        const body = code.slice(colon + 1).trim();
        const header = kind === 'def' || kind === 'class' ? this.header(code, line, kind) : undefined;
        if (header === null) return undefined;
        if (moduleScope) this.blockTargets(kind, code.slice(0, colon), line.start);
        if (body === '') stack.push({ indent: line.indent, kind, ...(header && moduleScope ? { header } : {}) });
        else {
          if (header && moduleScope) this.bindDefinition(header, line.end);
          if (!header) this.statements(code.slice(colon + 1), line.start + colon + 1, moduleScope, false);
        }
        continue;
      }
      if (code.startsWith('@')) continue;
      this.statements(code, line.start, moduleScope, line.indent === 0);
      if (this.failed) return undefined;
    }
    while (stack.length > 0) close(stack.pop()!, lines[lines.length - 1]!.end);
    if (this.failed) return undefined;
    for (const list of this.bindings.values()) list.sort((a, b) => a.line - b.line);
    return {
      module: this.fileModule.module,
      path,
      isPackage: this.fileModule.isPackage,
      test,
      deprecated: deprecationFrom(this.docstring, this.warns, this.fileModule.module),
      bindings: this.bindings,
      all: this.all,
      wildcards: this.wildcards,
      sites: this.sites,
    };
  }

  /** The spans of every import statement, before anything is read: a name there is bound, not used. */
  private findImportSpans(lines: readonly Logical[]): void {
    for (const line of lines) {
      const code = this.masked.code.slice(line.start, line.end);
      const colon = COMPOUND.test(code) ? headerColon(code) : -1;
      const from = colon + 1;
      for (const part of splitTop(code.slice(from), ';')) {
        const lead = part.text.length - part.text.trimStart().length;
        if (/^(import|from)[\s.]/.test(part.text.trimStart())) this.importSpans.push([line.start + from + part.at + lead, line.start + from + part.at + part.text.length]);
      }
    }
  }

  private lineAt(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private ignored(line: number): boolean {
    return IGNORE_MARKER.test(this.rawLines[line - 1] ?? '');
  }

  private bind(name: string, binding: PyBinding): void {
    pushTo(this.bindings, name, binding);
  }

  /** A `def` / `class` header: its name, bases and where it starts; null when it cannot be read. */
  private header(code: string, line: Logical, kind: string): { name: string; start: number; line: number; bases: string[]; kind: 'class' | 'function' } | null {
    const m = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)\s*(\()?/.exec(code);
    if (!m) return null;
    let bases: string[] = [];
    if (kind === 'class' && m[2]) {
      const open = m[0].length;
      const close = headerColon(code) - 1;
      const inner = code.slice(open, code.lastIndexOf(')', close));
      bases = splitTop(inner, ',').map((b) => squash(b.text)).filter((b) => DOTTED.test(b));
    }
    return { name: m[1]!, start: line.start, line: this.lineAt(line.start), bases, kind: kind === 'class' ? 'class' : 'function' };
  }

  private bindDefinition(h: { name: string; start: number; line: number; bases: string[]; kind: 'class' | 'function' }, end: number): void {
    // To the end of the last line, its comment included, as the parser's node ends.
    const eol = this.text.indexOf('\n', end);
    const last = this.text.slice(h.start, eol < 0 ? this.text.length : eol).trimEnd();
    this.bind(h.name, { kind: h.kind, line: h.line, bases: h.bases, digest: definitionDigest(last) });
  }

  /** The simple statements of a line (`;`-separated), at `offset` in the text. */
  private statements(code: string, offset: number, moduleScope: boolean, topLevel: boolean): void {
    for (const part of splitTop(code, ';')) {
      const stmt = part.text.trim();
      if (stmt === '') continue;
      const at = offset + part.at + part.text.indexOf(stmt[0]!);
      if (/^import\s/.test(stmt)) this.plainImport(stmt, at, moduleScope);
      else if (/^from\s+__future__\s+import\b/.test(stmt)) continue;
      else if (/^from[\s.]/.test(stmt)) this.fromImport(stmt, at, moduleScope);
      else if (moduleScope) this.assignment(stmt, at, topLevel);
      if (topLevel && !/^(import|from)[\s.]/.test(stmt) && warnsDeprecation(this.text.slice(at, at + stmt.length))) this.warns = true;
    }
  }

  private plainImport(stmt: string, at: number, moduleScope: boolean): void {
    const line = this.lineAt(at);
    for (const item of splitTop(stmt.slice('import'.length), ',')) {
      const m = /^\s*([\w.\s]+?)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/.exec(item.text);
      const module = m ? squash(m[1]!) : '';
      if (!m || !DOTTED.test(module)) return void (this.failed = true);
      const alias = m[2];
      const local = alias ?? module.split('.')[0]!;
      if (moduleScope) this.bind(local, { kind: 'module', line, module: alias === undefined ? local : module });
      const prefix = alias === undefined ? `${module}.` : `${local}.`;
      for (const chain of this.chains(local)) {
        if (!chain.text.startsWith(prefix)) continue;
        const [name, attribute] = chain.text.slice(prefix.length).split('.') as [string, string | undefined];
        this.sites.push({ module, name, line: chain.line, form: 'attribute', ...(attribute ? { attributes: [{ name: attribute, line: chain.line }] } : {}) });
      }
    }
  }

  private fromImport(stmt: string, at: number, moduleScope: boolean): void {
    const m = /^from\s*(\.*)\s*([\w.\s]*?)\s*\bimport\b/.exec(stmt);
    if (!m) return void (this.failed = true);
    const dots = m[1]!.length;
    const rest = squash(m[2]!);
    if (rest !== '' && !DOTTED.test(rest)) return void (this.failed = true);
    const module = dots > 0 ? resolveRelative(this.fileModule, dots, rest || undefined) : rest;
    if (module === undefined || module === '') return;
    const namesAt = m[0].length;
    const names = stmt.slice(namesAt).replace(/^\s*\(/, (s) => ' '.repeat(s.length)).replace(/\)\s*$/, (s) => ' '.repeat(s.length));
    if (names.trim() === '*') {
      if (moduleScope) this.wildcards.push(module);
      return;
    }
    for (const item of splitTop(names, ',')) {
      if (item.text.trim() === '') continue;
      const im = /^(\s*)([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/.exec(item.text);
      if (!im) return void (this.failed = true);
      const name = im[2]!;
      const local = im[3] ?? name;
      const nameLine = this.lineAt(at + namesAt + item.at + im[1]!.length);
      if (moduleScope) this.bind(local, { kind: 'import', line: nameLine, module, name });
      if (this.ignored(nameLine)) continue;
      const attributes = this.chains(local).map((c) => ({ name: c.text.split('.')[1]!, line: c.line }));
      this.sites.push({ module, name, line: nameLine, form: 'from', ...(moduleScope ? { binds: local } : {}), ...(attributes.length > 0 ? { attributes } : {}) });
    }
  }

  /** `X = Y` (an alias of a name or a dotted attribute), `X = …` (a value), `a, b = …`, `X: T = …`; `__all__`. */
  private assignment(stmt: string, at: number, topLevel: boolean): void {
    const all = /^__all__\s*(\+?)=(?!=)/.exec(stmt);
    if (all && topLevel) {
      this.all ??= new Set();
      for (const name of this.stringItems(stmt.slice(all[0].length), at + all[0].length)) this.all.add(name);
    }
    const augmented = /^([A-Za-z_]\w*)\s*(?:\*\*|\/\/|>>|<<|[-+*/%&|^@])=/.exec(stmt);
    if (augmented) return this.bind(augmented[1]!, { kind: 'value', line: this.lineAt(at) });
    const signs = assignmentSigns(stmt);
    if (signs.length === 0) return;
    const line = this.lineAt(at);
    const rhs = squash(stmt.slice(signs[signs.length - 1]! + 1));
    let from = 0;
    signs.forEach((sign, i) => {
      const target = stmt.slice(from, sign).trim();
      from = sign + 1;
      const annotated = /^([A-Za-z_]\w*)\s*:/.exec(target);
      const name = annotated ? annotated[1]! : target;
      if (IDENT.test(name)) {
        const last = i === signs.length - 1;
        const alias = last && DOTTED.test(rhs) && !/^(None|True|False)$/.test(rhs);
        this.bind(name, alias ? { kind: 'alias', line, target: rhs } : { kind: 'value', line });
      } else if (/^[([]?[\w\s,()[\]]*[)\]]?$/.test(target)) {
        for (const n of target.replace(/[()[\]]/g, ' ').split(',').map((s) => s.trim())) if (IDENT.test(n)) this.bind(n, { kind: 'value', line });
      }
    });
  }

  /** Names a module-level `for` / `with … as` header binds (values). */
  private blockTargets(kind: string, header: string, at: number): void {
    const targets = kind === 'for' ? /^for\s+(.*?)\s+in\b/.exec(header)?.[1] : kind === 'with' ? [...header.matchAll(/\bas\s+([A-Za-z_]\w*)/g)].map((m) => m[1]).join(',') : undefined;
    if (!targets) return;
    const line = this.lineAt(at);
    for (const n of targets.replace(/[()[\]]/g, ' ').split(',').map((t) => t.trim())) if (IDENT.test(n)) this.bind(n, { kind: 'value', line });
  }

  /** The string items of a list or tuple literal (`["a", "b"]`), read from the text. */
  private stringItems(code: string, at: number): string[] {
    const trimmed = code.trim();
    // Only a literal that is the whole right-hand side (`["a"] + other` is not read, as the parser's reading is not).
    if (!/^[[(]/.test(trimmed) || splitTop(trimmed.slice(1, -1), ']').length > 1 || !/[\])]$/.test(trimmed) || headerEnd(trimmed) !== trimmed.length - 1) return [];
    const open = code.indexOf(trimmed[0]!);
    const inner = code.slice(open + 1, code.lastIndexOf(trimmed[0] === '[' ? ']' : ')'));
    const items: string[] = [];
    for (const part of splitTop(inner, ',')) {
      if (!/^\s*[rRbBuUfF]{0,2}("|')\s*\1\s*$/.test(part.text) && !/^\s*[rRbBuUfF]{0,2}("""|''')\s*\1\s*$/.test(part.text)) continue;
      const start = at + open + 1 + part.at;
      const s = this.masked.strings.find((x) => x.start >= start && x.end <= start + part.text.length);
      if (s) items.push(this.text.slice(s.start, s.end));
    }
    return items;
  }

  /** The attribute chains `local.a.b…` used in the file, outside import statements and ignored lines. */
  private chains(local: string): { text: string; line: number }[] {
    if (!this.chainsByHead) {
      this.chainsByHead = new Map();
      let span = 0;
      for (const m of this.masked.code.matchAll(/(?<![\w.])([A-Za-z_]\w*)((?:\s*\.\s*[A-Za-z_]\w*)+)/g)) {
        const offset = m.index;
        while (span < this.importSpans.length && this.importSpans[span]![1] <= offset) span++;
        if (span < this.importSpans.length && this.importSpans[span]![0] <= offset) continue;
        const line = this.lineAt(offset);
        if (this.ignored(line)) continue;
        pushTo(this.chainsByHead, m[1]!, { text: squash(m[0]), line });
      }
    }
    return this.chainsByHead.get(local) ?? [];
  }
}
