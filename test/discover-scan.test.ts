// The import scanner of `init --discover` (src/propose/python-scan.ts): what it reads from real Python text, exactly
// as the full parse reads it (python.ts), the files it hands to the parser instead, and whole proposals that are
// byte-identical either way on the bundled example and on a generated bench tree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMonorepo } from '../bench/generate.js';
import { packageRoot } from '../src/core/paths.js';
import { parseSource } from '../src/languages/parse.js';
import { discoverConfig } from '../src/propose/propose.js';
import { indexPythonModule, type PyModule } from '../src/propose/python.js';
import { scanPythonModule } from '../src/propose/python-scan.js';
import { renderDiscoveredConfig } from '../src/propose/render.js';

const FILE = { module: 'pkg.sub.mod', isPackage: false };

/** What both readings give for `text`: the scan (or undefined) and the full parse. */
function both(text: string): { scan: PyModule | undefined; parse: PyModule } {
  const tree = parseSource(text, 'python');
  return { scan: scanPythonModule(text, 'pkg/mod.py', FILE, false), parse: indexPythonModule(tree.rootNode, text, 'pkg/mod.py', FILE, false) };
}

const SAMPLE = `"""Widgets, the old way.

DEPRECATED: import them from pkg.core.
"""
from __future__ import annotations

import os, os.path as osp
import pkg.core.impl
from . import sibling
from ..top import (
    Alpha,
    Beta as B,  # canonize: ignore
)
from pkg.star import *
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pkg.types import Gamma

text = "from nowhere import Fake"
other = '''
import hidden
'''
Widget = pkg.core.impl.Widget
Alias = Alpha
count = 3
total, extra = 1, 2
flag: bool = True
count += 1
__all__ = ["Widget", "Alias"]
__all__ += ("count",)


class Local(Alpha, osp.Thing, metaclass=Meta):  # a comment on the header
    def method(self):
        import json

        return sibling.helper(B) + json.dumps(x)  # trailing


def run():
    from pkg.lazy import later
    return f"{later.value} {os.sep}" + pkg.core.impl.make().name


for item in range(3):
    pass
`;

describe('scanPythonModule', () => {
  it('reads imports, top-level bindings, __all__, the docstring and attribute uses exactly as the full parse does', () => {
    const { scan, parse } = both(SAMPLE);
    expect(scan).toEqual(parse);
    // And what that is, in part: strings are not code, a function's import is a use but no binding.
    expect([...scan!.bindings.keys()].sort()).toEqual(
      ['Alias', 'Alpha', 'B', 'Gamma', 'Local', 'TYPE_CHECKING', 'Widget', '__all__', 'count', 'extra', 'flag', 'item', 'os', 'osp', 'other', 'pkg', 'run', 'sibling', 'text', 'total'].sort(),
    );
    expect(scan!.sites.map((s) => `${s.module}:${s.name}:${s.line}`)).toContain('pkg.lazy:later:42');
    expect(scan!.sites.some((s) => s.name === 'Fake' || s.module === 'hidden')).toBe(false);
    expect(scan!.all).toEqual(new Set(['Widget', 'Alias', 'count']));
    expect(scan!.deprecated).toBe('its docstring says DEPRECATED');
  });

  it('hands to the parser what it cannot read: conflict markers, an unterminated string or bracket', () => {
    expect(scanPythonModule('import a\n<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> b\n', 'a.py', FILE, false)).toBeUndefined();
    expect(scanPythonModule('x = "abc\n', 'a.py', FILE, false)).toBeUndefined();
    expect(scanPythonModule('x = f(1,\n', 'a.py', FILE, false)).toBeUndefined();
    expect(scanPythonModule('from a import (b c)\n', 'a.py', FILE, false)).toBeUndefined();
  });
});

describe('init --discover reads imports, not whole programs', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('gives the same proposal, byte for byte, as parsing every file: the bundled example', async () => {
    const root = join(packageRoot(), 'examples', 'legacy-app');
    const scanned = await discoverConfig({ root, scan: 'imports' });
    const parsed = await discoverConfig({ root, scan: 'parse' });
    expect(renderDiscoveredConfig(scanned)).toBe(renderDiscoveredConfig(parsed));
    // Only the file with conflict markers goes to the parser (which finds it does not parse).
    expect([scanned.scanned.parsedInFull, scanned.notParsed]).toEqual([1, ['netra_backend/app/routes/broken_merge.py']]);
  });

  it('gives the same proposal, byte for byte, as parsing every file: a generated real-shaped tree', async () => {
    const root = mkdtempSync(join(tmpdir(), 'canonize-discover-scan-'));
    made.push(root);
    await generateMonorepo({ files: 400, out: root, profile: 'real' });
    const scanned = await discoverConfig({ root, scan: 'imports', top: 0 });
    const parsed = await discoverConfig({ root, scan: 'parse', top: 0 });
    expect(renderDiscoveredConfig(scanned)).toBe(renderDiscoveredConfig(parsed));
    expect(scanned.scanned.parsedInFull).toBeLessThan(scanned.scanned.python / 20);
  }, 120_000);
});
