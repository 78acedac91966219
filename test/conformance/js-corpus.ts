/**
 * The CommonJS JavaScript corpora: the CommonJS an npm package ships, copied to a temp directory under `src/` —
 * rxjs's tsc-emitted `dist/cjs/**\/*.js` (`var lift_1 = require("../util/lift"); … lift_1.operate(…)`,
 * `exports.map = map;`, `Object.defineProperty(exports, "x", { get … })` re-exports) and yaml's rollup-built
 * `dist/**\/*.js` (`var identity = require('../nodes/identity.js'); … identity.isNode(…)`) —
 * with a `jsconfig`-like `tsconfig.json` of our own (`allowJs`, `checkJs`, `module: commonjs`,
 * `moduleResolution: node10`), and modules with many requirers moved to a new path:
 *
 * - the module's text is copied to `<dir>/canon/<name>.js` (its relative `require`s respelled for the new
 *   directory), and the old file becomes `module.exports = require('./canon/<name>');`, so both paths are the same
 *   module object at run time and for `tsc`, and canonize's project index lists the old file's exports as the new
 *   one's (it follows `module.exports = require('…')` like `export * from '…'`);
 * - `typescript.moves` from the old file to the new one: every name (`"*"`), some names (a list), or some names
 *   renamed (a map; the canonical file gains `exports.AV2 = exports.A;`).
 *
 * The names a list or a map moves are those the requirers read off the module (`x_1.A`, `require('…').A`) that the
 * module assigns as `exports.A = …`.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { stringify } from 'yaml';
import { packageRoot } from '../../src/core/paths.js';
import { listFiles, seededRandom, shuffle, type PreparedCorpus } from './common.js';

export interface JsCorpusOptions {
  /** The npm package, and the directory in it whose `.js` files are the corpus. */
  pkg: string;
  dir: string;
  seed: number;
  moves: number;
}

