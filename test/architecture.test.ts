// The architecture's two promises, checked for real: the layers' dependency rule holds (dependency-cruiser, the
// checker `npm test` runs, with no cycle between folders either), and a rule kind is one folder plus one entry in
// the registry's list (a toy kind, test/toy-kind/, validated, compiled and planned end to end).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/config/compile.js';
import { parseConfig } from '../src/config/load.js';
import { configJsonSchema } from '../src/config/schema.js';
import { ConfigError } from '../src/core/errors.js';
import { createPlan } from '../src/planner/plan.js';
import { RULE_KINDS } from '../src/rules/registry.js';
import { tempTree } from './helpers/tmp.js';
import { renameKind } from './toy-kind/kind.js';

const ROOT = join(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Cruise {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

/**
 * The checker's verdict as `npm run deps` gives it (its exit status), and its findings as JSON. The second run
 * reports the first one's cruise from the checker's own cache (a fresh one, keyed by the files' contents) instead of
 * cruising the tree again.
 */
function cruise(cwd: string, config: string): { status: number | null; result: Cruise } {
  const cache = tempTree();
  const run = (type: string) =>
    spawnSync(process.execPath, [DEPCRUISE, 'src', 'bin', '--config', config, '--output-type', type, '--cache', cache, '--cache-strategy', 'content'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  return { status: run('err').status, result: JSON.parse(run('json').stdout) as Cruise };
}

/** Cycles of a directed graph (Tarjan's strongly connected components with more than one node, or a self loop). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w);
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1 || edges.get(v)?.has(v)) out.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the dependency rule', () => {
  it('holds: no upward import, no import between two rule kinds or two languages, no cycle between modules or folders', () => {
    const { status, result } = cruise(ROOT, '.dependency-cruiser.cjs');
    expect(result.summary.violations).toEqual([]);
    expect(status).toBe(0);
    const folders = new Map<string, Set<string>>();
    for (const m of result.modules) {
      if (!/^(src|bin)\//.test(m.source)) continue;
      for (const d of m.dependencies) {
        if (d.coreModule || d.couldNotResolve || !/^(src|bin)\//.test(d.resolved)) continue;
        const [a, b] = [dirname(m.source), dirname(d.resolved)];
        if (a !== b) folders.set(a, (folders.get(a) ?? new Set()).add(b));
      }
    }
    expect(folders.size).toBeGreaterThan(10);
    expect(cycles(folders)).toEqual([]);
  });

  it('fails on an upward import and on an import between two rule kinds (the checker itself, on a planted tree)', () => {
    const dir = tempTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
      'src/core/a.ts': "import { b } from '../planner/b.js';\nexport const a = b;\n",
      'src/planner/b.ts': 'export const b = 1;\n',
      'src/rules/one/x.ts': "import { y } from '../two/y.js';\nexport const x = y;\n",
      'src/rules/two/y.ts': 'export const y = 2;\n',
      'bin/cli.ts': "import { a } from '../src/core/a.js';\nexport const c = a;\n",
    });
    const config = join(dir, 'rules.cjs');
    execFileSync('cp', [join(ROOT, '.dependency-cruiser.cjs'), config]);
    const { status, result } = cruise(dir, config);
    expect(status).not.toBe(0);
    expect(result.summary.violations.map((v) => `${v.rule.name} ${v.from} -> ${v.to}`).sort()).toEqual([
      'cli-through-the-api bin/cli.ts -> src/core/a.ts',
      'no-upward-from-core src/core/a.ts -> src/planner/b.ts',
      'rule-kinds-apart src/rules/one/x.ts -> src/rules/two/y.ts',
    ]);
  });

  it('web-tree-sitter is imported as a value only by its loader (a second copy would have no initialised runtime)', () => {
    const sources = execFileSync('git', ['ls-files', 'src', 'bin'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => /\.[cm]?ts$/.test(f));
    const valueImport = /^\s*(import(?!\s+type\b)[^;]*from\s*|export(?!\s+type\b)[^;]*from\s*|.*\b(require|import)\s*\()['"]web-tree-sitter['"]/m;
    const importers = sources.filter((f) => valueImport.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(importers).toEqual([]);
    // The loader itself takes the package through createRequire, and the check sees a plain value import.
    expect(valueImport.test("import { Parser } from 'web-tree-sitter';")).toBe(true);
    expect(valueImport.test("import type { Parser } from 'web-tree-sitter';")).toBe(false);
  });
});

describe('a rule kind is one folder and one entry in the registry list', () => {
  const kinds = [...RULE_KINDS, renameKind];
  const config = 'python:\n  renames:\n    - { from: make_manager, to: create_manager }\n';

  it('its field is part of the config schema only when it is listed', () => {
    const withToy = configJsonSchema(kinds) as { properties: { python: { properties: Record<string, { description?: string }> } } };
    expect(withToy.properties.python.properties.renames?.description).toBe('Identifiers to rename (a toy kind).');
    const builtIn = configJsonSchema() as typeof withToy;
    expect(builtIn.properties.python.properties.renames).toBeUndefined();
    // The built-in schema is the one shipped for editors.
    expect(builtIn).toEqual(JSON.parse(readFileSync(join(ROOT, 'schema', 'canonize.config.schema.json'), 'utf8')));
  });

  it('is validated by the config loader, naming the field', () => {
    expect(() => parseConfig(config, '/v/canonize.config.yaml')).toThrow(ConfigError);
    const bad = 'python:\n  renames:\n    - { from: a, to: 1x }\n';
    try {
      parseConfig(bad, '/v/canonize.config.yaml', { ruleKinds: kinds });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).issues.map((i) => i.field)).toEqual(['python.renames[0].to']);
    }
    try {
      compileConfig(parseConfig('python:\n  renames:\n    - { from: a, to: return }\n', '/v/canonize.config.yaml', { ruleKinds: kinds }));
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).issues).toEqual([{ field: 'python.renames[0].to', message: '"return" is a keyword' }]);
    }
  });

  it('is compiled and planned like a built-in kind, after the built-in kinds of its language', async () => {
    const root = tempTree({
      'app/a.py': 'from factory import make_manager\n\nm = make_manager()  # é\n',
      'app/b.py': 'x = 1\n',
    });
    const loaded = parseConfig(config, join(root, 'canonize.config.yaml'), { ruleKinds: kinds });
    const compiled = compileConfig(loaded);
    expect(compiled.transforms.map((t) => t.id)).toEqual(['python-rename']);
    const plan = await createPlan({ config: compiled, jobs: 2 });
    expect(plan.files.map((f) => [f.path, f.outcome])).toEqual([['app/a.py', 'changed']]);
    const changed = plan.files[0]!;
    if (changed.outcome !== 'changed') throw new Error('expected a change');
    expect(changed.edits.map((e) => [e.start, e.end, e.text, e.rule])).toEqual([
      [20, 32, 'create_manager', 'python.renames[0]'],
      [38, 50, 'create_manager', 'python.renames[0]'],
    ]);
  });
});

describe('the error table', () => {
  it('lists every code canonize raises, each raised somewhere, each documented in docs/errors.md', async () => {
    const { ERROR_CODES } = await import('../src/core/errors.js');
    const sources = execFileSync('git', ['ls-files', 'src', 'bin'], { cwd: ROOT, encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((f) => f.endsWith('.ts'))
      // errors.ts raises some itself (its error classes), after the table.
      .map((f) => (f === 'src/core/errors.ts' ? readFileSync(join(ROOT, f), 'utf8').split('export type ErrorCode')[1]! : readFileSync(join(ROOT, f), 'utf8')))
      .join('\n');
    const raised = new Set([...sources.matchAll(/'(E_[A-Z_]+)'/g)].map((m) => m[1]!));
    const docs = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
    for (const [code, { exit }] of Object.entries(ERROR_CODES)) {
      expect(raised.has(code), code).toBe(true);
      expect(docs, code).toContain(`| \`${code}\` | ${exit} |`);
    }
    for (const code of raised) expect(Object.keys(ERROR_CODES), code).toContain(code);
  });
});

describe('the docs', () => {
  it('name only source files that exist', () => {
    const docs = ['README.md', ...execFileSync('git', ['ls-files', 'docs'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n')].filter((f) => f.endsWith('.md'));
    const missing: string[] = [];
    for (const doc of docs) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      // canonize's own folders (docs also quote other projects' `src/…` paths, from the conformance corpora).
      const own = /(?<![\w./-])((?:src\/(?:core|languages|rules|custom|residue|config|planner|engine|audit|propose)\/|src\/(?:api|index)\.|bin\/|bench\/|transforms\/|test\/(?!__fixtures__))[\w./<>*-]*\.(?:ts|js|cjs|mjs))(?![\w])/g;
      for (const m of text.matchAll(own)) {
        const path = m[1]!;
        if (/[<>*]/.test(path)) continue; // a pattern (`src/rules/<kind>/kind.ts`), not a file
        if (!existsSync(join(ROOT, path))) missing.push(`${doc}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
