/**
 * python-call: the `call` rule kind in Python. A call whose leading callee really is the legacy one (resolved
 * through the file's imports) becomes the canonical call; calls at import time and inside exception tests are
 * reported instead. What each form does: docs/call-rule.md.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { pythonDunderAll } from '../../languages/python/exports.js';
import { PythonFile, rootName, type ImportBinding, type PythonOptions } from '../../languages/python/file.js';
import { runsAtImportTime, type Scope } from '../../languages/python/scope.js';
import { calleeRoot, matchPattern, type CompiledPattern, type Match } from './pattern.js';
import { renderTemplatePieces, templateEdits, type TemplatePiece } from './template.js';
import { ExceptionTests, relationsHold } from './relations.js';
import { exceptionTestMessage, type CompiledCall } from './compiled.js';
import { handlePythonPatches } from './patches-python.js';
import { rulesByLegacyCallee } from './patches.js';
import type { Transform, TransformContext } from '../../core/types.js';


/** The last name of a callee that may be an exception assertion (the patterns in src/rules/call/relations.ts decide). */
const ASSERTION_NAME = /(^|\.)(raises|warns|deprecated_call|assertRaises\w*|assertWarns\w*)$/;

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') return n;
    if (n.type === 'lambda') return undefined;
  }
  return undefined;
}

const isAsync = (fn: SyntaxNode) => fn.children.some((c) => c.type === 'async');

class CallRun {
  /** Legacy bindings a rewrite consumed a use of: dropped at the end if nothing else uses them. */
  private readonly touched = new Map<number, { binding: ImportBinding; scope: Scope; local: string; rule: string }>();
  /** Calls a rule has already taken (rewritten or reported): the first rule that matches a call wins. */
  private readonly taken = new Set<number>();
  private tests: ExceptionTests | undefined;

  private get exceptionTests(): ExceptionTests {
    return (this.tests ??= new ExceptionTests('python', this.ctx.tree, this.ctx.file.text));
  }

  constructor(
    private readonly ctx: TransformContext,
    private readonly py: PythonFile,
  ) {}

  /** The import bindings behind a matched callee root (`create` or `m` in `m.create`): several for fallbacks. */
  private bindingsOf(code: SyntaxNode): { bindings: ImportBinding[]; local: string; scope: Scope } | undefined {
    const root = calleeRoot(code) ?? code;
    const occ = root.type === 'identifier' ? this.py.occurrenceOf(root) : undefined;
    if (!occ) return undefined;
    const bindings = this.py.importBindings(occ.resolved, occ.name);
    return bindings ? { bindings, local: occ.name, scope: occ.resolved } : undefined;
  }

  rewrite(rule: CompiledCall): void {
    if (rule.whenImported && !this.py.imports.some((s) => (s.kind === 'from' ? s.module !== undefined && rule.whenImported!.some((m) => s.module === m || s.module!.startsWith(`${m}.`) || s.names.some((n) => `${s.module}.${n.name}` === m)) : s.items.some((i) => rule.whenImported!.includes(i.module))))) {
      return;
    }
    const anchorName = rule.patterns[0]!.anchor?.text;
    // Cheap exclusions first, on text and the import list, before any scope analysis: a rule whose callee no
    // import of the file can reach, or whose literals the file does not contain, cannot match here.
    const reaching = rule.from.length > 0 && anchorName ? this.py.importedLocalsReaching(rule.from.map((m) => `${m}.${anchorName}`)) : undefined;
    if (reaching ? reaching.size === 0 : !rule.patterns.some((p) => p.literals.every((l) => this.ctx.file.text.includes(l)))) return;
    // Every import the callee may come from (a fallback gives two) must be one of the legacy modules.
    let anchored: SyntaxNode | undefined;
    const anchor = reaching
        ? (code: SyntaxNode) => {
            const root = rootName(code);
            if (root === undefined || !reaching.has(root)) return false;
            const names = this.py.qualifiedNames(code);
            const ok = names !== undefined && names.every((q) => rule.from.some((m) => q === `${m}.${anchorName}`));
            if (ok) anchored = code;
            return ok;
          }
        : undefined;
    const types = [...new Set(rule.patterns.map((p) => p.root.type))];
    for (const node of this.py.nodesOfType(types)) {
      let match: Match | undefined;
      for (const pattern of rule.patterns) {
        if (pattern.root.type === node.type && (match = matchPattern(pattern, node, anchor ? { anchor } : {}))) break;
      }
      if (!match || this.taken.has(node.id) || this.py.isClaimed(node) || this.py.suppressed(node) || !relationsHold(node, rule.relations)) continue;
      this.taken.add(node.id);
      this.ctx.handling?.(node);
      this.site(rule, match, anchored);
    }
    if (anchor && rule.patterns.some(calleeIsAnchor)) this.reportPassedCallee(rule, anchor);
  }

