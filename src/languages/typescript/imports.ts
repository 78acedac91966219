/**
 * The TypeScript import editor: the one place that turns "this binding now comes from that module" into edits, on
 * the statements of module-statements.ts. Rules call `move` / `respell` / `remove` / `add`; `finish` settles every
 * request of a file once, per target module and statement kind: into an existing import of the module, else in
 * place (a legacy statement respelled), else as a new statement after the first legacy one; `import type` and value
 * imports kept apart. See docs/ts-move-rule.md.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { appendListItems, deleteStatement, JS_COMMENTS, leadingIndent, removeListItems } from '../../core/lists.js';
import type { RuleEdit, SourceFile } from '../../core/types.js';
import type { TsImportItem, TsModuleStatement } from './module-statements.js';

// The statement model, for the modules that import it with the editor (file.ts, the rules).


/** How a new import should look in this file: quotes, semicolons, spaces inside braces. */
export interface TsStyle {
  quote: string;
  semicolon: boolean;
  bracePadding: boolean;
}

/** The style of a statement (new statements copy the statement they follow or replace). */
export function styleOf(stmt: TsModuleStatement, text: string): TsStyle {
  const raw = text.slice(stmt.source.startIndex, stmt.source.endIndex);
  const braces = stmt.braces ? text.slice(stmt.braces.startIndex, stmt.braces.endIndex) : '{ ';
  return { quote: raw[0] === '"' ? '"' : "'", semicolon: text.slice(stmt.node.startIndex, stmt.node.endIndex).trimEnd().endsWith(';'), bracePadding: /^\{\s/.test(braces) || braces === '{}' };
}

/** `name`, `name as local`, with an inline `type`. */
function clauseText(name: string, local: string, inlineType: boolean): string {
  return `${inlineType ? 'type ' : ''}${name === local ? name : `${name} as ${local}`}`;
}

/** A name a rule wants bound (or re-exported) from `module`. */
export interface TsImportRequest {
  /** The target module's key: an in-tree file (root-relative) or an external specifier. */
  module: string;
  /** How the module is written in this file. */
  spelling: string;
  /** The exported name to take from `module` (`default` for the default export). */
  name: string;
  /** Imports: the local binding. Re-exports: the exported name. */
  local: string;
  /** Inline `type` modifier (in a value statement). */
  inlineType: boolean;
  /** The statement this name comes from (or, for names that are new, the statement it replaces a use of). */
  anchor: TsModuleStatement;
  /** The item it replaces in `anchor`; undefined for a name that is new (a `ns.Name` use made a named import). */
  item: TsImportItem | undefined;
  /** Put the name in a type-only statement. */
  typeOnly: boolean;
  rule: string;
}


/** Collects moves, respellings and removals of one file's module statements, then emits all their edits at once. */
export class TsImportEditor {
  private readonly requests: TsImportRequest[] = [];
  private readonly removed = new Map<TsModuleStatement, { items: Set<TsImportItem>; rule: string }>();
  private readonly respelled = new Map<TsModuleStatement, { module: string; spelling: string; rule: string }>();

  constructor(
    private readonly file: SourceFile,
    readonly statements: readonly TsModuleStatement[],
    /** The module key each statement resolves to (undefined: unresolved). */
    private readonly moduleOf: (stmt: TsModuleStatement) => string | undefined,
    private readonly edit: RuleEdit,
  ) {}

  /** The module a statement imports after the edits requested so far. */
  currentModule(stmt: TsModuleStatement): string | undefined {
    return this.respelled.get(stmt)?.module ?? this.moduleOf(stmt);
  }

  /** Whether some rule already took this item out of its statement. */
  isMoved(item: TsImportItem): boolean {
    for (const entry of this.removed.values()) if (entry.items.has(item)) return true;
    return false;
  }

  /** The item now comes from another module (`request.item` leaves `request.anchor`). */
  move(request: TsImportRequest & { item: TsImportItem }): void {
    this.remove(request.anchor, request.item, request.rule);
    this.requests.push(request);
  }

  /** A name that is new to the file (a `ns.Name` use that becomes a named import). */
  add(request: Omit<TsImportRequest, 'item'>): void {
    this.requests.push({ ...request, item: undefined });
  }

  /** Take an item out of its statement without a replacement (the statement goes when it is left empty). */
  remove(stmt: TsModuleStatement, item: TsImportItem, rule: string): void {
    const entry = this.removed.get(stmt) ?? { items: new Set(), rule };
    entry.items.add(item);
    this.removed.set(stmt, entry);
  }

  /** The statement as a whole now names `module`, written `spelling`. */
  respell(stmt: TsModuleStatement, module: string, spelling: string, rule: string): void {
    this.respelled.set(stmt, { module, spelling, rule });
  }

  private isEmptied(stmt: TsModuleStatement): boolean {
    return (this.removed.get(stmt)?.items.size ?? 0) === stmt.items.length && stmt.items.length > 0;
  }

  /** Turn every request into edits. Call once. `handling` hears which statement is being edited. */
  finish(handling?: (node: SyntaxNode) => void): void {
    const text = this.file.text;
    /** Statements rewritten whole or in place: their removals and respelling are settled. */
    const rewritten = new Set<TsModuleStatement>();
    const groups = new Map<string, TsImportRequest[]>();
    for (const r of this.withoutCovered()) {
      const key = `${r.anchor.container.id}\0${r.anchor.kind}\0${r.typeOnly}\0${r.module}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      handling?.(first.anchor.node);
      let host = this.findHost(first);
      let present: Set<string>;
      if (host) present = new Set(host.items.map((i) => `${i.name}\0${i.local}`));
      else {
        host = this.retarget(group);
        if (host) rewritten.add(host);
        present = new Set(group.filter((r) => r.anchor === host).map((r) => `${r.name}\0${r.local}`));
      }
      if (host) {
        const target = host;
        // A moved item whose own statement is the host is already there; a new name (no item) is not.
        const missing = group.filter((r) => (r.item === undefined || r.anchor !== target) && !present.has(`${r.name}\0${r.local}`));
        this.append(target, this.unique(missing), first.rule);
        continue;
      }
      const statement = this.statementText(first.anchor, first.spelling, this.unique(group));
      const anchor = first.anchor;
      if (this.isEmptied(anchor) && !rewritten.has(anchor)) {
        rewritten.add(anchor);
        this.edit(anchor.node.startIndex, anchor.node.endIndex, statement, first.rule);
      } else {
        const indent = leadingIndent(text, anchor.node);
        const sep = indent === undefined ? ' ' : `${this.file.eol}${indent}`;
        this.edit(anchor.node.endIndex, anchor.node.endIndex, `${sep}${statement}`, first.rule);
      }
    }
    for (const [stmt, { spelling, rule }] of this.respelled) {
      handling?.(stmt.node);
      if (!rewritten.has(stmt) && !this.isEmptied(stmt)) this.respellSource(stmt, spelling, rule);
    }
    for (const [stmt, { items, rule }] of this.removed) {
      handling?.(stmt.node);
      if (rewritten.has(stmt)) continue;
      if (items.size === stmt.items.length) deleteStatement(text, stmt.node, (s, e, t) => this.edit(s, e, t, rule), JS_COMMENTS);
      else this.removeItems(stmt, items, rule);
    }
  }

  /**
   * The requests in document order, less those whose binding another import already provides in the same statement
   * list: an import that stays, or another request (a type-only name is covered by a value import of it too).
   */
  private withoutCovered(): TsImportRequest[] {
    const sorted = [...this.requests].sort((a, b) => a.anchor.node.startIndex - b.anchor.node.startIndex);
    const typeish = (r: TsImportRequest) => r.typeOnly || r.inlineType;
    return sorted.filter((r) => {
      if (r.anchor.kind !== 'import') return true;
      const kept = this.statements.some(
        (s) =>
          s.kind === 'import' &&
          s.container.id === r.anchor.container.id &&
          this.currentModule(s) === r.module &&
          s.items.some((i) => i.name === r.name && i.local === r.local && !this.removed.get(s)?.items.has(i) && (typeish(r) || (!s.typeOnly && !i.typeOnly))),
      );
      if (kept) return false;
      // Of two requests for one binding, a value import covers a type-only one, and a value statement's inline
      // `type` name covers one in an `import type` statement (same kinds meet in one group, deduplicated there).
      const covers = (o: TsImportRequest) => !typeish(o) || (r.typeOnly && !o.typeOnly);
      return !(
        typeish(r) &&
        sorted.some((o) => o !== r && covers(o) && o.anchor.kind === 'import' && o.anchor.container.id === r.anchor.container.id && o.module === r.module && o.name === r.name && o.local === r.local)
      );
    });
  }

  /** Requests with the same name and binding once. */
  private unique(group: readonly TsImportRequest[]): TsImportRequest[] {
    const seen = new Set<string>();
    return group.filter((r) => {
      const key = `${r.name}\0${r.local}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** An existing statement of the target module that can take the names: same kind, same type-only-ness, with braces. */
  private findHost(request: TsImportRequest): TsModuleStatement | undefined {
    return this.statements.find(
      (s) =>
        s.container.id === request.anchor.container.id &&
        s.kind === request.anchor.kind &&
        s.typeOnly === request.typeOnly &&
        s.braces !== undefined &&
        this.currentModule(s) === request.module &&
        !this.isEmptied(s) &&
        this.removed.get(s) === undefined,
    );
  }

  /**
   * A legacy statement all of whose items move to the group's module, each keeping its kind (a default import
   * stays a default import): it becomes the canonical statement in place — respelled, with only the names that
   * change rewritten.
   */
  private retarget(group: readonly TsImportRequest[]): TsModuleStatement | undefined {
    const candidates = [...new Set(group.map((r) => r.anchor))].filter((stmt) => {
      const mine = group.filter((r) => r.anchor === stmt && r.item);
      return (
        stmt.typeOnly === group[0]!.typeOnly &&
        mine.length === stmt.items.length &&
        (this.removed.get(stmt)?.items.size ?? 0) === stmt.items.length &&
        mine.every((r) => r.item!.kind === 'named' || (r.item!.kind === 'default' && r.name === 'default'))
      );
    });
    const stmt = candidates[0];
    if (!stmt) return undefined;
    const { rule, spelling } = group[0]!;
    this.respellSource(stmt, spelling, rule);
    for (const r of group.filter((r) => r.anchor === stmt)) {
      const item = r.item!;
      if (item.kind === 'default' || (r.name === item.name && r.local === item.local)) continue;
      this.edit(item.node.startIndex, item.node.endIndex, clauseText(r.name, r.local, item.typeOnly), r.rule);
    }
    this.removed.delete(stmt);
    return stmt;
  }

  private respellSource(stmt: TsModuleStatement, spelling: string, rule: string): void {
    if (stmt.specifier === spelling) return;
    this.edit(stmt.source.startIndex + 1, stmt.source.endIndex - 1, spelling, rule);
  }

  /** Add names to an existing statement: a default import before its braces, the rest into its braces. */
  private append(host: TsModuleStatement, requests: readonly TsImportRequest[], rule: string): void {
    if (requests.length === 0) return;
    const text = this.file.text;
    if (!host.braces) {
      // A statement without braces (`import a from 'm'`, `import * as ns from 'm'`): a default import takes named ones
      // after it (`import a, { x } from 'm'`); anything else goes in a statement of its own after it.
      const onlyDefault = host.kind === 'import' && host.items.length === 1 && host.items[0]!.kind === 'default';
      if (onlyDefault && requests.every((r) => r.name !== 'default')) {
        const pad = styleOf(host, text).bracePadding ? ' ' : '';
        const named = requests.map((r) => clauseText(r.name, r.local, r.inlineType && !host.typeOnly));
        this.edit(host.items[0]!.node.endIndex, host.items[0]!.node.endIndex, `, {${pad}${named.join(', ')}${pad}}`, rule);
      } else {
        const indent = leadingIndent(text, host.node);
        const sep = indent === undefined ? ' ' : `${this.file.eol}${indent}`;
        this.edit(host.node.endIndex, host.node.endIndex, `${sep}${this.statementText(host, requests[0]!.spelling, requests)}`, rule);
      }
      return;
    }
    const hasDefault = host.items.some((i) => i.kind === 'default');
    const clauses: string[] = [];
    for (const r of requests) {
      if (host.kind === 'import' && r.name === 'default' && !hasDefault && clauses.length === 0 && r === requests.find((x) => x.name === 'default')) {
        this.edit(host.braces!.startIndex, host.braces!.startIndex, `${r.local}, `, rule);
        continue;
      }
      clauses.push(clauseText(r.name, r.local, r.inlineType && !host.typeOnly));
    }
    if (clauses.length === 0) return;
    const kept = host.items.filter((i) => i.kind === 'named' && !this.removed.get(host)?.items.has(i));
    const last = kept[kept.length - 1];
    if (!last) {
      // `{}`: write the names between the braces.
      const pad = styleOf(host, text).bracePadding ? ' ' : '';
      this.edit(host.braces!.startIndex, host.braces!.endIndex, `{${pad}${clauses.join(', ')}${pad}}`, rule);
      return;
    }
    appendListItems(text, host.braces!.startIndex, last.node, clauses, this.file.eol, (s, e, t) => this.edit(s, e, t, rule), JS_COMMENTS);
  }

  private statementText(anchor: TsModuleStatement, spelling: string, requests: readonly TsImportRequest[]): string {
    const style = styleOf(anchor, this.file.text);
    const typeOnly = requests[0]!.typeOnly;
    const head = `${anchor.kind} ${typeOnly ? 'type ' : ''}`;
    const defaultImport = anchor.kind === 'import' ? requests.find((r) => r.name === 'default') : undefined;
    const named = requests.filter((r) => r !== defaultImport).map((r) => clauseText(r.name, r.local, r.inlineType && !typeOnly));
    const pad = style.bracePadding ? ' ' : '';
    const braces = named.length > 0 ? `{${pad}${named.join(', ')}${pad}}` : '';
    const clause = [defaultImport?.local, braces].filter(Boolean).join(', ');
    return `${head}${clause} from ${style.quote}${spelling}${style.quote}${style.semicolon ? ';' : ''}`;
  }

  /** Take items out of a statement that keeps others: `D, * as ns` / `D, { a, b }` lose their parts with separators. */
  private removeItems(stmt: TsModuleStatement, items: ReadonlySet<TsImportItem>, rule: string): void {
    const edit = (s: number, e: number, t: string) => this.edit(s, e, t, rule);
    const named = stmt.items.filter((i) => i.kind === 'named');
    const removedNamed = new Set(named.filter((i) => items.has(i)).map((i) => i.node));
    const def = stmt.items.find((i) => i.kind === 'default');
    const ns = stmt.items.find((i) => i.kind === 'namespace');
    const second = ns?.node ?? stmt.braces;
    const namedAllGone = named.length > 0 && removedNamed.size === named.length;
    if (def && items.has(def) && second) edit(def.node.startIndex, second.startIndex, ''); // `D, { a }` → `{ a }`
    if (def && !items.has(def) && ((ns && items.has(ns)) || namedAllGone) && second) {
      edit(def.node.endIndex, second.endIndex, ''); // `D, { a }` → `D`
      return;
    }
    if (removedNamed.size > 0) removeListItems(this.file.text, named.map((i) => i.node), removedNamed, edit, JS_COMMENTS);
  }
}
