// The incremental re-parse of a pass's output (reparseWith, src/core/parse.ts): the tree it gives must be the tree a
// full parse gives, node for node (types, spans, points, missing tokens), on every fixture's output and on the texts
// where offsets and points part ways (non-ASCII, characters outside the BMP, CRLF), in Python, TypeScript and TSX.
import { readFileSync } from 'node:fs';
import type { SyntaxNode, SyntaxTree } from '../src/core/syntax.js';
import { describe, expect, it } from 'vitest';
import { applyEdits, normalizeEdits } from '../src/core/edits.js';
import { editTree, type TextChange } from '../src/core/parse.js';
import { sourceFromBytes } from '../src/core/source.js';
import type { Edit, Language } from '../src/core/types.js';
import { parseSource, reparseSource } from '../src/languages/parse.js';
import { languageForPath } from '../src/languages/registry.js';
import { planSource } from '../src/planner/plan-source.js';
import { discoverFixtureCases } from './helpers/fixtures.js';

/** Every node of a tree, anonymous ones included, with its span and points: one line each. */
function shape(tree: SyntaxTree): string {
  const lines: string[] = [];
  const cursor = tree.walk();
  let depth = 0;
  for (;;) {
    const { startPosition: s, endPosition: e } = cursor;
    const node = cursor.currentNode;
    lines.push(
      `${' '.repeat(depth)}${cursor.nodeType}${cursor.nodeIsNamed ? '' : '!'}${node.isMissing ? ' MISSING' : ''} ` +
        `${cursor.startIndex}-${cursor.endIndex} ${s.row}:${s.column}-${e.row}:${e.column}${cursor.currentFieldName ? ` .${cursor.currentFieldName}` : ''}`,
    );
    if (cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return lines.join('\n');
      depth--;
    }
  }
}

/** Re-parse `text` after `changes` both ways; the incremental tree must be the full one, and the old tree unchanged. */
function expectSameTree(text: string, changes: readonly TextChange[], language: Language): string {
  const edits: Edit[] = changes.map((c, i) => ({ ...c, rule: 'test', id: String(i) }));
  const sorted = normalizeEdits(edits);
  const next = applyEdits(text, sorted);
  const old = parseSource(text, language);
  const before = shape(old);
  const incremental = reparseSource(old, text, sorted, next, language);
  const full = parseSource(next, language);
  expect(shape(incremental)).toBe(shape(full));
  expect(incremental.rootNode.toString()).toBe(full.rootNode.toString());
  expect(shape(old)).toBe(before);
  expectEditedPoints(text, sorted, next, language);
  return next;
}

/** The (row, column) of an offset, counted the way tree-sitter's bindings count: rows at `\n`, columns in code units. */
function pointOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `${before.split('\n').length - 1}:${offset - (before.lastIndexOf('\n') + 1)}`;
}

/**
 * The old tree, edited (not re-parsed): every node's points are where its offsets are in the new text. (The
 * re-parse re-reads what the changes touch, so wrong points would not show in its tree; they show here.)
 */
function expectEditedPoints(text: string, changes: readonly TextChange[], next: string, language: Language): void {
  const tree = parseSource(text, language);
  editTree(tree, text, changes);
  const wrong: string[] = [];
  const visit = (node: SyntaxNode) => {
    const got = `${node.startPosition.row}:${node.startPosition.column}-${node.endPosition.row}:${node.endPosition.column}`;
    const want = `${pointOf(next, node.startIndex)}-${pointOf(next, node.endIndex)}`;
    if (got !== want) wrong.push(`${node.type} ${node.startIndex}-${node.endIndex}: ${got}, not ${want}`);
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);
  expect(wrong).toEqual([]);
}

