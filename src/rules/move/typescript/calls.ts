/**
 * ts-move on module strings passed to calls: `import()`, `require()`, `jest.requireActual`, `jest.mock` and the
 * other module calls of the config. A call of the module's value follows the names read from it (destructured,
 * bound to a name, `.Name`, `.then(m => …)`, in a type); a mock follows a module that moves whole.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { UsageKind } from '../../../languages/typescript/resolve.js';
import { exportedDeclaration, inType, MOCKS_WITH_FACTORY, thenParameter, VALUE_CALLS, type ModuleCallSite } from './call-syntax.js';
import { automocks, mocksCanonical } from './mock-plan.js';
import { mockConsumer, mockWithFactory } from './mock-rewrite.js';
import type { WholeMove } from './moves.js';
import { followNamespace, namespaceUses } from './namespaces.js';
import type { TsMoveRun } from './run.js';


/** Every module call of the file that names a legacy module. */
export function calls(run: TsMoveRun): void {
  for (const site of run.moduleCallSites()) {
    // `vi.mock(import('x'), …)` is met through its `import('x')` (mockConsumer finds the mock around it).
    if (site.str !== site.args[0]) continue;
    run.ctx.handling?.(site.call);
    if (!run.isLegacy(site.key)) continue;
    if (mockConsumer(run, site.call, site.callee, site.str, site.specifier, site.key, site.usage, site.args)) continue;
    moduleCall(run, site);
  }
}

/** A module call of a legacy module, outside the factory mocks decided in mock-plan.ts. */
function moduleCall(run: TsMoveRun, site: ModuleCallSite): void {
  const { str, specifier, key, usage, callee } = site;
  const rule = run.moves.find((m) => m.fromKey === key)!.rule;
  const self = run.selfMove(key);
  if (self) {
    run.respellString(str, self, specifier, usage);
    return;
  }
  const whole = run.whole(key);
  const isValue = callee === 'import' || VALUE_CALLS.has(callee);
  if (!isValue) mockCall(run, site, whole, rule);
  else moduleValue(run, site, whole, rule);
}

/** `jest.mock('legacy')` and the other calls that name a module without reading its value. */
function mockCall(run: TsMoveRun, { call, callee, str, specifier, key, usage, args }: ModuleCallSite, whole: WholeMove | undefined, rule: string): void {
  if (MOCKS_WITH_FACTORY.has(callee) && args.length > 1) {
    mockWithFactory(run, call, args[1]!, callee, key, whole, rule, specifier);
    return;
  }
  if (!whole) {
    run.ctx.report(str.startIndex, `${callee}('${specifier}') names a legacy module only some of whose names move: not rewritten (mock the modules the names you use come from)`, 'warning', rule);
    return;
  }
  // A mock that would duplicate one that stays goes: one of the canonical module, or an earlier legacy one (which
  // is respelled). Two legacy spellings of one module: the first is kept, never both dropped.
  const duplicate = automocks(run, callee, whole.move.toKey).find((c) => c.id !== call.id && (c.startIndex < call.startIndex || mocksCanonical(run, c, callee, whole.move.toKey)));
  const statement = call.parent?.type === 'expression_statement' ? call.parent : undefined;
  if (duplicate && statement) {
    run.deleteStatement(statement, whole.move.rule);
    return;
  }
  run.respellString(str, whole.move, specifier, usage);
}

/** `require('legacy')`, `import('legacy')`, `jest.requireActual('legacy')`: the module's value, followed by the names read from it. */
function moduleValue(run: TsMoveRun, { call, callee, str, specifier, key, usage }: ModuleCallSite, whole: WholeMove | undefined, rule: string): void {
  let holder: SyntaxNode = call;
  let awaited = false;
  while (holder.parent && (holder.parent.type === 'await_expression' || holder.parent.type === 'parenthesized_expression')) {
    holder = holder.parent;
    awaited ||= holder.type === 'await_expression';
  }
  const parent = holder.parent;
  const typeofOperand = call.parent?.type === 'unary_expression' && call.parent.child(0)?.type === 'typeof';
  if (call.parent?.type === 'type_query' || typeofOperand || (call.parent?.type === 'member_expression' && inType(call))) {
    typeImport(run, call, str, specifier, key, usage, whole, rule);
    return;
  }
  // An `import()` not awaited is a promise of the module: what it is used for is read through `.then(m => …)`.
  const promise = callee === 'import' && !awaited;
  let told: string[] | undefined;
  if (parent?.type === 'expression_statement') {
    // `require('legacy');`, `await import('legacy');`: loaded for its effects alone, no name is read, so renames do
    // not matter. When only some names move the legacy module stays, and so do its effects.
    if (whole) run.respellString(str, whole.move, specifier, usage);
    return;
  }
  if (promise) {
    const param = thenParameter(holder);
    if (param !== undefined) {
      const followed = followBound(run, param, str, specifier, key, usage, rule);
      if (followed === true) return;
      if (followed) told = followed;
    } else if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.id === holder.id) {
      const binding = run.bindingOf(parent.childForFieldName('name')!);
      if (binding && run.referencesTo(binding).length === 0 && !exportedDeclaration(binding.node) && whole) {
        // A promise nobody reads: only loading the module is left, and it moves whole.
        run.respellString(str, whole.move, specifier, usage);
        return;
      }
    }
  } else if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.id === holder.id) {
    const followed = followBound(run, parent.childForFieldName('name')!, str, specifier, key, usage, rule);
    if (followed === true) return;
    if (followed) told = followed;
  } else if (parent?.type === 'member_expression' && parent.childForFieldName('object')?.id === holder.id) {
    // `require('legacy').Name`, `(await import('legacy')).Name`: the one name read.
    const prop = parent.childForFieldName('property');
    if (prop?.type === 'property_identifier') {
      memberOfModule(run, prop, str, specifier, key, usage);
      return;
    }
  }
  if (whole && !whole.renames) {
    run.respellString(str, whole.move, specifier, usage);
    return;
  }
  const what = promise ? `${callee}('${specifier}') is a promise of the module here` : `${callee}('${specifier}')`;
  const how = promise ? 'await it and destructure the names you use' : 'destructure the names you use';
  // The names read are known (`m.A`, `m.B`), but they do not all go to one module, so no one specifier serves them.
  const why = told ? `the names read from this legacy module here (${told.join(', ')}) do not all go to one module` : 'the names read from this legacy module cannot be told';
  run.ctx.report(str.startIndex, `${what}: ${why}: not rewritten, ${run.movedNamesHint(key, whole, how)}`, 'warning', rule);
}

