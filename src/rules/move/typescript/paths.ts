/**
 * Modules named by path rather than by specifier: `/// <reference path>`, JSDoc `import('legacy').Type`, and the
 * `'<rootDir>/…'` strings of jest and vitest configs (docs/ts-move-rule.md).
 */
import { posix } from 'node:path';
import { plainStringValue } from '../../../languages/typescript/syntax.js';
import type { ResolvedMove } from './moves.js';
import type { TsMoveRun } from './run.js';

/** `/// <reference path="…" />`; group 2 is the path. */
const REFERENCE_PATH = /^\/\/\/\s*<reference\s+path\s*=\s*(["'])([^"'\n]*)\1/;
/** `import('spec')` in a JSDoc comment, with the member read from it (`import('spec').Name`) as group 3. */
const JSDOC_IMPORT = /import\(\s*(['"])([^'"\n]+)\1\s*\)(?:\.([A-Za-z_$][\w$]*))?/g;

/** A jest or vitest config file (`jest.config.js`, `vitest.config.mts`, `jest.config.base.cjs`, …). */
export const TEST_CONFIG = /(^|\/)(jest|vitest)\.config(\.[\w-]+)*\.[mc]?[jt]s$/;

/** A root-relative path joined with a relative one; undefined when it climbs above the root. */
function joinPath(dir: string, rel: string): string | undefined {
  const joined = posix.normalize(posix.join(dir || '.', rel));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined;
}

/** A path from one root-relative file to another, as a `/// <reference path>` writes it (`./x.ts`, `../y/z.ts`). */
function relativeFilePath(from: string, to: string): string {
  const rel = posix.relative(posix.dirname(from), to);
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/**
 * In a jest or vitest config, a `'<rootDir>/…'` string names a file by path, not by specifier: a mapper target
 * (`'^socket$': '<rootDir>/src/lib/socket.ts'`) or a setup file. One naming a legacy file is rewritten to the
 * canonical file when the module moves there whole and unrenamed, else reported. `rootDir` is the config's
 * directory, or what a literal `rootDir: '…'` in it says; strings with regex replacements (`$1`) are patterns,
 * not files, and are left to the reader.
 */
export function configPaths(run: TsMoveRun): void {
  const base = posix.dirname(run.ctx.file.path);
  const declared = /\brootDir\s*:\s*(['"])([^'"\n]*)\1/.exec(run.text)?.[2];
  const rootDir = declared === undefined ? base : joinPath(base, declared);
  if (rootDir === undefined) return;
  for (const str of run.ctx.tree.rootNode.descendantsOfType('string')) {
    const value = plainStringValue(str);
    if (value === undefined || !value.startsWith('<rootDir>/') || /[$()*]/.test(value) || run.ts.suppressed(str)) continue;
    const target = joinPath(rootDir, value.slice('<rootDir>/'.length));
    if (target === undefined) continue;
    run.ctx.handling?.(str);
    const key = run.ts.moduleOf(relativeFilePath(run.ctx.file.path, target), 'require');
    if (!run.isLegacy(key)) continue;
    const rule = run.moves.find((m) => m.fromKey === key)!.rule;
    const whole = run.whole(key);
    const at = str.startIndex + 1;
    if (!whole || whole.renames || !('file' in whole.move.toRef)) {
      const why = whole && !whole.renames ? `${whole.move.to} is not a file in the tree` : whole ? `its names are renamed on the way to ${whole.move.to}` : 'only some of its names move, or they move to different modules';
      run.ctx.report(at, `'${value}' in this test config names legacy file ${key}: not rewritten, ${why} (point it at the canonical file once what it maps or sets up uses the canonical names)`, 'warning', rule);
      continue;
    }
    const file = whole.move.toRef.file;
    const rel = posix.relative(rootDir || '.', file);
    // As written: with the extension when the legacy path had one.
    const spelling = `<rootDir>/${/\.[mc]?[jt]sx?$/.test(value) ? rel : rel.replace(/(\/index)?\.(d\.)?[mc]?[jt]sx?$/, '')}`;
    if (spelling === value) continue;
    run.legacySite(at, { rule: whole.move.rule, module: key, form: 'string', symbol: '*', specifier: value, canonical: spelling });
    run.ctx.edit(at, at + value.length, spelling, whole.move.rule);
  }
}

export function comments(run: TsMoveRun): void {
  if (!run.text.includes('<reference') && !run.text.includes('import(')) return;
  for (const comment of run.ctx.tree.rootNode.descendantsOfType('comment')) {
    const text = comment.text;
    if (run.ts.suppressed(comment)) continue;
    const reference = REFERENCE_PATH.exec(text);
    if (reference) {
      run.ctx.handling?.(comment);
      referencePath(run, comment.startIndex + reference.index + reference[0].length - 1 - reference[2]!.length, reference[2]!);
      continue;
    }
    if (!text.startsWith('/*') || !text.includes('import(')) continue;
    run.ctx.handling?.(comment);
    for (const m of text.matchAll(JSDOC_IMPORT)) jsdocImport(run, comment.startIndex + m.index!, m);
  }
}

/**
 * `/// <reference path="../lib/old.ts" />`: a file path (not a specifier) relative to this file. It follows a
 * legacy file that moves whole, unrenamed, to a file in the tree (written relative, with its extension).
 */
function referencePath(run: TsMoveRun, at: number, path: string): void {
  const target = run.ts.resolver.resolve(path.startsWith('.') || path.startsWith('/') ? path : `./${path}`, run.ctx.file.path, 'import');
  if (target === undefined || !run.isLegacy(target)) return;
  const rule = run.moves.find((m) => m.fromKey === target)!.rule;
  const whole = run.whole(target);
  if (!whole || whole.renames || !('file' in whole.move.toRef)) {
    run.ctx.report(at, `/// <reference path="${path}"> names a legacy file: not rewritten, ${whole && !whole.renames ? `${whole.move.to} is not a file in the tree` : run.movedNamesHint(target, whole, 'import')}`, 'warning', rule);
    return;
  }
  const spelling = relativeFilePath(run.ctx.file.path, whole.move.toRef.file);
  run.legacySite(at, { rule: whole.move.rule, module: target, form: 'reference-path', symbol: '*', specifier: path, canonical: spelling });
  run.ctx.edit(at, at + path.length, spelling, whole.move.rule);
}

/** `import('legacy').Name` / `typeof import('legacy')` in a JSDoc type (a JS file's types). */
function jsdocImport(run: TsMoveRun, at: number, m: RegExpMatchArray): void {
  const specifier = m[2]!;
  const key = run.ts.moduleOf(specifier, 'import');
  if (!run.isLegacy(key)) return;
  const rule = run.moves.find((mv) => mv.fromKey === key)!.rule;
  const specAt = at + m[0].indexOf(m[1]! + specifier) + 1;
  const respell = (move: ResolvedMove) => {
    const spelling = run.spell(move, specifier, 'import');
    if (spelling === specifier) return;
    run.legacySite(specAt, { rule: move.rule, module: key, form: 'jsdoc', symbol: m[3] ?? '*', specifier, canonical: spelling });
    run.ctx.edit(specAt, specAt + specifier.length, spelling, move.rule);
  };
  const self = run.selfMove(key);
  if (self) return respell(self);
  const name = m[3];
  if (name !== undefined) {
    const dest = run.destination(key, name);
    if (!dest || !run.exportedByTarget(dest, specAt)) return;
    respell(dest.move);
    const nameAt = at + m[0].length - name.length;
    if (dest.newName !== name) run.ctx.edit(nameAt, nameAt + name.length, dest.newName, dest.move.rule);
    return;
  }
  const whole = run.whole(key);
  if (whole && !whole.renames) return respell(whole.move);
  run.ctx.report(specAt, `import('${specifier}') in a JSDoc type names a legacy module as a whole: not rewritten, ${run.movedNamesHint(key, whole, 'import')}`, 'warning', rule);
}
