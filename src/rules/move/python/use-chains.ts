/**
 * The uses of a module binding's name as attribute chains (`m.Name.x`, `a.b.legacy.Name`), in code, `case`
 * patterns and string annotations, and where each chain leads: a moved name, or a module that moves whole.
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import type { Scope } from '../../../languages/python/scope.js';
import { destination, type CompiledPythonMove, type Destination } from './moves.js';
import type { PythonMoveRun } from './run.js';


/**
 * One use of a module binding's name and the attribute chain after it (`m.Name.x`): the names after the binding's
 * name, and where the chain ends after each part (`ends[0]` is the end of the name itself).
 */
export interface UseChain {
  node: SyntaxNode;
  scope: Scope;
  where: 'code' | 'pattern' | 'string';
  start: number;
  names: string[];
  ends: number[];
  text: string;
  /** On a `# canonize: ignore` line: left alone, still a use. */
  skip: boolean;
  /** In a `case` pattern: the chain ends after which a rewrite keeps it a value (or class) pattern. */
  patternTail: Set<number>;
}

/** Does the use's chain, read from what its name is bound to, go through `module` (`a.b.legacy.x` for `a.b.legacy`)? */
export function spellsThrough(base: string, use: UseChain, module: string): boolean {
  const parts = module.split('.');
  const q = [...base.split('.'), ...use.names];
  return q.length >= parts.length && q.slice(0, parts.length).join('.') === module;
}

/** Every use of `local` (bound in `scope`): identifier references, `case` value patterns, string annotations. */
export function usesOf(run: PythonMoveRun, scope: Scope, local: string): UseChain[] {
  const out: UseChain[] = [];
  for (const occ of run.analysis.occurrences) {
    // A use inside a span another rule replaced is gone already; one its replacement carries over stays, as it is.
    if (occ.name !== local || occ.resolved !== scope || occ.kind !== 'reference' || run.py.isGone(occ.node)) continue;
    const skip = run.py.suppressed(occ.node) || run.py.isClaimed(occ.node);
    const parent = occ.node.parent;
    if (parent?.type === 'dotted_name' && parent.namedChildren[0]?.id === occ.node.id) {
      // A value pattern (`case m.Name.X:`) or a class pattern (`case m.Name():`): the dotted name's parts.
      const parts = parent.namedChildren;
      const tails = new Set<number>(parent.parent?.type === 'class_pattern' ? parts.map((p) => p.endIndex) : parts.slice(0, -1).map((p) => p.endIndex));
      out.push({ node: occ.node, scope: occ.scope, where: 'pattern', start: occ.node.startIndex, names: parts.slice(1).map((p) => p.text), ends: parts.map((p) => p.endIndex), text: parent.text, skip, patternTail: tails });
      continue;
    }
    const names: string[] = [];
    const ends = [occ.node.endIndex];
    let node: SyntaxNode = occ.node;
    while (node.parent?.type === 'attribute' && node.parent.childForFieldName('object')?.id === node.id) {
      node = node.parent;
      names.push(node.childForFieldName('attribute')!.text);
      ends.push(node.endIndex);
    }
    out.push({ node: occ.node, scope: occ.scope, where: 'code', start: occ.node.startIndex, names, ends, text: node.text, skip, patternTail: new Set() });
  }
  // Forward references in annotations: `x: "m.Name"` names the module binding too.
  const re = new RegExp(`(?<![\\w.])${local}((?:\\s*\\.\\s*[A-Za-z_]\\w*)*)`, 'g');
  for (const type of run.py.nodesOfType(['type'])) {
    for (const str of type.descendantsOfType('string_content')) {
      const at = run.analysis.scopeOf(str);
      if (run.analysis.resolve(at, local) !== scope) continue;
      for (const m of str.text.matchAll(re)) {
        const start = str.startIndex + m.index;
        const names: string[] = [];
        const ends = [start + local.length];
        for (const part of m[1]!.matchAll(/\s*\.\s*([A-Za-z_]\w*)/g)) {
          names.push(part[1]!);
          ends.push(start + local.length + part.index + part[0].length);
        }
        out.push({ node: str, scope: at, where: 'string', start, names, ends, text: m[0], skip: run.py.suppressed(str), patternTail: new Set() });
      }
    }
  }
  return out;
}

/**
 * Where a use's chain leads: the longest legacy module it spells out (from `base`, what the name is bound to)
 * followed by a moved name (`moved`, ending after that name), or a module that moves whole used as an object
 * (`module`: the chain ends there, or goes on only to a dunder such as `__name__`).
 */
export function classify(run: PythonMoveRun, base: string, use: UseChain): { kind: 'moved'; dest: Destination; name: string; end: number } | { kind: 'module'; move: CompiledPythonMove; end: number } | undefined {
  const baseParts = base.split('.');
  const q = [...baseParts, ...use.names];
  for (let k = q.length; k >= baseParts.length; k--) {
    const module = q.slice(0, k).join('.');
    if (!run.moves.some((m) => m.from === module)) continue;
    const at = k - baseParts.length;
    const next = q[k];
    const whole = run.wholeMove(module);
    if (next === undefined || (whole && /^__\w+__$/.test(next))) {
      if (whole) return { kind: 'module', move: whole, end: use.ends[at]! };
      continue;
    }
    const dest = destination(run.moves, module, next);
    if (dest) return { kind: 'moved', dest, name: next, end: use.ends[at + 1]! };
  }
  return undefined;
}

/** Is the chain of `use` up to `end` an assignment, augmented assignment, `for`, `with … as` or `del` target? */
export function isStore(use: UseChain, end: number): boolean {
  if (use.where !== 'code') return false;
  let node: SyntaxNode = use.node;
  while (node.endIndex < end && node.parent?.type === 'attribute') node = node.parent;
  if (node.endIndex !== end) return false;
  let target: SyntaxNode = node;
  while (target.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'expression_list', 'list_splat_pattern', 'as_pattern_target'].includes(target.parent.type)) {
    target = target.parent;
  }
  const parent = target.parent;
  if (!parent) return false;
  if (parent.type === 'delete_statement') return true;
  if (parent.type === 'assignment' || parent.type === 'augmented_assignment' || parent.type === 'for_statement') {
    return parent.childForFieldName('left')?.id === target.id;
  }
  return parent.type === 'as_pattern' && target.type === 'as_pattern_target';
}

/** The string in `getattr(<use>, "Name", …)` and its kin, when the use's chain is their first argument. */
export function getattrName(use: UseChain): string | undefined {
  if (use.where !== 'code') return undefined;
  let node: SyntaxNode = use.node;
  while (node.parent?.type === 'attribute' && node.parent.childForFieldName('object')?.id === node.id) node = node.parent;
  const args = node.parent;
  const call = args?.parent;
  if (args?.type !== 'argument_list' || call?.type !== 'call' || args.namedChildren[0]?.id !== node.id) return undefined;
  if (!['getattr', 'hasattr', 'setattr', 'delattr'].includes(call.childForFieldName('function')?.text ?? '')) return undefined;
  const str = args.namedChildren[1];
  const parts = str?.type === 'string' ? str.namedChildren.filter((c) => c.type !== 'string_start' && c.type !== 'string_end') : [];
  return parts.length === 1 && parts[0]!.type === 'string_content' && /^[A-Za-z_]\w*$/.test(parts[0]!.text) ? parts[0]!.text : undefined;
}
