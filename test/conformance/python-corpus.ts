/**
 * The Python corpus: the CPython standard library installed on the machine, copied to a temp directory, with
 * relocations generated over it from what its modules really import (test/conformance/python/analyze.py):
 *
 * - moves of much-imported modules to generated canonical modules that re-export them: every name (`"*"`), some
 *   names renamed (a map: the canonical module binds `from old import A as A_v2`), or some names only (a list, so
 *   import statements that also name other things are split);
 * - call rules over functions the corpus really calls in many files, rewritten to generated canonical wrappers.
 *
 * Half of the canonical modules sit in the legacy module's own package (so relative imports are rewritten
 * relative), half in a top-level `canonical` package.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { stringify } from 'yaml';
import { packageRoot } from '../../src/core/paths.js';
import { parseSource } from '../../src/languages/parse.js';
import { listFiles, runPython, seededRandom, shuffle, type PreparedCorpus } from './common.js';

/** The Python scripts, found from the package root whether this runs from the sources or compiled. */
export const PYTHON_DIR = join(packageRoot(), 'test', 'conformance', 'python');

export interface PythonCorpusOptions {
  /** Directory prefixes of the standard library to take (default: all of it but site-packages). */
  only?: readonly string[];
  seed: number;
  /** How many modules to move and how many functions to give call rules. */
  moves: number;
  calls: number;
  /** Least number of importing files for a module to be moved, and of calling files for a call rule. */
  minImporters: number;
  minCallers: number;
}

interface Analysis {
  modules: Record<string, { path: string; package: boolean; names: string[]; functions: string[]; starNames: string[] }>;
  importers: Record<string, number>;
  fromNames: Record<string, Record<string, number>>;
  attrNames: Record<string, Record<string, number>>;
  calls: Record<string, Record<string, number>>;
  invalid: Record<string, string>;
}

/** The standard library directory of the machine's python3. */
export function stdlibDir(): string {
  return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

function treeSitterProblem(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('latin1'); // PEP 263 files: only strings and comments hold the other bytes
  }
  const tree = parseSource(text, 'python');
  if (!tree.rootNode.hasError) return undefined;
  const bad = tree.rootNode.descendantsOfType('ERROR')[0] ?? tree.rootNode;
  return `tree-sitter: syntax error at line ${bad.startPosition.row + 1}`;
}

const isPublic = (name: string) => !name.startsWith('_');

