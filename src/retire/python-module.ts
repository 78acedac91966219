/**
 * A legacy Python module read for retiring: which of its top-level names move (and the aliases that move with them),
 * which stay, its import-time side effects, what a shim must cut, and what stops a shim from being written without
 * a person (a moved name that code staying in the module still uses). Read with tree-sitter, top level only.
 */
import { freeTree } from '../core/parse.js';
import type { SyntaxNode, SyntaxTree } from '../core/syntax.js';
import { parseSource } from '../languages/parse.js';
import type { LegacyModule, MovedName } from '../residue/targets.js';
import { aloneOnItsLines, cutListItems, cutStatementLines, type Cut } from './text.js';
import { SHIM_MARKER, type SideEffect } from './types.js';

type Node = SyntaxNode;

/** What a shim of the module keeps, forwards and cuts. */
export interface ModuleShape {
  /** Names that stay (defined, or re-exported, and not moved), sorted. */
  stays: string[];
  /** Names the shim forwards, with where to: the moved names, and the aliases of moved names (`X = Moved`). */
  forwarded: Map<string, MovedName>;
  sideEffects: SideEffect[];
  /** Why no shim can be written without a person; empty when one can. */
  blockers: string[];
  /** The cuts that remove the forwarded names' bindings. */
  cuts: Cut[];
  /** Whether the module already is a shim of ours (carries the marker). */
  isShim: boolean;
  /** What the shim does short of the ideal, one sentence each (a moved name it keeps bound, so it does not warn). */
  notes: string[];
  /** Moved names whose definition the shim replaces by an import of the canonical object (code that stays uses them). */
  rebound: string[];
}

/** Where the module is: its dotted name and whether its file is a package's `__init__`. */
export interface PythonModuleId {
  module: string;
  isPackage: boolean;
}

/** A name a top-level statement binds. */
interface Binding {
  name: string;
  stmt: Node;
  /** For an import: the item node (`Name`, `Old as New`); absent for definitions and assignments. */
  item?: Node;
  kind: 'import' | 'definition' | 'assignment';
}

const SHIM_NAMES = new Set(['__getattr__', '_CANONIZE_MOVED', '_CANONIZE_ELSEWHERE']);
const isDunder = (name: string) => /^__\w+__$/.test(name);
const isCommentLine = (line: string) => /^[ \t]*#/.test(line);
const firstLine = (node: Node) => node.text.split(/\r?\n/, 1)[0]!.trim().slice(0, 100);

/** Whether an expression runs code when evaluated (a call, an await, a yield), looking inside no lambda. */
function runsCode(node: Node): boolean {
  if (node.type === 'lambda') return false;
  if (node.type === 'call' || node.type === 'await' || node.type === 'yield') return true;
  return node.namedChildren.some(runsCode);
}

/** The identifiers an expression reads (not attribute names after a dot, not keyword argument names). */
function readNames(node: Node, out: Node[] = []): Node[] {
  if (node.type === 'identifier') {
    const parent = node.parent;
    const isAttributeName = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id;
    const isKeyword = parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id;
    if (!isAttributeName && !isKeyword) out.push(node);
    return out;
  }
  for (const child of node.namedChildren) readNames(child, out);
  return out;
}

/** The strings of a plain `__all__ = [...]` / `(...)` value. */
function allList(value: Node | null): string[] | undefined {
  if (!value || (value.type !== 'list' && value.type !== 'tuple')) return undefined;
  const names: string[] = [];
  for (const item of value.namedChildren) {
    if (item.type !== 'string') return undefined;
    const content = item.namedChildren.find((c) => c.type === 'string_content');
    names.push(content?.text ?? '');
  }
  return names;
}

/** The assignment of an expression statement (`X = ...`, `X: T = ...`), if that is what it is. */
function assignmentOf(stmt: Node): Node | undefined {
  if (stmt.type !== 'expression_statement' || stmt.namedChildCount !== 1) return undefined;
  const child = stmt.namedChild(0)!;
  return child.type === 'assignment' ? child : undefined;
}

/** Read a legacy module's top level. `legacy` is what the config moves out of it. */
export function analysePythonModule(text: string, legacy: LegacyModule, id: PythonModuleId): ModuleShape {
  const tree = parseSource(text, 'python');
  try {
    return readPythonModule(tree, text, legacy, id);
  } finally {
    freeTree(tree);
  }
}

