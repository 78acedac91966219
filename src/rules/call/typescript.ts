/**
 * ts-call: the `call` rule kind in TypeScript and JavaScript, with python-call's decisions: a call whose leading
 * callee is imported from a configured module becomes the canonical call; calls inside exception tests are reported.
 * What each form does: docs/call-rule.md.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { matchPattern, type Match } from './pattern.js';
import { renderTemplatePieces, templateEdits, type TemplatePiece } from './template.js';
import { ExceptionTests, relationsHold } from './relations.js';
import { moduleKey, TsFile } from '../../languages/typescript/file.js';
import type { TsImportItem, TsModuleStatement } from '../../languages/typescript/module-statements.js';
import type { TsReference } from '../../languages/typescript/scope.js';
import { spellModule, type SpecifierStyle } from '../../languages/typescript/specifiers.js';
import type { Transform, TransformContext } from '../../core/types.js';
import type { TsModuleRef, TypeScriptIndex } from '../../languages/typescript/facts-data.js';
import { exceptionTestMessage, type CompiledCall } from './compiled.js';
import { reportTsPatches } from './patches-typescript.js';


export interface TsCallOptions {
  tsconfigs: readonly string[];
  specifier: SpecifierStyle;
}

/** Function-like nodes (whose `async` keyword decides whether an `await` may be added). */
const FUNCTIONS = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) if (FUNCTIONS.has(n.type)) return n;
  return undefined;
}

/** `call:none`, `call:positional` (a TS call has no keyword arguments), with `new` and `:awaited`. */
function callForm(node: SyntaxNode): string {
  const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
  const kind = node.type === 'new_expression' ? 'new' : 'call';
  return `${kind}:${args.length === 0 ? 'none' : 'positional'}${node.parent?.type === 'await_expression' ? ':awaited' : ''}`;
}

/** The import item (with its statement) that binds a name, through the file's scopes. */
interface ImportOf {
  stmt: TsModuleStatement;
  item: TsImportItem;
  key: string;
}

class TsCallRun {
  private refsByNode: Map<number, TsReference> | undefined;
  private readonly touched = new Map<TsImportItem, { imp: ImportOf; rule: string }>();
  /** Calls a rule has already taken (rewritten or reported): the first rule that matches a call wins. */
  private readonly taken = new Set<number>();
  private tests: ExceptionTests | undefined;

  private get exceptionTests(): ExceptionTests {
    return (this.tests ??= new ExceptionTests(this.ctx.file.language, this.ctx.tree, this.ctx.file.text));
  }

  constructor(
    private readonly ctx: TransformContext,
    private readonly ts: TsFile,
    private readonly index: TypeScriptIndex,
    private readonly options: TsCallOptions,
  ) {}

  /** Mocks and spies of a legacy callee the rules rewrite (src/rules/call/patches-typescript.ts). */
  reportPatches(rules: readonly CompiledCall[]): void {
    reportTsPatches(this.ctx, this.ts, rules, {
      keyOf: (ref) => this.keyOf(ref),
      namespaceKey: (identifier) => {
        const imp = this.importOf(identifier);
        return imp?.item.kind === 'namespace' ? imp.key : undefined;
      },
    });
  }

  private keyOf(spec: string): string | undefined {
    const ref = this.index.modules[spec];
    return ref ? moduleKey(ref) : undefined;
  }

  private importOf(identifier: SyntaxNode): ImportOf | undefined {
    this.refsByNode ??= new Map(this.ts.analysis.references.map((r) => [r.node.id, r]));
    const ref = this.refsByNode.get(identifier.id);
    const binding = ref ? this.ts.analysis.resolve(ref) : undefined;
    if (!binding) return undefined;
    for (const stmt of this.ts.statements) {
      if (stmt.kind !== 'import' || stmt.specifier === undefined) continue;
      const item = stmt.items.find((i) => i.localNode.id === binding.node.id);
      if (item) return { stmt, item, key: this.ts.moduleOf(stmt.specifier, stmt.requireClause ? 'require' : 'import') };
    }
    return undefined;
  }

