/**
 * What canonize's code, and a custom transform, sees of a syntax tree: the part of tree-sitter's node API it uses,
 * declared here so that the public types name no binding (and need no `@types/node`). The parser behind it is
 * src/core/parse.ts. Offsets (`startIndex`, `endIndex`) and columns are UTF-16 code units of the parsed text — the
 * units `String.prototype.slice` uses and edits are made in — and rows count `\n`s.
 */

/** A place in a text: `row` (0-based, counting `\n`), `column` (0-based, UTF-16 code units since the row's start). */
export interface Point {
  row: number;
  column: number;
}

/** A node of a {@link SyntaxTree}. Two nodes are the same node when their `id`s are equal (not necessarily `===`). */
export interface SyntaxNode {
  /** Stable for the node within its tree: compare nodes by it. */
  readonly id: number;
  readonly tree: SyntaxTree;
  /** The grammar's name for the node (`identifier`, `call_expression`, `ERROR`), or the token itself for anonymous ones. */
  readonly type: string;
  readonly isNamed: boolean;
  /** A token the parser assumed to recover from a syntax error. */
  readonly isMissing: boolean;
  readonly isError: boolean;
  /** Whether it is or contains an ERROR or MISSING node. */
  readonly hasError: boolean;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly parent: SyntaxNode | null;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly firstChild: SyntaxNode | null;
  readonly firstNamedChild: SyntaxNode | null;
  readonly lastChild: SyntaxNode | null;
  readonly lastNamedChild: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
  readonly nextNamedSibling: SyntaxNode | null;
  readonly previousSibling: SyntaxNode | null;
  readonly previousNamedSibling: SyntaxNode | null;
  child(index: number): SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(fieldName: string): SyntaxNode | null;
  childrenForFieldName(fieldName: string): SyntaxNode[];
  fieldNameForChild(childIndex: number): string | null;
  /** The smallest node that spans `[startIndex, endIndex]` (the root when none is smaller). */
  descendantForIndex(startIndex: number, endIndex?: number): SyntaxNode;
  namedDescendantForIndex(startIndex: number, endIndex?: number): SyntaxNode;
  descendantsOfType(types: string | string[], startPosition?: Point, endPosition?: Point): SyntaxNode[];
  walk(): TreeCursor;
  /** The node as an S-expression. */
  toString(): string;
}

/**
 * A cursor over a tree: cheaper than node properties for a walk over many nodes. It holds memory of the WebAssembly
 * runtime that only {@link TreeCursor.delete} frees: delete it when done.
 */
export interface TreeCursor {
  readonly currentNode: SyntaxNode;
  readonly currentFieldName: string | null | undefined;
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  /** Free the cursor; it must not be used after. */
  delete(): void;
}

/** A parsed text. */
export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
  walk(): TreeCursor;
}
