/**
 * Python import statements as data, and the import editor: the one place that turns "this binding goes away"
 * and "this name must be imported from that module" into edits. Rules never edit import statements themselves;
 * they call `removeName` / `removeItem` / `require`, and `finish` merges every request of a file once — into an
 * existing import of the module in the same block and import group, into a legacy statement that became empty, or
 * as a new statement after the first legacy one — so two rules never fight over one statement (LibCST's
 * AddImportsVisitor / RemoveImportsVisitor, done as one pass).
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { appendListItems, lineOf, PYTHON_COMMENTS, removeListItems, restOfLine } from '../../core/lists.js';
import type { RuleEdit, SourceFile } from '../../core/types.js';
import { relativeSpelling, resolveRelative, type FileModule } from './modules.js';


/** `A` or `A as X` in a `from ... import` list. */
export interface ImportedName {
  node: SyntaxNode;
  nameNode: SyntaxNode;
  name: string;
  alias: string | undefined;
  /** The name this binds in the file: the alias, or the name. */
  local: string;
}

export interface FromImport {
  kind: 'from';
  node: SyntaxNode;
  moduleNode: SyntaxNode;
  /** The absolute module, relative imports resolved; undefined when it cannot be resolved. */
  module: string | undefined;
  relative: boolean;
  names: ImportedName[];
  wildcard: boolean;
}

/** One item of `import a.b.c` / `import a.b.c as m`. */
export interface ModuleImportItem {
  node: SyntaxNode;
  module: string;
  alias: string | undefined;
  /** The name this binds: the alias, or the first segment of the module. */
  local: string;
}

export interface PlainImport {
  kind: 'import';
  node: SyntaxNode;
  items: ModuleImportItem[];
}

export type ImportStatement = FromImport | PlainImport;

const dotted = (node: SyntaxNode) => node.text.replace(/\s+/g, '');

const IMPORT_TYPES = ['import_from_statement', 'import_statement'];

/**
 * The import statements under a module's root, in order. With the module's text, they are found from each `import`
 * keyword in it (every import statement has exactly one): a look at a few dozen places instead of a walk of the
 * whole tree, which cost ≈ 1 ms a file. A tree with a syntax error is walked.
 */
function importNodes(root: SyntaxNode, text: string | undefined): SyntaxNode[] {
  if (text === undefined || root.hasError || root.parent !== null) return root.descendantsOfType(IMPORT_TYPES);
  const out: SyntaxNode[] = [];
  for (let at = text.indexOf('import'); at !== -1; at = text.indexOf('import', at + 6)) {
    const token = root.descendantForIndex(at, at + 6);
    if (token.type !== 'import' || token.startIndex !== at) continue;
    const statement = token.parent;
    if (statement && IMPORT_TYPES.includes(statement.type)) out.push(statement);
  }
  return out;
}

/**
 * Every import statement of a file, anywhere in it (functions, try blocks, if TYPE_CHECKING), in order. `text`, the
 * text `root` (a tree's root) was parsed from, makes finding them cheaper.
 */
export function collectImports(root: SyntaxNode, fileModule: FileModule | undefined, text?: string): ImportStatement[] {
  return importNodes(root, text).map((node): ImportStatement => {
    if (node.type === 'import_statement') {
      return {
        kind: 'import',
        node,
        items: node.childrenForFieldName('name').map((item) => {
          if (item.type === 'aliased_import') {
            const alias = item.childForFieldName('alias')!.text;
            return { node: item, module: dotted(item.childForFieldName('name')!), alias, local: alias };
          }
          const module = dotted(item);
          return { node: item, module, alias: undefined, local: module.split('.')[0]! };
        }),
      };
    }
    const moduleNode = node.childForFieldName('module_name')!;
    let module: string | undefined;
    const relative = moduleNode.type === 'relative_import';
    if (relative) {
      const prefix = moduleNode.namedChildren.find((c) => c.type === 'import_prefix');
      const rest = moduleNode.namedChildren.find((c) => c.type === 'dotted_name');
      module = fileModule ? resolveRelative(fileModule, prefix?.text.length ?? 1, rest ? dotted(rest) : undefined) : undefined;
    } else module = dotted(moduleNode);
    return {
      kind: 'from',
      node,
      moduleNode,
      module,
      relative,
      wildcard: node.namedChildren.some((c) => c.type === 'wildcard_import'),
      names: node.childrenForFieldName('name').map((item) => {
        if (item.type === 'aliased_import') {
          const nameNode = item.childForFieldName('name')!;
          const alias = item.childForFieldName('alias')!.text;
          return { node: item, nameNode, name: dotted(nameNode), alias, local: alias };
        }
        return { node: item, nameNode: item, name: dotted(item), alias: undefined, local: dotted(item) };
      }),
    };
  });
}

