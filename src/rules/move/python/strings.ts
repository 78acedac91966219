/**
 * Dotted strings that name a moved symbol or module: rewritten when passed to a call (`patch("a.b.Name")`,
 * `importlib.import_module("a.b")`), reported anywhere else (docs/move-rule.md).
 */
import type { SyntaxNode } from '../../../core/syntax.js';
import { destination } from './moves.js';
import type { PythonMoveRun } from './run.js';


/** Dotted strings passed to calls: `patch("a.b.Name")`, `monkeypatch.setattr("a.b.Name", …)`, `import_module("a.b")`. */
export function strings(run: PythonMoveRun): void {
  // Only a string whose content starts with a legacy module's name can matter: find those through the text, not
  // by visiting every string (docstrings included) of the file.
  const text = run.ctx.file.text;
  const starts = new Set<number>();
  for (const from of new Set(run.moves.map((m) => m.from))) {
    for (let at = text.indexOf(from); at !== -1; at = text.indexOf(from, at + 1)) starts.add(at);
  }
  const seen = new Set<number>();
  for (const at of [...starts].sort((a, b) => a - b)) {
    const found = run.ctx.tree.rootNode.descendantForIndex(at, at + 1);
    const str = found.type === 'string_content' && found.startIndex === at ? found.parent : null;
    if (!str || str.type !== 'string' || seen.has(str.startIndex)) continue;
    seen.add(str.startIndex);
    const parent = str.parent;
    const isArgument = parent?.type === 'argument_list' || (parent?.type === 'keyword_argument' && parent.parent?.type === 'argument_list');
    const start = str.namedChildren[0];
    const contents = str.namedChildren.filter((c) => c.type !== 'string_start' && c.type !== 'string_end');
    const first = contents[0];
    if (!start || start.type !== 'string_start' || !first || first.type !== 'string_content') continue;
    if (run.py.suppressed(first) || run.py.isClaimed(first)) continue;
    const simple = !/[fFbB]/.test(start.text) && contents.length === 1;
    if (isArgument && simple && /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(first.text)) dottedString(run, first, first.text);
    // A docstring is not code; any other string that names a moved symbol or module is reported.
    else if (parent?.type !== 'expression_statement') otherString(run, first, simple);
  }
}

/**
 * A string that is not a plain call argument (an assignment, a list item, an f-string or byte string) but names a
 * moved symbol (`"L.Name…"`), a module that moves whole (`"L"`), or begins `L.` and goes on with an interpolation.
 */
function otherString(run: PythonMoveRun, content: SyntaxNode, simple: boolean): void {
  const value = content.text;
  const legacy = [...new Set(run.moves.map((m) => m.from))]
    .filter((from) => value === from || value.startsWith(`${from}.`))
    .sort((a, b) => b.length - a.length)[0];
  if (legacy === undefined) return;
  const name = /^[A-Za-z_]\w*/.exec(value.slice(legacy.length + 1))?.[0];
  const dest = name !== undefined ? destination(run.moves, legacy, name) : undefined;
  const whole = run.wholeMove(legacy);
  const open = !simple && name === undefined && value.length === legacy.length + 1;
  const move = dest?.move ?? (value === legacy || open ? (whole ?? (open ? run.moves.find((m) => m.from === legacy) : undefined)) : undefined);
  if (!move) return;
  run.legacySite(content.startIndex, move, dest && name ? name : '*', 'string');
  const what = dest && name ? `moved symbol ${legacy}.${name}` : open ? `legacy module ${legacy} followed by an interpolated name` : `module ${legacy}, which moves to ${move.to}`;
  run.ctx.report(content.startIndex, `string names ${what}: not rewritten (only a plain string passed to a call is)`, 'warning', move.rule);
}

function dottedString(run: PythonMoveRun, content: SyntaxNode, value: string): void {
  const legacy = [...new Set(run.moves.map((m) => m.from))]
    .filter((from) => value === from || value.startsWith(`${from}.`))
    .sort((a, b) => b.length - a.length)[0];
  if (legacy === undefined) return;
  if (value === legacy) {
    const moves = run.moves.filter((m) => m.from === legacy);
    run.ctx.site(content.startIndex, { rule: moves[0]!.rule, status: 'legacy', module: legacy, form: 'string', symbol: '*' });
    const whole = moves.length === 1 && moves[0]!.symbols === '*';
    if (whole) run.ctx.edit(content.startIndex, content.endIndex, moves[0]!.to, moves[0]!.rule);
    else run.ctx.report(content.startIndex, `string names legacy module ${legacy}, of which only some names move: not rewritten`, 'warning', moves[0]!.rule);
    return;
  }
  const [name, ...rest] = value.slice(legacy.length + 1).split('.');
  const dest = destination(run.moves, legacy, name!);
  if (dest) run.ctx.site(content.startIndex, { rule: dest.move.rule, status: 'legacy', module: legacy, form: 'string', symbol: name! });
  if (!dest || !run.definedInTarget(dest, content.startIndex)) return;
  const rewritten = [dest.move.to, dest.newName, ...rest].join('.');
  run.ctx.edit(content.startIndex, content.endIndex, rewritten, dest.move.rule);
}
