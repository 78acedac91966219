/**
 * The per-file state of one ts-move run ({@link TsMoveRun}) and the questions every part of the rule asks of it:
 * where a name or a module goes, how the canonical module is spelled here, and the legacy sites recorded so far.
 * The rewriting itself lives in the files beside it (docs/ts-move-rule.md, "Code").
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { deleteStatement as deleteLines, JS_COMMENTS } from '../../../core/lists.js';
import type { TransformContext } from '../../../core/types.js';
import type { TypeScriptIndex } from '../../../languages/typescript/facts-data.js';
import { TsFile } from '../../../languages/typescript/file.js';
import type { UsageKind } from '../../../languages/typescript/resolve.js';
import type { TsBinding, TsReference } from '../../../languages/typescript/scope.js';
import { spellModule } from '../../../languages/typescript/specifiers.js';
import { plainStringValue, stringContentSpan } from '../../../languages/typescript/syntax.js';
import { mockedImport, moduleCallParts, type ModuleCallSite } from './call-syntax.js';
import type { Destination, ResolvedMove, TsMoveOptions, WholeMove } from './moves.js';


/** A factory key renamed to its canonical name. */
export interface KeyEdit {
  start: number;
  end: number;
  text: string;
  rule: string;
}

/**
 * What happens to a legacy module a file mocks with a factory, and so to every use of it in the file: removed
 * (the file's automock of the canonical module makes the same stubs), moved with the mocks (`follow`, with the
 * factories' keys renamed), or kept as it is and reported (`hold`: `mock` is the mock the reason is about).
 */
export type MockDecision =
  | { kind: 'subsumed' }
  | { kind: 'follow'; move: ResolvedMove; mocks: readonly ModuleCallSite[]; keyEdits: readonly KeyEdit[] }
  | { kind: 'hold'; mock: ModuleCallSite; why: string; todo: string };

/** Per-file state of one run of the ts-move transform, and the queries on the moves that need it. */
export class TsMoveRun {
  readonly ts: TsFile;
  readonly text: string;
  /** Per import binding: may it take its new name (and its references with it)? */
  readonly renameDecisions = new Map<number, boolean>();
  /** References already renamed. */
  readonly renamed = new Set<number>();

  /** Offsets already recorded as legacy sites: one place is one site, whatever records it. */
  private readonly sited = new Set<number>();

  /** The file's context, whose `report` also records each warning or error as a legacy site. */
  readonly ctx: TransformContext;

  constructor(
    ctx: TransformContext,
    readonly index: TypeScriptIndex,
    readonly moves: readonly ResolvedMove[],
    private readonly options: TsMoveOptions,
  ) {
    // Every warning or error this rule reports is a legacy use it could not rewrite: a site for audits and checks.
    this.ctx = {
      ...ctx,
      report: (at, message, severity = 'warning', rule) => {
        ctx.report(at, message, severity, rule);
        // The module is the legacy one the rule moves out of (one `from` per rule), so `check` can name its file.
        const module = this.moves.find((m) => m.rule === rule)?.fromKey ?? '';
        if (severity !== 'info' && rule) {
          const specifier = this.specifierAt(at);
          this.legacySite(at, { rule, module, form: 'unrewritten', symbol: message, ...(specifier === undefined ? {} : { specifier }) });
        }
      },
    };
    this.ts = TsFile.of(ctx, index);
    this.text = ctx.file.text;
  }

  /** The module specifier a report at `at` is about: the string literal there, or the one of the statement there. */
  private specifierAt(at: number): string | undefined {
    const quote = this.text[at];
    if (quote === "'" || quote === '"' || quote === '`') {
      const end = this.text.indexOf(quote, at + 1);
      if (end !== -1 && !this.text.slice(at, end).includes('\n')) return this.text.slice(at + 1, end);
    }
    return this.ts.statements.find((s) => s.node.startIndex === at)?.specifier;
  }

