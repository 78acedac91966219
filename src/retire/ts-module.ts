/**
 * A legacy TypeScript / JavaScript module read for retiring: which of its exports move, which stay, its import-time
 * side effects, what a shim must cut (the moved names' exports), the moved names code staying in the module still
 * uses once their declaration is cut (the shim imports them from their canonical module, under their old name), and
 * what stops a shim (staying code that assigns to such a name). Read with tree-sitter, top level only. A TS module's
 * own names are lexical: a moved name it imports and uses keeps working once it is no longer exported.
 */
import { freeTree } from '../core/parse.js';
import type { SyntaxNode, SyntaxTree } from '../core/syntax.js';
import type { Language } from '../core/types.js';
import { parseSource } from '../languages/parse.js';
import type { LegacyModule, MovedName } from '../residue/targets.js';
import { aloneOnItsLines, cutListItems, cutStatementLines, type Cut } from './text.js';
import { SHIM_MARKER, type SideEffect } from './types.js';

type Node = SyntaxNode;

/** What a shim of the module keeps, forwards and cuts. */
export interface TsModuleShape {
  /** Exported names that do not move, sorted (`default`, `* from '…'`). */
  stays: string[];
  /** The moved exports the shim re-exports from their canonical module. */
  forwarded: Map<string, MovedName>;
  /** Moved names known to be types (exported with `type`, or declared as an interface or type alias). */
  typeOnly: Set<string>;
  sideEffects: SideEffect[];
  blockers: string[];
  cuts: Cut[];
  /**
   * Moved names that code staying in the module uses and nothing it keeps binds (their declaration is cut): the shim
   * imports each from its canonical module under its old name.
   */
  localImports: Set<string>;
  isShim: boolean;
  notes: string[];
}

const DECLARATIONS = new Set([
  'class_declaration',
  'abstract_class_declaration',
  'function_declaration',
  'generator_function_declaration',
  'interface_declaration',
  'type_alias_declaration',
  'enum_declaration',
  'lexical_declaration',
  'variable_declaration',
  'internal_module',
  'module',
  'ambient_declaration',
]);
const TYPE_DECLARATIONS = new Set(['interface_declaration', 'type_alias_declaration']);
const FUNCTIONS = new Set(['arrow_function', 'function_expression', 'function', 'generator_function', 'class', 'method_definition']);
const isCommentLine = (line: string) => /^[ \t]*(\/\/|\/\*|\*)/.test(line);
const firstLine = (node: Node) => node.text.split(/\r?\n/, 1)[0]!.trim().slice(0, 100);
const hasToken = (node: Node, token: string) => node.children.some((c) => c.type === token);

/** Whether a value runs code when the module loads (a call, `new`, `await`), looking inside no function. */
function runsCode(node: Node): boolean {
  if (FUNCTIONS.has(node.type)) return false;
  if (node.type === 'call_expression' || node.type === 'new_expression' || node.type === 'await_expression') return true;
  return node.namedChildren.some(runsCode);
}

/** The names a declaration binds. */
function declaredNames(decl: Node): string[] {
  if (decl.type === 'lexical_declaration' || decl.type === 'variable_declaration') {
    return decl.namedChildren.filter((d) => d.type === 'variable_declarator').flatMap((d) => {
      const name = d.childForFieldName('name')!;
      return name.type === 'identifier' ? [name.text] : name.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']).map((n) => n.text);
    });
  }
  const name = decl.childForFieldName('name');
  return name ? [name.text] : [];
}

/** Identifiers (values and types) a node reads, excluding property names after a dot. */
function namesIn(node: Node): Node[] {
  return node.descendantsOfType(['identifier', 'type_identifier', 'shorthand_property_identifier']);
}

/** Read a legacy module's top level. */
export function analyseTsModule(text: string, language: Language, legacy: LegacyModule): TsModuleShape {
  const tree = parseSource(text, language);
  try {
    return readTsModule(tree, text, language, legacy);
  } finally {
    freeTree(tree);
  }
}