/** A request that `local` be bound to `name` of `module` where `anchor` (the statement it replaces) stands. */
export interface ImportRequest {
  module: string;
  name: string;
  local: string;
  anchor: ImportStatement;
  rule: string;
  /** Comments that stood beside the binding in its old statement, carried to the new one. */
  comments?: string[];
}


export interface ImportEditorOptions {
  /** `keep`: a relative legacy import becomes a relative canonical one when a relative import can reach it. */
  relativeImports: 'keep' | 'absolute';
  /** New statements longer than this are wrapped in parentheses, one name per line. */
  lineLength: number;
}

const clause = (name: string, local: string) => (name === local ? name : `${name} as ${local}`);

/** Collects removals and import requests for one file, then emits all their edits at once. */
export class PythonImportEditor {
  private readonly removedNames = new Map<number, { stmt: FromImport; names: Set<ImportedName>; rule: string }>();
  private readonly removedItems = new Map<number, { stmt: PlainImport; items: Set<ModuleImportItem>; rule: string }>();
  private readonly requests: ImportRequest[] = [];

  constructor(
    private readonly file: SourceFile,
    private readonly imports: readonly ImportStatement[],
    private readonly fileModule: FileModule | undefined,
    private readonly edit: RuleEdit,
    private readonly options: ImportEditorOptions,
  ) {}

  /** Take `name` out of its `from` statement (the statement goes when it is left empty). */
  removeName(stmt: FromImport, name: ImportedName, rule: string): void {
    const entry = this.removedNames.get(stmt.node.id) ?? { stmt, names: new Set(), rule };
    entry.names.add(name);
    this.removedNames.set(stmt.node.id, entry);
  }

  /** Take one module out of an `import a, b` statement. */
  removeItem(stmt: PlainImport, item: ModuleImportItem, rule: string): void {
    const entry = this.removedItems.get(stmt.node.id) ?? { stmt, items: new Set(), rule };
    entry.items.add(item);
    this.removedItems.set(stmt.node.id, entry);
  }

  require(request: ImportRequest): void {
    this.requests.push(request);
  }

  /** Whether some rule already took this name (or module item) out of its statement. */
  isRemoved(item: ImportedName | ModuleImportItem): boolean {
    for (const entry of this.removedNames.values()) if (entry.names.has(item as ImportedName)) return true;
    for (const entry of this.removedItems.values()) if (entry.items.has(item as ModuleImportItem)) return true;
    return false;
  }

  /** Whether every name (or module) of the statement has been taken out of it. */
  isEmptied(stmt: ImportStatement): boolean {
    if (stmt.kind === 'from') return this.removedNames.get(stmt.node.id)?.names.size === stmt.names.length;
    return this.removedItems.get(stmt.node.id)?.items.size === stmt.items.length;
  }

