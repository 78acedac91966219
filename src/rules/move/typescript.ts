/**
 * ts-move: the `move` and `string` rule kinds for TypeScript and JavaScript. A move says that a legacy module, or
 * some of its exports, now live in a canonical module (optionally renamed). Modules are matched by the file a
 * specifier resolves to (the compiler's own resolution, with the nearest tsconfig's `paths` and `baseUrl`), never
 * by spelling. For every file it rewrites:
 *
 * - `import X, { A, B as C, type D } from 'legacy'`, `import type { T }`: moved names leave the statement (which
 *   goes when empty) and are imported from the canonical module — merged into an existing import of it, or in place
 *   of the legacy statement (import editor, src/languages/typescript/imports.ts); type-only and value imports stay apart;
 * - renamed names: references are renamed (scope-aware, JSX element names included; `{ Old }` becomes
 *   `{ Old: New }`, `export { Old }` becomes `export { New as Old }`); when the new name is taken, the import keeps
 *   the old name as an alias;
 * - `export { A as B } from 'legacy'`: the same, keeping the names the module exports;
 * - `import * as ns from 'legacy'` with `ns.A` uses (values and types): respelled when every name it is used for
 *   goes to one module; otherwise the moved uses become named imports;
 * - `import('legacy')`, `require('legacy')`, `jest.requireActual('legacy')` (destructured, bound to a name, or as a
 *   type `typeof import('legacy')`), `jest.mock('legacy')` / `vi.mock(…)` and the other module calls of the
 *   config: rewritten when what they name moves to one module; a mock whose factory only stubs moved names with
 *   `jest.fn()` goes when the file already automocks the canonical module;
 * - `require('legacy').Name`, `import('legacy').then((m) => …)`, `export * from`, side-effect imports and requires,
 *   `/// <reference path>` and JSDoc `import('legacy').Type`: followed when the names read (or the whole module) can be;
 * - a factory mock (`jest.mock('legacy', () => ({…}))`, `vi.mock`, `doMock`, `jest.setMock`) and every other use of
 *   that module in the file move together or not at all, decided per module before anything is rewritten: when all
 *   of it goes to one module the mock is respelled, its factory's literal keys renamed to the canonical names;
 * - a move from a module to itself respells every specifier of it (`../services/ws` → `@/services/ws`).
 *
 * Whatever it cannot follow it reports on its line with what to write instead (names the canonical module does not
 * export, factory mocks that cannot follow the move together with every use of their module in the file, uses whose
 * names cannot be told); docs/ts-move-rule.md has the table of every form.
 */
import { posix } from 'node:path';
import type Parser from 'tree-sitter';
import type { TypeScriptSectionOptions } from '../../languages/typescript/config.js';
import type { TypeScriptMoveSpec } from './spec.js';
import { deleteStatement, JS_COMMENTS } from '../../core/lists.js';
import { spellModule, type SpecifierStyle } from '../../languages/typescript/specifiers.js';
import { moduleKey, TsFile } from '../../languages/typescript/file.js';
import type { TsImportItem, TsModuleStatement } from '../../languages/typescript/imports.js';
import type { UsageKind } from '../../languages/typescript/resolve.js';
import type { TsBinding, TsReference, TsScope } from '../../languages/typescript/scope.js';
import { plainStringValue, stringContentSpan } from '../../languages/typescript/syntax.js';
import type { Transform, TransformContext, TsModuleRef, TypeScriptIndex } from '../../core/types.js';

type SyntaxNode = Parser.SyntaxNode;

/** A move as the planner uses it: compiled from a `typescript.moves[i]` entry. */
export interface CompiledTsMove {
  /** Rule id (the config field path), e.g. `typescript.moves[2]`. */
  rule: string;
  /** The module strings as written in the config. */
  from: string;
  to: string;
  /** `*` for every name; otherwise old name → new name for the names that move. */
  symbols: '*' | ReadonlyMap<string, string>;
}

export interface TsMoveOptions {
  tsconfigs: readonly string[];
  specifier: SpecifierStyle;
  /** Callees whose first argument is a module specifier (`jest.mock`, `require`, …). */
  moduleCalls: readonly string[];
}

/** A move with its modules resolved. */
interface ResolvedMove extends CompiledTsMove {
  fromKey: string;
  toKey: string;
  toRef: TsModuleRef;
}

interface Destination {
  move: ResolvedMove;
  newName: string;
}