  /** Record a legacy site, once per offset. */
  legacySite(at: number, site: { rule: string; module: string; form: string; symbol: string; specifier?: string; canonical?: string }): void {
    if (this.sited.has(at)) return;
    this.sited.add(at);
    this.ctx.site(at, { ...site, status: 'legacy' });
  }

  /** Does a move take names out of this module? */
  isLegacy(key: string): boolean {
    return this.moves.some((m) => m.fromKey === key);
  }

  /** A move from the module to itself: its specifiers are only respelled. */
  selfMove(key: string): ResolvedMove | undefined {
    return this.moves.find((m) => m.fromKey === key && m.toKey === key);
  }

  /** Where `name` of module `key` goes, if a move covers it. */
  destination(key: string, name: string): Destination | undefined {
    for (const move of this.moves) {
      if (move.fromKey !== key) continue;
      if (move.symbols === '*') return { move, newName: name };
      const newName = move.symbols.get(name);
      if (newName !== undefined) return { move, newName };
    }
    return undefined;
  }

  /**
   * Where the whole module goes, when every name of it goes to one module: a `*` move, or (when its exports are
   * known) every export covered by moves to the same module. `renames`: some name changes on the way.
   */
  whole(key: string): WholeMove | undefined {
    const moves = this.moves.filter((m) => m.fromKey === key);
    const star = moves.find((m) => m.symbols === '*');
    if (star && moves.every((m) => m.toKey === star.toKey)) {
      return { move: star, renames: moves.some((m) => m.symbols !== '*' && [...m.symbols].some(([a, b]) => a !== b)) };
    }
    const exports = this.index.exports[key];
    if (!exports || exports.length === 0 || moves.length === 0) return undefined;
    const dests = exports.map((name) => this.destination(key, name));
    if (dests.some((d) => d === undefined || d.move.toKey !== dests[0]!.move.toKey)) return undefined;
    return { move: dests[0]!.move, renames: dests.some((d, i) => d!.newName !== exports[i]) };
  }

  /** The canonical module's specifier, spelled for this file (and like `original` where the style says so). */
  spell(move: ResolvedMove, original: string | undefined, usage: UsageKind): string {
    return spellModule(this.ts.resolver, move.toRef, move.to, this.ctx.file.path, original, this.options.specifier, usage);
  }

  /** False when the canonical module is in the tree, its exports are known, and `name` is not one (then reported). */
  exportedByTarget(dest: Destination, at: number): boolean {
    if (!('file' in dest.move.toRef)) return true;
    const exports = this.index.exports[dest.move.toRef.file];
    if (!exports || exports.includes(dest.newName)) return true;
    this.ctx.report(at, `${dest.newName} is not exported by ${dest.move.to}: not moved (unsafe)`, 'error', dest.move.rule);
    return false;
  }

  /** Legacy modules this file mocks with a factory that cannot follow the move: its imports of them stay too. */
  readonly frozen = new Map<string, SyntaxNode>();

  /**
   * The legacy modules this file mocks with a factory (`jest.mock('legacy', () => ({…}))`, `vi.mock`, `doMock`,
   * `jest.setMock`), and what happens to them. The mocks and every other use of the module in the file (imports,
   * `export … from`, `require`, `import()`, `requireActual`, `importActual`, other mocks) move together or not at
   * all: after the move the code under test imports the canonical module, so a mock left on the legacy path stops
   * intercepting, and a use moved without its mock reads the real module.
   */
  readonly mockDecisions = new Map<string, MockDecision>();

  /** The cache of {@link moduleCallSites}. */
  private sites: ModuleCallSite[] | undefined;

  /** Like {@link exportedByTarget}, without a finding: a mock's decision is reported as one. */
  targetExports(dest: Destination): boolean {
    if (!('file' in dest.move.toRef)) return true;
    const exports = this.index.exports[dest.move.toRef.file];
    return !exports || exports.includes(dest.newName);
  }

