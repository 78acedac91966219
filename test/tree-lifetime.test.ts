// Trees live in the WebAssembly heap, which the garbage collector does not see and which never shrinks: every tree
// canonize parses is freed as soon as what it was parsed for is done (docs/performance.md, "Memory"). Checked with the
// count of live trees of the thread (src/core/tree-sitter.ts), on real plans of a generated monorepo.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMonorepo } from '../bench/generate.js';
import { compileConfig } from '../src/config/compile.js';
import { loadConfigFile } from '../src/config/load.js';
import { freeTree, liveTreeCount, syntaxProblems } from '../src/core/parse.js';
import { sourceFromBytes } from '../src/core/source.js';
import type { Transform } from '../src/core/types.js';
import { parseSource, reparseSource, withSourceTree } from '../src/languages/parse.js';
import { planSource } from '../src/planner/plan-source.js';
import { createPlan } from '../src/planner/plan.js';
import { analysePythonModule } from '../src/retire/python-module.js';
import { tempTree, writeTree } from './helpers/tmp.js';

describe('tree lifetime', () => {
  it('counts a parsed tree until it is freed, and freeing it again does nothing', () => {
    const before = liveTreeCount();
    const tree = parseSource('import a\n', 'python');
    expect(liveTreeCount()).toBe(before + 1);
    const next = reparseSource(tree, 'import a\n', [{ start: 7, end: 8, text: 'b' }], 'import b\n', 'python');
    // The edited copy the re-parse starts from is freed inside it: the old tree and the new one are left.
    expect(liveTreeCount()).toBe(before + 2);
    expect(next.rootNode.text).toBe('import b\n');
    freeTree(tree);
    freeTree(tree);
    expect(liveTreeCount()).toBe(before + 1);
    // The new tree reuses subtrees of the freed one: it reads whole after the old tree is gone.
    expect(next.rootNode.descendantForIndex(7)?.text).toBe('b');
    freeTree(next);
    expect(liveTreeCount()).toBe(before);
  });

  it('frees the tree of withSourceTree when its function returns and when it throws', () => {
    const before = liveTreeCount();
    expect(withSourceTree('x = (\n', 'python', (tree) => syntaxProblems(tree).length)).toBe(1);
    expect(liveTreeCount()).toBe(before);
    expect(() =>
      withSourceTree('x = 1\n', 'python', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(liveTreeCount()).toBe(before);
  });

  it('frees every tree of an in-process plan of a generated monorepo: changed, unchanged, unparsable and TypeScript files', async () => {
    const dir = tempTree();
    await generateMonorepo({ files: 160, out: dir });
    writeTree(dir, { 'netra_backend/app/broken.py': 'from netra_backend.app.websocket_core.manager import WebSocketManager\ndef f(:\n' });
    const config = compileConfig(await loadConfigFile(join(dir, 'canonize.config.yaml')));
    await createPlan({ config, jobs: 1, cache: false });
    // Compiled call patterns keep their trees as long as they live: the config's, and the exception tests each thread
    // compiles on first use (src/rules/call/relations.ts). Counted from here, the second plan parses every file again.
    const before = liveTreeCount();
    const plan = await createPlan({ config, jobs: 1, cache: false });
    const outcomes = new Set(plan.files.map((f) => f.outcome));
    expect(plan.summary.parsed).toBeGreaterThan(10);
    expect(outcomes).toEqual(new Set(['changed', 'unchanged', 'skipped']));
    expect(plan.files.some((f) => f.path.endsWith('.ts') || f.path.endsWith('.tsx'))).toBe(true);
    expect(liveTreeCount()).toBe(before);
  });

  it('frees the tree of a file whose rule throws, and of a retired module read', () => {
    const read = sourceFromBytes(Buffer.from('import a\nfoo(1)\n'), '/x/f.py', 'f.py', 'python');
    if (!read.ok) throw new Error('not decoded');
    const throwing: Transform = {
      id: 'throws',
      languages: ['python'],
      needles: ['foo'],
      run(ctx) {
        const call = ctx.tree.rootNode.descendantForIndex(9)!;
        ctx.handling?.(call);
        throw new Error('cannot handle this call');
      },
    };
    const before = liveTreeCount();
    const result = planSource(read.file, [throwing]);
    expect(result.plan).toMatchObject({ outcome: 'failed', code: 'rule-error' });
    expect(result.plan.outcome === 'failed' && result.plan.reason).toBe('rule throws failed on line 2 (identifier: "foo"): cannot handle this call');
    expect(liveTreeCount()).toBe(before);
    const moved = { rule: 'python.moves/a', to: 'b', newName: 'Y' };
    const shape = analysePythonModule('from c import X\nY = 1\nprint(Y)\n', { module: 'a', names: new Map([['Y', moved]]) }, { module: 'a', isPackage: false });
    expect(shape.sideEffects.map((s) => s.text)).toEqual(['print(Y)']);
    expect(liveTreeCount()).toBe(before);
  });
});
