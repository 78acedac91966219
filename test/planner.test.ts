// The per-file planner's guarantees, with deliberately misbehaving rules: an output that would not parse is a
// failed file (never written), colliding rules fail the file naming both, a throwing rule fails only its file.
import { describe, expect, it } from 'vitest';
import { planSource } from '../src/planner/plan-source.js';
import { sourceFromBytes } from '../src/core/source.js';
import type { Transform } from '../src/core/types.js';

const file = (text: string) => {
  const r = sourceFromBytes(Buffer.from(text), '/v/a.py', 'a.py', 'python');
  if (!r.ok) throw new Error(r.skip.message);
  return r.file;
};
const rule = (id: string, run: Transform['run']): Transform => ({ id, languages: ['python'], needles: [], run });

describe('planSource', () => {
  it('fails a file whose output would not parse, and says where', () => {
    const breaker = rule('breaker', (ctx) => ctx.edit(0, 1, 'def ('));
    const r = planSource(file('x = 1\n'), [breaker]);
    expect(r.plan).toMatchObject({ outcome: 'failed', code: 'output-parse-error' });
    expect(r.plan.outcome === 'failed' && r.plan.reason).toMatch(/would not parse .* rules: breaker/);
    expect(r.newText).toBeUndefined();
  });

  it('fails a file where two rules collide, naming both', () => {
    const a = rule('rule-a', (ctx) => ctx.edit(0, 5, 'y = 2'));
    const b = rule('rule-b', (ctx) => ctx.edit(4, 5, '3'));
    const r = planSource(file('x = 1\n'), [a, b]);
    expect(r.plan).toMatchObject({ outcome: 'failed', code: 'overlap' });
    expect(r.plan.outcome === 'failed' && r.plan.reason).toMatch(/rule-a.*rule-b/);
  });

  it('turns a throwing rule into a failed file', () => {
    const r = planSource(file('x = 1\n'), [rule('thrower', () => { throw new Error('boom'); })]);
    expect(r.plan).toMatchObject({ outcome: 'failed', code: 'rule-error', reason: 'rule thrower failed: boom' });
  });

  it('names the line and the construct a throwing rule said it was handling', () => {
    const text = 'x = 1\nfrom a.b import (\n    C,\n)\n';
    const r = planSource(
      file(text),
      [
        rule('thrower', (ctx) => {
          const stmt = ctx.tree.rootNode.namedChildren[1]!;
          ctx.handling?.(stmt);
          throw new Error('boom');
        }),
      ],
    );
    expect(r.plan).toMatchObject({ outcome: 'failed', code: 'rule-error', reason: 'rule thrower failed on line 2 (import_from_statement: "from a.b import ( C, )"): boom' });
  });

  it('names the statement the import editor was finishing when it threw (a real rule, a broken editor state)', () => {
    const text = 'import os\n';
    const r = planSource(file(text), [
      rule('shares', (ctx) => {
        ctx.shared('broken', () => ({
          finish(handling) {
            handling?.(ctx.tree.rootNode.namedChildren[0]!);
            throw new Error('no host');
          },
        }));
      }),
    ]);
    expect(r.plan).toMatchObject({ code: 'rule-error', reason: 'rule broken failed on line 1 (import_statement: "import os"): no host' });
  });

  it('skips a file that does not parse before any rule runs', () => {
    let ran = false;
    const r = planSource(file('def f(:\n'), [rule('spy', () => { ran = true; })]);
    expect(r.plan).toMatchObject({ outcome: 'skipped', code: 'parse-error' });
    expect(ran).toBe(false);
  });

  it('never parses a file the prefilter rules out', () => {
    const needy: Transform = { ...rule('needy', () => { throw new Error('ran'); }), needles: ['websocket'] };
    const r = planSource(file('x = 1\n'), [needy]);
    expect(r).toMatchObject({ parsed: false, plan: { outcome: 'unchanged' } });
  });
});
