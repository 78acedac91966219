// The splice routine: order, overlap detection naming both rules, deduplication, range checks.
import { describe, expect, it } from 'vitest';
import { applyEdits, editId } from '../src/core/edits.js';
import { OverlapError } from '../src/core/errors.js';
import type { Edit } from '../src/core/types.js';

const e = (start: number, end: number, text: string, rule = 'r'): Edit => ({ start, end, text, rule, id: editId('f', rule, start, end, text) });

describe('applyEdits', () => {
  it('splices edits given in any order', () => {
    expect(applyEdits('abcdef', [e(4, 5, 'E'), e(0, 1, 'A'), e(2, 2, '+')])).toBe('Ab+cdEf');
  });

  it('keeps several insertions at one offset in the order they are given, whatever their rules, and an insertion before a replacement there', () => {
    expect(applyEdits('xy', [e(1, 1, '2', 'b'), e(1, 1, '1', 'a'), e(1, 2, 'Y', 'c')])).toBe('x21Y');
    expect(applyEdits('xy', [e(1, 1, '1', 'b'), e(1, 1, '2', 'a'), e(1, 2, 'Y', 'c')])).toBe('x12Y');
  });

  it('drops an exact duplicate insertion even when another insertion at that offset lies between them', () => {
    expect(applyEdits('xy', [e(1, 1, '1', 'a'), e(1, 1, '2', 'b'), e(1, 1, '1', 'a')])).toBe('x12y');
  });

  it('allows edits that touch end to start', () => {
    expect(applyEdits('abcd', [e(0, 2, 'X'), e(2, 4, 'Y'), e(4, 4, '!')])).toBe('XY!');
  });

  it('rejects overlapping replacements, naming both rules', () => {
    const run = () => applyEdits('abcdef', [e(0, 3, 'X', 'python.moves[0]'), e(2, 5, 'Y', 'python.moves[3]')]);
    expect(run).toThrow(OverlapError);
    expect(run).toThrow(/python\.moves\[0\].*python\.moves\[3\]/);
  });

  it('rejects an insertion strictly inside a replaced span', () => {
    expect(() => applyEdits('abcdef', [e(1, 4, 'X', 'a'), e(2, 2, 'Y', 'b')])).toThrow(OverlapError);
  });

  it('rejects an edit nested in a wider one that is not its neighbour', () => {
    expect(() => applyEdits('abcdefgh', [e(0, 8, 'X', 'wide'), e(1, 2, 'Y', 'a'), e(5, 6, 'Z', 'b')])).toThrow(/wide/);
  });

  it('deduplicates identical edits of one rule but not different texts', () => {
    expect(applyEdits('ab', [e(1, 1, '+'), e(1, 1, '+')])).toBe('a+b');
    expect(() => applyEdits('ab', [e(0, 1, 'X'), e(0, 1, 'Y')])).toThrow(OverlapError);
  });

  it('rejects out-of-range edits', () => {
    expect(() => applyEdits('ab', [e(1, 3, 'X')])).toThrow(RangeError);
    expect(() => applyEdits('ab', [e(2, 1, 'X')])).toThrow(RangeError);
  });

  it('works in UTF-16 offsets, as tree-sitter reports them', () => {
    const text = 'é🚀x';
    expect(applyEdits(text, [e(text.indexOf('x'), text.length, 'y')])).toBe('é🚀y');
  });

  it('gives stable ids', () => {
    expect(editId('a.py', 'r', 1, 2, 'x')).toBe(editId('a.py', 'r', 1, 2, 'x'));
    expect(editId('a.py', 'r', 1, 2, 'x')).not.toBe(editId('b.py', 'r', 1, 2, 'x'));
  });
});
