/**
 * The tools the benchmark compares on a tree, and how it runs them: canonize's plan, ast-grep with the config's
 * Python moves as import rules, a literal search piped into the same ast-grep scan, and the floor (reading every
 * file), in alternating rounds. See docs/performance.md, "The benchmark".
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../src/core/paths.js';
import { measure, type Sample, summarize, type Summary } from './measure.js';

export const ROOT = packageRoot();
/** Where trees, plans and the benchmark's own build go (ignored by git). */
export const OUT = join(ROOT, 'bench', 'out');
/** The benchmark's build of itself and of canonize (bench/tsconfig.json). */
export const BUILD = join(OUT, 'build', 'bench');
export const AST_GREP = join(ROOT, 'node_modules', '@ast-grep', 'cli', 'ast-grep');

/** ast-grep rules equivalent to the config's Python moves (imports only: ast-grep cannot resolve them). */
function astGrepConfig(treeDir: string): { config: string; modules: string[] } {
  const spec = parseYaml(readFileSync(join(treeDir, 'canonize.config.yaml'), 'utf8')) as { python?: { moves?: { from: string }[] } };
  const modules = [...new Set((spec.python?.moves ?? []).map((m) => m.from))];
  const dir = join(OUT, 'ast-grep');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'rules'), { recursive: true });
  writeFileSync(join(dir, 'sgconfig.yml'), 'ruleDirs: [rules]\n');
  modules.forEach((module, i) => {
    const pattern = (context: string) => `    - pattern: { context: ${JSON.stringify(context)}, strictness: ast }`;
    writeFileSync(
      join(dir, 'rules', `legacy-import-${i}.yml`),
      [
        `id: legacy-import-${i}`,
        'language: python',
        'severity: warning',
        `message: import of the legacy module ${module}`,
        'rule:',
        '  any:',
        pattern(`from ${module} import $$$NAMES`),
        pattern(`import ${module}`),
        pattern(`import ${module} as $ALIAS`),
        '',
      ].join('\n'),
    );
  });
  return { config: join(dir, 'sgconfig.yml'), modules };
}

export const hasRipgrep = spawnSync('rg', ['--version']).status === 0;
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A command the benchmark measures, and the exit codes that mean it worked. */
export type Tool = { name: string; argv: string[]; okCodes?: number[] };

/** canonize (writing its plan to `planFile`), ast-grep, literal | ast-grep and the floor, on `treeDir`. */
export function tools(treeDir: string, planFile: string): Tool[] {
  const { config, modules } = astGrepConfig(treeDir);
  const literals = modules.map((m) => `-e ${shellQuote(m)}`).join(' ');
  const list = hasRipgrep
    ? `rg -l -0 -F ${literals} -g '*.py' .`
    : `grep -rlZF --include='*.py' --exclude-dir=.git ${literals} .`;
  return [
    // Cold: the plan cache is neither read nor written (warm.ts measures it).
    { name: 'canonize', argv: [process.execPath, join(BUILD, 'canonize.js'), 'plan', '--no-cache', '-o', planFile] },
    { name: 'ast-grep', argv: [AST_GREP, 'scan', '-c', config, '.'] },
    // xargs exits 123 when a command fails; ast-grep exits 0 on warnings. rg/grep exit 1 when nothing matches.
    { name: 'literal | ast-grep', argv: ['sh', '-c', `${list} | xargs -0 -r ${shellQuote(AST_GREP)} scan -c ${shellQuote(config)}`] },
    { name: 'floor', argv: [process.execPath, join(BUILD, 'floor.js'), '.'] },
  ];
}

/** Alternating rounds: each round runs every tool once, the order rotated so that none always goes first. */
export function rounds(name: string, treeDir: string, list: Tool[], runs: number): Record<string, Summary> {
  const samples: Record<string, Sample[]> = Object.fromEntries(list.map((t) => [t.name, []]));
  for (const t of list) measure(t.name, treeDir, t.argv, t.okCodes); // warm-up: page cache, first-run costs
  for (let r = 0; r < runs; r++) {
    const order = list.map((_, i) => list[(i + r) % list.length]!);
    for (const t of order) {
      const s = measure(t.name, treeDir, t.argv, t.okCodes);
      samples[t.name]!.push(s);
      process.stderr.write(`  ${name} round ${r + 1}/${runs}: ${t.name.padEnd(20)} ${s.wall.toFixed(2)} s  ${s.rss.toFixed(0)} MB  (load ${s.load.toFixed(2)})\n`);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
}
