/**
 * What a Python module defines at its top level — functions, classes, assignments, imports, and `__all__` —
 * so a move only imports a name from a canonical module that really has it (invariant 5).
 */
import type { SyntaxNode } from '../../core/syntax.js';


const NESTED_BLOCKS = new Set(['if_statement', 'try_statement', 'with_statement', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause', 'block', 'for_statement', 'while_statement']);

function targets(node: SyntaxNode, out: Set<string>): void {
  if (node.type === 'identifier') out.add(node.text);
  else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(node.type)) {
    for (const c of node.namedChildren) targets(c, out);
  }
}

function stringItems(node: SyntaxNode | null): string[] {
  if (!node || !['list', 'tuple'].includes(node.type)) return [];
  return node.namedChildren.filter((c) => c.type === 'string').map((c) => c.namedChildren.filter((x) => x.type === 'string_content').map((x) => x.text).join(''));
}

/** Names defined at module level (through if / try / with blocks, not inside functions or classes). */
export function pythonModuleExports(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const visit = (node: SyntaxNode) => {
    for (const stmt of node.namedChildren) {
      switch (stmt.type) {
        case 'function_definition':
        case 'class_definition':
          out.add(stmt.childForFieldName('name')!.text);
          break;
        case 'decorated_definition': {
          const def = stmt.childForFieldName('definition');
          if (def) out.add(def.childForFieldName('name')!.text);
          break;
        }
        case 'expression_statement':
          for (const e of stmt.namedChildren) {
            if (e.type !== 'assignment' && e.type !== 'augmented_assignment') continue;
            const left = e.childForFieldName('left');
            if (!left) continue;
            targets(left, out);
            if (left.text === '__all__') for (const name of stringItems(e.childForFieldName('right'))) out.add(name);
          }
          break;
        case 'import_statement':
          for (const item of stmt.childrenForFieldName('name')) {
            out.add(item.type === 'aliased_import' ? item.childForFieldName('alias')!.text : item.text.split('.')[0]!.trim());
          }
          break;
        case 'import_from_statement':
          for (const item of stmt.childrenForFieldName('name')) {
            out.add(item.type === 'aliased_import' ? item.childForFieldName('alias')!.text : item.text.trim());
          }
          break;
        default:
          if (NESTED_BLOCKS.has(stmt.type)) visit(stmt);
      }
    }
  };
  visit(root);
  return out;
}

/** The module-level `__all__` entries of a module, if it declares any. */
export function pythonDunderAll(root: SyntaxNode): Set<string> | undefined {
  let found: Set<string> | undefined;
  for (const stmt of root.namedChildren) {
    if (stmt.type !== 'expression_statement') continue;
    for (const e of stmt.namedChildren) {
      if ((e.type === 'assignment' || e.type === 'augmented_assignment') && e.childForFieldName('left')?.text === '__all__') {
        found ??= new Set();
        for (const name of stringItems(e.childForFieldName('right'))) found.add(name);
      }
    }
  }
  return found;
}