  /** What a callee refers to: `{ key, name }` for an imported name, or `ns.name` with a namespace import. */
  private qualified(code: SyntaxNode): { key: string; name: string; imp: ImportOf } | undefined {
    if (code.type === 'identifier') {
      const imp = this.importOf(code);
      return imp && imp.item.kind !== 'namespace' ? { key: imp.key, name: imp.item.name, imp } : undefined;
    }
    if (code.type === 'member_expression') {
      const object = code.childForFieldName('object');
      const imp = object?.type === 'identifier' ? this.importOf(object) : undefined;
      return imp && imp.item.kind === 'namespace' ? { key: imp.key, name: code.childForFieldName('property')!.text, imp } : undefined;
    }
    return undefined;
  }

  /** Record the calls that already use a rule's canonical callee. */
  recordCanonical(rules: readonly CompiledCall[]): void {
    const targets = new Map<string, string>();
    for (const r of rules) {
      const key = r.to !== undefined ? this.keyOf(r.to) : undefined;
      if (key !== undefined && r.template.root && !targets.has(`${key}\0${r.template.root}`)) targets.set(`${key}\0${r.template.root}`, r.rule);
    }
    if (targets.size === 0) return;
    for (const node of this.ctx.tree.rootNode.descendantsOfType(['call_expression', 'new_expression'])) {
      const callee = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function');
      const q = callee ? this.qualified(callee) : undefined;
      const rule = q ? targets.get(`${q.key}\0${q.name}`) : undefined;
      if (q && rule && !this.ts.suppressed(node)) this.ctx.site(node.startIndex, { rule, status: 'canonical', module: q.key, form: callForm(node), symbol: q.name });
    }
  }

  rewrite(rule: CompiledCall): void {
    if (rule.whenImported) {
      const keys = rule.whenImported.map((m) => this.keyOf(m));
      if (!this.ts.statements.some((s) => s.specifier !== undefined && keys.includes(this.ts.moduleOf(s.specifier, 'import')))) return;
    }
    const fromKeys = rule.from.map((m) => this.keyOf(m)).filter((k): k is string => k !== undefined);
    if (rule.from.length > 0 && fromKeys.length === 0) return;
    const anchorName = rule.patterns[0]!.anchor?.text;
    let anchored: ReturnType<TsCallRun['qualified']>;
    const anchor =
      fromKeys.length > 0 && anchorName
        ? (code: SyntaxNode) => {
            const q = this.qualified(code);
            const ok = q !== undefined && fromKeys.includes(q.key) && q.name === anchorName;
            if (ok) anchored = q;
            return ok;
          }
        : undefined;
    const types = [...new Set(rule.patterns.map((p) => p.root.type))];
    for (const node of this.ctx.tree.rootNode.descendantsOfType(types)) {
      if (this.taken.has(node.id) || this.ts.isClaimed(node) || this.ts.suppressed(node)) continue;
      let match: Match | undefined;
      anchored = undefined;
      for (const pattern of rule.patterns) {
        if (pattern.root.type === node.type && (match = matchPattern(pattern, node, anchor ? { anchor } : {}))) break;
      }
      if (!match || !relationsHold(node, rule.relations)) continue;
      this.taken.add(node.id);
      this.ctx.handling?.(node);
      this.site(rule, match, anchored);
    }
    if (anchor && rule.patterns.some((p) => p.plain.type === 'call_expression' && p.plain.children[0]?.anchor === true)) {
      this.reportPassedCallee(rule, (code) => {
        anchored = undefined;
        return anchor(code) ? anchored : undefined;
      });
    }
  }

