// Property test of the Python move rule on a few hundred seeded, generated modules mixing every form:
// the output compiles (real python3), re-planning it changes nothing, no moved name is still imported from a
// legacy module, and every name the file uses is still bound.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/config/compile.js';
import { parseConfig } from '../src/config/load.js';
import { parseSource } from '../src/languages/parse.js';
import { syntaxProblems } from '../src/core/parse.js';
import { planSource } from '../src/planner/plan-source.js';
import { sourceFromBytes } from '../src/core/source.js';
import { collectImports } from '../src/languages/python/imports.js';
import { moduleForPath } from '../src/languages/python/modules.js';
import { analyzeScopes } from '../src/languages/python/scope.js';
import { EXTERNALS, LEGACY, generatePythonFile, generatedConfig } from './helpers/pygen.js';

const FILES = 300;
const config = compileConfig(parseConfig(generatedConfig, '/virtual/canonize.config.yaml'));
const BUILTINS = new Set(['None', 'True', 'False', 'print', 'isinstance', 'len', 'range', ...EXTERNALS]);

function plan(path: string, text: string) {
  const read = sourceFromBytes(Buffer.from(text), `/virtual/${path}`, path, 'python');
  if (!read.ok) throw new Error(read.skip.message);
  return planSource(read.file, config.transforms);
}

/**
 * Imports of a moved name from its legacy module, and `m.Name` uses of moved names through a legacy module, each
 * with its 1-based line.
 */
function legacyLeftovers(path: string, text: string): { site: string; line: number }[] {
  const tree = parseSource(text, 'python');
  const out: { site: string; line: number }[] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  for (const stmt of collectImports(tree.rootNode, moduleForPath(path, ['.']))) {
    if (stmt.kind === 'from' && stmt.module && LEGACY[stmt.module]) {
      for (const n of stmt.names) {
        if (n.name in LEGACY[stmt.module]!.moving) out.push({ site: `from ${stmt.module} import ${n.name}`, line: lineAt(n.node.startIndex) });
      }
    }
    const items = stmt.kind === 'import' ? stmt.items.map((i) => ({ module: i.module, access: i.alias ?? i.module })) : [];
    if (stmt.kind === 'from' && stmt.module) {
      for (const n of stmt.names) if (LEGACY[`${stmt.module}.${n.name}`]) items.push({ module: `${stmt.module}.${n.name}`, access: n.local });
    }
    for (const { module, access } of items) {
      if (!LEGACY[module]) continue;
      for (const name of Object.keys(LEGACY[module]!.moving)) {
        for (let at = text.indexOf(`${access}.${name}`); at !== -1; at = text.indexOf(`${access}.${name}`, at + 1)) {
          if (/\w/.test(text[at + access.length + name.length + 1] ?? '') || /[\w.]/.test(text[at - 1] ?? '')) continue;
          out.push({ site: `${access}.${name}`, line: lineAt(at) });
        }
      }
    }
  }
  return out;
}

/** Names of references that are bound nowhere they could resolve to (positions shift with edits; names must not). */
function unboundReferences(text: string): string[] {
  const analysis = analyzeScopes(parseSource(text, 'python').rootNode);
  return analysis.occurrences
    .filter((o) => o.kind === 'reference' && !o.resolved.bindings.has(o.name) && !BUILTINS.has(o.name))
    .map((o) => o.name)
    .sort();
}

const cases = Array.from({ length: FILES }, (_, i) => generatePythonFile(1000 + i));

describe(`python move on ${FILES} generated modules`, () => {
  const results = cases.map((c) => ({ c, result: plan(c.path, c.text) }));

  it('generates valid, varied inputs that mostly need changes', () => {
    for (const { c } of results) expect(syntaxProblems(parseSource(c.text, 'python')), c.path).toEqual([]);
    const changed = results.filter((r) => r.result.plan.outcome === 'changed').length;
    expect(changed).toBeGreaterThan(FILES * 0.7);
    expect(results.every((r) => r.result.plan.outcome !== 'failed')).toBe(true);
  });

  it('outputs are idempotent, leave no moved name behind, and keep every used name bound', () => {
    let excused = 0;
    for (const { c, result } of results) {
      const out = result.newText ?? c.text;
      const again = plan(c.path, out);
      expect(again.plan.outcome, `${c.path} changes again:\n${out}`).not.toBe('changed');
      // A moved name may stay behind only where the rule said why: a warning or error on that line of the input.
      // Findings point into the input and leftovers into the output; lines no edit touched are identical, so
      // they are matched by their text.
      const inputLines = c.text.split(/\r?\n/);
      const outputLines = out.split(/\r?\n/);
      const reported = new Set(result.plan.findings.filter((f) => f.severity !== 'info').map((f) => inputLines[f.line - 1]));
      const leftovers = legacyLeftovers(c.path, out);
      const unreported = leftovers.filter((l) => !reported.has(outputLines[l.line - 1]));
      expect(unreported, `${c.path}\n${out}`).toEqual([]);
      excused += leftovers.length;
      expect(unboundReferences(out), `${c.path}\n${out}`).toEqual(unboundReferences(c.text));
    }
    // The excuse must stay the exception (generated files bind the canonical name to something else on purpose).
    expect(excused).toBeLessThan(FILES / 5);
  });

  it('outputs compile with the real python3', () => {
    const outputs = results.map(({ c, result }) => ({ path: c.path, text: result.newText ?? c.text }));
    const script = [
      'import json, sys',
      'bad = []',
      'for f in json.load(sys.stdin):',
      '    try: compile(f["text"], f["path"], "exec")',
      '    except SyntaxError as e: bad.append(f"{f[\'path\']}: {e}")',
      'print(json.dumps(bad))',
    ].join('\n');
    const bad = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(outputs), encoding: 'utf8' })) as string[];
    expect(bad).toEqual([]);
  });
});
