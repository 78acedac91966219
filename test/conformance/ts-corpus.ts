/**
 * The TypeScript corpora: the `src/**\/*.ts` that npm packages ship (zod, rxjs: pinned in package.json), copied to
 * a temp directory with a tsconfig of our own, and modules with many importers moved to a new path:
 *
 * - the module's text is copied to `<dir>/canon/<name>.ts` (its relative specifiers respelled for the new
 *   directory), and the old file becomes a re-export of it (`export * from './canon/<name>'`), so both paths name
 *   the same declarations and `tsc` sees one class, not two;
 * - `typescript.moves` from the old file to the new one: every name (`"*"`), some names (a list), or some names
 *   renamed (a map; the canonical file gains `export { A as AV2 }`);
 * - `typescript.calls` over exported functions that several files import and call, to a generated wrapper
 *   (`export const fV2 = f` in `src/canon_calls.ts`, so the types are the function's own).
 *
 * With `plant`, the harness also writes what npm packages' sources lack (plant.ts): TSX views beside real importers
 * of moved modules, whose JSX text holds a bare `&` (which tree-sitter's grammar cannot read), entities and comments,
 * and JavaScript test setups (`jest.setup.js`, `vitest.setup.mjs`) that mock and import the moved modules.
 *
 * `node_modules` in the copy links to canonize's own, so imports of vitest and the like resolve for tsc.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { stringify } from 'yaml';
import { packageRoot } from '../../src/core/paths.js';
import { listFiles, seededRandom, shuffle, type PreparedCorpus } from './common.js';
import { plantFiles, PLANTED_GLOBALS } from './plant.js';

export interface TsCorpusOptions {
  /** The npm package whose `src/` is the corpus. */
  pkg: string;
  seed: number;
  moves: number;
  /** How many functions get a call rule (to a generated wrapper). */
  calls: number;
  /** Only files under these directories (relative to the package). */
  onlyDirs?: readonly string[];
  /** Plant TSX views (this many at most) and JavaScript test setups (plant.ts). */
  plant?: { views: number };
}

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"]*|\.{1,2})\2/g;
const NAMED_IMPORT = /\bimport\s+(?:type\s+)?\{([^}]*)\}\s*from\s*(['"])(\.{1,2}\/[^'"]*)\2/g;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022', 'DOM'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    // The planted files: TSX views, and JavaScript setups checked like TypeScript (a name a rewritten `require`
    // destructures must exist at its new path).
    jsx: 'preserve',
    allowJs: true,
    checkJs: true,
  },
  include: ['src/**/*.ts', 'src/**/*.tsx', '*.js', '*.mjs'],
};

/** The file a relative specifier names, among `files` (relative paths), the way a bundler resolves it. */
function resolveSpecifier(from: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const candidates = [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '/index.ts')];
  return candidates.find((c) => files.has(c));
}

