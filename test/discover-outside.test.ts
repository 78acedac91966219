// `init --discover` and objects defined outside the tree (issue 19, `_io` → `io`): a private implementation module
// that is not in the tree (compiled, like `_io`), re-exported by a public module of the tree, clusters the importers
// of both; a public outside module (`requests`) or a third-party package's internals (`_pytest.…`) re-exported by the
// tree never do. Real files in temp dirs; the proposal rendered byte for byte, the same whether files are scanned
// for imports or parsed in full, and applied by the planner.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverConfig, type DiscoverResult } from '../src/propose/propose.js';
import { renderDiscoveredConfig } from '../src/propose/render.js';
import { runCli, tempTree } from './helpers/tmp.js';

/** Each cluster as `module.name (rule, status)` with its definitions, and the proposed moves. */
function summary(result: DiscoverResult) {
  return {
    clusters: result.clusters.map((c) => `${c.canonical.module}.${c.canonical.name} (${c.canonical.rule}, ${c.status}) ← ${c.definitions.map((d) => `${d.kind} ${d.module}:${d.name}`).join(', ')}`),
    moves: result.moves.filter((m) => m.status === 'proposed').map((m) => `${m.from} → ${m.to}: ${JSON.stringify(m.symbols)} (${m.files} files)`),
  };
}

/**
 * `fastlib` is the public face of `_fastlib`, a compiled module that is not in the tree; `pkg` is a package of the
 * tree with a compiled `pkg._speedups` beside its Python files. Importers go both ways.
 */
const FACADE_TREE: Record<string, string> = {
  'fastlib/__init__.py':
    '"""Parsing, fast."""\nfrom _fastlib import Parser, parse, _Tokenizer as Tokenizer, Reader as StreamReader\n\n__all__ = ["Parser", "parse", "Tokenizer", "StreamReader"]\n',
  'pkg/__init__.py': 'from pkg._speedups import encode\n',
  'app/parse_a.py': 'from fastlib import Parser\n\nParser()\n',
  'app/parse_b.py': 'from fastlib import Parser, Tokenizer\n\nParser(Tokenizer())\n',
  'app/parse_c.py': 'import fastlib\n\nfastlib.parse("c")\n',
  'app/raw_a.py': 'from _fastlib import Parser\n\nParser()\n',
  'app/raw_b.py': 'import _fastlib\n\n_fastlib.parse("b")\n_fastlib.Parser()\n',
  'app/raw_c.py': 'from _fastlib import _Tokenizer\n\n_Tokenizer()\n',
  'app/read_a.py': 'from fastlib import StreamReader\n',
  'app/read_b.py': 'from _fastlib import Reader\n',
  'app/enc_a.py': 'from pkg import encode\n',
  'app/enc_b.py': 'from pkg._speedups import encode\n',
};

describe('objects defined outside the tree', () => {
  it('clusters a private outside module with the public module that re-exports it: the public one is canonical', async () => {
    const root = tempTree(FACADE_TREE);
    const result = await discoverConfig({ root });
    expect(summary(result)).toEqual({
      clusters: [
        'fastlib.Parser (public, proposed) ← outside _fastlib:Parser',
        'fastlib.StreamReader (public, left-out) ← outside _fastlib:Reader',
        'fastlib.Tokenizer (public, proposed) ← outside _fastlib:_Tokenizer',
        'fastlib.parse (public, proposed) ← outside _fastlib:parse',
        'pkg.encode (public, proposed) ← outside pkg._speedups:encode',
      ],
      moves: [
        '_fastlib → fastlib: {"Parser":"Parser","_Tokenizer":"Tokenizer","parse":"parse"} (4 files)',
        'pkg._speedups → pkg: ["encode"] (2 files)',
      ],
    });
    // Rendered whole, byte for byte: the comments say where it is defined and which rule decided.
    const expected = readFileSync(join(import.meta.dirname, 'discover-fixtures', 'outside-private.config.yaml'), 'utf8');
    const text = renderDiscoveredConfig(result);
    expect(text).toBe(expected);
    // The import scanner and the full parse give the same proposal.
    expect(renderDiscoveredConfig(await discoverConfig({ root, scan: 'parse' }))).toBe(text);
  });

  it('gives a config the planner applies: importers of the outside module move to its public face', async () => {
    const root = tempTree(FACADE_TREE);
    const init = await runCli(['init', '--discover'], { cwd: root });
    expect([init.code, init.stderr]).toEqual([0, '']);
    const run = await runCli(['plan', '--json'], { cwd: root });
    const plan = JSON.parse(run.stdout) as { files: { path: string; outcome: string }[] };
    // fastlib/__init__.py and pkg/__init__.py are the canonical modules' own files: never rewritten to import themselves.
    expect(plan.files.filter((f) => f.outcome === 'changed').map((f) => f.path).sort()).toEqual(['app/enc_b.py', 'app/raw_a.py', 'app/raw_b.py', 'app/raw_c.py']);
    const diff = (await runCli(['diff'], { cwd: root })).stdout;
    // `import _fastlib` + `_fastlib.parse(…)` becomes a from-import of the public module; the private name is renamed.
    for (const line of ['+from fastlib import parse, Parser', '+parse("b")', '+from fastlib import Tokenizer', '+Tokenizer()', '+from pkg import encode']) {
      expect(diff.split('\n')).toContain(line);
    }
  });

  it('proposes nothing for a public outside module, a third-party package\'s internals, or a private face only', async () => {
    const root = tempTree({
      // A local module re-exporting a third-party name: its importers are not this tree's to move.
      'http_client.py': 'from requests import Session\n\n__all__ = ["Session"]\n',
      'app/a.py': 'from http_client import Session\n',
      'app/b.py': 'from http_client import Session\n',
      'app/c.py': 'from requests import Session\n',
      // A third-party package's private module: its public face (pytest) is outside the tree too.
      'helpers.py': 'from _pytest.monkeypatch import MonkeyPatch\n\n__all__ = ["MonkeyPatch"]\n',
      'app/d.py': 'from helpers import MonkeyPatch\n',
      'app/e.py': 'from _pytest.monkeypatch import MonkeyPatch\n',
      // A compiled module re-exported by a private module only: no public binding to consolidate on.
      'engine/__init__.py': '',
      'engine/_core.py': 'from _cengine import run\n',
      'app/f.py': 'from engine._core import run\n',
      'app/g.py': 'from _cengine import run\n',
    });
    const result = await discoverConfig({ root });
    expect(summary(result)).toEqual({ clusters: [], moves: [] });
    // Nor are they counted as used through one path only: each is used through two.
    expect(result.singlePath).toBe(0);
    expect(renderDiscoveredConfig(await discoverConfig({ root, scan: 'parse' }))).toBe(renderDiscoveredConfig(result));
  });
});