/**
 * The module bound to a pattern (`const m = require(…)`, `const { A } = await import(…)`, `.then((m) => …)`):
 * follow the names read through it. False when they cannot be told, or the names read (`m.A` alone) when they can
 * but go to different modules (the caller reports, or respells a whole unrenamed move).
 */
function followBound(run: TsMoveRun, name: SyntaxNode, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, rule: string): true | false | string[] {
  if (name.type === 'object_pattern') {
    destructured(run, name, str, specifier, key, usage, rule);
    return true;
  }
  if (name.type !== 'identifier') return false;
  const binding = run.bindingOf(name);
  if (!binding) return false;
  const { sites, bare } = namespaceUses(run, binding);
  // `export const m = require(…)`: other files read the module through m, by names this file cannot see.
  const untold = bare + (exportedDeclaration(name) ? 1 : 0);
  const followed = followNamespace(run, key, sites, untold, { at: str.startIndex, specifier });
  if (followed === 'none') return true;
  if (followed === 'mixed') return untold === 0 ? [...new Set(sites.map((s) => s.name))].sort() : false;
  run.respellString(str, followed.move, specifier, usage);
  return true;
}

/** `require('legacy').Name`: respelled (and the name renamed) when Name moves; left alone when it stays. */
function memberOfModule(run: TsMoveRun, prop: SyntaxNode, str: SyntaxNode, specifier: string, key: string, usage: UsageKind): void {
  const dest = run.destination(key, prop.text);
  if (!dest || !run.exportedByTarget(dest, prop.startIndex)) return;
  run.respellString(str, dest.move, specifier, usage);
  if (dest.newName !== prop.text) run.ctx.edit(prop.startIndex, prop.endIndex, dest.newName, dest.move.rule);
}

/** `typeof import('legacy')`, `import('legacy').Name` in a type. */
export function typeImport(run: TsMoveRun, call: SyntaxNode, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, whole: WholeMove | undefined, rule: string): void {
  const parent = call.parent!;
  if (parent.type === 'member_expression') {
    const prop = parent.childForFieldName('property')!;
    const dest = run.destination(key, prop.text);
    if (!dest) return;
    if (!run.exportedByTarget(dest, prop.startIndex)) return;
    run.respellString(str, dest.move, specifier, usage);
    if (dest.newName !== prop.text) run.ctx.edit(prop.startIndex, prop.endIndex, dest.newName, dest.move.rule);
    return;
  }
  if (whole && !whole.renames) run.respellString(str, whole.move, specifier, usage);
  else run.ctx.report(str.startIndex, `typeof import('${specifier}') names a legacy module whose names do not all move unrenamed to one module: not rewritten, ${run.movedNamesHint(key, whole, 'import')}`, 'warning', rule);
}

/** `const { A, B: b } = await import('legacy')` / `require('legacy')`. */
export function destructured(run: TsMoveRun, pattern: SyntaxNode, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, rule: string): void {
  const props: { node: SyntaxNode; name: string; shorthand: boolean }[] = [];
  for (const p of pattern.namedChildren) {
    if (p.type === 'shorthand_property_identifier_pattern') props.push({ node: p, name: p.text, shorthand: true });
    else if (p.type === 'object_assignment_pattern') {
      const left = p.childForFieldName('left')!;
      props.push({ node: left, name: left.text, shorthand: true });
    } else if (p.type === 'pair_pattern') {
      const k = p.childForFieldName('key')!;
      if (k.type !== 'property_identifier') return unknownNames(run, str, specifier, rule);
      props.push({ node: k, name: k.text, shorthand: false });
    } else return unknownNames(run, str, specifier, rule); // `...rest`
  }
  const dests = props.map((p) => run.destination(key, p.name));
  if (dests.every((d) => d === undefined)) return;
  const first = dests[0];
  if (!first || dests.some((d) => d === undefined || d.move.toKey !== first.move.toKey)) {
    run.ctx.report(str.startIndex, `the names destructured from '${specifier}' here move to different modules, or only some move: not rewritten (split the destructuring, one per module: ${run.movedNamesHint(key, undefined, 'import').replace(/^[^;]*; name them instead: /, '')})`, 'warning', rule);
    return;
  }
  if (props.some((p, i) => !run.exportedByTarget(dests[i]!, p.node.startIndex))) return;
  run.respellString(str, first.move, specifier, usage);
  props.forEach((p, i) => {
    const newName = dests[i]!.newName;
    if (newName === p.name) return;
    run.ctx.edit(p.node.startIndex, p.node.endIndex, p.shorthand ? `${newName}: ${p.name}` : newName, dests[i]!.move.rule);
  });
}

function unknownNames(run: TsMoveRun, str: SyntaxNode, specifier: string, rule: string): void {
  run.ctx.report(str.startIndex, `the names read from '${specifier}' here cannot be told (a rest element or a computed key): not rewritten; destructure the names you use by name and canonize follows them`, 'warning', rule);
}
