/**
 * TypeScript import and re-export statements as data: every `import … from`, `import 'x'`, `import x = require(…)`,
 * `export … from` and `export * from` of a file, with its names, as the rules and the import editor (imports.ts)
 * read them. See docs/ts-move-rule.md.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { plainStringValue } from './syntax.js';


/** One name of an import or `export … from` statement. */
export interface TsImportItem {
  /** `import_specifier`, `export_specifier`, the default import's identifier, or `namespace_import`. */
  node: SyntaxNode;
  kind: 'default' | 'named' | 'namespace';
  /** The imported (or re-exported) name; `default` for a default import, `*` for a namespace. */
  name: string;
  alias: string | undefined;
  /** Imports: the local binding. Re-exports: the exported name. */
  local: string;
  localNode: SyntaxNode;
  /** Has an inline `type` modifier (`import { type A }`). */
  typeOnly: boolean;
}

/** `import … from 'x'`, `import 'x'`, `import x = require('x')`, `export … from 'x'`, `export * from 'x'`. */
export interface TsModuleStatement {
  kind: 'import' | 'export';
  node: SyntaxNode;
  /** The string literal naming the module. */
  source: SyntaxNode;
  /** Its value; undefined when it is not a plain string. */
  specifier: string | undefined;
  /** `import type` / `export type`. */
  typeOnly: boolean;
  items: TsImportItem[];
  /** The `{ … }` of named imports or exports. */
  braces: SyntaxNode | undefined;
  /** `export * from` (without `as`). */
  star: boolean;
  /** `export * as ns from`. */
  namespaceExport: SyntaxNode | undefined;
  /** `import x = require('…')`. */
  requireClause: boolean;
  /** The statement list it stands in (the program, or an ambient module's body). */
  container: SyntaxNode;
}

function specifierName(node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  return node.type === 'string' ? plainStringValue(node) : node.text;
}

/** Every import and `export … from` statement of a file, in order (including those in `declare module` blocks). */
export function collectTsModuleStatements(root: SyntaxNode): TsModuleStatement[] {
  const out: TsModuleStatement[] = [];
  for (const node of root.descendantsOfType(['import_statement', 'export_statement'])) {
    const requireClause = node.namedChildren.find((c) => c.type === 'import_require_clause');
    const source = node.childForFieldName('source') ?? requireClause?.childForFieldName('source');
    if (!source || source.type !== 'string') continue;
    const typeOnly = node.children.some((c) => c.type === 'type');
    const items: TsImportItem[] = [];
    let braces: SyntaxNode | undefined;
    let namespaceExport: SyntaxNode | undefined;
    if (node.type === 'import_statement') {
      const clause = node.namedChildren.find((c) => c.type === 'import_clause');
      for (const c of clause?.namedChildren ?? []) {
        if (c.type === 'identifier') items.push({ node: c, kind: 'default', name: 'default', alias: undefined, local: c.text, localNode: c, typeOnly: false });
        else if (c.type === 'namespace_import') {
          const id = c.namedChildren.find((n) => n.type === 'identifier')!;
          items.push({ node: c, kind: 'namespace', name: '*', alias: id.text, local: id.text, localNode: id, typeOnly: false });
        } else if (c.type === 'named_imports') {
          braces = c;
          for (const spec of c.namedChildren.filter((n) => n.type === 'import_specifier')) items.push(specifierItem(spec));
        }
      }
      if (requireClause) {
        const id = requireClause.namedChildren.find((n) => n.type === 'identifier')!;
        items.push({ node: requireClause, kind: 'namespace', name: '*', alias: id.text, local: id.text, localNode: id, typeOnly: false });
      }
    } else {
      braces = node.namedChildren.find((c) => c.type === 'export_clause');
      for (const spec of braces?.namedChildren.filter((n) => n.type === 'export_specifier') ?? []) items.push(specifierItem(spec));
      namespaceExport = node.namedChildren.find((c) => c.type === 'namespace_export');
    }
    out.push({
      kind: node.type === 'import_statement' ? 'import' : 'export',
      node,
      source,
      specifier: plainStringValue(source),
      typeOnly,
      items,
      braces,
      star: node.type === 'export_statement' && !braces && !namespaceExport,
      namespaceExport,
      requireClause: Boolean(requireClause),
      container: node.parent!,
    });
  }
  return out;
}

function specifierItem(spec: SyntaxNode): TsImportItem {
  const nameNode = spec.childForFieldName('name')!;
  const aliasNode = spec.childForFieldName('alias');
  const name = specifierName(nameNode) ?? nameNode.text;
  const alias = aliasNode ? (specifierName(aliasNode) ?? aliasNode.text) : undefined;
  return {
    node: spec,
    kind: 'named',
    name,
    alias,
    local: alias ?? name,
    localNode: aliasNode ?? nameNode,
    typeOnly: spec.children.some((c) => c.type === 'type'),
  };
}