  /**
   * `expect(makeClient).toThrow()`, `assert.throws(makeClient)`: the legacy callee passed uncalled to an exception
   * assertion, which calls it. There is no call to rewrite: reported (whatever `exceptionTests` says) and counted as
   * legacy.
   */
  private reportPassedCallee(rule: CompiledCall, legacy: (code: SyntaxNode) => ReturnType<TsCallRun['qualified']>): void {
    for (const { arg, label } of this.passedToAssertions()) {
      if (this.taken.has(arg.id) || this.ts.isClaimed(arg) || this.ts.suppressed(arg)) continue;
      const q = legacy(arg);
      if (!q || !relationsHold(arg, rule.relations)) continue;
      this.taken.add(arg.id);
      this.ctx.site(arg.startIndex, { rule: rule.rule, status: 'legacy', module: q.key, form: 'call:callable', symbol: q.name });
      this.ctx.report(arg.startIndex, `${arg.text} is passed to ${label}, which calls it to assert that it throws: not rewritten (a call rule rewrites calls; migrate this test by hand if the canonical callee throws the same)`, 'warning', rule.rule);
    }
  }

  private passed: { arg: SyntaxNode; label: string }[] | undefined;

  /** Names passed to an exception assertion that calls them (once per file, for every rule). */
  private passedToAssertions(): { arg: SyntaxNode; label: string }[] {
    if (this.passed) return this.passed;
    this.passed = [];
    if (!/expect|assert/.test(this.ctx.file.text)) return this.passed;
    for (const call of this.ctx.tree.rootNode.descendantsOfType('call_expression')) {
      const fn = call.childForFieldName('function');
      if (!fn || !/^(expect|assert\.(throws|rejects))$/.test(fn.text)) continue;
      for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg.type !== 'identifier' && arg.type !== 'member_expression') continue;
        // Only what the assertion itself calls: an argument of `assert.throws(...)`, or of the `expect(...)` a
        // matcher chain starts from.
        const test = this.exceptionTests.around(arg);
        let start = test?.ancestor;
        while (start?.type === 'member_expression') start = start.childForFieldName('object') ?? undefined;
        if (test && start?.id === call.id) this.passed.push({ arg, label: test.label });
      }
    }
    return this.passed;
  }

  private site(rule: CompiledCall, match: Match, anchored: ReturnType<TsCallRun['qualified']>): void {
    const node = match.node;
    this.ctx.site(node.startIndex, { rule: rule.rule, status: 'legacy', module: anchored?.key ?? '', form: callForm(node), symbol: rule.patterns[0]!.anchor?.text ?? rule.patterns[0]!.literals[0] ?? '' });
    const test = rule.exceptionTests === 'report' ? this.exceptionTests.around(node) : undefined;
    if (test) {
      this.ctx.report(node.startIndex, exceptionTestMessage(test.label, rule.rule, 'typescript'), 'warning', rule.rule);
      return;
    }
    const importRoot = rule.to !== undefined ? rule.template.root : undefined;
    const toRef: TsModuleRef | undefined = rule.to !== undefined ? this.index.modules[rule.to] : undefined;
    const anchorStmt = anchored?.imp.stmt ?? this.ts.statements.find((s) => s.kind === 'import');
    if (importRoot && toRef) {
      // The canonical callee must be importable under its own name in this file.
      const scope = this.ts.analysis.scopeOf(node);
      const existing = this.ts.analysis.lookup(scope, importRoot, 'value');
      const same = existing && this.ts.statements.some((s) => s.specifier !== undefined && this.ts.moduleOf(s.specifier, 'import') === moduleKey(toRef) && s.items.some((i) => i.localNode.id === existing.node.id && i.name === importRoot));
      if (existing && !same) {
        this.ctx.report(node.startIndex, `cannot import ${importRoot} from ${rule.to}: the name is taken here; call left as it is`, 'warning', rule.rule);
        return;
      }
      if (!anchorStmt) {
        this.ctx.report(node.startIndex, `cannot import ${importRoot}: the file has no import statement to place it by; call left as it is`, 'warning', rule.rule);
        return;
      }
    }
    let target = node;
    let pieces: TemplatePiece[] = renderTemplatePieces(rule.template, match, this.ctx.file.text, this.ctx.file.eol);
    const awaited = node.parent?.type === 'await_expression' ? node.parent : undefined;
    if (rule.await === 'drop' && awaited) target = awaited;
    if (rule.await === 'add' && !awaited) {
      const fn = enclosingFunction(node);
      if (!fn || !fn.children.some((c) => c.type === 'async')) {
        this.ctx.report(node.startIndex, 'the canonical call must be awaited, but this call is not inside an async function: not rewritten', 'warning', rule.rule);
        return;
      }
      const parent = node.parent;
      const isObject = parent && ['member_expression', 'call_expression', 'subscript_expression'].includes(parent.type) && parent.namedChildren[0]?.id === node.id;
      pieces = isObject ? [{ text: '(await ' }, ...pieces, { text: ')' }] : [{ text: 'await ' }, ...pieces];
    }
    // Only the text around the captures changes: an argument keeps its place, for a rename or a nested call in it.
    const { edits, copied } = templateEdits(this.ctx.file.text, target.startIndex, target.endIndex, pieces);
    for (const e of edits) {
      this.ctx.edit(e.start, e.end, e.text, rule.rule);
      this.ts.claim(e.start, e.end, copied);
    }
    if (anchored && !this.touched.has(anchored.imp.item)) this.touched.set(anchored.imp.item, { imp: anchored.imp, rule: rule.rule });
    if (importRoot && toRef && anchorStmt) {
      this.ts.editor.add({
        module: moduleKey(toRef),
        spelling: spellModule(this.ts.resolver, toRef, rule.to!, this.ctx.file.path, anchorStmt.specifier, this.options.specifier, 'import'),
        name: importRoot,
        local: importRoot,
        inlineType: false,
        anchor: anchorStmt,
        typeOnly: false,
        rule: rule.rule,
      });
    }
  }

  /** Remove legacy imports whose every use was rewritten. */
  dropUnused(): void {
    for (const { imp, rule } of this.touched.values()) {
      if (this.ts.editor.isMoved(imp.item)) continue;
      const binding = this.ts.analysis.bindings.find((b) => b.node.id === imp.item.localNode.id);
      if (!binding) continue;
      const used = this.ts.analysis.references.some((r) => this.ts.analysis.resolve(r) === binding && !this.ts.isGone(r.node));
      if (!used) this.ts.editor.remove(imp.stmt, imp.item, rule);
    }
  }
}