function relativeSpecifier(fromDir: string, target: string): string {
  const rel = posix.relative(fromDir, target);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Copy a package's sources and generate the moves. */
export function prepareTsCorpus(name: string, options: TsCorpusOptions): PreparedCorpus {
  const pkgDir = join(packageRoot(), 'node_modules', options.pkg);
  const files = listFiles(join(pkgDir, 'src'), ['.ts'])
    .map((f) => `src/${f}`)
    .filter((f) => !options.onlyDirs || options.onlyDirs.some((d) => f.startsWith(`${d}/`)));
  const work = mkdtempSync(join(tmpdir(), `canonize-conformance-${name}-`));
  const before = join(work, 'before');
  const after = join(work, 'after');
  const text = new Map<string, string>();
  for (const f of files) {
    mkdirSync(dirname(join(before, f)), { recursive: true });
    text.set(f, readFileSync(join(pkgDir, f), 'utf8'));
  }
  const fileSet = new Set(files);

  const importers = new Map<string, Set<string>>();
  const importedNames = new Map<string, Map<string, number>>();
  /** module -> exported function -> files that import it by name and call it. */
  const callers = new Map<string, Map<string, Set<string>>>();
  for (const [f, src] of text) {
    for (const m of src.matchAll(SPECIFIER)) {
      const target = resolveSpecifier(f, m[3]!, fileSet);
      if (target && target !== f) importers.set(target, (importers.get(target) ?? new Set()).add(f));
    }
    for (const m of src.matchAll(NAMED_IMPORT)) {
      const target = resolveSpecifier(f, m[3]!, fileSet);
      if (!target) continue;
      const names = importedNames.get(target) ?? new Map<string, number>();
      for (const item of m[1]!.split(',')) {
        const n = item.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim();
        if (/^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default') names.set(n, (names.get(n) ?? 0) + 1);
        const typeOnly = /^\s*import\s+type\b/.test(m[0]) || /^\s*type\s/.test(item);
        const local = item.trim().replace(/^type\s+/, '').split(/\s+as\s+/).at(-1)!.trim();
        if (!typeOnly && local === n && new RegExp(`(?<![\\w$.])${n.replace(/\$/g, '\\$')}\\s*\\(`).test(src.replace(m[0], ''))) {
          const fns = callers.get(target) ?? new Map<string, Set<string>>();
          fns.set(n, (fns.get(n) ?? new Set()).add(f));
          callers.set(target, fns);
        }
      }
      importedNames.set(target, names);
    }
  }

  const random = seededRandom(options.seed);
  const usesJsExtensions = [...text.values()].some((t) => /from\s*['"]\.[^'"]*\.js['"]/.test(t));
  const callCandidates: [string, string, number][] = [];
  for (const [mod, fns] of callers) {
    for (const [fn, files] of fns) {
      if (files.size >= 3 && new RegExp(`export\\s+(?:async\\s+)?function\\s+${fn.replace(/\$/g, '\\$')}\\b`).test(text.get(mod)!)) callCandidates.push([mod, fn, files.size]);
    }
  }
  callCandidates.sort((a, b) => b[2] - a[2] || (`${a[0]}:${a[1]}` < `${b[0]}:${b[1]}` ? -1 : 1));
  const pickedCalls = shuffle(callCandidates.slice(0, options.calls * 4), random).slice(0, options.calls).sort((a, b) => (`${a[0]}:${a[1]}` < `${b[0]}:${b[1]}` ? -1 : 1));
  const candidates = [...importers.entries()]
    .filter(([f, by]) => by.size >= 3 && !f.endsWith('.d.ts') && !f.endsWith('/index.ts') && !/\/tests?\//.test(f))
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.moves * 4)
    .map(([f]) => f);
  const chosen = shuffle(candidates, random).slice(0, options.moves).sort();

  const moves: Record<string, unknown>[] = [];
  /** The original text of each moved module (the planted files import its value exports). */
  const movedSources = new Map<string, string>();
  const relocations: string[] = [];
  chosen.forEach((legacy, i) => {
    const dir = posix.dirname(legacy);
    const canonical = `${dir}/canon/${posix.basename(legacy)}`;
    const src = text.get(legacy)!;
    movedSources.set(legacy, src);
    const usesJs = usesJsExtensions;
    let moved = src.replace(SPECIFIER, (all, lead: string, q: string, spec: string) => {
      const target = posix.normalize(posix.join(dir, spec));
      return `${lead}${q}${relativeSpecifier(`${dir}/canon`, target)}${q}`;
    });
    const used = [...(importedNames.get(legacy) ?? new Map<string, number>()).entries()]
      .filter(([n]) => new RegExp(`export\\s+(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(?:function\\*?|class|const|let|var|interface|type|enum)\\s+${n.replace(/\$/g, '\\$')}\\b`).test(src))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([n]) => n);
    const mode = used.length < 2 ? 'all' : (['all', 'list', 'map'] as const)[i % 3]!;
    let symbols: unknown = '*';
    if (mode === 'list') symbols = used.slice(0, Math.max(1, Math.ceil(used.length / 2)));
    if (mode === 'map') {
      const map: Record<string, string> = {};
      used.slice(0, 3).forEach((n, k) => (map[n] = k < 2 ? `${n}V2` : n));
      moved += `\nexport { ${Object.entries(map).filter(([a, b]) => a !== b).map(([a, b]) => `${a} as ${b}`).join(', ')} };\n`;
      symbols = map;
    }
    const shimSpec = `./canon/${posix.basename(legacy, '.ts')}${usesJs ? '.js' : ''}`;
    const shim =
      `// Moved to ${shimSpec} by the conformance harness.\nexport * from '${shimSpec}';\n` +
      (/\bexport\s+default\b/.test(src) ? `export { default } from '${shimSpec}';\n` : '');
    text.set(canonical, moved);
    text.set(legacy, shim);
    moves.push({ from: legacy, to: canonical, symbols });
    relocations.push(`move ${legacy} -> ${canonical} (${mode === 'all' ? '*' : JSON.stringify(symbols)}; ${importers.get(legacy)!.size} importing files)`);
  });

  const calls: Record<string, unknown>[] = [];
  if (pickedCalls.length > 0) {
    const wrappers = 'src/canon_calls.ts';
    let body = '// Canonical wrappers of legacy functions (generated by the conformance harness).\n';
    pickedCalls.forEach(([mod, fn, count]) => {
      const spec = relativeSpecifier('src', usesJsExtensions ? mod.replace(/\.ts$/, '.js') : mod.replace(/\.ts$/, ''));
      body += `import { ${fn} } from '${spec}';\nexport const ${fn}V2 = ${fn};\n`;
      const moved = moves.find((m) => m.from === mod);
      calls.push({ match: `${fn}($$$ARGS)`, from: moved ? [mod, moved.to as string] : mod, replace: `${fn}V2($$$ARGS)`, to: wrappers });
      relocations.push(`call ${fn}(...) from ${mod} -> ${fn}V2(...) from ${wrappers} (${count} calling files)`);
    });
    text.set(wrappers, body);
  }

  let mustPlan: string[] = [];
  if (options.plant) {
    const planted = plantFiles({ text, importers, movedSources, random, views: options.plant.views, usesJsExtensions, resolve: (from, spec) => resolveSpecifier(from, spec, fileSet) });
    for (const [f, t] of planted.files) text.set(f, t);
    text.set('src/harness-globals.d.ts', PLANTED_GLOBALS);
    mustPlan = planted.views;
    relocations.push(...planted.lines);
  }

  for (const [f, t] of text) {
    mkdirSync(dirname(join(before, f)), { recursive: true });
    writeFileSync(join(before, f), t);
  }
  writeFileSync(join(before, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  writeFileSync(join(before, 'canonize.config.yaml'), `# Generated by the conformance harness (seed ${options.seed}).\n${stringify({ version: 1, typescript: { moves, ...(calls.length ? { calls } : {}) } })}`);
  cpSync(before, after, { recursive: true });
  for (const copy of [before, after]) symlinkSync(join(packageRoot(), 'node_modules'), join(copy, 'node_modules'), 'dir');
  return { name, language: 'typescript', before, after, files: text.size, excluded: [], relocations, ...(mustPlan.length > 0 ? { mustPlan } : {}) };
}