function readTsModule(tree: SyntaxTree, text: string, language: Language, legacy: LegacyModule): TsModuleShape {
  const shape: TsModuleShape = { stays: [], forwarded: new Map(), typeOnly: new Set(), sideEffects: [], blockers: [], cuts: [], localImports: new Set(), isShim: text.includes(`// ${SHIM_MARKER}`), notes: [] };
  if (tree.rootNode.hasError) {
    shape.blockers.push('it does not parse');
    return shape;
  }
  const statements = tree.rootNode.namedChildren.filter((n) => n.type !== 'comment');
  for (const [name, moved] of legacy.names) shape.forwarded.set(name, moved);
  if (legacy.whole) {
    for (const stmt of statements) if (!DECLARATIONS.has(stmt.type) && stmt.type !== 'import_statement' && stmt.type !== 'export_statement') reportEffect(shape, stmt);
    if (statements[0]) shape.cuts.push({ start: statements[0].startIndex, end: text.length });
    return shape;
  }
  const moves = (name: string) => legacy.names.has(name);
  const typeImports = new Set<string>();
  const cutStatements = new Map<number, Node>();
  /** Moved names declared in the module, by the statement that declares them. */
  const movedDeclarations: { name: string; stmt: Node }[] = [];
  for (const stmt of statements) {
    if (stmt.type === 'import_statement') {
      const typeStatement = hasToken(stmt, 'type');
      for (const spec of stmt.descendantsOfType('import_specifier')) {
        if (typeStatement || hasToken(spec, 'type')) typeImports.add((spec.childForFieldName('alias') ?? spec.childForFieldName('name'))!.text);
      }
      continue;
    }
    if (stmt.type === 'export_statement') {
      exportStatement(shape, stmt, moves, typeImports, cutStatements, movedDeclarations);
      continue;
    }
    if (DECLARATIONS.has(stmt.type)) {
      if ((stmt.type === 'lexical_declaration' || stmt.type === 'variable_declaration') && runsCode(stmt)) reportEffect(shape, stmt);
      if (TYPE_DECLARATIONS.has(stmt.type)) for (const name of declaredNames(stmt)) typeImports.add(name);
      continue;
    }
    const directive = stmt.type === 'expression_statement' && stmt.namedChildCount === 1 && stmt.namedChild(0)!.type === 'string';
    if (!directive) reportEffect(shape, stmt);
  }
  // A local `export { Name }` of a type declared or imported as a type is a type.
  for (const name of shape.forwarded.keys()) if (typeImports.has(name)) shape.typeOnly.add(name);
  for (const stmt of cutStatements.values()) {
    if (!aloneOnItsLines(text, stmt, '//')) shape.blockers.push(`line ${stmt.startPosition.row + 1} shares its line with another statement`);
    else shape.cuts.push(cutStatementLines(text, stmt, isCommentLine));
  }
  // The shim's own block (after its marker) is rendered again, not read as code of the module.
  const marker = text.indexOf(`// ${SHIM_MARKER}`);
  const staying = statements.filter((s) => (marker === -1 || s.startIndex < marker) && !cutStatements.has(s.startIndex));
  usedAfterCut(shape, staying, movedDeclarations);
  shape.stays = [...new Set(shape.stays)].sort();
  return shape;
}

/**
 * The moved names code staying in the module still reads once the shim has cut what it cuts, and nothing it keeps
 * binds (their declaration moved): each is imported from its canonical module under its old name, so the staying
 * code gets the canonical declaration (what the move says it now is). Blocked when staying code assigns to the name
 * or to a member of it: an import binding is read-only, and a member assigned would change the canonical object.
 */
function usedAfterCut(shape: TsModuleShape, staying: readonly Node[], movedDeclarations: readonly { name: string; stmt: Node }[]): void {
  // Imports and export lists (`export { … }`, `export … from`) are not code that uses a name: the lists are cut or kept.
  const code = staying.filter((s) => s.type !== 'import_statement' && !(s.type === 'export_statement' && (s.childForFieldName('source') || s.namedChildren.some((c) => c.type === 'export_clause'))));
  for (const name of [...shape.forwarded.keys()].sort()) {
    const reads = code.flatMap((s) => namesIn(s).filter((n) => n.text === name));
    if (reads.length === 0 || staying.some((s) => bindsName(s, name))) continue;
    const assigned = reads.find(isAssigned);
    if (assigned) {
      shape.blockers.push(`${name} moves, but code that stays in the module assigns to it (line ${assigned.startPosition.row + 1}); the canonical one cannot stand in for it`);
      continue;
    }
    shape.localImports.add(name);
    const declared = movedDeclarations.some((d) => d.name === name);
    shape.notes.push(`code that stays in the module uses ${name}${declared ? ' (its declaration moves)' : ''}: the shim imports it from its canonical module under that name`);
  }
}