  /** Turn every removal and request into edits. Call once. `handling` hears which statement is being edited. */
  finish(handling?: (node: SyntaxNode) => void): void {
    const hosts = new Set<number>();
    // Group requests by block and module, in document order of their first anchor.
    const groups = new Map<string, ImportRequest[]>();
    for (const r of [...this.requests].sort((a, b) => a.anchor.node.startIndex - b.anchor.node.startIndex)) {
      const key = `${r.anchor.node.parent?.id ?? -1}\0${r.module}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    // Bindings already in place (statements that stay, and the ones this pass writes), to avoid importing twice.
    const provided: Provided[] = this.imports.flatMap((s) =>
      s.kind === 'from' && s.module !== undefined && !s.wildcard && s.node.parent
        ? s.names.filter((n) => !this.isRemoved(n)).map((n) => ({ block: s.node.parent!, at: s.node.startIndex, module: s.module!, name: n.name, local: n.local }))
        : [],
    );
    for (const group of groups.values()) {
      const first = group[0]!;
      handling?.(first.anchor.node);
      const block = first.anchor.node.parent;
      // Already bound, earlier, in this block or an enclosing one of the same scope: nothing to add.
      const clauses = this.uniqueClauses(group).filter(
        (c) => !(block && provided.some((p) => p.module === first.module && p.name === c.name && p.local === c.local && p.at < first.anchor.node.startIndex && enclosesInScope(p.block, block))),
      );
      if (clauses.length === 0) continue;
      if (block) for (const c of clauses) provided.push({ block, at: first.anchor.node.startIndex, module: first.module, name: c.name, local: c.local });
      const existing = this.findHost(first);
      if (existing) {
        const present = new Set(existing.names.map((n) => `${n.name}\0${n.local}`));
        const missing = clauses.filter((c) => !present.has(`${c.name}\0${c.local}`));
        if (missing.length > 0) this.appendNames(existing, missing, first.rule);
        continue;
      }
      const emptied = group.map((r) => r.anchor).find((a) => this.isEmptied(a) && !hosts.has(a.node.id));
      const text = this.statementText(first.module, clauses, emptied ?? first.anchor);
      if (emptied) {
        hosts.add(emptied.node.id);
        this.edit(emptied.node.startIndex, emptied.node.endIndex, text, first.rule);
      } else {
        const indent = this.indentOf(first.anchor.node);
        const sep = indent === undefined ? '; ' : `${this.file.eol}${indent}`;
        this.edit(first.anchor.node.endIndex, first.anchor.node.endIndex, `${sep}${text}`, first.rule);
      }
    }
    for (const { stmt, names, rule } of this.removedNames.values()) {
      handling?.(stmt.node);
      if (hosts.has(stmt.node.id)) continue;
      if (names.size === stmt.names.length) this.deleteStatement(stmt.node, rule);
      else this.removeFromList(stmt.names, names, rule);
    }
    for (const { stmt, items, rule } of this.removedItems.values()) {
      handling?.(stmt.node);
      if (hosts.has(stmt.node.id)) continue;
      if (items.size === stmt.items.length) this.deleteStatement(stmt.node, rule);
      else this.removeFromList(stmt.items, items, rule);
    }
  }

  private uniqueClauses(group: ImportRequest[]): { name: string; local: string; comments: string[] }[] {
    const byKey = new Map<string, { name: string; local: string; comments: string[] }>();
    for (const r of group) {
      const key = `${r.name}\0${r.local}`;
      const entry = byKey.get(key) ?? { name: r.name, local: r.local, comments: [] };
      for (const c of r.comments ?? []) if (!entry.comments.includes(c)) entry.comments.push(c);
      byKey.set(key, entry);
    }
    return [...byKey.values()];
  }

  /**
   * An existing `from MODULE import ...` that can take the requested names: same block, not a wildcard, not being
   * emptied, and in the same run of import statements as the anchor (so no code runs between the two).
   */
  private findHost(request: ImportRequest): FromImport | undefined {
    const block = request.anchor.node.parent;
    if (!block) return undefined;
    const siblings = block.namedChildren.filter((c) => c.type !== 'comment');
    const anchorIndex = siblings.findIndex((c) => c.id === request.anchor.node.id);
    const candidates = this.imports.filter(
      (s): s is FromImport =>
        s.kind === 'from' && !s.wildcard && s.module === request.module && s.node.parent?.id === block.id && !this.isEmptied(s),
    );
    let best: { host: FromImport; distance: number } | undefined;
    for (const host of candidates) {
      const hostIndex = siblings.findIndex((c) => c.id === host.node.id);
      const [lo, hi] = hostIndex < anchorIndex ? [hostIndex, anchorIndex] : [anchorIndex, hostIndex];
      const between = siblings.slice(lo + 1, hi);
      if (!between.every((c) => c.type === 'import_statement' || c.type === 'import_from_statement' || c.type === 'future_import_statement')) continue;
      const distance = hi - lo;
      if (!best || distance < best.distance) best = { host, distance };
    }
    return best?.host;
  }

  /** How to spell `module` in a statement that replaces or follows `anchor`. */
  private spell(module: string, anchor: ImportStatement): string {
    if (this.options.relativeImports === 'keep' && anchor.kind === 'from' && anchor.relative && this.fileModule) {
      return relativeSpelling(this.fileModule, module) ?? module;
    }
    return module;
  }

  private statementText(module: string, clauses: { name: string; local: string; comments: string[] }[], anchor: ImportStatement): string {
    const head = `from ${this.spell(module, anchor)} import `;
    const parts = clauses.map((c) => clause(c.name, c.local));
    const comments = clauses.flatMap((c) => c.comments);
    const oneLine = `${head}${parts.join(', ')}`;
    const indent = this.indentOf(anchor.node) ?? '';
    if (parts.length === 1 || indent.length + oneLine.length <= this.options.lineLength) {
      return comments.length > 0 ? `${oneLine}  ${comments.join(' ')}` : oneLine;
    }
    const eol = this.file.eol;
    const lines = clauses.map((c) => `${indent}    ${clause(c.name, c.local)},${c.comments.length > 0 ? `  ${c.comments.join(' ')}` : ''}`);
    return `${head}(${eol}${lines.join(eol)}${eol}${indent})`;
  }

  /**
   * Add names to an existing statement, following its layout: appended on the last name's line when the statement
   * is one line or is not parenthesised (a `\\` continuation), else one name per line (the shared list editor).
   */
  private appendNames(host: FromImport, clauses: { name: string; local: string; comments: string[] }[], rule: string): void {
    const text = this.file.text;
    const last = host.names[host.names.length - 1]!;
    const open = host.node.children.find((c) => c.type === '(');
    const edit = (s: number, e: number, t: string) => this.edit(s, e, t, rule);
    if (open && lineOf(text, last.node.startIndex) !== lineOf(text, open.startIndex)) {
      const items = clauses.map((c) => ({ text: clause(c.name, c.local), comment: c.comments.length > 0 ? c.comments.join(' ') : undefined }));
      appendListItems(text, open.startIndex, last.node, items, this.file.eol, edit, PYTHON_COMMENTS);
      return;
    }
    const added = `, ${clauses.map((c) => clause(c.name, c.local)).join(', ')}`;
    const comments = clauses.flatMap((c) => c.comments);
    // A carried comment goes after the statement, only where nothing follows it on its line (another comment, `; x`).
    const comment = comments.length > 0 && /^[ \t]*\r?$/.test(restOfLine(text, host.node.endIndex)) ? `  ${comments.join(' ')}` : '';
    // Without parentheses the last name ends the statement: names and comment must be one insertion, in order.
    if (last.node.endIndex === host.node.endIndex) edit(last.node.endIndex, last.node.endIndex, `${added}${comment}`);
    else {
      edit(last.node.endIndex, last.node.endIndex, added);
      if (comment) edit(host.node.endIndex, host.node.endIndex, comment);
    }
  }

  /** Take some items out of an import list, keeping the others, the separators that remain, and `)`. */
  private removeFromList(all: readonly { node: SyntaxNode }[], removed: ReadonlySet<unknown>, rule: string): void {
    const spans = all.map((item) => item.node);
    const gone = new Set(all.filter((item) => removed.has(item)).map((item) => item.node));
    removeListItems(this.file.text, spans, gone, (s, e, t) => this.edit(s, e, t, rule), PYTHON_COMMENTS);
  }

  /** Remove a whole statement: its lines when it stands alone on them, `pass` when its block would be empty. */
  private deleteStatement(node: SyntaxNode, rule: string): void {
    const text = this.file.text;
    const block = node.parent;
    const statements = block?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    if (block && block.type === 'block' && statements.length === 1) {
      this.edit(node.startIndex, node.endIndex, 'pass', rule);
      return;
    }
    const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
    const before = text.slice(lineStart, node.startIndex);
    const after = restOfLine(text, node.endIndex);
    if (/^[ \t]*$/.test(before) && /^[ \t]*(#.*)?\r?$/.test(after)) {
      let end = node.endIndex + after.length;
      if (text[end] === '\n') end++;
      // The first statement of a block goes with the blank line after it, so the block does not open on one.
      const blank = /^[ \t]*\r?\n/.exec(text.slice(end));
      if (blank && block?.type === 'block' && statements[0]?.id === node.id) end += blank[0].length;
      this.edit(lineStart, end, '', rule);
      return;
    }
    // Shares its line with other statements (`import os; from x import y`): remove it and one `;`.
    const following = /^[ \t]*;[ \t]*/.exec(text.slice(node.endIndex));
    if (following) {
      this.edit(node.startIndex, node.endIndex + following[0].length, '', rule);
      return;
    }
    const preceding = /[ \t]*;[ \t]*$/.exec(before);
    this.edit(preceding ? node.startIndex - preceding[0].length : node.startIndex, node.endIndex, '', rule);
  }

  /** The indentation of the line a statement starts on, or undefined when other code precedes it there. */
  private indentOf(node: SyntaxNode): string | undefined {
    const text = this.file.text;
    const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
    const before = text.slice(lineStart, node.startIndex);
    return /^[ \t]*$/.test(before) ? before : undefined;
  }
}

/** The comment that follows an import list item on its line (after its comma), if any, and where it starts. */
export function trailingComment(text: string, item: SyntaxNode): { text: string; start: number } | undefined {
  const m = /^([ \t]*,?[ \t]*)(#[^\r\n]*)/.exec(restOfLine(text, item.endIndex));
  return m ? { text: m[2]!.trimEnd(), start: item.endIndex + m[1]!.length } : undefined;
}

interface Provided {
  block: SyntaxNode;
  at: number;
  module: string;
  name: string;
  local: string;
}

/** Is `outer` the block `inner` is in, or a block enclosing it without a function or class in between? */
function enclosesInScope(outer: SyntaxNode, inner: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = inner; n; n = n.parent) {
    if (n.id === outer.id) return true;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return false;
  }
  return false;
}
