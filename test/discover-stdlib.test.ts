// `init --discover` on real code available offline: the CPython standard library of this machine (read in place,
// nothing is written there). It has genuine re-export fragmentation — `_collections_abc` re-exported by
// `collections.abc`, `posixpath` reached as `os.path`, the compiled `_io` (outside the tree) re-exported by `io` — and
// the proposal must never make a private module or name canonical when a public binding of the same object exists.
// Skipped where no standard library is installed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPrivateModule, isPrivateName } from '../src/propose/canonical.js';
import { discoverConfig, type DiscoverResult } from '../src/propose/propose.js';
import { tempTree } from './helpers/tmp.js';

/** The system Python's standard library (`/usr/lib/python3.11` on Debian), if there is one. */
function stdlibPath(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      const out = execFileSync(python, ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
      if (existsSync(join(out, 'os.py')) && existsSync(join(out, '_collections_abc.py'))) return out;
    } catch {
      // no such interpreter: try the next
    }
  }
  return undefined;
}

const STDLIB = stdlibPath();
const isPrivate = (module: string, name: string) => isPrivateModule(module) || isPrivateName(name);

describe.skipIf(STDLIB === undefined)('init --discover on the CPython standard library', () => {
  let result: DiscoverResult;
  beforeAll(async () => {
    result = await discoverConfig({ root: STDLIB!, top: 0 });
  }, 120_000);

  it('never proposes a private module or name as canonical when a public binding of the same object exists', () => {
    const proposed = result.clusters.filter((c) => c.status === 'proposed');
    expect(proposed.length).toBeGreaterThan(20);
    const offenders = proposed
      .filter((c) => isPrivate(c.canonical.module, c.canonical.name))
      .filter((c) => c.paths.some((p) => p.definition === c.canonical.definition && !isPrivate(p.module, p.name)))
      .map((c) => c.id);
    expect(offenders).toEqual([]);
    // Nor does a move rename a public name into a private one.
    const intoPrivate = result.moves.flatMap((m) => m.entries.filter((e) => !isPrivateName(e.name) && isPrivateName(e.newName)).map((e) => `${m.from}.${e.name}`));
    expect(intoPrivate).toEqual([]);
  });

  it('moves _collections_abc names to collections.abc, decided by the public rule', () => {
    const mapping = result.clusters.find((c) => c.canonical.definition === '_collections_abc:Mapping')!;
    expect([mapping.canonical.module, mapping.canonical.name, mapping.canonical.rule, mapping.status]).toEqual(['collections.abc', 'Mapping', 'public', 'proposed']);
    const move = result.moves.find((m) => m.from === '_collections_abc' && m.to === 'collections.abc')!;
    expect(move.symbols).toEqual(expect.arrayContaining(['Mapping', 'MutableMapping', 'Sequence']));
  });

  it('moves posixpath names to os.path: os.py binds `path` to posixpath first (`if "posix" in _names: import posixpath as path`)', () => {
    // os.py binds `path` under a platform switch (posixpath, else ntpath): discover takes the first branch, so
    // `os.path.join` (after `import os`, `import os.path` or `from os.path import join`) leads to posixpath.join.
    const join_ = result.clusters.find((c) => c.canonical.definition === 'posixpath:join')!;
    expect([join_.canonical.module, join_.canonical.name, join_.canonical.rule]).toEqual(['os.path', 'join', 'most-used']);
    const fromPosix = result.moves.find((m) => m.from === 'posixpath' && m.to === 'os.path')!;
    expect(fromPosix.symbols).toEqual(expect.arrayContaining(['dirname', 'join', 'normpath', 'split', 'splitext']));
    // No proposal has posixpath, ntpath or genericpath as its canonical module.
    expect(result.clusters.filter((c) => ['posixpath', 'ntpath', 'genericpath'].includes(c.canonical.module) && c.status === 'proposed').map((c) => c.id)).toEqual([]);
  });

  it('proposes nothing for json.JSONDecodeError: here only json/__init__ imports it', () => {
    // json.JSONDecodeError: the package re-exports it and nothing else in this library imports it — no cluster.
    expect(result.clusters.filter((c) => c.definitions.some((d) => d.name === 'JSONDecodeError')).map((c) => c.id)).toEqual([]);
  });

  it('moves _io names to io, decided by the public rule: _io is compiled (outside the tree), io.py re-exports it', () => {
    // io.py: `from _io import (…, open, open_code, FileIO, BytesIO, …)`, listed in __all__; importlib._bootstrap_external
    // and zipimport read `_io.FileIO` / `_io.open_code` after `import _io`; site, runpy, getpass use `io.X`.
    for (const name of ['FileIO', 'open_code']) {
      const cluster = result.clusters.find((c) => c.canonical.definition === `_io:${name}`)!;
      expect([cluster.canonical.module, cluster.canonical.name, cluster.canonical.rule, cluster.status]).toEqual(['io', name, 'public', 'proposed']);
      expect(cluster.definitions.map((d) => [d.module, d.name, d.kind, d.path])).toEqual([['_io', name, 'outside', '']]);
      expect(cluster.paths.map((p) => p.module)).toEqual(['io', '_io']);
      expect(cluster.paths[1]!.files).toEqual(expect.arrayContaining(['importlib/_bootstrap_external.py', 'io.py']));
    }
    const move = result.moves.find((m) => m.from === '_io')!;
    expect([move.to, move.status]).toEqual(['io', 'proposed']);
    expect(move.symbols).toEqual(expect.arrayContaining(['BytesIO', 'FileIO', 'open_code']));
    // A module outside the tree is never canonical, and nothing moves into one.
    const outside = new Set(result.clusters.flatMap((c) => c.definitions.filter((d) => d.kind === 'outside').map((d) => d.module)));
    expect([...outside]).toEqual(expect.arrayContaining(['_io']));
    expect(result.clusters.filter((c) => outside.has(c.canonical.module)).map((c) => c.id)).toEqual([]);
    expect(result.moves.filter((m) => outside.has(m.to)).map((m) => `${m.from} → ${m.to}`)).toEqual([]);
  });

  it('picks json.JSONDecodeError once code imports it both ways (the json package copied, with consumers)', async () => {
    const dir = tempTree({
      'app/a.py': 'import json\n\n\ndef f(s):\n    try:\n        return json.loads(s)\n    except json.JSONDecodeError:\n        return None\n',
      'app/b.py': 'import json\n\n\ndef g(s):\n    try:\n        return json.loads(s)\n    except json.JSONDecodeError as e:\n        raise ValueError(s) from e\n',
      'app/c.py': 'from json.decoder import JSONDecodeError\n\n\ndef h(e):\n    return isinstance(e, JSONDecodeError)\n',
    });
    cpSync(join(STDLIB!, 'json'), join(dir, 'json'), { recursive: true });
    const json = await discoverConfig({ root: dir });
    const cluster = json.clusters.find((c) => c.canonical.definition === 'json.decoder:JSONDecodeError')!;
    // Both modules list it in __all__; json has the users (json/__init__ only re-exports from json.decoder).
    expect([cluster.canonical.module, cluster.canonical.name, cluster.canonical.rule]).toEqual(['json', 'JSONDecodeError', 'most-used']);
    expect(json.moves.filter((m) => m.status === 'proposed').map((m) => [m.from, m.to, m.symbols])).toEqual([['json.decoder', 'json', ['JSONDecodeError']]]);
  });
});