/** Whether a kept top-level statement binds `name`: an import of it, or a declaration. */
function bindsName(stmt: Node, name: string): boolean {
  if (stmt.type === 'import_statement') {
    const clause = stmt.namedChildren.find((c) => c.type === 'import_clause');
    if (!clause) return false;
    const bound = [
      ...clause.namedChildren.filter((c) => c.type === 'identifier'),
      ...clause.descendantsOfType('namespace_import').flatMap((n) => n.namedChildren.filter((c) => c.type === 'identifier')),
      ...clause.descendantsOfType('import_specifier').map((spec) => (spec.childForFieldName('alias') ?? spec.childForFieldName('name'))!),
    ];
    return bound.some((n) => n.text === name);
  }
  const declaration = stmt.type === 'export_statement' ? stmt.childForFieldName('declaration') : DECLARATIONS.has(stmt.type) ? stmt : null;
  return declaration !== null && declaredNames(declaration).includes(name);
}

/** Whether an identifier is assigned to, or a member of it is (`X = …`, `X += …`, `X++`, `X.y = …`, `X[k] = …`). */
function isAssigned(id: Node): boolean {
  let target = id;
  while (target.parent && (target.parent.type === 'member_expression' || target.parent.type === 'subscript_expression') && target.parent.childForFieldName('object')?.id === target.id) {
    target = target.parent;
  }
  const parent = target.parent;
  if (!parent) return false;
  if (parent.type === 'assignment_expression' || parent.type === 'augmented_assignment_expression') return parent.childForFieldName('left')?.id === target.id;
  return parent.type === 'update_expression';
}


function reportEffect(shape: TsModuleShape, stmt: Node): void {
  shape.sideEffects.push({ line: stmt.startPosition.row + 1, column: stmt.startPosition.column + 1, text: firstLine(stmt) });
}

/** One `export …` statement: the names it exports, cut where they move. */
function exportStatement(
  shape: TsModuleShape,
  stmt: Node,
  moves: (name: string) => boolean,
  typeNames: Set<string>,
  cutStatements: Map<number, Node>,
  movedDeclarations: { name: string; stmt: Node }[],
): void {
  const at = `line ${stmt.startPosition.row + 1}`;
  const source = stmt.childForFieldName('source');
  const clause = stmt.namedChildren.find((c) => c.type === 'export_clause');
  const declaration = stmt.childForFieldName('declaration');
  if (clause) {
    const specifiers = clause.namedChildren.filter((c) => c.type === 'export_specifier');
    const exported = (spec: Node) => (spec.childForFieldName('alias') ?? spec.childForFieldName('name'))!.text;
    const typeStatement = hasToken(stmt, 'type');
    for (const spec of specifiers) {
      const name = exported(spec);
      if (!moves(name)) shape.stays.push(name);
      else if (typeStatement || hasToken(spec, 'type')) typeNames.add(name);
    }
    const cut = specifiers.filter((s) => moves(exported(s)));
    if (cut.length === specifiers.length && cut.length > 0) cutStatements.set(stmt.startIndex, stmt);
    else if (cut.length > 0) shape.cuts.push(...cutListItems(specifiers, (s) => cut.some((c) => c.startIndex === s.startIndex)));
    return;
  }
  if (source) {
    // `export * from '…'` and `export * as ns from '…'`.
    const ns = stmt.namedChildren.find((c) => c.type === 'namespace_export');
    const name = ns ? ns.namedChildren[0]?.text ?? '*' : `* from ${source.text}`;
    if (ns && moves(name)) cutStatements.set(stmt.startIndex, stmt);
    else shape.stays.push(name);
    return;
  }
  if (hasToken(stmt, '=')) {
    shape.stays.push('export =');
    if (shape.forwarded.size > 0) shape.blockers.push(`${at}: a module with \`export =\` cannot also re-export names`);
    return;
  }
  if (hasToken(stmt, 'default')) {
    if (moves('default')) shape.blockers.push(`${at}: the default export moves: shim it by hand`);
    else shape.stays.push('default');
    return;
  }
  if (!declaration) return;
  const names = declaredNames(declaration);
  const moved = names.filter(moves);
  for (const name of names) if (!moves(name)) shape.stays.push(name);
  if (TYPE_DECLARATIONS.has(declaration.type)) for (const name of moved) typeNames.add(name);
  if (moved.length > 0 && moved.length < names.length) shape.blockers.push(`${at} declares moved and staying names together`);
  else if (moved.length > 0) {
    cutStatements.set(stmt.startIndex, stmt);
    for (const name of moved) movedDeclarations.push({ name, stmt });
  }
  if ((declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') && runsCode(declaration)) reportEffect(shape, stmt);
}