/** `/// <reference path="…" />`; group 2 is the path. */
const REFERENCE_PATH = /^\/\/\/\s*<reference\s+path\s*=\s*(["'])([^"'\n]*)\1/;
/** `import('spec')` in a JSDoc comment, with the member read from it (`import('spec').Name`) as group 3. */
const JSDOC_IMPORT = /import\(\s*(['"])([^'"\n]+)\1\s*\)(?:\.([A-Za-z_$][\w$]*))?/g;

/** A jest or vitest config file (`jest.config.js`, `vitest.config.mts`, `jest.config.base.cjs`, …). */
const TEST_CONFIG = /(^|\/)(jest|vitest)\.config(\.[\w-]+)*\.[mc]?[jt]s$/;

/** A root-relative path joined with a relative one; undefined when it climbs above the root. */
function joinPath(dir: string, rel: string): string | undefined {
  const joined = posix.normalize(posix.join(dir || '.', rel));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined;
}

/** A path from one root-relative file to another, as a `/// <reference path>` writes it (`./x.ts`, `../y/z.ts`). */
function relativeFilePath(from: string, to: string): string {
  const rel = posix.relative(posix.dirname(from), to);
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/** Mocks that replace a module (with a factory as their second argument, for some). */
const MOCKS_WITH_FACTORY = new Set(['jest.mock', 'jest.doMock', 'vi.mock', 'vi.doMock']);
/** Calls whose result is the module itself (so the names read from it can be followed). */
const VALUE_CALLS = new Set(['require', 'jest.requireActual', 'jest.requireMock', 'vi.importActual', 'vi.importMock']);

/** Mock calls: what two of them name one module for after the moves is a conflict. */
const MOCK_CALLS = new Set(['jest.mock', 'jest.doMock', 'jest.setMock', 'vi.mock', 'vi.doMock']);

/** A module call of the file (`jest.mock('x', …)`, `require('x')`, `import('x')`, …) with the module it names. */
interface ModuleCallSite {
  call: SyntaxNode;
  callee: string;
  args: readonly SyntaxNode[];
  str: SyntaxNode;
  specifier: string;
  usage: UsageKind;
  key: string;
}

/** A factory key renamed to its canonical name. */
interface KeyEdit {
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
type MockDecision =
  | { kind: 'subsumed' }
  | { kind: 'follow'; move: ResolvedMove; mocks: readonly ModuleCallSite[]; keyEdits: readonly KeyEdit[] }
  | { kind: 'hold'; mock: ModuleCallSite; why: string; todo: string };

/** Per-file state of one run of the transform. */
class MoveRun {
  private readonly ts: TsFile;
  private readonly text: string;
  private readonly renameDecisions = new Map<number, boolean>();
  private readonly renamed = new Set<number>();

  /** Offsets already recorded as legacy sites: one place is one site, whatever records it. */
  private readonly sited = new Set<number>();
  private readonly ctx: TransformContext;

  constructor(
    ctx: TransformContext,
    private readonly index: TypeScriptIndex,
    private readonly moves: readonly ResolvedMove[],
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

  private legacySite(at: number, site: { rule: string; module: string; form: string; symbol: string; specifier?: string; canonical?: string }): void {
    if (this.sited.has(at)) return;
    this.sited.add(at);
    this.ctx.site(at, { ...site, status: 'legacy' });
  }

  private isLegacy(key: string): boolean {
    return this.moves.some((m) => m.fromKey === key);
  }

  /** A move from the module to itself: its specifiers are only respelled. */
  private selfMove(key: string): ResolvedMove | undefined {
    return this.moves.find((m) => m.fromKey === key && m.toKey === key);
  }

  private destination(key: string, name: string): Destination | undefined {
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
  private whole(key: string): { move: ResolvedMove; renames: boolean } | undefined {
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

  private spell(move: ResolvedMove, original: string | undefined, usage: UsageKind): string {
    return spellModule(this.ts.resolver, move.toRef, move.to, this.ctx.file.path, original, this.options.specifier, usage);
  }

  /** False when the canonical module is in the tree, its exports are known, and `name` is not one (then reported). */
  private exportedByTarget(dest: Destination, at: number): boolean {
    if (!('file' in dest.move.toRef)) return true;
    const exports = this.index.exports[dest.move.toRef.file];
    if (!exports || exports.includes(dest.newName)) return true;
    this.ctx.report(at, `${dest.newName} is not exported by ${dest.move.to}: not moved (unsafe)`, 'error', dest.move.rule);
    return false;
  }

  /** Legacy modules this file mocks with a factory that cannot follow the move: its imports of them stay too. */
  private readonly frozen = new Map<string, SyntaxNode>();

  run(): void {
    // Mocks first: a file's factory mock of a legacy module and every use of that module in the file move together
    // or not at all, whatever their order in the file (jest and vitest hoist mocks above the imports).
    this.planMocks();
    this.calls();
    this.comments();
    if (TEST_CONFIG.test(this.ctx.file.path)) this.configPaths();
    for (const stmt of this.ts.statements) {
      if (stmt.specifier === undefined || this.ts.suppressed(stmt.node)) continue;
      this.ctx.handling?.(stmt.node);
      const key = this.ts.moduleOf(stmt.specifier, stmt.requireClause ? 'require' : 'import');
      this.recordSites(stmt, key);
      if (!this.isLegacy(key)) continue;
      const mock = this.frozen.get(key);
      if (!mock) this.statement(stmt, key);
      else {
        // Said on the import's own line too: a reader of this line (and the residue scan) learns why it stays.
        const line = this.text.slice(0, mock.startIndex).split('\n').length;
        const rule = this.moves.find((m) => m.fromKey === key)?.rule ?? 'typescript.moves';
        this.ctx.report(stmt.node.startIndex, `'${stmt.specifier}' stays: this file mocks it with a factory (line ${line}) that cannot follow the move, and this ${stmt.kind === 'export' ? 're-export' : 'import'} must see the same module; not rewritten`, 'warning', rule);
      }
    }
  }

  /**
   * Audit sites of a statement: each name imported through a legacy module (or a canonical module spelled another
   * way) is legacy; a relocated name imported from its canonical module, as the config spells it, is canonical.
   */
  private recordSites(stmt: TsModuleStatement, key: string): void {
    const usage: UsageKind = stmt.requireClause ? 'require' : 'import';
    const self = this.selfMove(key);
    const respelled = self !== undefined && this.spell(self, stmt.specifier, usage) !== stmt.specifier;
    if (stmt.star && this.isLegacy(key) && !self) {
      const rule = this.moves.find((m) => m.fromKey === key)!.rule;
      this.legacySite(stmt.node.startIndex, { rule, module: key, form: 'wildcard', symbol: '*', specifier: stmt.specifier! });
      return;
    }
    for (const item of stmt.items) {
      if (item.kind === 'namespace') continue; // its `ns.Name` uses are the sites (namespaceUses)
      if (respelled) {
        this.legacySite(item.node.startIndex, { rule: self!.rule, module: key, form: 'specifier', symbol: item.name, specifier: stmt.specifier!, canonical: this.spell(self!, stmt.specifier, usage) });
        continue;
      }
      const dest = self ? undefined : this.destination(key, item.name);
      if (dest) {
        this.legacySite(item.node.startIndex, { rule: dest.move.rule, module: key, form: 'from-import', symbol: item.name, specifier: stmt.specifier!, canonical: this.spell(dest.move, stmt.specifier, usage) });
        continue;
      }
      const canonical = this.moves.find((m) => m.toKey === key && (m.symbols === '*' || [...m.symbols.values()].includes(item.name)));
      if (canonical) this.ctx.site(item.node.startIndex, { rule: canonical.rule, status: 'canonical', module: key, form: 'from-import', symbol: item.name });
    }
  }

  // ── import and export … from statements ────────────────────────────────────────────────────────────────────

  private statement(stmt: TsModuleStatement, key: string): void {
    const self = this.selfMove(key);
    if (self) {
      this.ts.editor.respell(stmt, self.toKey, this.spell(self, stmt.specifier, 'import'), self.rule);
      return;
    }
    const whole = this.whole(key);
    if (stmt.star) {
      this.starExport(stmt, key, whole);
      return;
    }
    if (stmt.items.length === 0 && stmt.kind === 'import') {
      // Side-effect `import 'x'`: no name is read, so renames do not matter; it follows a module that moves whole.
      // When only some names move the legacy module stays, and so does the import (its effects are the same).
      if (whole) this.ts.editor.respell(stmt, whole.move.toKey, this.spell(whole.move, stmt.specifier, 'import'), whole.move.rule);
      return;
    }
    if (stmt.namespaceExport) {
      // `export * as ns from`: the namespace object is part of this module's surface; it follows only a module that
      // moves whole, unrenamed (else `ns.Old` would be gone for this module's importers).
      if (whole && !whole.renames) this.ts.editor.respell(stmt, whole.move.toKey, this.spell(whole.move, stmt.specifier, 'import'), whole.move.rule);
      else {
        const rule = this.moves.find((m) => m.fromKey === key)!.rule;
        this.ctx.report(stmt.node.startIndex, `export * as … from legacy module ${stmt.specifier}: not rewritten, ${this.movedNamesHint(key, whole)}`, 'warning', rule);
      }
      return;
    }
    for (const item of stmt.items) {
      if (item.kind === 'namespace') {
        this.namespaceImport(stmt, item, key);
        continue;
      }
      const dest = this.destination(key, item.name);
      if (!dest || this.ts.editor.isMoved(item) || !this.exportedByTarget(dest, item.node.startIndex)) continue;
      const local = stmt.kind === 'export' ? item.local : this.localNameFor(item, dest);
      this.ts.editor.move({
        module: dest.move.toKey,
        spelling: this.spell(dest.move, stmt.specifier, 'import'),
        name: dest.newName,
        local,
        inlineType: item.typeOnly,
        anchor: stmt,
        item,
        typeOnly: stmt.typeOnly,
        rule: dest.move.rule,
      });
    }
  }

  /**
   * `export * from 'legacy'`. It follows a module that moves whole and unrenamed, when the canonical module adds no
   * name that would collide with another `export *` of this file (two stars exporting one name make it ambiguous:
   * TS2308, and the name silently drops out of the module). Otherwise it is reported with the names to re-export.
   */
  private starExport(stmt: TsModuleStatement, key: string, whole: ReturnType<MoveRun['whole']>): void {
    const rule = this.moves.find((m) => m.fromKey === key)!.rule;
    if (whole && !whole.renames) {
      const collisions = this.starCollisions(stmt, key, whole.move.toKey);
      if (collisions.length === 0) {
        this.ts.editor.respell(stmt, whole.move.toKey, this.spell(whole.move, stmt.specifier, 'import'), whole.move.rule);
        return;
      }
      this.ctx.report(
        stmt.node.startIndex,
        `export * from legacy module ${stmt.specifier}: not rewritten: ${whole.move.to} also exports ${collisions.join(', ')}, which another export * of this file may export too (two stars exporting one name make it ambiguous); re-export the names of ${stmt.specifier} by name from ${whole.move.to}`,
        'warning',
        rule,
      );
      return;
    }
    this.ctx.report(stmt.node.startIndex, `export * from legacy module ${stmt.specifier}: not rewritten, ${this.movedNamesHint(key, whole)}`, 'warning', rule);
  }

  /** Names the canonical module exports beyond the legacy one's that another `export *` of this file also exports. */
  private starCollisions(stmt: TsModuleStatement, fromKey: string, toKey: string): string[] {
    const stars = this.ts.statements.filter((other) => other !== stmt && other.star && other.specifier !== undefined);
    if (stars.length === 0) return [];
    const added = this.index.exports[toKey];
    const had = this.index.exports[fromKey];
    // Unknown exports on either side: any other star may collide.
    if (!added || !had) return ['names that cannot be listed'];
    const extra = added.filter((n) => n !== 'default' && !had.includes(n));
    if (extra.length === 0) return [];
    const others = new Set<string>();
    for (const other of stars) {
      const otherKey = this.ts.moduleOf(other.specifier!, 'import');
      const dest = this.whole(otherKey);
      const names = this.index.exports[dest && !dest.renames ? dest.move.toKey : otherKey];
      // The index lists the exports of the modules the rule's config names; of another module, nothing is known.
      if (!names) return extra;
      for (const name of names) others.add(name);
    }
    return extra.filter((n) => others.has(n));
  }

  /**
   * Why a form that takes a legacy module as a whole cannot follow it, and what to write instead: the moved names
   * by canonical module, as an export list (`export { getClient as getSocket } from '@/services/ws'`).
   */
  private movedNamesHint(key: string, whole: ReturnType<MoveRun['whole']>, verb = 'export'): string {
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

  // ── jest / vitest configs: `<rootDir>/src/lib/old.ts` paths (moduleNameMapper targets, setup files) ─────────

  /**
   * In a jest or vitest config, a `'<rootDir>/…'` string names a file by path, not by specifier: a mapper target
   * (`'^socket$': '<rootDir>/src/lib/socket.ts'`) or a setup file. One naming a legacy file is rewritten to the
   * canonical file when the module moves there whole and unrenamed, else reported. `rootDir` is the config's
   * directory, or what a literal `rootDir: '…'` in it says; strings with regex replacements (`$1`) are patterns,
   * not files, and are left to the reader.
   */
  private configPaths(): void {
    const base = posix.dirname(this.ctx.file.path);
    const declared = /\brootDir\s*:\s*(['"])([^'"\n]*)\1/.exec(this.text)?.[2];
    const rootDir = declared === undefined ? base : joinPath(base, declared);
    if (rootDir === undefined) return;
    for (const str of this.ctx.tree.rootNode.descendantsOfType('string')) {
      const value = plainStringValue(str);
      if (value === undefined || !value.startsWith('<rootDir>/') || /[$()*]/.test(value) || this.ts.suppressed(str)) continue;
      const target = joinPath(rootDir, value.slice('<rootDir>/'.length));
      if (target === undefined) continue;
      this.ctx.handling?.(str);
      const key = this.ts.moduleOf(relativeFilePath(this.ctx.file.path, target), 'require');
      if (!this.isLegacy(key)) continue;
      const rule = this.moves.find((m) => m.fromKey === key)!.rule;
      const whole = this.whole(key);
      const at = str.startIndex + 1;
      if (!whole || whole.renames || !('file' in whole.move.toRef)) {
        const why = whole && !whole.renames ? `${whole.move.to} is not a file in the tree` : whole ? `its names are renamed on the way to ${whole.move.to}` : 'only some of its names move, or they move to different modules';
        this.ctx.report(at, `'${value}' in this test config names legacy file ${key}: not rewritten, ${why} (point it at the canonical file once what it maps or sets up uses the canonical names)`, 'warning', rule);
        continue;
      }
      const file = whole.move.toRef.file;
      const rel = posix.relative(rootDir || '.', file);
      // As written: with the extension when the legacy path had one.
      const spelling = `<rootDir>/${/\.[mc]?[jt]sx?$/.test(value) ? rel : rel.replace(/(\/index)?\.(d\.)?[mc]?[jt]sx?$/, '')}`;
      if (spelling === value) continue;
      this.legacySite(at, { rule: whole.move.rule, module: key, form: 'string', symbol: '*', specifier: value, canonical: spelling });
      this.ctx.edit(at, at + value.length, spelling, whole.move.rule);
    }
  }

  // ── module paths in comments: `/// <reference path>`, JSDoc `import('legacy').Type` ──────────────────────

  private comments(): void {
    if (!this.text.includes('<reference') && !this.text.includes('import(')) return;
    for (const comment of this.ctx.tree.rootNode.descendantsOfType('comment')) {
      const text = comment.text;
      if (this.ts.suppressed(comment)) continue;
      const reference = REFERENCE_PATH.exec(text);
      if (reference) {
        this.ctx.handling?.(comment);
        this.referencePath(comment.startIndex + reference.index + reference[0].length - 1 - reference[2]!.length, reference[2]!);
        continue;
      }
      if (!text.startsWith('/*') || !text.includes('import(')) continue;
      this.ctx.handling?.(comment);
      for (const m of text.matchAll(JSDOC_IMPORT)) this.jsdocImport(comment.startIndex + m.index!, m);
    }
  }

  /**
   * `/// <reference path="../lib/old.ts" />`: a file path (not a specifier) relative to this file. It follows a
   * legacy file that moves whole, unrenamed, to a file in the tree (written relative, with its extension).
   */
  private referencePath(at: number, path: string): void {
    const target = this.ts.resolver.resolve(path.startsWith('.') || path.startsWith('/') ? path : `./${path}`, this.ctx.file.path, 'import');
    if (target === undefined || !this.isLegacy(target)) return;
    const rule = this.moves.find((m) => m.fromKey === target)!.rule;
    const whole = this.whole(target);
    if (!whole || whole.renames || !('file' in whole.move.toRef)) {
      this.ctx.report(at, `/// <reference path="${path}"> names a legacy file: not rewritten, ${whole && !whole.renames ? `${whole.move.to} is not a file in the tree` : this.movedNamesHint(target, whole, 'import')}`, 'warning', rule);
      return;
    }
    const spelling = relativeFilePath(this.ctx.file.path, whole.move.toRef.file);
    this.legacySite(at, { rule: whole.move.rule, module: target, form: 'reference-path', symbol: '*', specifier: path, canonical: spelling });
    this.ctx.edit(at, at + path.length, spelling, whole.move.rule);
  }

  /** `import('legacy').Name` / `typeof import('legacy')` in a JSDoc type (a JS file's types). */
  private jsdocImport(at: number, m: RegExpMatchArray): void {
    const specifier = m[2]!;
    const key = this.ts.moduleOf(specifier, 'import');
    if (!this.isLegacy(key)) return;
    const rule = this.moves.find((mv) => mv.fromKey === key)!.rule;
    const specAt = at + m[0].indexOf(m[1]! + specifier) + 1;
    const respell = (move: ResolvedMove) => {
      const spelling = this.spell(move, specifier, 'import');
      if (spelling === specifier) return;
      this.legacySite(specAt, { rule: move.rule, module: key, form: 'jsdoc', symbol: m[3] ?? '*', specifier, canonical: spelling });
      this.ctx.edit(specAt, specAt + specifier.length, spelling, move.rule);
    };
    const self = this.selfMove(key);
    if (self) return respell(self);
    const name = m[3];
    if (name !== undefined) {
      const dest = this.destination(key, name);
      if (!dest || !this.exportedByTarget(dest, specAt)) return;
      respell(dest.move);
      const nameAt = at + m[0].length - name.length;
      if (dest.newName !== name) this.ctx.edit(nameAt, nameAt + name.length, dest.newName, dest.move.rule);
      return;
    }
    const whole = this.whole(key);
    if (whole && !whole.renames) return respell(whole.move);
    this.ctx.report(specAt, `import('${specifier}') in a JSDoc type names a legacy module as a whole: not rewritten, ${this.movedNamesHint(key, whole, 'import')}`, 'warning', rule);
  }

  /**
   * The local name of a moved import: an alias (or a default import's name) is kept; a renamed name takes its new
   * name (and the file's references follow) when that is safe, else keeps its old name as an alias.
   */
  private localNameFor(item: TsImportItem, dest: Destination): string {
    if (item.kind === 'default' || item.alias !== undefined || dest.newName === item.name || dest.newName === 'default') return item.local;
    return this.renameBinding(item.localNode, dest) ? dest.newName : item.name;
  }

  private bindingOf(node: SyntaxNode): TsBinding | undefined {
    return this.ts.analysis.bindings.find((b) => b.node.id === node.id);
  }

  private referencesTo(binding: TsBinding): TsReference[] {
    return this.ts.analysis.references.filter((r) => this.ts.analysis.resolve(r) === binding);
  }

  /** Does this binding (an import) bind, after the moves, `newName` of module `toKey`? */
  private bindsSameSymbol(binding: TsBinding, toKey: string, newName: string): boolean {
    for (const stmt of this.ts.statements) {
      if (stmt.kind !== 'import' || stmt.specifier === undefined) continue;
      const item = stmt.items.find((i) => i.localNode.id === binding.node.id);
      if (!item) continue;
      const key = this.ts.moduleOf(stmt.specifier, stmt.requireClause ? 'require' : 'import');
      if (key === toKey) return item.name === newName;
      const dest = this.destination(key, item.name);
      return dest !== undefined && dest.move.toKey === toKey && dest.newName === newName;
    }
    return false;
  }

  /**
   * Whether `newName` can be bound in `scope` to `toKey.newName` without changing what any identifier means:
   * nothing else binds it there, no identifier uses it unbound (a global), and no scope between a site that will
   * use it and `scope` binds it.
   */
  private canBind(scope: TsScope, newName: string, toKey: string, sites: readonly TsScope[]): boolean {
    const analysis = this.ts.analysis;
    for (const b of scope.bindings.get(newName) ?? []) if (!this.bindsSameSymbol(b, toKey, newName)) return false;
    for (const ref of analysis.references) {
      if (ref.name !== newName) continue;
      const target = analysis.resolve(ref);
      if (!target) return false;
      if (target.scope === scope && !this.bindsSameSymbol(target, toKey, newName)) return false;
    }
    for (const site of sites) {
      for (let s: TsScope | undefined = site; s && s !== scope; s = s.parent) if (s.bindings.has(newName)) return false;
    }
    return true;
  }

  /** Rename an import binding and its references to `dest.newName`, unless that is unsafe. */
  private renameBinding(localNode: SyntaxNode, dest: Destination): boolean {
    const known = this.renameDecisions.get(localNode.id);
    if (known !== undefined) return known;
    const binding = this.bindingOf(localNode);
    const refs = binding ? this.referencesTo(binding) : [];
    const ok = binding !== undefined && this.canBind(binding.scope, dest.newName, dest.move.toKey, refs.map((r) => r.scope));
    this.renameDecisions.set(localNode.id, ok);
    if (!ok) return false;
    for (const ref of refs) this.renameReference(ref, dest.newName, dest.move.rule);
    return true;
  }

  private renameReference(ref: TsReference, newName: string, rule: string): void {
    // A call rule replaced the expression this reference stands in: nothing left to rename there.
    if (this.renamed.has(ref.node.id) || this.ts.isClaimed(ref.node)) return;
    this.renamed.add(ref.node.id);
    const { startIndex: s, endIndex: e } = ref.node;
    if (ref.shorthand) this.ctx.edit(s, e, `${ref.name}: ${newName}`, rule);
    else if (ref.exportSpecifier && !ref.node.parent?.childForFieldName('alias')) this.ctx.edit(s, e, `${newName} as ${ref.name}`, rule);
    else this.ctx.edit(s, e, newName, rule);
  }

  // ── namespaces: `import * as ns`, `import ns = require(…)`, `const ns = await import(…)` ─────────────────────

  /** How a namespace binding is used: `ns.Name` sites (values and types), and any other use. */
  private namespaceUses(binding: TsBinding): { sites: { node: SyntaxNode; name: string; nameNode: SyntaxNode; scope: TsScope; type: boolean }[]; bare: number } {
    const sites: { node: SyntaxNode; name: string; nameNode: SyntaxNode; scope: TsScope; type: boolean }[] = [];
    let bare = 0;
    for (const ref of this.referencesTo(binding)) {
      if (this.ts.isGone(ref.node)) continue; // replaced by a call rule: no longer a use
      const parent = ref.node.parent;
      const member =
        parent && parent.type === 'member_expression' && parent.childForFieldName('object')?.id === ref.node.id
          ? parent.childForFieldName('property')
          : parent && parent.type === 'nested_identifier' && parent.childForFieldName('object')?.id === ref.node.id
            ? parent.childForFieldName('property')
            : parent && parent.type === 'nested_type_identifier' && parent.childForFieldName('module')?.id === ref.node.id
              ? parent.childForFieldName('name')
              : null;
      if (member && parent && /identifier$/.test(member.type)) {
        sites.push({ node: parent, name: member.text, nameNode: member, scope: ref.scope, type: parent.type !== 'member_expression' });
      } else bare++;
    }
    return { sites, bare };
  }

  private namespaceImport(stmt: TsModuleStatement, item: TsImportItem, key: string): void {
    const binding = this.bindingOf(item.localNode);
    if (!binding) return;
    const { sites, bare } = this.namespaceUses(binding);
    const rule = this.moves.find((m) => m.fromKey === key)!.rule;
    for (const site of sites) {
      const dest = this.destination(key, site.name);
      if (dest) this.legacySite(site.node.startIndex, { rule: dest.move.rule, module: key, form: 'module-attribute', symbol: site.name, specifier: stmt.specifier! });
    }
    const usage: UsageKind = stmt.requireClause ? 'require' : 'import';
    const followed = this.followNamespace(key, sites, bare, { at: stmt.node.startIndex, specifier: stmt.specifier! });
    if (followed === 'none') return;
    if (followed !== 'mixed') {
      this.ts.editor.respell(stmt, followed.move.toKey, this.spell(followed.move, stmt.specifier, usage), followed.move.rule);
      return;
    }
    const asWhole = `${item.local} is used as a whole here (passed on, stored or exported), so the names read from it cannot be told`;
    if (stmt.requireClause) {
      const why = bare > 0 ? asWhole : 'is used for names that move to different modules';
      this.ctx.report(stmt.node.startIndex, `${item.local} = require(${stmt.specifier}) ${bare > 0 ? `stays: ${why}` : why}: not rewritten`, 'warning', rule);
      return;
    }
    // The namespace import stays for those uses; the `ns.A` that move are imported by name below.
    if (bare > 0) this.ctx.report(stmt.node.startIndex, `${asWhole}: the namespace import stays, ${this.movedNamesHint(key, this.whole(key), 'import')}`, 'warning', rule);
    // Mixed: each moved `ns.Name` becomes a named import of the canonical module.
    let remaining = sites.length + bare;
    const byName = new Map<string, { dest: Destination; group: typeof sites }>();
    for (const site of sites) {
      const dest = this.destination(key, site.name);
      if (!dest || !this.exportedByTarget(dest, site.node.startIndex)) continue;
      const entry = byName.get(`${dest.move.toKey}\0${dest.newName}`) ?? { dest, group: [] };
      entry.group.push(site);
      byName.set(`${dest.move.toKey}\0${dest.newName}`, entry);
    }
    for (const { dest, group } of byName.values()) {
      if (!this.canBind(binding.scope, dest.newName, dest.move.toKey, group.map((g) => g.scope))) {
        for (const site of group) this.ctx.report(site.node.startIndex, `cannot import ${dest.newName} from ${dest.move.to}: the name is taken here; ${site.node.text} left as it is`, 'warning', dest.move.rule);
        continue;
      }
      for (const site of group) this.ctx.edit(site.node.startIndex, site.node.endIndex, dest.newName, dest.move.rule);
      remaining -= group.length;
      this.ts.editor.add({
        module: dest.move.toKey,
        spelling: this.spell(dest.move, stmt.specifier, 'import'),
        name: dest.newName,
        local: dest.newName,
        inlineType: false,
        anchor: stmt,
        typeOnly: group.every((g) => g.type),
        rule: dest.move.rule,
      });
    }
    if (remaining === 0 && byName.size > 0) this.ts.editor.remove(stmt, item, rule);
  }

  /**
   * Where a namespace-like binding of a legacy module can go as a whole: `none` (no name it is used for moves),
   * the move every used name takes (then `ns.Old` members are renamed here), or `mixed`.
   */
  private followNamespace(
    key: string,
    sites: readonly { node: SyntaxNode; name: string; nameNode: SyntaxNode }[],
    bare: number,
    anchor: { at: number; specifier: string },
  ): 'none' | 'mixed' | { move: ResolvedMove } {
    const self = this.selfMove(key);
    if (self) return { move: self };
    const whole = this.whole(key);
    // Bound and never read: only loading the module is left, which follows a module that moves whole.
    if (sites.length === 0 && bare === 0) return whole ? { move: whole.move } : 'none';
    const dests = sites.map((s) => this.destination(key, s.name));
    if (bare > 0) {
      // The module object itself is used (passed on, stored, exported): whatever is read from it elsewhere may be a
      // moved name, even when no `ns.A` here is.
      if (whole && !whole.renames) return { move: whole.move };
      return 'mixed';
    }
    if (dests.every((d) => d === undefined)) return 'none';
    const first = dests[0];
    if (!first || dests.some((d) => d === undefined || d.move.toKey !== first.move.toKey)) return 'mixed';
    const missing = sites.findIndex((s, i) => !this.exportedByTarget(dests[i]!, s.node.startIndex));
    if (missing !== -1) {
      // The error is where the name is read; the specifier that stays (on its own line) is said here too, so that
      // the legacy reference left is accounted for.
      const dest = dests[missing]!;
      this.ctx.report(anchor.at, `'${anchor.specifier}' not rewritten: ${dest.newName}, which ${sites[missing]!.name} moves to, is not exported by ${dest.move.to} (reported where it is read)`, 'warning', dest.move.rule);
      return 'none';
    }
    sites.forEach((s, i) => {
      if (dests[i]!.newName !== s.name) this.ctx.edit(s.nameNode.startIndex, s.nameNode.endIndex, dests[i]!.newName, dests[i]!.move.rule);
    });
    return { move: first.move };
  }

  // ── module strings: import(), require(), jest.mock(), … ────────────────────────────────────────────────────

  private calls(): void {
    for (const site of this.moduleCallSites()) {
      // `vi.mock(import('x'), …)` is met through its `import('x')` (mockConsumer finds the mock around it).
      if (site.str !== site.args[0]) continue;
      this.ctx.handling?.(site.call);
      if (!this.isLegacy(site.key)) continue;
      if (this.mockConsumer(site.call, site.callee, site.str, site.specifier, site.key, site.usage, site.args)) continue;
      this.moduleCall(site.call, site.callee, site.str, site.specifier, site.key, site.usage, site.args);
    }
  }

  private respellString(str: SyntaxNode, move: ResolvedMove, original: string, usage: UsageKind): void {
    const spelling = this.spell(move, original, usage);
    if (spelling === original) return;
    this.legacySite(str.startIndex, { rule: move.rule, module: this.ts.moduleOf(original, usage), form: 'string', symbol: '*', specifier: original, canonical: spelling });
    const { start, end } = stringContentSpan(str);
    this.ctx.edit(start, end, spelling, move.rule);
  }

  private moduleCall(call: SyntaxNode, callee: string, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, args: readonly SyntaxNode[]): void {
    const rule = this.moves.find((m) => m.fromKey === key)!.rule;
    const self = this.selfMove(key);
    if (self) {
      this.respellString(str, self, specifier, usage);
      return;
    }
    const whole = this.whole(key);
    const isValue = callee === 'import' || VALUE_CALLS.has(callee);
    if (!isValue) {
      if (MOCKS_WITH_FACTORY.has(callee) && args.length > 1) {
        this.mockWithFactory(call, args[1]!, callee, key, whole, rule, specifier);
        return;
      }
      if (!whole) {
        this.ctx.report(str.startIndex, `${callee}('${specifier}') names a legacy module only some of whose names move: not rewritten (mock the modules the names you use come from)`, 'warning', rule);
        return;
      }
      // A mock that would duplicate one that stays goes: one of the canonical module, or an earlier legacy one (which
      // is respelled). Two legacy spellings of one module: the first is kept, never both dropped.
      const duplicate = this.automocks(callee, whole.move.toKey).find((c) => c.id !== call.id && (c.startIndex < call.startIndex || this.mocksCanonical(c, callee, whole.move.toKey)));
      const statement = call.parent?.type === 'expression_statement' ? call.parent : undefined;
      if (duplicate && statement) {
        this.deleteStatement(statement, whole.move.rule);
        return;
      }
      this.respellString(str, whole.move, specifier, usage);
      return;
    }
    // The module's value: follow what is read from it.
    let holder: SyntaxNode = call;
    let awaited = false;
    while (holder.parent && (holder.parent.type === 'await_expression' || holder.parent.type === 'parenthesized_expression')) {
      holder = holder.parent;
      awaited ||= holder.type === 'await_expression';
    }
    const parent = holder.parent;
    const typeofOperand = call.parent?.type === 'unary_expression' && call.parent.child(0)?.type === 'typeof';
    if (call.parent?.type === 'type_query' || typeofOperand || (call.parent?.type === 'member_expression' && this.inType(call))) {
      this.typeImport(call, str, specifier, key, usage, whole, rule);
      return;
    }
    // An `import()` not awaited is a promise of the module: what it is used for is read through `.then(m => …)`.
    const promise = callee === 'import' && !awaited;
    let told: string[] | undefined;
    if (parent?.type === 'expression_statement') {
      // `require('legacy');`, `await import('legacy');`: loaded for its effects alone, no name is read, so renames do
      // not matter. When only some names move the legacy module stays, and so do its effects.
      if (whole) this.respellString(str, whole.move, specifier, usage);
      return;
    }
    if (promise) {
      const param = thenParameter(holder);
      if (param !== undefined) {
        const followed = this.followBound(param, str, specifier, key, usage, rule);
        if (followed === true) return;
        if (followed) told = followed;
      } else if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.id === holder.id) {
        const binding = this.bindingOf(parent.childForFieldName('name')!);
        if (binding && this.referencesTo(binding).length === 0 && !exportedDeclaration(binding.node) && whole) {
          // A promise nobody reads: only loading the module is left, and it moves whole.
          this.respellString(str, whole.move, specifier, usage);
          return;
        }
      }
    } else if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.id === holder.id) {
      const followed = this.followBound(parent.childForFieldName('name')!, str, specifier, key, usage, rule);
      if (followed === true) return;
      if (followed) told = followed;
    } else if (parent?.type === 'member_expression' && parent.childForFieldName('object')?.id === holder.id) {
      // `require('legacy').Name`, `(await import('legacy')).Name`: the one name read.
      const prop = parent.childForFieldName('property');
      if (prop?.type === 'property_identifier') {
        this.memberOfModule(prop, str, specifier, key, usage);
        return;
      }
    }
    if (whole && !whole.renames) {
      this.respellString(str, whole.move, specifier, usage);
      return;
    }
    const what = promise ? `${callee}('${specifier}') is a promise of the module here` : `${callee}('${specifier}')`;
    const how = promise ? 'await it and destructure the names you use' : 'destructure the names you use';
    // The names read are known (`m.A`, `m.B`), but they do not all go to one module, so no one specifier serves them.
    const why = told ? `the names read from this legacy module here (${told.join(', ')}) do not all go to one module` : 'the names read from this legacy module cannot be told';
    this.ctx.report(str.startIndex, `${what}: ${why}: not rewritten, ${this.movedNamesHint(key, whole, how)}`, 'warning', rule);
  }

  /**
   * The module bound to a pattern (`const m = require(…)`, `const { A } = await import(…)`, `.then((m) => …)`):
   * follow the names read through it. False when they cannot be told, or the names read (`m.A` alone) when they can
   * but go to different modules (the caller reports, or respells a whole unrenamed move).
   */
  private followBound(name: SyntaxNode, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, rule: string): true | false | string[] {
    if (name.type === 'object_pattern') {
      this.destructured(name, str, specifier, key, usage, rule);
      return true;
    }
    if (name.type !== 'identifier') return false;
    const binding = this.bindingOf(name);
    if (!binding) return false;
    const { sites, bare } = this.namespaceUses(binding);
    // `export const m = require(…)`: other files read the module through m, by names this file cannot see.
    const untold = bare + (exportedDeclaration(name) ? 1 : 0);
    const followed = this.followNamespace(key, sites, untold, { at: str.startIndex, specifier });
    if (followed === 'none') return true;
    if (followed === 'mixed') return untold === 0 ? [...new Set(sites.map((s) => s.name))].sort() : false;
    this.respellString(str, followed.move, specifier, usage);
    return true;
  }

  /** `require('legacy').Name`: respelled (and the name renamed) when Name moves; left alone when it stays. */
  private memberOfModule(prop: SyntaxNode, str: SyntaxNode, specifier: string, key: string, usage: UsageKind): void {
    const dest = this.destination(key, prop.text);
    if (!dest || !this.exportedByTarget(dest, prop.startIndex)) return;
    this.respellString(str, dest.move, specifier, usage);
    if (dest.newName !== prop.text) this.ctx.edit(prop.startIndex, prop.endIndex, dest.newName, dest.move.rule);
  }

  private inType(node: SyntaxNode): boolean {
    for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
      if (n.type === 'type_annotation' || n.type === 'type_arguments' || n.type === 'type_alias_declaration' || n.type === 'type_query') return true;
      if (n.type.endsWith('statement') || n.type === 'program') return false;
    }
    return false;
  }

  /** `typeof import('legacy')`, `import('legacy').Name` in a type. */
  private typeImport(call: SyntaxNode, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, whole: ReturnType<MoveRun['whole']>, rule: string): void {
    const parent = call.parent!;
    if (parent.type === 'member_expression') {
      const prop = parent.childForFieldName('property')!;
      const dest = this.destination(key, prop.text);
      if (!dest) return;
      if (!this.exportedByTarget(dest, prop.startIndex)) return;
      this.respellString(str, dest.move, specifier, usage);
      if (dest.newName !== prop.text) this.ctx.edit(prop.startIndex, prop.endIndex, dest.newName, dest.move.rule);
      return;
    }
    if (whole && !whole.renames) this.respellString(str, whole.move, specifier, usage);
    else this.ctx.report(str.startIndex, `typeof import('${specifier}') names a legacy module whose names do not all move unrenamed to one module: not rewritten, ${this.movedNamesHint(key, whole, 'import')}`, 'warning', rule);
  }

  /** `const { A, B: b } = await import('legacy')` / `require('legacy')`. */
  private destructured(pattern: SyntaxNode, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, rule: string): void {
    const props: { node: SyntaxNode; name: string; shorthand: boolean }[] = [];
    for (const p of pattern.namedChildren) {
      if (p.type === 'shorthand_property_identifier_pattern') props.push({ node: p, name: p.text, shorthand: true });
      else if (p.type === 'object_assignment_pattern') {
        const left = p.childForFieldName('left')!;
        props.push({ node: left, name: left.text, shorthand: true });
      } else if (p.type === 'pair_pattern') {
        const k = p.childForFieldName('key')!;
        if (k.type !== 'property_identifier') return this.unknownNames(str, specifier, rule);
        props.push({ node: k, name: k.text, shorthand: false });
      } else return this.unknownNames(str, specifier, rule); // `...rest`
    }
    const dests = props.map((p) => this.destination(key, p.name));
    if (dests.every((d) => d === undefined)) return;
    const first = dests[0];
    if (!first || dests.some((d) => d === undefined || d.move.toKey !== first.move.toKey)) {
      this.ctx.report(str.startIndex, `the names destructured from '${specifier}' here move to different modules, or only some move: not rewritten (split the destructuring, one per module: ${this.movedNamesHint(key, undefined, 'import').replace(/^[^;]*; name them instead: /, '')})`, 'warning', rule);
      return;
    }
    if (props.some((p, i) => !this.exportedByTarget(dests[i]!, p.node.startIndex))) return;
    this.respellString(str, first.move, specifier, usage);
    props.forEach((p, i) => {
      const newName = dests[i]!.newName;
      if (newName === p.name) return;
      this.ctx.edit(p.node.startIndex, p.node.endIndex, p.shorthand ? `${newName}: ${p.name}` : newName, dests[i]!.move.rule);
    });
  }

  private unknownNames(str: SyntaxNode, specifier: string, rule: string): void {
    this.ctx.report(str.startIndex, `the names read from '${specifier}' here cannot be told (a rest element or a computed key): not rewritten; destructure the names you use by name and canonize follows them`, 'warning', rule);
  }

  /** Automock calls (no factory) in this file of the module `toKey`, as it stands after the moves. */
  /** Does this automock call name the canonical module `toKey` itself (so it stays as it is)? */
  private mocksCanonical(call: SyntaxNode, callee: string, toKey: string): boolean {
    const spec = plainStringValue(moduleCallParts(call)!.args[0]!);
    return spec !== undefined && this.ts.moduleOf(spec, callee.startsWith('vi.') ? 'import' : 'require') === toKey;
  }

  private automocks(callee: string, toKey: string): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const call of this.ctx.tree.rootNode.descendantsOfType(['call_expression', 'binary_expression'])) {
      const found = moduleCallParts(call);
      if (!found || found.callee !== callee || found.args.length !== 1) continue;
      const spec = plainStringValue(found.args[0]!);
      if (spec === undefined) continue;
      const key = this.ts.moduleOf(spec, callee.startsWith('vi.') ? 'import' : 'require');
      const whole = key === toKey ? undefined : this.whole(key);
      if (key === toKey || whole?.move.toKey === toKey || this.selfMove(key)?.toKey === toKey) out.push(call);
    }
    return out;
  }

  // ── mocks with factories: one decision per legacy module and file, made before anything is rewritten ─────────

  /**
   * The legacy modules this file mocks with a factory (`jest.mock('legacy', () => ({…}))`, `vi.mock`, `doMock`,
   * `jest.setMock`), and what happens to them. The mocks and every other use of the module in the file (imports,
   * `export … from`, `require`, `import()`, `requireActual`, `importActual`, other mocks) move together or not at
   * all: after the move the code under test imports the canonical module, so a mock left on the legacy path stops
   * intercepting, and a use moved without its mock reads the real module.
   */
  private readonly mockDecisions = new Map<string, MockDecision>();

  private sites: ModuleCallSite[] | undefined;

  /** The module calls of this file whose first argument is a plain string, with the module each names (found once). */
  private moduleCallSites(): ModuleCallSite[] {
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

  /** Decide, per legacy module this file mocks with a factory, whether the mocks follow the move (with their uses). */
  private planMocks(): void {
    if (!/ock\s*[(<]/.test(this.text)) return; // no `mock(`, `doMock(`, `setMock(`: nothing to decide (most files)
    const sites = this.moduleCallSites();
    const factories = sites.filter(isFactoryMock);
    const keys = new Set(factories.filter((m) => this.isLegacy(m.key) && !this.selfMove(m.key)).map((m) => m.key));
    for (const key of keys) {
      const decision = this.decideMocks(key, sites);
      this.mockDecisions.set(key, decision);
      // The file's import statements of a held module stay with the mock (run() reports each).
      if (decision.kind === 'hold') this.frozen.set(key, decision.mock.call);
    }
  }

  private decideMocks(key: string, sites: readonly ModuleCallSite[]): MockDecision {
    const mocks = sites.filter((s) => s.key === key && isFactoryMock(s));
    const first = mocks[0]!;
    const whole = this.whole(key);
    if (whole && mocks.every((m) => this.subsumedMock(m, whole.move.toKey))) return { kind: 'subsumed' };
    const hold = (mock: ModuleCallSite, why: string, todo: string): MockDecision => ({ kind: 'hold', mock, why, todo });
    if (!whole) {
      return hold(first, 'its names move to different modules, or only some of them move', 'mock each module the code under test now imports, with the names it takes from there, then move the imports');
    }
    const to = whole.move.to;
    // Two mocks of one module after the move: which one wins is not ours to choose.
    for (const other of sites) {
      if (other.key === key || !MOCK_CALLS.has(other.callee) || this.mockedAfter(other.key) !== whole.move.toKey) continue;
      const kind = isFactoryMock(other) ? 'mocks' : 'automocks';
      return hold(first, `the file also ${kind} '${other.specifier}' (line ${this.lineOf(other.call)}), which is where this mock would go`, `merge the two into one mock of ${to}`);
    }
    const keyEdits: KeyEdit[] = [];
    if (whole.renames) {
      const renames = this.renamesOf(key);
      for (const mock of mocks) {
        const edits = this.factoryKeyEdits(mock, key);
        if (typeof edits === 'string') return hold(mock, `its names are renamed and ${edits}`, `write the factory's keys as the canonical names (${renames}) and mock ${to}`);
        keyEdits.push(...edits);
      }
    }
    const stuck = this.useThatCannotFollow(key, sites, mocks, whole.renames);
    if (stuck) return hold(first, `${stuck.what} on line ${this.lineOf(stuck.node)} ${stuck.why}, so it cannot follow the move with the mock`, stuck.todo);
    return { kind: 'follow', move: whole.move, mocks, keyEdits };
  }

  /** A mock the existing automock of the canonical module makes redundant: it only stubs moved names with bare `fn()`. */
  private subsumedMock(mock: ModuleCallSite, toKey: string): boolean {
    const keys = mock.callee === 'jest.setMock' ? undefined : stubbedKeys(mock.args[1]!, mock.callee.split('.')[0]!);
    if (!keys || mock.call.parent?.type !== 'expression_statement') return false;
    return keys.every((k) => this.destination(mock.key, k)?.move.toKey === toKey) && this.automocks(mock.callee, toKey).length > 0;
  }

  /** The module a mock of `key` mocks once the moves are done (when all of it goes to one module). */
  private mockedAfter(key: string): string {
    if (!this.isLegacy(key)) return key;
    return this.selfMove(key)?.toKey ?? this.whole(key)?.move.toKey ?? key;
  }

  private lineOf(node: SyntaxNode): number {
    return node.startPosition.row + 1;
  }

  /** `getSocket → getClient, …`: the renames of the moves of a legacy module, for messages. */
  private renamesOf(key: string): string {
    const pairs: string[] = [];
    for (const m of this.moves) {
      if (m.fromKey !== key || m.symbols === '*') continue;
      for (const [a, b] of m.symbols) if (a !== b) pairs.push(`${a} → ${b}`);
    }
    return pairs.join(', ');
  }

  /**
   * The edits that rename the keys of a factory's returned object literal(s) to the canonical names, or why they
   * cannot be told: a factory that is not a function written here, one that returns something else, a computed
   * key, a spread of anything but the module's own actual exports, a renamed name the canonical module lacks.
   */
  private factoryKeyEdits(mock: ModuleCallSite, key: string): KeyEdit[] | string {
    const factory = mock.args[1]!;
    const objects = mock.callee === 'jest.setMock' ? (unwrapExpression(factory).type === 'object' ? [unwrapExpression(factory)] : 'its module object is not an object literal') : returnedObjects(factory);
    if (typeof objects === 'string') return objects;
    const edits: KeyEdit[] = [];
    for (const object of objects) {
      const entries: { node: SyntaxNode; name: string; kind: 'identifier' | 'string' | 'shorthand' }[] = [];
      for (const p of object.namedChildren) {
        if (p.type === 'comment') continue;
        if (p.type === 'spread_element') {
          if (!this.isActualModule(p.namedChildren[0] ?? null, key, factory)) return `the factory spreads ${brief(p.text)}, whose keys cannot be told`;
          continue;
        }
        if (p.type === 'shorthand_property_identifier') {
          entries.push({ node: p, name: p.text, kind: 'shorthand' });
          continue;
        }
        const k = p.type === 'pair' ? p.childForFieldName('key') : p.type === 'method_definition' ? p.childForFieldName('name') : null;
        if (!k) return `the factory's ${brief(p.text)} cannot be told`;
        if (k.type === 'number') continue; // not a name a module exports
        // `['name']` is a plain key too.
        const keyNode = k.type === 'computed_property_name' && k.namedChildren.length === 1 && k.namedChildren[0]!.type === 'string' ? k.namedChildren[0]! : k;
        const name = keyNode.type === 'property_identifier' ? keyNode.text : keyNode.type === 'string' ? plainStringValue(keyNode) : undefined;
        if (name === undefined) return `the factory's key ${brief(k.text)} is computed`;
        entries.push({ node: keyNode, name, kind: keyNode.type === 'string' ? 'string' : 'identifier' });
      }
      const names = new Set(entries.map((e) => e.name));
      for (const e of entries) {
        const dest = this.destination(key, e.name);
        if (!dest || dest.newName === e.name) continue;
        if (!this.targetExports(dest)) return `${dest.newName} (for the factory's ${e.name}) is not exported by ${dest.move.to}`;
        if (names.has(dest.newName)) return `the factory would have two keys ${dest.newName}`;
        if (e.kind === 'string') edits.push({ ...stringContentSpan(e.node), text: dest.newName, rule: dest.move.rule });
        else edits.push({ start: e.node.startIndex, end: e.node.endIndex, text: e.kind === 'shorthand' ? `${dest.newName}: ${e.name}` : dest.newName, rule: dest.move.rule });
      }
    }
    return edits;
  }

  /**
   * A factory mock that now replaces the canonical module, which exports names the legacy module did not: unless
   * the factory spreads the actual module, they are missing in this test for everything that imports them. Said
   * (as information: the mock is right to move) so that a failing test is not a mystery.
   */
  private noteUnmockedExports(call: SyntaxNode, factory: SyntaxNode, callee: string, key: string, move: ResolvedMove): void {
    const legacy = this.index.exports[key];
    const canonical = 'file' in move.toRef ? this.index.exports[move.toRef.file] : undefined;
    if (!legacy || !canonical) return;
    const objects = callee === 'jest.setMock' ? [unwrapExpression(factory)].filter((o) => o.type === 'object') : returnedObjects(factory);
    if (typeof objects === 'string' || objects.length === 0) return; // what the factory returns cannot be told
    const spreadsActual = objects.every((o) => o.namedChildren.some((p) => p.type === 'spread_element' && this.isActualModule(p.namedChildren[0] ?? null, key, factory)));
    if (spreadsActual) return;
    const covered = new Set(legacy.map((name) => this.destination(key, name)?.newName ?? name));
    const extra = canonical.filter((name) => !covered.has(name));
    if (extra.length === 0) return;
    const list = extra.length > 6 ? `${extra.slice(0, 6).join(', ')}, … (${extra.length})` : extra.join(', ');
    const actual = callee.startsWith('vi.') ? `await vi.importActual('${move.to}')` : `jest.requireActual('${move.to}')`;
    this.ctx.report(call.startIndex, `${callee} now mocks all of ${move.to}, which also exports ${list}: this factory does not return them, so they are missing in this test wherever they are imported (spread ${actual} into it if that matters)`, 'info', move.rule);
  }

  /** Like {@link exportedByTarget}, without a finding: a mock's decision is reported as one. */
  private targetExports(dest: Destination): boolean {
    if (!('file' in dest.move.toRef)) return true;
    const exports = this.index.exports[dest.move.toRef.file];
    return !exports || exports.includes(dest.newName);
  }

  /**
   * Is `node` the module's own exports, whose keys follow the move by themselves: `jest.requireActual('legacy')`,
   * `vi.importActual`, `await importOriginal()` (the factory's first parameter), or a name bound to one of those.
   */
  private isActualModule(node: SyntaxNode | null, key: string, factory: SyntaxNode, depth = 0): boolean {
    if (!node || depth > 4) return false;
    const value = unwrapExpression(node);
    if (value.type === 'identifier') {
      const ref = this.ts.analysis.references.find((r) => r.node.id === value.id);
      const binding = ref && this.ts.analysis.resolve(ref);
      const declarator = binding?.node.parent;
      if (!binding || declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.id !== binding.node.id) return false;
      return this.isActualModule(declarator.childForFieldName('value'), key, factory, depth + 1);
    }
    const parts = moduleCallParts(value);
    if (!parts) return false;
    if (parts.args.length === 0) {
      const param = factory.childForFieldName('parameters')?.namedChildren[0] ?? factory.childForFieldName('parameter');
      const paramName = param?.type === 'identifier' ? param : param?.childForFieldName('pattern');
      return paramName?.type === 'identifier' && paramName.text === parts.callee;
    }
    const spec = parts.args[0] && plainStringValue(parts.args[0]);
    if (spec === undefined || !(parts.callee === 'import' || VALUE_CALLS.has(parts.callee))) return false;
    return this.ts.moduleOf(spec, parts.callee === 'import' ? 'dynamic-import' : parts.callee.startsWith('vi.') ? 'import' : 'require') === key;
  }

  /**
   * A use of the legacy module outside its mocks that would not follow the move, so that the mocks must stay with
   * it: a name that does not move or that the canonical module does not export; with renames also a namespace, a
   * `require()` or an `import()` whose names cannot all be told (without renames those are respelled as a whole).
   */
  private useThatCannotFollow(key: string, sites: readonly ModuleCallSite[], mocks: readonly ModuleCallSite[], renames: boolean): { what: string; node: SyntaxNode; why: string; todo: string } | undefined {
    const spec = sites.find((s) => s.key === key)!.specifier;
    const untold = `name what it reads from '${spec}' there (destructure it, or read ns.Name), then run again`;
    /** Why a name read from the module cannot go where the mocks go, if it cannot. */
    const stuck = (name: string, node: SyntaxNode, what: string) => {
      const dest = this.destination(key, name);
      if (!dest) return { what, node, why: `reads ${name}, which does not move`, todo: `import ${name} apart from the mocked module, then run again` };
      if (this.targetExports(dest)) return undefined;
      const why = dest.newName === name ? `reads ${name}, which ${dest.move.to} does not export` : `reads ${name}, and ${dest.move.to} does not export ${dest.newName}`;
      return { what, node, why, todo: `export ${dest.newName} from ${dest.move.to}, then run again` };
    };
    for (const stmt of this.ts.statements) {
      if (stmt.specifier === undefined || this.ts.suppressed(stmt.node)) continue;
      if (this.ts.moduleOf(stmt.specifier, stmt.requireClause ? 'require' : 'import') !== key) continue;
      const what = stmt.kind === 'export' ? 'the re-export' : 'the import';
      if (renames && (stmt.star || stmt.namespaceExport)) return { what, node: stmt.node, why: 're-exports all of it', todo: 're-export the names by name, then run again' };
      for (const item of stmt.items) {
        if (item.kind === 'namespace') {
          const binding = this.bindingOf(item.localNode);
          const uses = binding && this.namespaceUses(binding);
          if (!renames || !uses) continue;
          if (uses.bare > 0) return { what: `${what} as ${item.local}`, node: item.node, why: `is used other than as ${item.local}.Name`, todo: untold };
          for (const u of uses.sites) {
            const why = stuck(u.name, item.node, `${what} as ${item.local}`);
            if (why) return why;
          }
        } else {
          const why = stuck(item.name, item.node, what);
          if (why) return why;
        }
      }
    }
    for (const site of sites) {
      if (site.key !== key || !(site.callee === 'import' || VALUE_CALLS.has(site.callee)) || mockAround(site.call)) continue;
      const typeofOperand = site.call.parent?.type === 'unary_expression' && site.call.parent.child(0)?.type === 'typeof';
      if (mocks.some((m) => isWithin(site.call, m.args[1]!)) || typeofOperand || this.inType(site.call) || site.call.parent?.type === 'type_query') continue;
      let holder: SyntaxNode = site.call;
      while (holder.parent && (holder.parent.type === 'await_expression' || holder.parent.type === 'parenthesized_expression')) holder = holder.parent;
      const declarator = holder.parent?.type === 'variable_declarator' && holder.parent.childForFieldName('value')?.id === holder.id ? holder.parent : undefined;
      const name = declarator?.childForFieldName('name');
      const what = `${site.callee}('${site.specifier}')`;
      const untoldUse = { what, node: site.call, why: 'is used so that the names read from it cannot be told', todo: untold };
      /** Why a destructuring of the module cannot follow: a key that cannot be told, or a name that is stuck. */
      const destructuring = (pattern: SyntaxNode) => {
        for (const p of pattern.namedChildren) {
          const k = p.type === 'pair_pattern' ? p.childForFieldName('key') : p.type === 'object_assignment_pattern' ? p.childForFieldName('left') : p;
          const plain = k && (k.type === 'property_identifier' || k.type === 'shorthand_property_identifier_pattern' || k.type === 'identifier');
          if (!plain) return untoldUse;
          const why = stuck(k.text, site.call, what);
          if (why) return why;
        }
        return undefined;
      };
      if (name?.type === 'object_pattern') {
        const why = destructuring(name);
        if (why) return why;
        continue;
      }
      const awaited = holder.type === 'await_expression' || holder.namedChildren.some((c) => c.type === 'await_expression');
      const member = holder.parent?.type === 'member_expression' && holder.parent.childForFieldName('object')?.id === holder.id ? holder.parent.childForFieldName('property') : null;
      if (member?.type === 'property_identifier' && (site.callee !== 'import' || awaited)) {
        // `require('legacy').Name`, `(await import('legacy')).Name`: the one name read, followed by the value path.
        const why = stuck(member.text, site.call, what);
        if (why) return why;
        continue;
      }
      if (holder.parent?.type === 'expression_statement') continue; // `require('legacy');`: reads no name
      const param = site.callee === 'import' && !awaited ? thenParameter(holder) : undefined;
      if (param?.type === 'object_pattern') {
        // `import('legacy').then(({ A }) => …)`: the names destructured, like `const { A } = await import(…)`.
        const why = destructuring(param);
        if (why) return why;
        continue;
      }
      if (!renames) continue; // bound to a name or used otherwise: respelled as a whole
      const bound = param?.type === 'identifier' ? param : name;
      const binding = bound?.type === 'identifier' ? this.bindingOf(bound) : undefined;
      const uses = binding && this.namespaceUses(binding);
      if (!uses || uses.bare > 0) return untoldUse;
      for (const u of uses.sites) {
        const why = stuck(u.name, site.call, what);
        if (why) return why;
      }
    }
    return undefined;
  }

  /**
   * A module call of a legacy module this file mocks with a factory: the mocks themselves, and the file's other
   * uses, which go where the mocks go. True when handled here; false for the ordinary path (a use outside the
   * factories of mocks that follow the move: it follows by itself, {@link useThatCannotFollow} made sure).
   */
  private mockConsumer(call: SyntaxNode, callee: string, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, args: readonly SyntaxNode[]): boolean {
    const rule = this.moves.find((m) => m.fromKey === key)!.rule;
    const decision = this.mockDecisions.get(key);
    // `vi.mock(import('legacy'), …)`: the import() only names the module of the mock around it.
    const around = mockAround(call);
    const mock = around && isFactoryMock(around) ? around : isFactoryMock({ callee, args }) ? { call, callee, args } : undefined;
    if (mock && decision) {
      this.mockWithFactory(mock.call, mock.args[1]!, mock.callee, key, this.whole(key), rule, specifier);
      return true;
    }
    if (around && decision?.kind !== 'hold') {
      // An automock: it follows the module wherever all of it goes, whatever the names.
      const whole = this.whole(key);
      if (whole) this.respellString(str, whole.move, specifier, 'import');
      else this.ctx.report(str.startIndex, `${around.callee}(import('${specifier}')) names a legacy module only some of whose names move: not rewritten`, 'warning', rule);
      return true;
    }
    if (!decision || decision.kind === 'subsumed') return false;
    if (decision.kind === 'hold') {
      const line = this.lineOf(decision.mock.call);
      const message = isWithin(call, decision.mock.args[1]!)
        ? `'${specifier}' stays: it is read inside the factory of the mock on line ${line}, which cannot follow the move; not rewritten`
        : `'${specifier}' stays: this file mocks it with a factory (line ${line}) that cannot follow the move, and this ${callee === 'import' ? 'import()' : callee} must see the same module; not rewritten`;
      this.ctx.report(str.startIndex, message, 'warning', rule);
      return true;
    }
    const inFactory = decision.mocks.some((m) => isWithin(call, m.args[1]!));
    if (!inFactory) return false;
    // Inside a factory that follows the move, every use names the module being mocked: it goes where the mock goes.
    if (call.parent?.type === 'member_expression' && this.inType(call)) return false; // `import('legacy').Name`: renamed by typeImport
    let holder: SyntaxNode = call;
    while (holder.parent && (holder.parent.type === 'await_expression' || holder.parent.type === 'parenthesized_expression')) holder = holder.parent;
    const declarator = holder.parent?.type === 'variable_declarator' && holder.parent.childForFieldName('value')?.id === holder.id ? holder.parent : undefined;
    const name = declarator?.childForFieldName('name');
    if (name?.type === 'object_pattern') return false; // destructured: the keys are renamed by the ordinary path
    if (name?.type === 'identifier') {
      const binding = this.bindingOf(name);
      for (const site of binding ? this.namespaceUses(binding).sites : []) {
        const dest = this.destination(key, site.name);
        if (dest && dest.newName !== site.name) this.ctx.edit(site.nameNode.startIndex, site.nameNode.endIndex, dest.newName, dest.move.rule);
      }
    }
    this.respellString(str, decision.move, specifier, usage);
    return true;
  }

  /**
   * `jest.mock('legacy', factory)`, `vi.mock`, `jest.doMock`, `vi.doMock`, `jest.setMock`, as decided for its
   * module: respelled to the canonical module (its factory's keys renamed to the canonical names) when it follows;
   * removed when the file's automock of the canonical module makes the same bare `fn()` stubs; else reported, with
   * why and what to do, and every other use of the module in the file stays with it.
   */
  private mockWithFactory(call: SyntaxNode, factory: SyntaxNode, callee: string, key: string, whole: ReturnType<MoveRun['whole']>, rule: string, specifier: string): void {
    const decision = this.mockDecisions.get(key);
    const parts = moduleCallParts(call);
    const str = parts && (mockedImport(callee, parts.args[0]) ?? parts.args[0]);
    if (!decision || !str) return;
    if (decision.kind === 'subsumed') {
      if (whole && call.parent?.type === 'expression_statement') this.deleteStatement(call.parent, whole.move.rule);
      return;
    }
    if (decision.kind === 'follow') {
      this.respellString(str, decision.move, specifier, callee.startsWith('vi.') ? 'import' : 'require');
      for (const e of decision.keyEdits) if (e.start >= factory.startIndex && e.end <= factory.endIndex) this.ctx.edit(e.start, e.end, e.text, e.rule);
      this.noteUnmockedExports(call, factory, callee, key, decision.move);
      return;
    }
    const stays = decision.mock.call.id === call.id ? 'stays on the legacy module' : `stays with the mock on line ${this.lineOf(decision.mock.call)}`;
    this.ctx.report(call.startIndex, `${callee}('${specifier}', factory) ${stays}: ${decision.why}; not rewritten, nor this file's other uses of '${specifier}' (${decision.todo})`, 'warning', rule);
  }

  private deleteStatement(statement: SyntaxNode, rule: string): void {
    deleteStatement(this.text, statement, (s, e, t) => this.ctx.edit(s, e, t, rule), JS_COMMENTS);
  }

}

/**
 * The callee and arguments of a call. tree-sitter-typescript reads a call with type arguments whose first one
 * starts with `typeof` (`jest.requireActual<typeof import('x')>('x')`) as `a < b > (c)`; that shape counts too, and
 * so does an awaited call with type arguments, which it reads as a call of `await callee`.
 */
function moduleCallParts(node: SyntaxNode): { callee: string; args: SyntaxNode[] } | undefined {
  if (node.type === 'call_expression') {
    let fn = node.childForFieldName('function');
    // `await vi.importActual<T>('x')` reads as `(await vi.importActual)<T>('x')`: the callee is what is awaited.
    if (fn?.type === 'await_expression' && node.childForFieldName('type_arguments')) fn = fn.namedChildren.find((c) => c.type !== 'comment') ?? null;
    const args = node.childForFieldName('arguments');
    if (!fn || !args || args.type !== 'arguments') return undefined;
    return { callee: fn.type === 'import' ? 'import' : fn.text.replace(/\s+/g, ''), args: args.namedChildren.filter((c) => c.type !== 'comment') };
  }
  if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.type !== '>') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type !== 'binary_expression' || left.childForFieldName('operator')?.type !== '<' || right?.type !== 'parenthesized_expression') return undefined;
  let fn = left.childForFieldName('left');
  if (fn?.type === 'await_expression') fn = fn.namedChildren.find((c) => c.type !== 'comment') ?? null; // as above
  if (!fn || (fn.type !== 'identifier' && fn.type !== 'member_expression')) return undefined;
  const inner = right.namedChildren[0];
  if (!inner) return undefined;
  return { callee: fn.text.replace(/\s+/g, ''), args: inner.type === 'sequence_expression' ? inner.namedChildren : [inner] };
}

/** Is this name bound by an exported declaration (`export const m = …`)? */
function exportedDeclaration(name: SyntaxNode): boolean {
  const declarator = name.parent;
  const declaration = declarator?.type === 'variable_declarator' ? declarator.parent : null;
  return declaration?.parent?.type === 'export_statement';
}

/**
 * The parameter of the callback an un-awaited `import()` is handed to: `import('x').then((m) => …)`,
 * `.then(function ({ A }) { … })`. Undefined for any other use of the promise.
 */
function thenParameter(promise: SyntaxNode): SyntaxNode | undefined {
  const member = promise.parent;
  if (member?.type !== 'member_expression' || member.childForFieldName('object')?.id !== promise.id) return undefined;
  if (member.childForFieldName('property')?.text !== 'then') return undefined;
  const call = member.parent;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== member.id) return undefined;
  const callback = call.childForFieldName('arguments')?.namedChildren.find((c) => c.type !== 'comment');
  if (!callback || (callback.type !== 'arrow_function' && callback.type !== 'function_expression' && callback.type !== 'function')) return undefined;
  const single = callback.childForFieldName('parameter');
  if (single) return single;
  const first = callback.childForFieldName('parameters')?.namedChildren.find((c) => c.type !== 'comment');
  if (!first) return undefined;
  if (first.type === 'required_parameter') return first.childForFieldName('pattern') ?? undefined;
  return first.type === 'identifier' || first.type === 'object_pattern' ? first : undefined;
}

/** A mock that replaces a module with what its second argument makes (`jest.setMock`: what it is). */
function isFactoryMock(site: { callee: string; args: readonly SyntaxNode[] }): boolean {
  return (MOCKS_WITH_FACTORY.has(site.callee) || site.callee === 'jest.setMock') && site.args.length > 1;
}

/** `vi.mock(import('x'), …)`: the string of the import() that names the mock's module. */
function mockedImport(callee: string, first: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!first || !MOCK_CALLS.has(callee) || first.type !== 'call_expression' || first.childForFieldName('function')?.type !== 'import') return undefined;
  return first.childForFieldName('arguments')?.namedChildren[0];
}

/** The mock an `import('x')` is the first argument of (`vi.mock(import('x'), …)`), if it is one. */
function mockAround(call: SyntaxNode): { call: SyntaxNode; callee: string; args: readonly SyntaxNode[] } | undefined {
  const outer = call.parent?.type === 'arguments' ? call.parent.parent : null;
  const parts = outer && moduleCallParts(outer);
  if (!outer || !parts || !MOCK_CALLS.has(parts.callee) || parts.args[0]?.id !== call.id) return undefined;
  return { call: outer, ...parts };
}

/** Is `node` inside `outer` (or `outer` itself)? */
function isWithin(node: SyntaxNode, outer: SyntaxNode): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** An expression without the wrappers that do not change its value: parentheses, `await`, `as`, `satisfies`, `!`. */
function unwrapExpression(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' || n.type === 'await_expression' || n.type === 'as_expression' || n.type === 'satisfies_expression' || n.type === 'non_null_expression') {
      const inner = n.namedChildren.find((c) => c.type !== 'comment');
      if (!inner) return n;
      n = inner;
    } else return n;
  }
}

const FUNCTION_TYPES = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'generator_function', 'generator_function_declaration', 'method_definition', 'class', 'class_declaration']);

/**
 * The object literals a mock factory returns: the body of `() => ({…})`, or every `return {…}` of a function body
 * (not of the functions inside it). Else why not.
 */
function returnedObjects(factory: SyntaxNode): SyntaxNode[] | string {
  if (factory.type !== 'arrow_function' && factory.type !== 'function_expression' && factory.type !== 'function') return `the factory ${brief(factory.text)} is not a function written here`;
  const body = factory.childForFieldName('body');
  if (!body) return 'the factory has no body';
  if (body.type !== 'statement_block') {
    const value = unwrapExpression(body);
    return value.type === 'object' ? [value] : 'the factory does not return an object literal';
  }
  const returns: SyntaxNode[] = [];
  const walk = (n: SyntaxNode): void => {
    for (const c of n.namedChildren) {
      if (c.type === 'return_statement') returns.push(c);
      else if (!FUNCTION_TYPES.has(c.type)) walk(c);
    }
  };
  walk(body);
  if (returns.length === 0) return 'the factory returns nothing';
  const objects: SyntaxNode[] = [];
  for (const r of returns) {
    const value = r.namedChildren.find((c) => c.type !== 'comment');
    const object = value && unwrapExpression(value);
    if (object?.type !== 'object') return 'the factory does not return an object literal';
    objects.push(object);
  }
  return objects;
}

/** A construct's text for a message: one line, at most 40 characters. */
function brief(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

/** The keys of a factory `() => ({ a: jest.fn(), b: jest.fn() })` whose every value is a bare `<ns>.fn()`; else undefined. */
function stubbedKeys(factory: SyntaxNode, ns: string): string[] | undefined {
  if (factory.type !== 'arrow_function') return undefined;
  let body = factory.childForFieldName('body');
  while (body?.type === 'parenthesized_expression') body = body.namedChildren[0] ?? null;
  if (body?.type !== 'object') return undefined;
  const keys: string[] = [];
  for (const p of body.namedChildren) {
    if (p.type !== 'pair') return undefined;
    const k = p.childForFieldName('key')!;
    const v = p.childForFieldName('value')!;
    if (k.type !== 'property_identifier' || v.type !== 'call_expression' || v.childForFieldName('function')?.text !== `${ns}.fn`) return undefined;
    if (v.childForFieldName('arguments')!.namedChildren.length > 0) return undefined;
    keys.push(k.text);
  }
  return keys;
}

/** The needle a module string gives before the project index exists: its last path segment, without extension. */
function specNeedle(spec: string): string {
  const parts = spec.replace(/\/+$/, '').split('/');
  const last = parts.pop()!.replace(/\.(d\.)?[mc]?[jt]sx?$/, '');
  return last === 'index' && parts.length > 0 ? parts.pop()! : last;
}

/**
 * Does any of `words` occur where a string literal can hold it: after a quote on its line, or anywhere after a
 * backtick (a template literal can span lines)? Cheap and sound for module specifiers, which are always strings.
 */
export function inQuotes(text: string, words: readonly string[]): boolean {
  const firstBacktick = text.indexOf('`');
  return words.some((word) => {
    // A needle that holds its own quote (`'.'`, the index of the directory) is in quotes wherever it occurs.
    if (/^['"`]/.test(word)) return text.includes(word);
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      if (firstBacktick !== -1 && firstBacktick < at) return true;
      const line = text.slice(text.lastIndexOf('\n', at) + 1, at);
      if (line.includes("'") || line.includes('"')) return true;
    }
    return false;
  });
}

/** The ts-move transform of a config's `typescript` section (none when it has no moves). */
export function compileTypeScriptMoves(spec: TypeScriptSectionOptions & { moves: readonly TypeScriptMoveSpec[] }): Transform[] {
  if (spec.moves.length === 0) return [];
  const moves = spec.moves.map((move, i): CompiledTsMove => ({
    rule: `typescript.moves[${i}]`,
    from: move.from,
    to: move.to,
    symbols: move.symbols === '*' ? '*' : Array.isArray(move.symbols) ? new Map(move.symbols.map((n) => [n, n])) : new Map(Object.entries(move.symbols)),
  }));
  return [createTsMoveTransform(moves, { tsconfigs: spec.tsconfigs, specifier: spec.specifier, moduleCalls: spec.moduleCalls })];
}

/** Build the ts-move transform for a list of compiled moves. */
export function createTsMoveTransform(moves: readonly CompiledTsMove[], options: TsMoveOptions): Transform {
  const specs = [...new Set(moves.flatMap((m) => [m.from, m.to]))];
  const fields = moves.flatMap((m) => [
    { spec: m.from, field: `${m.rule}.from` },
    { spec: m.to, field: `${m.rule}.to` },
  ]);
  // Before the project index is built, the spelling's last segment is a needle (`@/lib/socket` → `socket`).
  const needles = [...new Set(moves.map((m) => specNeedle(m.from)))];
  return {
    id: 'ts-move',
    languages: ['typescript', 'tsx'],
    needles,
    typescriptIndex: { tsconfigs: options.tsconfigs, modules: fields, exportsOf: specs, needlesOf: moves.map((m) => m.from) },
    projectNeedles: (project) => project.typescript?.needles ?? [],
    // Everything the rule changes or reports on is a module specifier, a string: a needle found only outside strings
    // (a comment about "the socket service", an identifier) rules the file out.
    mightApply: (text, { collectSites, project }) => collectSites || inQuotes(text, [...needles, ...(project.typescript?.needles ?? [])]),
    run(ctx) {
      const index = ctx.project.typescript;
      if (!index) return;
      const resolved: ResolvedMove[] = [];
      for (const m of moves) {
        const fromRef = index.modules[m.from];
        const toRef = index.modules[m.to];
        if (!fromRef || !toRef) continue;
        resolved.push({ ...m, fromKey: moduleKey(fromRef), toKey: moduleKey(toRef), toRef });
      }
      // The canonical module never imports from itself; the legacy module may still import the canonical one.
      const applicable = resolved.filter((m) => m.toKey !== ctx.file.path);
      if (applicable.length > 0) new MoveRun(ctx, index, applicable, options).run();
    },
  };
}