  /**
   * The callable form of an exception test, `pytest.raises(E, create, ctx)` or `self.assertRaises(E, create, ctx)`:
   * the legacy callee is passed uncalled, and the assertion calls it. There is no call to rewrite, and rewriting
   * it would change what the test asserts anyway: reported (whatever `exceptionTests` says) and counted as legacy.
   */
  private reportPassedCallee(rule: CompiledCall, isLegacy: (code: SyntaxNode) => boolean): void {
    for (const { arg, call } of this.passedToAssertions()) {
      if (this.taken.has(arg.id) || !isLegacy(arg) || this.py.isClaimed(arg) || this.py.suppressed(arg) || !relationsHold(arg, rule.relations)) continue;
      this.taken.add(arg.id);
      const name = call.childForFieldName('function')?.text ?? '';
      this.ctx.site(arg.startIndex, { rule: rule.rule, status: 'legacy', module: this.legacyModule(rule, arg), form: 'call:callable', symbol: rule.patterns[0]!.anchor!.text });
      this.ctx.report(arg.startIndex, `${arg.text} is passed to ${name}(...), which calls it to assert that it raises or warns: not rewritten (a call rule rewrites calls; migrate this test by hand if the canonical callee raises the same)`, 'warning', rule.rule);
    }
  }

  private passed: { arg: SyntaxNode; call: SyntaxNode }[] | undefined;