/** Build the ts-call transform. Rules are tried in order; the first that matches a call wins. */
export function createTsCallTransform(rules: readonly CompiledCall[], options: TsCallOptions): Transform {
  const modules = [...new Set(rules.flatMap((r) => [...r.from, ...(r.to ? [r.to] : []), ...(r.whenImported ?? [])]))];
  const fields = rules.flatMap((r) => [
    ...r.from.map((m, i) => ({ spec: m, field: `${r.field}.from${r.from.length > 1 ? `[${i}]` : ''}` })),
    ...(r.to ? [{ spec: r.to, field: `${r.field}.to` }] : []),
    ...(r.whenImported ?? []).map((m, i) => ({ spec: m, field: `${r.field}.whenImported[${i}]` })),
  ]);
  return {
    id: 'ts-call',
    languages: ['typescript', 'tsx'],
    needles: rules.every((r) => r.patterns[0]!.literals.length > 0) ? [...new Set(rules.map((r) => r.patterns[0]!.literals[0]!))] : [],
    siteNeedles: [...new Set(rules.filter((r) => r.to && r.template.root).map((r) => r.template.root!))],
    facts: { typescript: { tsconfigs: options.tsconfigs, modules: fields, exportsOf: [], needlesOf: [] } },
    run(ctx) {
      const index = ctx.project.typescript;
      if (!index || modules.every((m) => !index.modules[m])) return;
      const run = new TsCallRun(ctx, TsFile.of(ctx, index), index, options);
      run.recordCanonical(rules);
      run.reportPatches(rules);
      for (const rule of rules) run.rewrite(rule);
      run.dropUnused();
    },
  };
}
