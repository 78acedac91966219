/**
 * The references left to legacy modules, found by the residue scan (src/residue) compiled for retiring: every legacy
 * module is scanned for as if it moved whole, so that every reference to it counts (`import legacy`, a name that
 * stays, `"legacy"` in a string), not only those to the names that move. A reference then says whether it reaches a
 * moved name, and whether it re-exports what it reaches (a chain that keeps the module alive).
 */
import type { Language, ProjectIndex } from '../core/types.js';
import { compileResidueScanner, type ResidueRef, type ResidueScanner } from '../residue/index.js';
import type { LegacyModule, ResidueTargets } from '../residue/targets.js';
import type { PythonMoveSpec, TypeScriptMoveSpec } from '../rules/move/spec.js';
import type { RetireReference } from './types.js';

/** The scanner that counts every reference to the legacy modules of `targets`. */
export function retireScanner(targets: ResidueTargets): ResidueScanner {
  // The target is a module no tree has: the scan then skips no file as "the canonical module" (whose imports from the
  // legacy one are the references that matter most here) and no path as "nested canonical module" (a package's
  // submodules are told apart by the analysis, from the files).
  const whole = (to: string) => (legacy: LegacyModule) => ({ from: legacy.module, to, symbols: '*' as const });
  return compileResidueScanner({
    python: { sourceRoots: targets.python.sourceRoots, moves: targets.python.modules.map(whole(NOWHERE_PY)) as PythonMoveSpec[] },
    typescript: { moves: targets.typescript.modules.map(whole(NOWHERE_TS)) as TypeScriptMoveSpec[], moduleCalls: targets.typescript.moduleCalls },
  });
}

const NOWHERE_PY = 'canonize_retire_nowhere';
const NOWHERE_TS = 'canonize-retire:nowhere';

/** A file to scan, decoded. */
export interface ScannedFile {
  path: string;
  language: Language;
  text: string;
}

/** The references of one file, by legacy module (as the config writes it). */
export function referencesIn(scanner: ResidueScanner, file: ScannedFile, project: ProjectIndex, legacyOf: (module: string) => LegacyModule | undefined): Map<string, RetireReference[]> {
  const out = new Map<string, RetireReference[]>();
  if (!scanner.mightContain(file, file.text, project)) return out;
  const all = file.language === 'python' ? pythonAll(file.text) : undefined;
  for (const ref of scanner.scan(file, project)) {
    const legacy = legacyOf(ref.module);
    if (!legacy) continue;
    const list = out.get(ref.module) ?? [];
    list.push(toReference(file, ref, legacy, all));
    out.set(ref.module, list);
  }
  return out;
}

function toReference(file: ScannedFile, ref: ResidueRef, legacy: LegacyModule, all: ReadonlySet<string> | undefined): RetireReference {
  const statement = file.text.slice(ref.statementStart, ref.statementEnd);
  const chain =
    file.language === 'python'
      ? ref.kind === 'import' && (/\bimport\s+\*/.test(statement) || (all?.has(ref.symbol) ?? false) || [...statement.matchAll(/\bas\s+(\w+)/g)].some((m) => all?.has(m[1]!)))
      : /^export\b/.test(statement.trimStart());
  return {
    path: file.path,
    line: ref.line,
    column: ref.column,
    kind: ref.kind,
    symbol: ref.symbol,
    text: ref.text,
    moved: legacy.whole !== undefined || legacy.names.has(ref.symbol),
    chain,
  };
}

/** The names a Python file's plain `__all__ = [...]` lists (a token-free approximation: the strings in its brackets). */
function pythonAll(text: string): ReadonlySet<string> {
  const m = /^__all__\s*(?::[^=\n]*)?=\s*[[(]([^\])]*)[\])]/m.exec(text);
  if (!m) return new Set();
  return new Set([...m[1]!.matchAll(/["']([^"'\s]+)["']/g)].map((s) => s[1]!));
}