/** Copy the standard library, generate the canonical modules and the config. */
export function preparePythonCorpus(name: string, options: PythonCorpusOptions): PreparedCorpus {
  const stdlib = stdlibDir();
  const skip = (rel: string) => rel === 'site-packages' || rel.endsWith('__pycache__') || rel === 'config-3.11-x86_64-linux-gnu' || /(^|\/)(site-packages|dist-packages)$/.test(rel);
  const files = listFiles(stdlib, ['.py'], skip).filter((f) => !options.only || options.only.some((p) => f === p || f.startsWith(p.endsWith('/') ? p : `${p}/`)));
  const work = mkdtempSync(join(tmpdir(), `canonize-conformance-${name}-`));
  const before = join(work, 'before');
  const after = join(work, 'after');
  for (const f of files) {
    mkdirSync(dirname(join(before, f)), { recursive: true });
    cpSync(join(stdlib, f), join(before, f));
  }

  const excluded = new Map<string, string>();
  for (const f of files) {
    const problem = treeSitterProblem(readFileSync(join(before, f)));
    if (problem) excluded.set(f, problem);
  }
  const analysis = runPython<Analysis>(join(PYTHON_DIR, 'analyze.py'), { root: before, files });
  for (const [f, why] of Object.entries(analysis.invalid)) excluded.set(f, `python: ${why.split('\n')[0]}`);
  // A module that does not parse is not moved or called into.
  const modules = Object.fromEntries(Object.entries(analysis.modules).filter(([, m]) => !excluded.has(m.path)));

  const random = seededRandom(options.seed);
  const candidates = Object.entries(analysis.importers)
    .filter(([m, n]) => n >= options.minImporters && modules[m] && m !== '__future__' && m !== '__main__' && !m.startsWith('canonical') && modules[m]!.names.some(isPublic))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.moves * 5)
    .map(([m]) => m);
  const chosen = shuffle(candidates, random).slice(0, options.moves).sort();

  const generated: Record<string, string> = { 'canonical/__init__.py': '"""Canonical modules generated by the conformance harness."""\n' };
  const moves: Record<string, unknown>[] = [];
  const relocations: string[] = [];
  chosen.forEach((legacy, i) => {
    const mod = modules[legacy]!;
    const used = new Map<string, number>();
    for (const table of [analysis.fromNames[legacy] ?? {}, analysis.attrNames[legacy] ?? {}]) {
      for (const [n, count] of Object.entries(table)) if (mod.names.includes(n)) used.set(n, (used.get(n) ?? 0) + count);
    }
    const byUse = [...used.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n);
    const mode = byUse.filter(isPublic).length < 2 ? 'all' : (['all', 'map', 'list'] as const)[i % 3]!;
    // Even moves land in the legacy module's own package, odd ones in the top-level `canonical` package.
    const parent = legacy.split('.').slice(0, -1);
    const last = legacy.split('.').at(-1)!;
    const target = i % 2 === 0 && parent.length > 0 ? [...parent, `_canon_${last}`].join('.') : `canonical.${legacy.replace(/\./g, '__')}`;
    let bindings: string[];
    let symbols: unknown;
    if (mode === 'all') {
      // Every name the module binds, the names its `import *` brings in, and the submodules other files import
      // from it: what `import legacy` users can reach.
      const submodules = Object.keys(analysis.fromNames[legacy] ?? {}).filter((n) => modules[`${legacy}.${n}`] && !mod.names.includes(n));
      bindings = [...new Set([...mod.names, ...mod.starNames, ...submodules])].filter((n) => !(n.startsWith('__') && n.endsWith('__'))).sort();
      symbols = '*';
    } else if (mode === 'map') {
      const picked = byUse.filter(isPublic).slice(0, 4);
      const map: Record<string, string> = {};
      picked.forEach((n, k) => (map[n] = k < 2 ? `${n}_v2` : n));
      bindings = picked.map((n) => (map[n] === n ? n : `${n} as ${map[n]}`));
      symbols = map;
    } else {
      const publicUsed = byUse.filter(isPublic);
      const picked = publicUsed.slice(0, Math.min(6, Math.ceil(publicUsed.length / 2)));
      bindings = picked;
      symbols = picked;
    }
    const path = `${target.replace(/\./g, '/')}.py`;
    generated[path] =
      `"""Canonical home of ${legacy} (generated by the conformance harness)."""\n` +
      `from ${legacy} import (\n${bindings.map((b) => `    ${b},\n`).join('')})\n`;
    moves.push({ from: legacy, to: target, symbols });
    relocations.push(`move ${legacy} -> ${target} (${mode === 'all' ? '*' : mode === 'map' ? `map ${JSON.stringify(symbols)}` : `list [${bindings.join(', ')}]`}; ${analysis.importers[legacy]} importing files)`);
  });

  const callCandidates: [string, string, number][] = [];
  for (const [m, fns] of Object.entries(analysis.calls)) {
    if (!modules[m] || m === '__future__') continue;
    for (const [fn, count] of Object.entries(fns)) {
      if (count >= options.minCallers && isPublic(fn) && modules[m]!.functions.includes(fn)) callCandidates.push([m, fn, count]);
    }
  }
  callCandidates.sort((a, b) => b[2] - a[2] || (`${a[0]}.${a[1]}` < `${b[0]}.${b[1]}` ? -1 : 1));
  const pickedCalls = shuffle(callCandidates.slice(0, options.calls * 5), random).slice(0, options.calls);
  pickedCalls.sort((a, b) => (`${a[0]}.${a[1]}` < `${b[0]}.${b[1]}` ? -1 : 1));
  const calls: Record<string, unknown>[] = [];
  let wrappers = '"""Canonical wrappers of legacy functions (generated by the conformance harness)."""\n';
  pickedCalls.forEach(([m], k) => {
    wrappers += `import ${m} as _legacy_${k}  # canonize: ignore\n`;
  });
  pickedCalls.forEach(([m, fn, count], k) => {
    const wrapper = `${m.replace(/\./g, '_')}_${fn}`;
    wrappers += `\n\ndef ${wrapper}(*args, **kwargs):\n    return _legacy_${k}.${fn}(*args, **kwargs)  # canonize: ignore\n`;
    calls.push({ match: `${fn}($$$ARGS)`, from: m, replace: `${wrapper}($$$ARGS)`, to: 'canonical.calls' });
    relocations.push(`call ${m}.${fn}(...) -> canonical.calls.${wrapper}(...) (${count} calling files)`);
  });
  generated['canonical/calls.py'] = wrappers;

  for (const [path, text] of Object.entries(generated)) {
    mkdirSync(dirname(join(before, path)), { recursive: true });
    writeFileSync(join(before, path), text);
  }
  const config = {
    version: 1,
    exclude: [...excluded.keys()].sort(),
    python: { moves, calls },
  };
  writeFileSync(join(before, 'canonize.config.yaml'), `# Generated by the conformance harness (seed ${options.seed}).\n${stringify(config)}`);
  cpSync(before, after, { recursive: true });
  return {
    name,
    language: 'python',
    before,
    after,
    files: files.length + Object.keys(generated).length,
    excluded: [...excluded.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([path, reason]) => ({ path, reason })),
    relocations,
  };
}