/** A relative `require("…")`: the quote and the specifier. */
const REQUIRE = /\brequire\s*\(\s*(['"])(\.{1,2}\/[^'"]*|\.{1,2})\1\s*\)/g;
/** `var x_1 = require("…")`: the binding and the specifier. */
const REQUIRE_BINDING = /\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(\s*(['"])(\.{1,2}\/[^'"]*|\.{1,2})\2\s*\)/g;
/** `require("…").name`. */
const REQUIRE_MEMBER = /\brequire\s*\(\s*(['"])(\.{1,2}\/[^'"]*|\.{1,2})\1\s*\)\s*\.\s*([A-Za-z_$][\w$]*)/g;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'commonjs',
    moduleResolution: 'node10',
    lib: ['ES2022', 'DOM'],
    allowJs: true,
    checkJs: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['src/**/*.js'],
};

/** The file a relative specifier names, among `files` (relative paths), the way Node's `require` resolves it. */
function resolveSpecifier(from: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  return [base, `${base}.js`, `${base}/index.js`].find((c) => files.has(c));
}

function relativeSpecifier(fromDir: string, target: string): string {
  const rel = posix.relative(fromDir, target);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

const escape = (name: string) => name.replace(/\$/g, '\\$');

/** Copy a package's CommonJS files and generate the moves. */
export function prepareJsCorpus(name: string, options: JsCorpusOptions): PreparedCorpus {
  const pkgDir = join(packageRoot(), 'node_modules', options.pkg, options.dir);
  const files = listFiles(pkgDir, ['.js']).map((f) => `src/${f}`);
  const work = mkdtempSync(join(tmpdir(), `canonize-conformance-${name}-`));
  const before = join(work, 'before');
  const after = join(work, 'after');
  const text = new Map<string, string>();
  for (const f of files) text.set(f, readFileSync(join(pkgDir, f.slice('src/'.length)), 'utf8'));
  const fileSet = new Set(files);

  const requirers = new Map<string, Set<string>>();
  /** module -> name read off it (`x_1.name`, `require('…').name`) -> how many times. */
  const readNames = new Map<string, Map<string, number>>();
  const count = (target: string, n: string) => {
    const names = readNames.get(target) ?? new Map<string, number>();
    names.set(n, (names.get(n) ?? 0) + 1);
    readNames.set(target, names);
  };
  for (const [f, src] of text) {
    for (const m of src.matchAll(REQUIRE)) {
      const target = resolveSpecifier(f, m[2]!, fileSet);
      if (target && target !== f) requirers.set(target, (requirers.get(target) ?? new Set()).add(f));
    }
    for (const m of src.matchAll(REQUIRE_BINDING)) {
      const target = resolveSpecifier(f, m[3]!, fileSet);
      if (!target) continue;
      for (const use of src.matchAll(new RegExp(`(?<![\\w$.])${escape(m[1]!)}\\.([A-Za-z_$][\\w$]*)`, 'g'))) count(target, use[1]!);
    }
    for (const m of src.matchAll(REQUIRE_MEMBER)) {
      const target = resolveSpecifier(f, m[2]!, fileSet);
      if (target) count(target, m[3]!);
    }
  }

  const random = seededRandom(options.seed);
  // The shims spell their require the way the package does (yaml writes `require('./x.js')`, rxjs `require("./x")`).
  const usesJsExtensions = [...text.values()].some((t) => /\brequire\s*\(\s*['"]\.[^'"]*\.js['"]/.test(t));
  const candidates = [...requirers.entries()]
    .filter(([f, by]) => by.size >= 3 && !f.endsWith('/index.js'))
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.moves * 4)
    .map(([f]) => f);
  const chosen = shuffle(candidates, random).slice(0, options.moves).sort();

  const moves: Record<string, unknown>[] = [];
  const relocations: string[] = [];
  chosen.forEach((legacy, i) => {
    const dir = posix.dirname(legacy);
    const canonical = `${dir}/canon/${posix.basename(legacy)}`;
    const src = text.get(legacy)!;
    let moved = src.replace(REQUIRE, (_all, q: string, spec: string) => {
      const target = posix.normalize(posix.join(dir, spec));
      return `require(${q}${relativeSpecifier(`${dir}/canon`, target)}${q})`;
    });
    const used = [...(readNames.get(legacy) ?? new Map<string, number>()).entries()]
      .filter(([n]) => n !== 'default' && new RegExp(`^exports\\.${escape(n)}\\s*=\\s*(?!void 0)`, 'm').test(src))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([n]) => n);
    // Most of these modules export one function: a list of one name then covers the module (the index tells).
    const drawn = (['all', 'list', 'map'] as const)[i % 3]!;
    const mode = used.length === 0 ? 'all' : drawn === 'map' && used.length < 2 ? 'list' : drawn;
    let symbols: unknown = '*';
    if (mode === 'list') symbols = used.slice(0, Math.max(1, Math.ceil(used.length / 2)));
    if (mode === 'map') {
      const map: Record<string, string> = {};
      used.slice(0, 3).forEach((n, k) => (map[n] = k < 2 ? `${n}V2` : n));
      if (!moved.endsWith('\n')) moved += '\n';
      moved += Object.entries(map)
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => `exports.${b} = exports.${a};\n`)
        .join('');
      symbols = map;
    }
    const shimSpec = `./canon/${posix.basename(legacy, usesJsExtensions ? undefined : '.js')}`;
    text.set(canonical, moved);
    text.set(legacy, `"use strict";\n// Moved to ${shimSpec} by the conformance harness.\nmodule.exports = require("${shimSpec}");\n`);
    moves.push({ from: legacy, to: canonical, symbols });
    relocations.push(`move ${legacy} -> ${canonical} (${mode === 'all' ? '*' : JSON.stringify(symbols)}; ${requirers.get(legacy)!.size} requiring files)`);
  });

  for (const [f, t] of text) {
    mkdirSync(dirname(join(before, f)), { recursive: true });
    writeFileSync(join(before, f), t);
  }
  writeFileSync(join(before, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  writeFileSync(join(before, 'canonize.config.yaml'), `# Generated by the conformance harness (seed ${options.seed}).\n${stringify({ version: 1, typescript: { moves } })}`);
  cpSync(before, after, { recursive: true });
  for (const copy of [before, after]) symlinkSync(join(packageRoot(), 'node_modules'), join(copy, 'node_modules'), 'dir');
  return { name, language: 'typescript', before, after, files: text.size, excluded: [], relocations };
}
