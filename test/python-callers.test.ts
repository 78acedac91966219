// The project index's callers of legacy callees (src/languages/python/callers.ts): which modules import a callee a
// call rule rewrites and call it, read from the text of every Python file; alone, or in the importers scan's pass.
import { describe, expect, it } from 'vitest';
import type { Transform } from '../src/core/types.js';
import { buildProjectIndex } from '../src/planner/project-index.js';
import { pythonCallersChangedBy } from '../src/languages/python/callers.js';
import { tempTree } from './helpers/tmp.js';

const asking = (importersOf: string[] | undefined, ...callees: string[]): Transform => ({
  id: 'asks',
  languages: ['python'],
  needles: [],
  facts: { python: { ...(importersOf ? { importersOf } : {}), callersOf: callees.map((callee) => ({ callee, replacements: ['build_client'] })) } },
  run() {},
});

const TREE = {
  'app/__init__.py': '',
  'app/legacy.py': 'def make_client(*a):\n    return a\n',
  'app/plain.py': 'from app.legacy import make_client\n\n\ndef run():\n    return make_client("x")\n',
  'app/aliased.py': 'from .legacy import (\n    make_client as mk,  # the old name\n)\n\n\ndef run():\n    return mk ("x")\n',
  'app/indented.py': 'def run():\n    from app.legacy import make_client\n    return make_client()\n',
  'app/passed.py': 'from app.legacy import make_client\n\nFACTORY = make_client\nmake_client()\n',
  'app/named.py': 'from app.legacy import make_client\nfrom app.clients import build_client\n\nmake_client(build_client)\n',
  'app/asserts.py': 'import pytest\nfrom app.legacy import make_client\n\n\ndef t():\n    with pytest.raises(ValueError):\n        make_client(None)\n',
  'app/unused.py': 'from app.legacy import make_client\n',
  'app/other.py': 'from elsewhere import make_client\n\nmake_client()\n',
};

const caller = (local: string, over: object = {}) => ({ local, callee: 'app.legacy.make_client', topLevel: true, onlyCalled: true, assertions: false, mentions: [], ...over });

const EXPECTED = {
  'app.aliased': [caller('mk')],
  'app.asserts': [caller('make_client', { assertions: true })],
  'app.indented': [caller('make_client', { topLevel: false })],
  'app.named': [caller('make_client', { mentions: ['build_client'] })],
  'app.passed': [caller('make_client', { onlyCalled: false })],
  'app.plain': [caller('make_client')],
};

describe('pythonCallers', () => {
  it('lists the modules that import a callee and call it, with what decides whether a patch of them can move', async () => {
    const dir = tempTree(TREE);
    // Alone, and in the pass of the importers scan (which the call rules ask for too), with the same result.
    expect((await buildProjectIndex(dir, ['.'], [asking(undefined, 'app.legacy.make_client')])).pythonCallers).toEqual(EXPECTED);
    expect((await buildProjectIndex(dir, ['.'], [asking(['make_client', 'legacy'], 'app.legacy.make_client')])).pythonCallers).toEqual(EXPECTED);
    // A patch in any file may name any module: planning one file still scans the whole tree.
    expect((await buildProjectIndex(dir, ['.'], [asking(['make_client'], 'app.legacy.make_client')], undefined, ['app/plain.py'])).pythonCallers).toEqual(EXPECTED);
  });

  it('is absent when no rule asks', async () => {
    expect((await buildProjectIndex(tempTree(TREE), ['.'], [])).pythonCallers).toBeUndefined();
  });

  it('a changed file reaches the facts when its callers change, and then any file may read them', async () => {
    const transforms = [asking(undefined, 'app.legacy.make_client')];
    const change = (before: string, after: string) =>
      pythonCallersChangedBy({ path: 'app/x.py', kind: 'modified', before: async () => Buffer.from(before), after: async () => Buffer.from(after) }, transforms, { root: '.', sourceRoots: ['.'], index: () => Promise.reject(new Error('not read')) });
    expect(await change('from app.legacy import make_client\n', 'from app.legacy import make_client\nmake_client()\n')).toEqual({ reason: expect.stringContaining('a call rule rewrites changed') });
    expect(await change('x = 1\n', 'x = 2\n')).toBeUndefined();
  });
});