  /** Respell a module string literal to the canonical module (recorded as a legacy site); nothing when it already is. */
  respellString(str: SyntaxNode, move: ResolvedMove, original: string, usage: UsageKind): void {
    const spelling = this.spell(move, original, usage);
    if (spelling === original) return;
    this.legacySite(str.startIndex, { rule: move.rule, module: this.ts.moduleOf(original, usage), form: 'string', symbol: '*', specifier: original, canonical: spelling });
    const { start, end } = stringContentSpan(str);
    this.ctx.edit(start, end, spelling, move.rule);
  }

  /** Delete a statement with its line and the comments that belong to it. */
  deleteStatement(statement: SyntaxNode, rule: string): void {
    deleteLines(this.text, statement, (s, e, t) => this.ctx.edit(s, e, t, rule), JS_COMMENTS);
  }

  /** The 1-based line of a node, for messages. */
  lineOf(node: SyntaxNode): number {
    return node.startPosition.row + 1;
  }

  /** The binding a declaration's name node makes. */
  bindingOf(node: SyntaxNode): TsBinding | undefined {
    return this.ts.analysis.bindings.find((b) => b.node.id === node.id);
  }

  /** The references that resolve to a binding. */
  referencesTo(binding: TsBinding): TsReference[] {
    return this.ts.analysis.references.filter((r) => this.ts.analysis.resolve(r) === binding);
  }

  /** The module calls of this file whose first argument is a plain string, with the module each names (found once). */
  moduleCallSites(): ModuleCallSite[] {
    if (this.sites) return this.sites;
    const callees = new Set(this.options.moduleCalls);
    const out: ModuleCallSite[] = [];
    for (const call of this.ctx.tree.rootNode.descendantsOfType(['call_expression', 'binary_expression'])) {
      const found = moduleCallParts(call);
      if (!found || (found.callee !== 'import' && !callees.has(found.callee))) continue;
      const str = mockedImport(found.callee, found.args[0]) ?? found.args[0];
      const specifier = str && plainStringValue(str);
      if (!str || specifier === undefined || this.ts.suppressed(str)) continue;
      const usage: UsageKind = found.callee === 'import' ? 'dynamic-import' : found.callee.startsWith('vi.') ? 'import' : 'require';
      out.push({ call, callee: found.callee, args: found.args, str, specifier, usage, key: this.ts.moduleOf(specifier, usage) });
    }
    return (this.sites = out);
  }

  /**
   * Why a form that takes a legacy module as a whole cannot follow it, and what to write instead: the moved names
   * by canonical module, as an export list (`export { getClient as getSocket } from '@/services/ws'`).
   */
  movedNamesHint(key: string, whole: WholeMove | undefined, verb = 'export'): string {
    const exports = this.index.exports[key];
    const names = exports ?? this.moves.flatMap((m) => (m.fromKey === key && m.symbols !== '*' ? [...m.symbols.keys()] : []));
    const byModule = new Map<string, { name: string; newName: string }[]>();
    for (const name of names) {
      const d = this.destination(key, name);
      if (!d) continue;
      const list = byModule.get(d.move.to) ?? [];
      list.push({ name, newName: d.newName });
      byModule.set(d.move.to, list);
    }
    const why = whole ? 'its names are renamed on the way' : 'only some of its names move, or they move to different modules';
    if (byModule.size === 0) return why;
    if (verb !== 'export' && verb !== 'import') {
      // A value form: say how to make the names visible, then where each goes.
      const where = [...byModule].map(([to, list]) => `${list.map((n) => (n.newName === n.name ? n.name : `${n.name} → ${n.newName}`)).join(', ')} from '${to}'`);
      return `${why} (${where.join('; ')}); ${verb} and canonize follows them`;
    }
    const lists = [...byModule].map(([to, list]) => `${verb} { ${list.map((n) => (n.newName === n.name ? n.name : `${n.newName} as ${n.name}`)).join(', ')} } from '${to}'`);
    return `${why}; name them instead: ${lists.join('; ')}`;
  }
}