function readPythonModule(tree: SyntaxTree, text: string, legacy: LegacyModule, id: PythonModuleId): ModuleShape {
  const shape: ModuleShape = { stays: [], forwarded: new Map(), sideEffects: [], blockers: [], cuts: [], isShim: text.includes(`# ${SHIM_MARKER}`), notes: [], rebound: [] };
  if (tree.rootNode.hasError) {
    shape.blockers.push('it does not parse');
    return shape;
  }
  const bindings: Binding[] = [];
  let all: string[] | undefined;
  const statements = tree.rootNode.namedChildren.filter((n) => n.type !== 'comment');
  statements.forEach((stmt, i) => {
    const at = { line: stmt.startPosition.row + 1, column: stmt.startPosition.column + 1 };
    switch (stmt.type) {
      case 'future_import_statement':
        return;
      case 'import_statement':
      case 'import_from_statement': {
        if (stmt.namedChildren.some((c) => c.type === 'wildcard_import')) {
          shape.stays.push(`* (from ${stmt.childForFieldName('module_name')?.text ?? '?'})`);
          return;
        }
        for (const item of stmt.childrenForFieldName('name')) {
          const alias = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : undefined;
          const dotted = item.type === 'aliased_import' ? item.childForFieldName('name')!.text : item.text;
          // `import a.b` binds `a`; `from m import a` binds `a`.
          const name = alias ?? (stmt.type === 'import_statement' ? dotted.split('.')[0]! : dotted);
          bindings.push({ name, stmt, item, kind: 'import' });
        }
        return;
      }
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition': {
        const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition')! : stmt;
        bindings.push({ name: def.childForFieldName('name')!.text, stmt, kind: 'definition' });
        return;
      }
    }
    const assignment = assignmentOf(stmt);
    if (assignment) {
      const left = assignment.childForFieldName('left')!;
      const right = assignment.childForFieldName('right');
      if (left.type === 'identifier' && left.text === '__all__') {
        all = allList(right);
        return;
      }
      if (left.type === 'attribute' || left.type === 'subscript') {
        // `X.y = …` and `X[k] = …` bind no name: they change an object (code that stays, when X moves: see rebindBlocker).
      } else if (left.type === 'identifier' && (right === null || right.type !== 'assignment')) {
        bindings.push({ name: left.text, stmt, kind: 'assignment' });
      } else {
        // Tuple targets and chained assignments bind several names: they stay, whatever they bind.
        for (const id of left.descendantsOfType('identifier')) bindings.push({ name: id.text, stmt, kind: 'assignment' });
      }
      if (right && runsCode(right)) shape.sideEffects.push({ ...at, text: firstLine(stmt) });
      return;
    }
    const isDocstring = i === 0 && stmt.type === 'expression_statement' && stmt.namedChildCount === 1 && stmt.namedChild(0)!.type === 'string';
    const extendsAll = stmt.type === 'expression_statement' && /^__all__\s*(\+=|\.extend\(|\.append\()/.test(stmt.text);
    if (!isDocstring && !extendsAll) shape.sideEffects.push({ ...at, text: firstLine(stmt) });
  });
  if (legacy.whole) wholeModule(shape, text, legacy, statements);
  else decideNames(shape, text, bindings, all, legacy, statements, id);
  if (shape.isShim) keepShimTable(shape, statements, legacy);
  return shape;
}

/**
 * A whole-module move: every name moves, so the shim keeps only the module's leading comments and docstring, and
 * forwards any name the canonical module has (the renamed ones under their new names).
 */
function wholeModule(shape: ModuleShape, text: string, legacy: LegacyModule, statements: readonly Node[]): void {
  for (const [name, moved] of legacy.names) shape.forwarded.set(name, moved);
  const first = statements[0];
  const isDocstring = first?.type === 'expression_statement' && first.namedChildCount === 1 && first.namedChild(0)!.type === 'string';
  const rest = isDocstring ? statements[1] : first;
  if (rest) shape.cuts.push({ start: rest.startIndex, end: text.length });
}

/** Which bindings are forwarded and cut, which stay, and what blocks a shim. */
function decideNames(
  shape: ModuleShape,
  text: string,
  bindings: readonly Binding[],
  all: readonly string[] | undefined,
  legacy: LegacyModule,
  statements: readonly Node[],
  id: PythonModuleId,
): void {
  for (const b of bindings) {
    if (shape.isShim && SHIM_NAMES.has(b.name)) continue;
    const moved = legacy.names.get(b.name);
    if (moved) shape.forwarded.set(b.name, moved);
  }
  // An alias of a moved name (`_Impl = Moved`) moves with it: the shim forwards it to the same place.
  for (const b of bindings) {
    if (b.kind !== 'assignment' || shape.forwarded.has(b.name)) continue;
    const right = assignmentOf(b.stmt)?.childForFieldName('right');
    const target = right?.type === 'identifier' ? shape.forwarded.get(right.text) : undefined;
    if (target) shape.forwarded.set(b.name, target);
  }
  for (const [name, moved] of legacy.names) if (!shape.forwarded.has(name)) shape.forwarded.set(name, moved);

  const readByCode = namesReadByCode(statements);
  // A moved name that code staying in the module reads, bound by an import of exactly its canonical object, stays
  // bound: the code keeps working, and importers get the canonical object (without a warning, which is said).
  for (const b of bindings) {
    const moved = shape.forwarded.get(b.name);
    if (!moved || !b.item || !readByCode.has(b.name)) continue;
    const ids = readByCode.get(b.name)!;
    const readByStaying = ids.some((n) => !bindings.some((o) => o.kind !== 'import' && shape.forwarded.has(o.name) && o.stmt.startIndex <= n.startIndex && n.endIndex <= o.stmt.endIndex));
    if (readByStaying && importsCanonical(b, moved, id)) {
      shape.forwarded.delete(b.name);
      shape.notes.push(`${b.name} stays bound (code that stays in the module uses it; it is already ${moved.to}.${moved.newName === '*' ? b.name : moved.newName}): importing it from here does not warn`);
    }
  }
  const cutStatements = cutBindings(shape, text, bindings, (cut) =>
    // A statement that shares its line with another is left as it is (cutting it would need a person).
    onlyCutCodeReads(bindings, readByCode, statements, cut).filter((b) => aloneOnItsLines(text, b.stmt, '#')),
  );
  // A moved name read by code that stays would be undefined there once the shim stops binding it: its definition is
  // replaced by an import of the canonical object under its name, where it was (module-level code keeps its order).
  for (const [name, ids] of [...readByCode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const moved = shape.forwarded.get(name);
    if (!moved) continue;
    const staying = ids.filter((id) => !inCutStatement(id, statements, cutStatements));
    if (staying.length === 0) continue;
    const why = rebindBlocker(name, staying, bindings.filter((b) => b.name === name), cutStatements);
    if (why) shape.blockers.push(why);
    else rebind(shape, text, name, moved, bindings.find((b) => b.name === name)!.stmt);
  }
  if (!shape.isShim && bindings.some((b) => b.name === '__getattr__')) shape.blockers.push('it already defines a module-level __getattr__');
  const stays = stayingNames(shape, bindings, all, legacy, readByCode);
  shape.stays = [...new Set([...shape.stays, ...stays])].sort();
}

/**
 * Why a moved name that staying code reads cannot be bound to the canonical object in its place, or undefined: it is
 * bound by an import item or more than once, or staying code assigns to a member of it (that would change the
 * canonical object) or declares it `global` (to rebind it).
 */
function rebindBlocker(name: string, reads: readonly Node[], bindings: readonly Binding[], cut: ReadonlyMap<number, Node>): string | undefined {
  const line = (n: Node) => n.startPosition.row + 1;
  if (bindings.length !== 1 || bindings[0]!.item || !cut.has(bindings[0]!.stmt.startIndex)) {
    return `${name} moves, but code that stays in the module uses it (line ${line(reads[0]!)}), and it is not bound by one definition the shim can replace`;
  }
  for (const id of reads) {
    let target = id;
    while (target.parent && (target.parent.type === 'attribute' || target.parent.type === 'subscript') && target.parent.namedChildren[0]?.id === target.id) target = target.parent;
    const parent = target.parent;
    const assigned = target.id !== id.id && (parent?.type === 'assignment' || parent?.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === target.id;
    if (assigned || parent?.type === 'global_statement') {
      return `${name} moves, but code that stays in the module ${assigned ? 'assigns to a member of it' : 'declares it global'} (line ${line(id)}); the canonical object cannot stand in for it`;
    }
  }
  return undefined;
}

/** Replace the statement binding a moved name with `from <canonical> import <New> as <Old>` (its lines only). */
function rebind(shape: ModuleShape, text: string, name: string, moved: MovedName, stmt: Node): void {
  const at = shape.cuts.findIndex((c) => c.start <= stmt.startIndex && stmt.startIndex < c.end);
  // The comment lines above the definition go with it (they describe it); the blank lines around it stay.
  const start = at === -1 ? text.lastIndexOf('\n', stmt.startIndex - 1) + 1 : shape.cuts[at]!.start;
  if (at !== -1) shape.cuts.splice(at, 1);
  const nl = text.indexOf('\n', stmt.endIndex);
  const end = nl === -1 ? text.length : nl + 1;
  const newName = moved.newName === '*' ? name : moved.newName;
  const eol = text.slice(start, end).endsWith('\r\n') ? '\r\n' : nl === -1 ? '' : '\n';
  shape.cuts.push({ start, end, text: `from ${moved.to} import ${newName === name ? name : `${newName} as ${name}`}${eol}` });
  shape.rebound.push(name);
  shape.notes.push(`code that stays in the module uses ${name}: the shim binds it to ${moved.to}.${newName} where it was defined, so importing it from here does not warn`);
}

/**
 * The module-level imports that only code the shim cuts read (flake8 would call them unused once it is cut): each
 * name read by a statement cut, by no statement kept, and in no string of the module (`__all__`, `getattr(m, "x")`).
 * An import no code read before is left alone (a re-export, or imported for its side effects).
 */
function onlyCutCodeReads(bindings: readonly Binding[], readByCode: ReadonlyMap<string, Node[]>, statements: readonly Node[], cut: ReadonlyMap<number, Node>): Binding[] {
  const kept = statements.filter((s) => !cut.has(s.startIndex));
  const strings = kept.flatMap((s) => s.descendantsOfType('string_content').map((c) => c.text));
  return bindings.filter((b) => {
    if (b.kind !== 'import' || !b.item || b.stmt.type === 'future_import_statement') return false;
    const reads = readByCode.get(b.name) ?? [];
    if (reads.length === 0 || reads.some((id) => !inCutStatement(id, statements, cut))) return false;
    // Bound twice (imported again, or also defined): the other binding keeps whatever it needs.
    if (bindings.some((o) => o.name === b.name && o !== b)) return false;
    return !strings.some((t) => new RegExp(`\\b${b.name}\\b`).test(t));
  });
}

/** The identifiers each name is read at by code of the module (outside imports). */
function namesReadByCode(statements: readonly Node[]): Map<string, Node[]> {
  // An imported name read there is a helper, not a re-export.
  const readByCode = new Map<string, Node[]>();
  for (const stmt of statements) {
    if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement' || stmt.type === 'future_import_statement') continue;
    for (const id of readNames(stmt)) {
      const list = readByCode.get(id.text) ?? [];
      list.push(id);
      readByCode.set(id.text, list);
    }
  }
  return readByCode;
}

/**
 * The cuts that remove the forwarded names' bindings (into `shape.cuts`), and the module-level imports only the code
 * cut read (`unused`, given the statements cut); returns the statements cut whole.
 */
function cutBindings(shape: ModuleShape, text: string, bindings: readonly Binding[], unused: (cut: ReadonlyMap<number, Node>) => Binding[]): Map<number, Node> {
  // Nodes are keyed by their start offset: tree-sitter hands out a new object for a node each time it is asked.
  const cutStatements = new Map<number, Node>();
  const cutItems = new Map<number, { stmt: Node; items: Set<number> }>();
  const cutItem = (b: Binding) => {
    const entry = cutItems.get(b.stmt.startIndex) ?? { stmt: b.stmt, items: new Set<number>() };
    entry.items.add(b.item!.startIndex);
    cutItems.set(b.stmt.startIndex, entry);
  };
  for (const b of bindings) {
    if (!shape.forwarded.has(b.name) || (shape.isShim && SHIM_NAMES.has(b.name))) continue;
    if (b.item) cutItem(b);
    else if (bindings.some((o) => o.stmt.startIndex === b.stmt.startIndex && !shape.forwarded.has(o.name))) {
      shape.blockers.push(`line ${b.stmt.startPosition.row + 1} binds moved name ${b.name} together with names that stay`);
    } else cutStatements.set(b.stmt.startIndex, b.stmt);
  }
  for (const b of unused(cutStatements)) cutItem(b);
  for (const { stmt, items } of cutItems.values()) {
    const names = stmt.childrenForFieldName('name');
    if (names.every((item) => items.has(item.startIndex))) cutStatements.set(stmt.startIndex, stmt);
    else shape.cuts.push(...cutListItems(names, (item) => items.has(item.startIndex)));
  }
  for (const stmt of cutStatements.values()) {
    if (!aloneOnItsLines(text, stmt, '#')) shape.blockers.push(`line ${stmt.startPosition.row + 1} shares its line with another statement`);
    else shape.cuts.push(cutStatementLines(text, stmt, isCommentLine));
  }
  return cutStatements;
}

/** The names that stay: defined and not moved, or imported and re-exported. */
function stayingNames(shape: ModuleShape, bindings: readonly Binding[], all: readonly string[] | undefined, legacy: LegacyModule, readByCode: ReadonlyMap<string, Node[]>): Set<string> {
  const stays = new Set<string>();
  for (const b of bindings) {
    // A moved name kept bound (above) is still a moved name: it does not stay.
    if (shape.forwarded.has(b.name) || legacy.names.has(b.name) || isDunder(b.name) || (shape.isShim && SHIM_NAMES.has(b.name))) continue;
    if (b.kind !== 'import') stays.add(b.name);
    // An import stays when it is re-exported: listed in __all__, or (without __all__) read by no code of the module.
    else if (all ? all.includes(b.name) : !readByCode.has(b.name)) stays.add(b.name);
  }
  for (const name of all ?? []) if (!shape.forwarded.has(name) && !legacy.names.has(name) && !bindings.some((b) => b.name === name)) stays.add(name);
  for (const name of all ?? []) if (!shape.forwarded.has(name) && !legacy.names.has(name) && !bindings.some((b) => b.name === name)) stays.add(name);
  return stays;
}

/** Whether the identifier lies in one of the cut statements. */
function inCutStatement(id: Node, statements: readonly Node[], cut: ReadonlyMap<number, Node>): boolean {
  const top = statements.find((s) => s.startIndex <= id.startIndex && id.endIndex <= s.endIndex);
  return top !== undefined && cut.has(top.startIndex);
}

/** Whether an import binding is `from <canonical> import <new name>` (absolute, or relative from the module). */
function importsCanonical(b: Binding, moved: MovedName, id: PythonModuleId): boolean {
  if (b.stmt.type !== 'import_from_statement' || !b.item) return false;
  const imported = b.item.type === 'aliased_import' ? b.item.childForFieldName('name')!.text : b.item.text;
  if (imported !== (moved.newName === '*' ? b.name : moved.newName)) return false;
  const source = b.stmt.childForFieldName('module_name');
  if (!source) return false;
  let module = source.text;
  if (source.type === 'relative_import') {
    const dots = source.children.find((c) => c.type === 'import_prefix')?.text.length ?? 0;
    const rest = source.namedChildren.find((c) => c.type === 'dotted_name')?.text ?? '';
    const parts = id.module.split('.');
    const pkg = id.isPackage ? parts : parts.slice(0, -1);
    if (dots - 1 > pkg.length) return false;
    module = [...pkg.slice(0, pkg.length - (dots - 1)), ...(rest ? [rest] : [])].join('.');
  }
  return module === moved.to;
}

/**
 * A module that already is a shim keeps forwarding what its table forwards (aliases of moved names included: their
 * statements are gone, only the table remembers them), so that rendering it again gives the same bytes.
 */
function keepShimTable(shape: ModuleShape, statements: readonly Node[], legacy: LegacyModule): void {
  const table = statements.map(assignmentOf).find((a) => a?.childForFieldName('left')?.text === '_CANONIZE_MOVED')?.childForFieldName('right');
  const text = (n: Node | null | undefined) => n?.namedChildren.find((c) => c.type === 'string_content')?.text;
  for (const pair of table?.type === 'dictionary' ? table.namedChildren : []) {
    const name = text(pair.childForFieldName('key'));
    const value = pair.childForFieldName('value');
    const [to, newName] = value?.type === 'tuple' ? value.namedChildren.map((c) => text(c)) : [];
    if (!name || !to || !newName || shape.forwarded.has(name)) continue;
    const rule = [...legacy.names.values()].find((m) => m.to === to && m.newName === newName)?.rule ?? legacy.whole?.rule ?? [...legacy.names.values()][0]?.rule ?? '';
    shape.forwarded.set(name, { rule, to, newName });
  }
}
