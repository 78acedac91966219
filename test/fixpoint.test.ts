// One plan is the fixpoint of all rules together: composing passes of edits, planning until nothing changes, and
// giving up (naming the rules) on rules that never settle.
import { describe, expect, it } from 'vitest';
import { applyEdits, composeEdits, editId, mapOffsetBack, normalizeEdits } from '../src/core/edits.js';
import { MAX_PASSES, planSource } from '../src/planner/plan-source.js';
import { sourceFromBytes } from '../src/core/source.js';
import type { Edit, Transform } from '../src/core/types.js';
import { mulberry32 } from './helpers/pygen.js';

const id = (e: Omit<Edit, 'id'>) => editId('f', e.rule, e.start, e.end, e.text);
const edit = (start: number, end: number, text: string, rule = 'r'): Edit => ({ start, end, text, rule, id: id({ start, end, text, rule }) });


/** Random non-overlapping edits over a text of `length`: replacements, deletions and insertions (several at a point). */
function randomEdits(random: () => number, length: number, rule: string): Edit[] {
  const edits: Edit[] = [];
  let at = 0;
  while (at <= length) {
    at += Math.floor(random() * 6);
    if (at > length) break;
    const kind = random();
    const end = kind < 0.4 ? at : Math.min(length, at + 1 + Math.floor(random() * 4));
    const text = kind > 0.8 ? '' : 'xyz\n'.slice(0, Math.floor(random() * 4)) + String.fromCharCode(65 + Math.floor(random() * 26));
    edits.push(edit(at, end, text, `${rule}${Math.floor(random() * 3)}`));
    at = end + (end === at ? 1 : 0);
  }
  return edits;
}

describe('composeEdits', () => {
  it('gives, against the base text, what two rounds of edits give one after the other (2,000 seeded cases)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const random = mulberry32(seed);
      const base = 'abcdefghij\nklmnopqrst\n'.slice(0, 3 + Math.floor(random() * 20));
      const first = normalizeEdits(randomEdits(random, base.length, 'a'));
      const middle = applyEdits(base, first);
      const second = randomEdits(random, middle.length, 'b');
      const expected = applyEdits(middle, second);
      const composed = composeEdits(base, first, second, id);
      expect(applyEdits(base, composed), `seed ${seed}`).toBe(expected);
      // Still one plain set of edits: sorted, no overlap, every id the id of its content.
      expect(normalizeEdits(composed)).toHaveLength(composed.length);
      for (const e of composed) expect(e.id).toBe(id(e));
    }
  });

  it('keeps edits apart where they do not touch, and merges a rewrite of what the first round wrote', () => {
    const base = 'from a import Old\nx = Old(ctx)\n';
    const first = normalizeEdits([edit(14, 17, 'New', 'move'), edit(22, 25, 'New', 'move')]);
    const middle = applyEdits(base, first);
    const second = [edit(22, 30, 'make(user=ctx)', 'call'), edit(0, 0, '# header\n', 'other')];
    expect(applyEdits(middle, second)).toBe('# header\nfrom a import New\nx = make(user=ctx)\n');
    const composed = composeEdits(base, first, second, id);
    expect(composed.map(({ start, end, text, rule }) => ({ start, end, text, rule }))).toEqual([
      { start: 0, end: 0, text: '# header\n', rule: 'other' },
      { start: 14, end: 17, text: 'New', rule: 'move' },
      // The call rule rewrote the whole call, the renamed name included: the merged edit is the call rule's.
      { start: 22, end: 30, text: 'make(user=ctx)', rule: 'call' },
    ]);
  });

  it('maps offsets of the rewritten text back to the base text', () => {
    const edits = normalizeEdits([edit(2, 4, 'XYZW'), edit(6, 6, '!!')]);
    // 'ab' 'XYZW' 'ef' '!!' 'gh' from 'abcdefgh'
    expect([0, 2, 4, 6, 7, 8, 10, 11].map((o) => mapOffsetBack(edits, o))).toEqual([0, 2, 2, 4, 5, 6, 6, 7]);
  });
});

const file = (text: string) => {
  const r = sourceFromBytes(Buffer.from(text), '/v/a.py', 'a.py', 'python');
  if (!r.ok) throw new Error(r.skip.message);
  return r.file;
};

/** A rule that replaces every occurrence of `from` with `to` (as a stand-in for any rule whose output another matches). */
const replacing = (rule: string, from: string, to: string): Transform => ({
  id: rule,
  languages: ['python'],
  needles: [],
  run(ctx) {
    const text = ctx.file.text;
    for (let at = text.indexOf(from); at !== -1; at = text.indexOf(from, at + from.length)) ctx.edit(at, at + from.length, to);
    if (text.includes('left')) ctx.report(text.indexOf('left'), `${rule} cannot handle this`);
  },
});

describe('planSource runs the rules to their fixpoint', () => {
  it('plans in one run what a rule matches only in another rule\'s output, as edits against the original text', () => {
    // The call rule runs first and finds nothing; the rename creates its input; the second pass rewrites it.
    const call = replacing('call', 'New()', 'make()');
    const move = replacing('move', 'Old', 'New');
    const text = 'x = Old()\ny = Old\nleft = 1\n';
    const r = planSource(file(text), [call, move]);
    expect(r.newText).toBe('x = make()\ny = New\nleft = 1\n');
    expect(r.plan.outcome).toBe('changed');
    if (r.plan.outcome !== 'changed') return;
    expect(applyEdits(text, r.plan.edits)).toBe(r.newText);
    expect(r.plan.edits.map((e) => [e.start, e.end, e.text, e.rule])).toEqual([
      [4, 9, 'make()', 'call'],
      [14, 17, 'New', 'move'],
    ]);
    // Both rules reported the same place in both passes: said once each, on the original line.
    expect(r.plan.findings.map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual(['3:1 call', '3:1 move']);
    // Planning the output again finds nothing.
    expect(planSource(file(r.newText!), [call, move]).plan.outcome).toBe('unchanged');
  });

  it('follows a chain of rules through several passes', () => {
    const rules = [replacing('c', 'C', 'D'), replacing('b', 'B', 'C'), replacing('a', 'A', 'B')];
    const r = planSource(file('v = "A"\n'), rules);
    expect(r.newText).toBe('v = "D"\n');
  });

  it(`fails a file whose rules never settle after ${MAX_PASSES} passes, naming them, and plans nothing for it`, () => {
    const r = planSource(file('x = Old\n'), [replacing('to-new', 'Old', 'New'), replacing('to-old', 'New', 'Old')]);
    expect(r.plan).toMatchObject({ outcome: 'failed', code: 'not-converged' });
    expect(r.plan.outcome === 'failed' && r.plan.reason).toMatch(/after 5 passes, rules to-new, to-old still change the text/);
    expect(r.newText).toBeUndefined();
  });

  it('fails a file when a later pass breaks the syntax, naming the rule of that pass', () => {
    const r = planSource(file('x = Old\n'), [replacing('move', 'Old', 'New'), replacing('breaker', 'New', 'New(')]);
    expect(r.plan).toMatchObject({ outcome: 'failed', code: 'output-parse-error' });
    expect(r.plan.outcome === 'failed' && r.plan.reason).toMatch(/rules: breaker$/);
  });
});
