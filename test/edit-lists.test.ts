// appendListItems (src/core/lists.ts), shared by the Python and TypeScript import editors: whatever order the
// planner gives edits that start at one offset, the appended list is the same and well formed.
import { describe, expect, it } from 'vitest';
import { appendListItems, JS_COMMENTS, PYTHON_COMMENTS, type ListItem } from '../src/core/lists.js';

type Recorded = { start: number; end: number; text: string };

/** Splice insertions in offset order; ties in the order given (`reverseTies` flips it). */
function splice(text: string, edits: Recorded[], reverseTies: boolean): string {
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || (reverseTies ? b.i - a.i : a.i - b.i));
  let out = '';
  let pos = 0;
  for (const { e } of order) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

function append(text: string, items: ListItem[], eol = '\n', comments = PYTHON_COMMENTS): string {
  const open = text.indexOf('(') === -1 ? text.indexOf('{') : text.indexOf('(');
  // The last name before the closing bracket, comments blanked out (same length, so offsets hold).
  const code = text.replace(/(#|\/\/)[^\r\n]*/g, (c) => ' '.repeat(c.length));
  const lastName = /(\w+(?: as \w+)?)\W*$/.exec(code.slice(0, code.lastIndexOf(code.includes('(') ? ')' : '}')))!;
  const last = { startIndex: lastName.index, endIndex: lastName.index + lastName[1]!.length };
  const edits: Recorded[] = [];
  appendListItems(text, open, last, items, eol, (start, end, t) => edits.push({ start, end, text: t }), comments);
  const forward = splice(text, edits, false);
  expect(splice(text, edits, true), 'the result must not depend on how ties are ordered').toBe(forward);
  return forward;
}

describe('appendListItems', () => {
  it('adds the missing comma and the new line in one insertion when the last name has no trailing comma', () => {
    expect(append('from m import (\n    A,\n    B\n)\n', ['C'])).toBe('from m import (\n    A,\n    B,\n    C\n)\n');
    expect(append('from m import (\r\n    A,\r\n    B as b\r\n)\r\n', ['C as c', 'D'], '\r\n')).toBe('from m import (\r\n    A,\r\n    B as b,\r\n    C as c,\r\n    D\r\n)\r\n');
    expect(append("import {\n  a,\n  b\n} from 'm';\n", ['c'], '\n', JS_COMMENTS)).toBe("import {\n  a,\n  b,\n  c\n} from 'm';\n");
  });

  it('keeps a trailing comma style, and a comment on the last line with its name', () => {
    expect(append('from m import (\n    A,\n    B,  # bee\n)\n', ['C'])).toBe('from m import (\n    A,\n    B,  # bee\n    C,\n)\n');
    expect(append('from m import (\n    A,\n    B  # bee\n)\n', [{ text: 'C', comment: '# sea' }])).toBe('from m import (\n    A,\n    B,  # bee\n    C  # sea\n)\n');
  });

  it('puts new lines before a bracket that closes on the last line, and the bracket on its own line after a comment', () => {
    expect(append('from m import (A,\n               B)\n', ['C'])).toBe('from m import (A,\n               B,\n               C)\n');
    expect(append('from m import (A,\n               B)\n', [{ text: 'C', comment: '# sea' }])).toBe('from m import (A,\n               B,\n               C  # sea\n)\n');
  });
});