  /** Names and attribute chains passed to an exception assertion that calls them (once per file, for every rule). */
  private passedToAssertions(): { arg: SyntaxNode; call: SyntaxNode }[] {
    if (this.passed) return this.passed;
    this.passed = [];
    if (!/raises|warns|deprecated_call/i.test(this.ctx.file.text)) return this.passed;
    for (const call of this.py.nodesOfType(['call'])) {
      const fn = call.childForFieldName('function');
      if (!fn || !ASSERTION_NAME.test(fn.text)) continue;
      for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
        // Only an argument of the asserting call itself: what it calls.
        if ((arg.type === 'identifier' || arg.type === 'attribute') && this.exceptionTests.around(arg)?.ancestor.id === call.id) this.passed.push({ arg, call });
      }
    }
    return this.passed;
  }

  /** The `from` module a matched callee resolves to. */
  private legacyModule(rule: CompiledCall, callee: SyntaxNode): string {
    return rule.from.find((m) => this.py.qualifiedNames(callee)?.some((q) => q.startsWith(`${m}.`))) ?? '';
  }

  /** `anchored`: the code node the pattern's callee matched (for `from` rules), which names the legacy module. */
  private site(rule: CompiledCall, match: Match, anchored: SyntaxNode | undefined): void {
    const node = match.node;
    const legacyModule = anchored ? this.legacyModule(rule, anchored) : '';
    this.ctx.site(node.startIndex, { rule: rule.rule, status: 'legacy', module: legacyModule, form: callForm(node), symbol: rule.patterns[0]!.anchor?.text ?? rule.patterns[0]!.literals[0] ?? '' });
    const test = rule.exceptionTests === 'report' ? this.exceptionTests.around(node) : undefined;
    if (test) {
      this.ctx.report(node.startIndex, exceptionTestMessage(test.label, rule.rule, 'python'), 'warning', rule.rule);
      return;
    }
    if (runsAtImportTime(node)) {
      this.ctx.report(node.startIndex, `module-level instance (${node.text.split('(')[0]}) created at import time: a user-isolation risk; not rewritten`, 'info', rule.rule);
      return;
    }
    const legacy = rule.from.length > 0 ? this.bindingsOf(node) : undefined;
    // The canonical callee is imported where each legacy import was (or with the file's first import).
    const importRoot = rule.to !== undefined ? rule.template.root : undefined;
    const firstImport = this.py.imports.find((s) => s.node.parent?.type === 'module');
    const anchors = legacy ? legacy.bindings.map((b) => b.stmt) : firstImport ? [firstImport] : [];
    if (importRoot) {
      for (const stmt of anchors) {
        const scope = this.py.analysis.scopeOf(stmt.node);
        const existing: ImportBinding | undefined = scope.bindings.has(importRoot) ? this.py.importBinding(scope, importRoot) : undefined;
        const sameSymbol = existing?.stmt.kind === 'from' && existing.stmt.module === rule.to && 'name' in existing.item && existing.item.name === importRoot;
        if (scope.bindings.has(importRoot) && !sameSymbol) {
          this.ctx.report(node.startIndex, `cannot import ${importRoot} from ${rule.to}: the name is taken here; call left as it is`, 'warning', rule.rule);
          return;
        }
      }
    }
    let target = node;
    let pieces: TemplatePiece[] = renderTemplatePieces(rule.template, match, this.ctx.file.text, this.ctx.file.eol);
    const awaited = node.parent?.type === 'await' ? node.parent : undefined;
    if (rule.await === 'drop' && awaited) target = awaited;
    if (rule.await === 'add' && !awaited) {
      const fn = enclosingFunction(node);
      if (!fn || !isAsync(fn)) {
        this.ctx.report(node.startIndex, 'the canonical call must be awaited, but this call is not inside an async function: not rewritten', 'warning', rule.rule);
        return;
      }
      const parent = node.parent;
      const isObject = parent && ['attribute', 'subscript', 'call'].includes(parent.type) && parent.namedChildren[0]?.id === node.id;
      pieces = isObject ? [{ text: '(await ' }, ...pieces, { text: ')' }] : [{ text: 'await ' }, ...pieces];
    }
    // Only the text around the captures changes: an argument keeps its place, for a rename or a nested call in it.
    const { edits, copied } = templateEdits(this.ctx.file.text, target.startIndex, target.endIndex, pieces);
    for (const e of edits) {
      this.ctx.edit(e.start, e.end, e.text, rule.rule);
      this.py.claim(e.start, e.end, copied);
    }
    for (const binding of legacy?.bindings ?? []) {
      if (!this.touched.has(binding.item.node.id)) this.touched.set(binding.item.node.id, { binding, scope: legacy!.scope, local: legacy!.local, rule: rule.rule });
    }
    if (importRoot && rule.to) {
      for (const anchor of anchors) this.py.editor.require({ module: rule.to, name: importRoot, local: importRoot, anchor, rule: rule.rule });
    }
  }

  /** Remove legacy imports whose every use was rewritten (and that the module does not re-export, nor other files import). */
  dropUnusedLegacyImports(): void {
    const exported = pythonDunderAll(this.ctx.tree.rootNode);
    // Other files of the tree that import a name from this module need it bound here (the project index).
    const module = this.py.fileModule?.module;
    const importedFrom = new Set(module === undefined ? [] : (this.ctx.project.pythonImportedFrom?.[module] ?? []));
    for (const { binding, scope, local, rule } of this.touched.values()) {
      if (scope.kind === 'module' && (exported?.has(local) || importedFrom.has(local))) continue;
      const used = this.py.analysis.occurrences.some((o) => o.name === local && o.resolved === scope && o.kind === 'reference' && !this.py.isGone(o.node));
      if (used) continue;
      if (binding.stmt.kind === 'from') this.py.editor.removeName(binding.stmt, binding.item as Extract<ImportBinding, { stmt: { kind: 'from' } }>['item'], rule);
      else this.py.editor.removeItem(binding.stmt, binding.item as Extract<ImportBinding, { stmt: { kind: 'import' } }>['item'], rule);
    }
  }
}