describe('reparseSource', () => {
  it('gives the full parse of every fixture output, from the edits the planner composed', async () => {
    const cases = (await discoverFixtureCases()).filter((c) => c.outputPath !== undefined);
    expect(cases.length).toBeGreaterThan(50);
    let checked = 0;
    for (const c of cases) {
      const read = sourceFromBytes(readFileSync(c.inputPath), c.inputPath, c.virtualPath, languageForPath(c.virtualPath)!);
      if (!read.ok) continue;
      const { plan, newText } = planSource(read.file, c.config.transforms, c.project, { residue: c.config.residue });
      if (plan.outcome !== 'changed') continue;
      const sorted = normalizeEdits(plan.edits);
      const old = parseSource(read.file.text, read.file.language);
      const incremental = reparseSource(old, read.file.text, sorted, newText!, read.file.language);
      expect(shape(incremental), `${c.transform}/${c.name}`).toBe(shape(parseSource(newText!, read.file.language)));
      expectEditedPoints(read.file.text, sorted, newText!, read.file.language);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('counts columns in UTF-16 code units: non-ASCII and astral characters before, inside and after the edits', () => {
    const text = 'x = "é😀ü"  # 日本\nfrom a.b import (c,\n    d)\ny = f"{c}😀" + d\n';
    let next = expectSameTree(text, [{ start: text.indexOf('a.b'), end: text.indexOf('a.b') + 3, text: 'ñew.m😀d' }], 'python');
    expect(next).toContain('from ñew.m😀d import');
    // An edit on a line that holds astral characters before it, and a multi-line insertion of non-ASCII text.
    const at = text.indexOf('+ d');
    next = expectSameTree(text, [{ start: at + 2, end: at + 3, text: 'g("ü",\n  "😀😀")' }], 'python');
    expect(next).toContain('+ g("ü",\n  "😀😀")\n');
    expectSameTree(text, [
      { start: 0, end: 1, text: 'zé' },
      { start: text.indexOf('d)'), end: text.indexOf('d)') + 1, text: 'δ' },
      { start: text.length, end: text.length, text: 'print("ß")\n' },
    ], 'python');
  });

  it('keeps CRLF lines (a \\r is a character, not a row break)', () => {
    const text = 'import os\r\nfrom legacy.mod import (\r\n    A,\r\n    B,\r\n)\r\n\r\nA()\r\nB()\r\n';
    const from = text.indexOf('legacy.mod');
    const b = text.indexOf('    B,\r\n');
    expectSameTree(text, [
      { start: from, end: from + 'legacy.mod'.length, text: 'canon' },
      { start: b, end: b + '    B,\r\n'.length, text: '' },
      { start: text.length, end: text.length, text: 'from other import B\r\n' },
    ], 'python');
  });

  it('applies several insertions at one offset in the order the splice does', () => {
    const text = 'def f():\n    return 1\n';
    const next = expectSameTree(text, [
      { start: 0, end: 0, text: 'import a\n' },
      { start: 0, end: 0, text: 'import b\n' },
      { start: text.indexOf('1'), end: text.indexOf('1') + 1, text: 'a.x(b.y)' },
    ], 'python');
    expect(next.startsWith('import a\nimport b\n')).toBe(true);
  });

  it('re-parses TypeScript and TSX', () => {
    const ts = "import { socket } from '../lib/socket';\nconst s: string = `é${socket.url}😀`;\nexport default s;\n";
    const spec = ts.indexOf('../lib/socket');
    expectSameTree(ts, [{ start: spec, end: spec + '../lib/socket'.length, text: '@/services/wébSocket' }], 'typescript');
    const tsx = "import { useSocket } from './hooks';\nexport const A = () => <div title=\"ü\">😀 {useSocket().id}\r\n</div>;\n";
    const hook = tsx.indexOf('useSocket()');
    expectSameTree(tsx, [
      { start: tsx.indexOf("'./hooks'"), end: tsx.indexOf("'./hooks'") + "'./hooks'".length, text: "'@/hooks/ñ'" },
      { start: hook, end: hook + 'useSocket()'.length, text: 'useSocket({\n  user: "é",\n})' },
    ], 'tsx');
  });

  it('gives the full parse when the edit makes or mends a syntax error', () => {
    const text = 'def f(x):\n    return g(x)\n';
    const broken = expectSameTree(text, [{ start: text.indexOf('(x)\n'), end: text.indexOf('(x)\n') + 3, text: '(x' }], 'python');
    expect(parseSource(broken, 'python').rootNode.hasError).toBe(true);
    const close = broken.indexOf('(x\n');
    expect(expectSameTree(broken, [{ start: close + 2, end: close + 2, text: ')' }], 'python')).toBe(text);
  });
});
