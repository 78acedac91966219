/**
 * The per-file TypeScript state every TS rule shares (through `ctx.shared`): the file's module statements, what
 * each resolves to, scope analysis (computed once, on demand), the one import editor, and the `canonize: ignore`
 * marker. Modules are keyed by the file a specifier resolves to; a specifier that resolves to nothing in the tree
 * (a package) is keyed by its spelling, as `pkg:<specifier>`.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { Claims, type Spanned } from '../../core/claims.js';
import type { SharedFileState, TransformContext } from '../../core/types.js';
import type { TsModuleRef, TypeScriptIndex } from './facts-data.js';
import { TsImportEditor } from './imports.js';
import { collectTsModuleStatements, type TsModuleStatement } from './module-statements.js';
import { resolverFor, type TsResolver, type UsageKind } from './resolve.js';
import { analyzeTsScopes, type TsScopeAnalysis } from './scope.js';


/** `// canonize: ignore` (or in a block comment) on a line keeps canonize's rules off the sites on it. */
const IGNORE_MARKER = /(\/\/|\/\*).*\bcanonize:\s*ignore\b/;

/** The key of a module: its file, or `pkg:<specifier>` for one outside the tree. */
export function moduleKey(ref: TsModuleRef): string {
  return 'file' in ref ? ref.file : `pkg:${ref.external}`;
}

export class TsFile implements SharedFileState {
  readonly statements: TsModuleStatement[];
  readonly editor: TsImportEditor;
  readonly resolver: TsResolver;
  private scopes: TsScopeAnalysis | undefined;
  private readonly keys = new Map<string, string>();
  private readonly claims = new Claims();

  /** The file's shared TS state, created by the first rule that asks. */
  static of(ctx: TransformContext, index: TypeScriptIndex): TsFile {
    return ctx.shared('typescript-file', () => new TsFile(ctx, index));
  }

  private constructor(
    private readonly ctx: TransformContext,
    index: TypeScriptIndex,
  ) {
    this.resolver = resolverFor(index);
    this.statements = collectTsModuleStatements(ctx.tree.rootNode);
    this.editor = new TsImportEditor(
      ctx.file,
      this.statements,
      (stmt) => (stmt.specifier === undefined ? undefined : this.moduleOf(stmt.specifier, stmt.requireClause ? 'require' : 'import')),
      (s, e, t, rule) => ctx.edit(s, e, t, rule),
    );
  }

  get analysis(): TsScopeAnalysis {
    return (this.scopes ??= analyzeTsScopes(this.ctx.tree.rootNode));
  }

  /** The key of the module `specifier` names from this file. */
  moduleOf(specifier: string, usage: UsageKind): string {
    const cacheKey = `${usage}\0${specifier}`;
    let key = this.keys.get(cacheKey);
    if (key === undefined) {
      const file = this.resolver.resolve(specifier, this.ctx.file.path, usage);
      key = file ?? `pkg:${specifier}`;
      this.keys.set(cacheKey, key);
    }
    return key;
  }

  /** A site on a line marked `// canonize: ignore` is left alone (and not reported). */
  suppressed(node: SyntaxNode): boolean {
    const text = this.ctx.file.text;
    const lineEnd = text.indexOf('\n', node.startIndex);
    const line = text.slice(text.lastIndexOf('\n', node.startIndex - 1) + 1, lineEnd === -1 ? text.length : lineEnd);
    return IGNORE_MARKER.test(line);
  }

  /** Mark a span as rewritten by a rule; see {@link Claims.claim}. */
  claim(start: number, end: number, copied: readonly [number, number][] = []): void {
    this.claims.claim(start, end, copied);
  }

  /** Is the node inside a span another rule rewrote? See {@link Claims.isClaimed}. */
  isClaimed(node: Spanned): boolean {
    return this.claims.isClaimed(node);
  }

  /** Is the node's text gone from the rewritten file? See {@link Claims.isGone}. */
  isGone(node: Spanned): boolean {
    return this.claims.isGone(node);
  }

  finish(handling?: Parameters<SharedFileState['finish']>[0]): void {
    this.editor.finish(handling);
  }
}
