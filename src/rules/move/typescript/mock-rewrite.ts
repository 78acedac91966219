/**
 * Rewriting as decided in mock-plan.ts: a factory mock is respelled with its keys renamed, removed, or reported;
 * the file's other uses of its module go where the mock goes.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { UsageKind } from '../../../languages/typescript/resolve.js';
import { inType, isFactoryMock, isWithin, mockAround, moduleCallParts, mockedImport, returnedObjects, unwrapExpression } from './call-syntax.js';
import { isActualModule } from './mock-plan.js';
import type { ResolvedMove, WholeMove } from './moves.js';
import { namespaceUses } from './namespaces.js';
import type { TsMoveRun } from './run.js';


/**
 * A module call of a legacy module this file mocks with a factory: the mocks themselves, and the file's other
 * uses, which go where the mocks go. True when handled here; false for the ordinary path (a use outside the
 * factories of mocks that follow the move: it follows by itself, useThatCannotFollow in mock-plan.ts made sure).
 */
export function mockConsumer(run: TsMoveRun, call: SyntaxNode, callee: string, str: SyntaxNode, specifier: string, key: string, usage: UsageKind, args: readonly SyntaxNode[]): boolean {
  const rule = run.moves.find((m) => m.fromKey === key)!.rule;
  const decision = run.mockDecisions.get(key);
  // `vi.mock(import('legacy'), …)`: the import() only names the module of the mock around it.
  const around = mockAround(call);
  const mock = around && isFactoryMock(around) ? around : isFactoryMock({ callee, args }) ? { call, callee, args } : undefined;
  if (mock && decision) {
    mockWithFactory(run, mock.call, mock.args[1]!, mock.callee, key, run.whole(key), rule, specifier);
    return true;
  }
  if (around && decision?.kind !== 'hold') {
    // An automock: it follows the module wherever all of it goes, whatever the names.
    const whole = run.whole(key);
    if (whole) run.respellString(str, whole.move, specifier, 'import');
    else run.ctx.report(str.startIndex, `${around.callee}(import('${specifier}')) names a legacy module only some of whose names move: not rewritten`, 'warning', rule);
    return true;
  }
  if (!decision || decision.kind === 'subsumed') return false;
  if (decision.kind === 'hold') {
    const line = run.lineOf(decision.mock.call);
    const message = isWithin(call, decision.mock.args[1]!)
      ? `'${specifier}' stays: it is read inside the factory of the mock on line ${line}, which cannot follow the move; not rewritten`
      : `'${specifier}' stays: this file mocks it with a factory (line ${line}) that cannot follow the move, and this ${callee === 'import' ? 'import()' : callee} must see the same module; not rewritten`;
    run.ctx.report(str.startIndex, message, 'warning', rule);
    return true;
  }
  const inFactory = decision.mocks.some((m) => isWithin(call, m.args[1]!));
  if (!inFactory) return false;
  // Inside a factory that follows the move, every use names the module being mocked: it goes where the mock goes.
  if (call.parent?.type === 'member_expression' && inType(call)) return false; // `import('legacy').Name`: renamed by typeImport
  let holder: SyntaxNode = call;
  while (holder.parent && (holder.parent.type === 'await_expression' || holder.parent.type === 'parenthesized_expression')) holder = holder.parent;
  const declarator = holder.parent?.type === 'variable_declarator' && holder.parent.childForFieldName('value')?.id === holder.id ? holder.parent : undefined;
  const name = declarator?.childForFieldName('name');
  if (name?.type === 'object_pattern') return false; // destructured: the keys are renamed by the ordinary path
  if (name?.type === 'identifier') {
    const binding = run.bindingOf(name);
    for (const site of binding ? namespaceUses(run, binding).sites : []) {
      const dest = run.destination(key, site.name);
      if (dest && dest.newName !== site.name) run.ctx.edit(site.nameNode.startIndex, site.nameNode.endIndex, dest.newName, dest.move.rule);
    }
  }
  run.respellString(str, decision.move, specifier, usage);
  return true;
}

/**
 * `jest.mock('legacy', factory)`, `vi.mock`, `jest.doMock`, `vi.doMock`, `jest.setMock`, as decided for its
 * module: respelled to the canonical module (its factory's keys renamed to the canonical names) when it follows;
 * removed when the file's automock of the canonical module makes the same bare `fn()` stubs; else reported, with
 * why and what to do, and every other use of the module in the file stays with it.
 */
export function mockWithFactory(run: TsMoveRun, call: SyntaxNode, factory: SyntaxNode, callee: string, key: string, whole: WholeMove | undefined, rule: string, specifier: string): void {
  const decision = run.mockDecisions.get(key);
  const parts = moduleCallParts(call);
  const str = parts && (mockedImport(callee, parts.args[0]) ?? parts.args[0]);
  if (!decision || !str) return;
  if (decision.kind === 'subsumed') {
    if (whole && call.parent?.type === 'expression_statement') run.deleteStatement(call.parent, whole.move.rule);
    return;
  }
  if (decision.kind === 'follow') {
    run.respellString(str, decision.move, specifier, callee.startsWith('vi.') ? 'import' : 'require');
    for (const e of decision.keyEdits) if (e.start >= factory.startIndex && e.end <= factory.endIndex) run.ctx.edit(e.start, e.end, e.text, e.rule);
    noteUnmockedExports(run, call, factory, callee, key, decision.move);
    return;
  }
  const stays = decision.mock.call.id === call.id ? 'stays on the legacy module' : `stays with the mock on line ${run.lineOf(decision.mock.call)}`;
  run.ctx.report(call.startIndex, `${callee}('${specifier}', factory) ${stays}: ${decision.why}; not rewritten, nor this file's other uses of '${specifier}' (${decision.todo})`, 'warning', rule);
}

/**
 * A factory mock that now replaces the canonical module, which exports names the legacy module did not: unless
 * the factory spreads the actual module, they are missing in this test for everything that imports them. Said
 * (as information: the mock is right to move) so that a failing test is not a mystery.
 */
function noteUnmockedExports(run: TsMoveRun, call: SyntaxNode, factory: SyntaxNode, callee: string, key: string, move: ResolvedMove): void {
  const legacy = run.index.exports[key];
  const canonical = 'file' in move.toRef ? run.index.exports[move.toRef.file] : undefined;
  if (!legacy || !canonical) return;
  const objects = callee === 'jest.setMock' ? [unwrapExpression(factory)].filter((o) => o.type === 'object') : returnedObjects(factory);
  if (typeof objects === 'string' || objects.length === 0) return; // what the factory returns cannot be told
  const spreadsActual = objects.every((o) => o.namedChildren.some((p) => p.type === 'spread_element' && isActualModule(run, p.namedChildren[0] ?? null, key, factory)));
  if (spreadsActual) return;
  const covered = new Set(legacy.map((name) => run.destination(key, name)?.newName ?? name));
  const extra = canonical.filter((name) => !covered.has(name));
  if (extra.length === 0) return;
  const list = extra.length > 6 ? `${extra.slice(0, 6).join(', ')}, … (${extra.length})` : extra.join(', ');
  const actual = callee.startsWith('vi.') ? `await vi.importActual('${move.to}')` : `jest.requireActual('${move.to}')`;
  run.ctx.report(call.startIndex, `${callee} now mocks all of ${move.to}, which also exports ${list}: this factory does not return them, so they are missing in this test wherever they are imported (spread ${actual} into it if that matters)`, 'info', move.rule);
}
