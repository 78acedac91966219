/**
 * python-move: the `move` rule kind for Python, first cut. For `from LEGACY import a, b as c` it rewrites the
 * module path when every imported name moves to one canonical module, renaming moved names as an alias so that
 * references stay bound (`from NEW import WebSocketManager as UnifiedWebSocketManager`); when only some names
 * move it splits the statement, leaving the others behind. `from LEGACY import *` and module imports whose
 * attribute uses would need rewriting are reported, not rewritten. Relative imports, merging into an existing
 * canonical import and renaming references are the next step (issue 3).
 */
import type Parser from 'tree-sitter';
import type { Transform, TransformContext } from '../src/types.js';

/** A move as the planner uses it: compiled from a `python.moves[i]` entry. */
export interface CompiledPythonMove {
  /** Rule id (the config field path), e.g. `python.moves[2]`. */
  rule: string;
  from: string;
  to: string;
  /** `*` for every name; otherwise old name → new name for the names that move. */
  symbols: '*' | ReadonlyMap<string, string>;
}

type SyntaxNode = Parser.SyntaxNode;

/** A name in an import list: `A` or `A as X`. */
interface ImportedName {
  node: SyntaxNode;
  /** The dotted_name node of the imported name. */
  nameNode: SyntaxNode;
  name: string;
  alias: string | undefined;
}

function importedNames(stmt: SyntaxNode): ImportedName[] {
  return stmt.childrenForFieldName('name').map((node) => {
    if (node.type === 'aliased_import') {
      const nameNode = node.childForFieldName('name')!;
      return { node, nameNode, name: nameNode.text, alias: node.childForFieldName('alias')?.text };
    }
    return { node, nameNode: node, name: node.text, alias: undefined };
  });
}

/** Where `name` imported from `module` goes, if a move covers it. */
function destination(moves: readonly CompiledPythonMove[], module: string, name: string): { move: CompiledPythonMove; newName: string } | undefined {
  for (const move of moves) {
    if (move.from !== module) continue;
    if (move.symbols === '*') return { move, newName: name };
    const newName = move.symbols.get(name);
    if (newName !== undefined) return { move, newName };
  }
  return undefined;
}

/** `New as Alias`, or just `New` when the binding keeps its name. */
function importClause(newName: string, boundAs: string): string {
  return newName === boundAs ? newName : `${newName} as ${boundAs}`;
}

/** The whitespace that starts the statement's line, or undefined when code precedes it on that line. */
function lineIndent(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

function rewriteFromImport(ctx: TransformContext, stmt: SyntaxNode, moves: readonly CompiledPythonMove[], editFor: (rule: string) => TransformContext['edit']): void {
  const moduleNode = stmt.childForFieldName('module_name');
  if (!moduleNode || moduleNode.type !== 'dotted_name') return;
  const module = moduleNode.text.replace(/\s+/g, '');
  if (!moves.some((m) => m.from === module)) return;
  if (stmt.children.some((c) => c.type === 'wildcard_import')) {
    ctx.report(stmt.startIndex, `wildcard import from legacy module ${module}: not rewritten (name the imported symbols)`, 'warning');
    return;
  }
  const names = importedNames(stmt);
  const moved = names.map((n) => ({ n, dest: destination(moves, module, n.name) }));
  const targets = new Set(moved.filter((m) => m.dest).map((m) => m.dest!.move.to));
  if (targets.size === 0) return;

  if (targets.size === 1 && moved.every((m) => m.dest)) {
    // Every name moves to one module: rewrite the module path and the renamed names in place.
    const rule = moved[0]!.dest!.move.rule;
    editFor(rule)(moduleNode.startIndex, moduleNode.endIndex, [...targets][0]!);
    for (const { n, dest } of moved) {
      if (dest!.newName === n.name) continue;
      // Keep the local binding: `Old` becomes `New as Old`; in `Old as X` only `Old` changes.
      editFor(dest!.move.rule)(n.nameNode.startIndex, n.nameNode.endIndex, n.alias ? dest!.newName : `${dest!.newName} as ${n.name}`);
    }
    return;
  }

  const text = ctx.file.text;
  const indent = lineIndent(text, stmt.startIndex);
  const separator = indent === undefined ? '; ' : `${ctx.file.eol}${indent}`;
  const statements = [...targets].sort().map((to) => {
    const group = moved.filter((m) => m.dest?.move.to === to);
    const clauses = group.map((m) => importClause(m.dest!.newName, m.n.alias ?? m.n.name));
    return { rule: group[0]!.dest!.move.rule, text: `from ${to} import ${clauses.join(', ')}` };
  });
  const lastKept = moved.map((m) => !m.dest).lastIndexOf(true);
  if (lastKept === -1) {
    // Every name moves, but to different modules: one statement per module replaces this one.
    editFor(statements[0]!.rule)(stmt.startIndex, stmt.endIndex, statements.map((s) => s.text).join(separator));
    return;
  }

  // Some names stay: take the moved ones out of the list and import them from their new module on the next line.
  // A moved name before the last kept one goes with everything up to the next name; the moved names after it go
  // in one piece from the end of the last kept name, so whatever follows the list (a trailing comma, `)`) stays.
  moved.forEach(({ n, dest }, i) => {
    if (dest && i < lastKept) editFor(dest.move.rule)(n.node.startIndex, names[i + 1]!.node.startIndex, '');
  });
  const tail = moved.slice(lastKept + 1);
  if (tail.length > 0) {
    editFor(tail[0]!.dest!.move.rule)(names[lastKept]!.node.endIndex, tail[tail.length - 1]!.n.node.endIndex, '');
  }
  for (const s of statements) editFor(s.rule)(stmt.endIndex, stmt.endIndex, `${separator}${s.text}`);
}

function reportModuleImport(ctx: TransformContext, stmt: SyntaxNode, moves: readonly CompiledPythonMove[]): void {
  for (const node of stmt.childrenForFieldName('name')) {
    const nameNode = node.type === 'aliased_import' ? node.childForFieldName('name')! : node;
    const module = nameNode.text.replace(/\s+/g, '');
    if (moves.some((m) => m.from === module)) {
      ctx.report(node.startIndex, `module import of legacy module ${module}: its attribute uses are not rewritten yet`, 'warning');
    }
  }
}

/** Build the python-move transform for a list of compiled moves. */
export function createPythonMoveTransform(moves: readonly CompiledPythonMove[]): Transform {
  return {
    id: 'python-move',
    languages: ['python'],
    needles: [...new Set(moves.map((m) => m.from))],
    run(ctx) {
      // Edits are tagged with the config entry that caused them, not the transform, so collisions name the entry.
      const editFor = (rule: string): TransformContext['edit'] => (start, end, text) => ctx.edit(start, end, text, rule);
      for (const stmt of ctx.tree.rootNode.descendantsOfType(['import_from_statement', 'import_statement'])) {
        if (stmt.type === 'import_from_statement') rewriteFromImport(ctx, stmt, moves, editFor);
        else reportModuleImport(ctx, stmt, moves);
      }
    },
  };
}