/** Is the pattern a call of its anchor itself (`create($X)`, not `Factory().create($X)` or `await create($X)`)? */
function calleeIsAnchor(pattern: CompiledPattern): boolean {
  return pattern.plain.type === 'call' && pattern.plain.children[0]?.anchor === true;
}

/** `call:none`, `call:positional` or `call:keyword` (by the call's own arguments), plus `:awaited`. */
export function callForm(node: SyntaxNode): string {
  const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
  const shape = args.length === 0 ? 'none' : args.some((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat') ? 'positional' : 'keyword';
  return `call:${shape}${node.parent?.type === 'await' ? ':awaited' : ''}`;
}

/** Record the calls that already use a rule's canonical callee (`to` + the replacement's callee), once per callee. */
function recordCanonicalCalls(ctx: TransformContext, py: PythonFile, rules: readonly CompiledCall[]): void {
  const targets = new Map<string, string>();
  for (const r of rules) if (r.to && r.template.root && !targets.has(`${r.to}.${r.template.root}`)) targets.set(`${r.to}.${r.template.root}`, r.rule);
  if (targets.size === 0 || !ctx.collectingSites) return;
  const reaching = py.importedLocalsReaching([...targets.keys()]);
  if (reaching.size === 0) return;
  for (const call of py.nodesOfType(['call'])) {
    const fn = call.childForFieldName('function');
    const root = fn ? rootName(fn) : undefined;
    const q = root !== undefined && reaching.has(root) ? py.qualifiedName(fn!) : undefined;
    const rule = q === undefined ? undefined : targets.get(q);
    if (rule && !py.suppressed(call)) ctx.site(call.startIndex, { rule, status: 'canonical', module: q!.slice(0, q!.lastIndexOf('.')), form: callForm(call), symbol: q!.slice(q!.lastIndexOf('.') + 1) });
  }
}

/** Build the python-call transform. Rules are tried in order; the first that matches a call wins. */
export function createPythonCallTransform(rules: readonly CompiledCall[], options: PythonOptions): Transform {
  const needles = [...new Set(rules.map((r) => r.patterns[0]!.literals[0]).filter((n): n is string => n !== undefined))];
  return {
    id: 'python-call',
    languages: ['python'],
    // A rule without literals could match anything: then every file is a candidate.
    needles: rules.every((r) => r.patterns[0]!.literals.length > 0) ? needles : [],
    // Audits also count calls that already use the canonical callee.
    siteNeedles: [...new Set(rules.filter((r) => r.to && r.template.root).map((r) => r.template.root!))],
    // The legacy imports a rewrite may drop (the callee, or the module it is reached through), which other files may
    // import from the file: such an import stays.
    facts: {
      python: {
        importersOf: [
          ...new Set(
            rules.flatMap((r) =>
              r.from.length === 0 ? [] : [...(r.patterns[0]!.anchor ? [r.patterns[0]!.anchor.text] : []), ...r.from.flatMap((m) => [m.split('.')[0]!, m.split('.').pop()!])],
            ),
          ),
        ].sort(),
        // The modules that import and call a legacy callee: a test's patch of one of them stops intercepting.
        callersOf: [...rulesByLegacyCallee(rules)].map(([callee, rs]) => ({ callee, replacements: [...new Set(rs.flatMap((r) => r.template.root ?? []))].sort() })),
      },
    },
    run(ctx) {
      const py = PythonFile.of(ctx, options);
      const run = new CallRun(ctx, py);
      recordCanonicalCalls(ctx, py, rules);
      handlePythonPatches(ctx, py, rules);
      for (const rule of rules) run.rewrite(rule);
      run.dropUnusedLegacyImports();
    },
  };
}
