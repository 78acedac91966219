/**
 * Factory mocks (`jest.mock('legacy', () => ({…}))`, `vi.mock`, `doMock`, `jest.setMock`): one decision per legacy
 * module and file, made before anything is rewritten. The mocks and every other use of the module in the file
 * follow the move together (the factory's keys renamed), go (an automock of the canonical module makes the same
 * stubs), or stay and are reported (docs/ts-move-rule.md, "Mocks").
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { plainStringValue, stringContentSpan } from '../../../languages/typescript/syntax.js';
import {
  brief,
  inType,
  isFactoryMock,
  isWithin,
  MOCK_CALLS,
  mockAround,
  moduleCallParts,
  returnedObjects,
  stubbedKeys,
  thenParameter,
  unwrapExpression,
  VALUE_CALLS,
  type ModuleCallSite,
} from './call-syntax.js';
import { namespaceUses } from './namespaces.js';
import type { KeyEdit, MockDecision, TsMoveRun } from './run.js';


/** Decide, per legacy module this file mocks with a factory, whether the mocks follow the move (with their uses). */
export function planMocks(run: TsMoveRun): void {
  if (!/ock\s*[(<]/.test(run.text)) return; // no `mock(`, `doMock(`, `setMock(`: nothing to decide (most files)
  const sites = run.moduleCallSites();
  const factories = sites.filter(isFactoryMock);
  const keys = new Set(factories.filter((m) => run.isLegacy(m.key) && !run.selfMove(m.key)).map((m) => m.key));
  for (const key of keys) {
    const decision = decideMocks(run, key, sites);
    run.mockDecisions.set(key, decision);
    // The file's import statements of a held module stay with the mock (run() reports each).
    if (decision.kind === 'hold') run.frozen.set(key, decision.mock.call);
  }
}

function decideMocks(run: TsMoveRun, key: string, sites: readonly ModuleCallSite[]): MockDecision {
  const mocks = sites.filter((s) => s.key === key && isFactoryMock(s));
  const first = mocks[0]!;
  const whole = run.whole(key);
  if (whole && mocks.every((m) => subsumedMock(run, m, whole.move.toKey))) return { kind: 'subsumed' };
  const hold = (mock: ModuleCallSite, why: string, todo: string): MockDecision => ({ kind: 'hold', mock, why, todo });
  if (!whole) {
    return hold(first, 'its names move to different modules, or only some of them move', 'mock each module the code under test now imports, with the names it takes from there, then move the imports');
  }
  const to = whole.move.to;
  // Two mocks of one module after the move: which one wins is not ours to choose.
  for (const other of sites) {
    if (other.key === key || !MOCK_CALLS.has(other.callee) || mockedAfter(run, other.key) !== whole.move.toKey) continue;
    const kind = isFactoryMock(other) ? 'mocks' : 'automocks';
    return hold(first, `the file also ${kind} '${other.specifier}' (line ${run.lineOf(other.call)}), which is where this mock would go`, `merge the two into one mock of ${to}`);
  }
  const keyEdits: KeyEdit[] = [];
  if (whole.renames) {
    const renames = renamesOf(run, key);
    for (const mock of mocks) {
      const edits = factoryKeyEdits(run, mock, key);
      if (typeof edits === 'string') return hold(mock, `its names are renamed and ${edits}`, `write the factory's keys as the canonical names (${renames}) and mock ${to}`);
      keyEdits.push(...edits);
    }
  }
  const stuck = useThatCannotFollow(run, key, sites, mocks, whole.renames);
  if (stuck) return hold(first, `${stuck.what} on line ${run.lineOf(stuck.node)} ${stuck.why}, so it cannot follow the move with the mock`, stuck.todo);
  return { kind: 'follow', move: whole.move, mocks, keyEdits };
}

/** A mock the existing automock of the canonical module makes redundant: it only stubs moved names with bare `fn()`. */
function subsumedMock(run: TsMoveRun, mock: ModuleCallSite, toKey: string): boolean {
  const keys = mock.callee === 'jest.setMock' ? undefined : stubbedKeys(mock.args[1]!, mock.callee.split('.')[0]!);
  if (!keys || mock.call.parent?.type !== 'expression_statement') return false;
  return keys.every((k) => run.destination(mock.key, k)?.move.toKey === toKey) && automocks(run, mock.callee, toKey).length > 0;
}

/** The module a mock of `key` mocks once the moves are done (when all of it goes to one module). */
function mockedAfter(run: TsMoveRun, key: string): string {
  if (!run.isLegacy(key)) return key;
  return run.selfMove(key)?.toKey ?? run.whole(key)?.move.toKey ?? key;
}

/** `getSocket → getClient, …`: the renames of the moves of a legacy module, for messages. */
function renamesOf(run: TsMoveRun, key: string): string {
  const pairs: string[] = [];
  for (const m of run.moves) {
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
function factoryKeyEdits(run: TsMoveRun, mock: ModuleCallSite, key: string): KeyEdit[] | string {
  const factory = mock.args[1]!;
  const objects = mock.callee === 'jest.setMock' ? (unwrapExpression(factory).type === 'object' ? [unwrapExpression(factory)] : 'its module object is not an object literal') : returnedObjects(factory);
  if (typeof objects === 'string') return objects;
  const edits: KeyEdit[] = [];
  for (const object of objects) {
    const entries: { node: SyntaxNode; name: string; kind: 'identifier' | 'string' | 'shorthand' }[] = [];
    for (const p of object.namedChildren) {
      if (p.type === 'comment') continue;
      if (p.type === 'spread_element') {
        if (!isActualModule(run, p.namedChildren[0] ?? null, key, factory)) return `the factory spreads ${brief(p.text)}, whose keys cannot be told`;
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
      const dest = run.destination(key, e.name);
      if (!dest || dest.newName === e.name) continue;
      if (!run.targetExports(dest)) return `${dest.newName} (for the factory's ${e.name}) is not exported by ${dest.move.to}`;
      if (names.has(dest.newName)) return `the factory would have two keys ${dest.newName}`;
      if (e.kind === 'string') edits.push({ ...stringContentSpan(e.node), text: dest.newName, rule: dest.move.rule });
      else edits.push({ start: e.node.startIndex, end: e.node.endIndex, text: e.kind === 'shorthand' ? `${dest.newName}: ${e.name}` : dest.newName, rule: dest.move.rule });
    }
  }
  return edits;
}

/**
 * Is `node` the module's own exports, whose keys follow the move by themselves: `jest.requireActual('legacy')`,
 * `vi.importActual`, `await importOriginal()` (the factory's first parameter), or a name bound to one of those.
 */
export function isActualModule(run: TsMoveRun, node: SyntaxNode | null, key: string, factory: SyntaxNode, depth = 0): boolean {
  if (!node || depth > 4) return false;
  const value = unwrapExpression(node);
  if (value.type === 'identifier') {
    const ref = run.ts.analysis.references.find((r) => r.node.id === value.id);
    const binding = ref && run.ts.analysis.resolve(ref);
    const declarator = binding?.node.parent;
    if (!binding || declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.id !== binding.node.id) return false;
    return isActualModule(run, declarator.childForFieldName('value'), key, factory, depth + 1);
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
  return run.ts.moduleOf(spec, parts.callee === 'import' ? 'dynamic-import' : parts.callee.startsWith('vi.') ? 'import' : 'require') === key;
}

/** A use of a mocked legacy module that cannot go where its mocks go: what and where it is, why, and what to do. */
interface StuckUse {
  what: string;
  node: SyntaxNode;
  why: string;
  todo: string;
}

/**
 * A use of the legacy module outside its mocks that would not follow the move, so that the mocks must stay with
 * it: a name that does not move or that the canonical module does not export; with renames also a namespace, a
 * `require()` or an `import()` whose names cannot all be told (without renames those are respelled as a whole).
 */
function useThatCannotFollow(run: TsMoveRun, key: string, sites: readonly ModuleCallSite[], mocks: readonly ModuleCallSite[], renames: boolean): StuckUse | undefined {
  const spec = sites.find((s) => s.key === key)!.specifier;
  const untold = `name what it reads from '${spec}' there (destructure it, or read ns.Name), then run again`;
  const statement = statementThatCannotFollow(run, key, renames, untold);
  if (statement) return statement;
  for (const site of sites) {
    const why = callThatCannotFollow(run, key, site, mocks, renames, untold);
    if (why) return why;
  }
  return undefined;
}

/** Why a name read from the module cannot go where the mocks go, if it cannot. */
function stuckName(run: TsMoveRun, key: string, name: string, node: SyntaxNode, what: string): StuckUse | undefined {
  const dest = run.destination(key, name);
  if (!dest) return { what, node, why: `reads ${name}, which does not move`, todo: `import ${name} apart from the mocked module, then run again` };
  if (run.targetExports(dest)) return undefined;
  const why = dest.newName === name ? `reads ${name}, which ${dest.move.to} does not export` : `reads ${name}, and ${dest.move.to} does not export ${dest.newName}`;
  return { what, node, why, todo: `export ${dest.newName} from ${dest.move.to}, then run again` };
}

/** An import or re-export of the mocked module that cannot follow it ({@link useThatCannotFollow}). */
function statementThatCannotFollow(run: TsMoveRun, key: string, renames: boolean, untold: string): StuckUse | undefined {
  for (const stmt of run.ts.statements) {
    if (stmt.specifier === undefined || run.ts.suppressed(stmt.node)) continue;
    if (run.ts.moduleOf(stmt.specifier, stmt.requireClause ? 'require' : 'import') !== key) continue;
    const what = stmt.kind === 'export' ? 'the re-export' : 'the import';
    if (renames && (stmt.star || stmt.namespaceExport)) return { what, node: stmt.node, why: 're-exports all of it', todo: 're-export the names by name, then run again' };
    for (const item of stmt.items) {
      if (item.kind === 'namespace') {
        const binding = run.bindingOf(item.localNode);
        const uses = binding && namespaceUses(run, binding);
        if (!renames || !uses) continue;
        if (uses.bare > 0) return { what: `${what} as ${item.local}`, node: item.node, why: `is used other than as ${item.local}.Name`, todo: untold };
        for (const u of uses.sites) {
          const why = stuckName(run, key, u.name, item.node, `${what} as ${item.local}`);
          if (why) return why;
        }
      } else {
        const why = stuckName(run, key, item.name, item.node, what);
        if (why) return why;
      }
    }
  }
  return undefined;
}

/** A `require()`, `import()` or `requireActual()` of the mocked module, outside its mocks, that cannot follow it. */
function callThatCannotFollow(run: TsMoveRun, key: string, site: ModuleCallSite, mocks: readonly ModuleCallSite[], renames: boolean, untold: string): StuckUse | undefined {
  if (site.key !== key || !(site.callee === 'import' || VALUE_CALLS.has(site.callee)) || mockAround(site.call)) return undefined;
  const typeofOperand = site.call.parent?.type === 'unary_expression' && site.call.parent.child(0)?.type === 'typeof';
  if (mocks.some((m) => isWithin(site.call, m.args[1]!)) || typeofOperand || inType(site.call) || site.call.parent?.type === 'type_query') return undefined;
  let holder: SyntaxNode = site.call;
  while (holder.parent && (holder.parent.type === 'await_expression' || holder.parent.type === 'parenthesized_expression')) holder = holder.parent;
  const declarator = holder.parent?.type === 'variable_declarator' && holder.parent.childForFieldName('value')?.id === holder.id ? holder.parent : undefined;
  const name = declarator?.childForFieldName('name');
  const what = `${site.callee}('${site.specifier}')`;
  const untoldUse = { what, node: site.call, why: 'is used so that the names read from it cannot be told', todo: untold };
  if (name?.type === 'object_pattern') return destructuringThatCannotFollow(run, key, name, site.call, what, untoldUse);
  const awaited = holder.type === 'await_expression' || holder.namedChildren.some((c) => c.type === 'await_expression');
  const member = holder.parent?.type === 'member_expression' && holder.parent.childForFieldName('object')?.id === holder.id ? holder.parent.childForFieldName('property') : null;
  if (member?.type === 'property_identifier' && (site.callee !== 'import' || awaited)) {
    // `require('legacy').Name`, `(await import('legacy')).Name`: the one name read, followed by the value path.
    return stuckName(run, key, member.text, site.call, what);
  }
  if (holder.parent?.type === 'expression_statement') return undefined; // `require('legacy');`: reads no name
  const param = site.callee === 'import' && !awaited ? thenParameter(holder) : undefined;
  if (param?.type === 'object_pattern') {
    // `import('legacy').then(({ A }) => …)`: the names destructured, like `const { A } = await import(…)`.
    return destructuringThatCannotFollow(run, key, param, site.call, what, untoldUse);
  }
  if (!renames) return undefined; // bound to a name or used otherwise: respelled as a whole
  const bound = param?.type === 'identifier' ? param : name;
  const binding = bound?.type === 'identifier' ? run.bindingOf(bound) : undefined;
  const uses = binding && namespaceUses(run, binding);
  if (!uses || uses.bare > 0) return untoldUse;
  for (const u of uses.sites) {
    const why = stuckName(run, key, u.name, site.call, what);
    if (why) return why;
  }
  return undefined;
}

/** Why a destructuring of the module cannot follow: a key that cannot be told (`untoldUse`), or a name that is stuck. */
function destructuringThatCannotFollow(run: TsMoveRun, key: string, pattern: SyntaxNode, call: SyntaxNode, what: string, untoldUse: StuckUse): StuckUse | undefined {
  for (const p of pattern.namedChildren) {
    const k = p.type === 'pair_pattern' ? p.childForFieldName('key') : p.type === 'object_assignment_pattern' ? p.childForFieldName('left') : p;
    const plain = k && (k.type === 'property_identifier' || k.type === 'shorthand_property_identifier_pattern' || k.type === 'identifier');
    if (!plain) return untoldUse;
    const why = stuckName(run, key, k.text, call, what);
    if (why) return why;
  }
  return undefined;
}

/** Automock calls (no factory) in this file of the module `toKey`, as it stands after the moves. */
/** Does this automock call name the canonical module `toKey` itself (so it stays as it is)? */
export function mocksCanonical(run: TsMoveRun, call: SyntaxNode, callee: string, toKey: string): boolean {
  const spec = plainStringValue(moduleCallParts(call)!.args[0]!);
  return spec !== undefined && run.ts.moduleOf(spec, callee.startsWith('vi.') ? 'import' : 'require') === toKey;
}

export function automocks(run: TsMoveRun, callee: string, toKey: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const call of run.ctx.tree.rootNode.descendantsOfType(['call_expression', 'binary_expression'])) {
    const found = moduleCallParts(call);
    if (!found || found.callee !== callee || found.args.length !== 1) continue;
    const spec = plainStringValue(found.args[0]!);
    if (spec === undefined) continue;
    const key = run.ts.moduleOf(spec, callee.startsWith('vi.') ? 'import' : 'require');
    const whole = key === toKey ? undefined : run.whole(key);
    if (key === toKey || whole?.move.toKey === toKey || run.selfMove(key)?.toKey === toKey) out.push(call);
  }
  return out;
}
