/**
 * The residue scan: an independent check that planning left no reference to a legacy module or a moved symbol in
 * code unaccounted for. It works on tokens (its own small tokenizers), resolves imports its own simple way, and
 * shares no code with the rules, so that a form the rules do not see cannot also hide from it. What counts and what
 * does not is in docs/residue.md.
 */
import { asBuffer } from '../core/bytes.js';
import type { Language, ProjectIndex } from '../core/types.js';
import { scanPythonResidue } from './python.js';
import type { ResidueRef } from './ref.js';
import { compileResidueTargets, type ResidueConfig, type ResidueTargets } from './targets.js';
import { tsNeedles } from './ts-legacy.js';
import { scanTsResidue } from './typescript.js';

export type { ResidueKind, ResidueRef } from './ref.js';
export type { ResidueConfig, ResidueTargets } from './targets.js';

/** A file to scan: its root-relative path, language and decoded text. */
export interface ResidueFile {
  path: string;
  language: Language;
  text: string;
}

/** The scanner compiled from a config. Plain functions of their arguments: safe to share between files. */
export interface ResidueScanner {
  readonly targets: ResidueTargets;
  /** Whether the config moves anything in this language at all. */
  covers(language: Language): boolean;
  /**
   * Literals one of which every file at `path` with residue contains (a cheap byte prefilter: a file with none of
   * them has none). For TypeScript they depend on the project (a `paths` alias of a legacy module); for Python on
   * the path (only a file inside a legacy module's parent package can reach it by a relative import alone).
   */
  needles(file: { path: string; language: Language }, project?: ProjectIndex): readonly string[];
  /** Whether a file's text or raw bytes contain one of its needles (bytes are searched as they are). */
  mightContain(file: { path: string; language: Language }, haystack: string | Uint8Array, project?: ProjectIndex): boolean;
  /** Every residue reference in the file, by offset. Never throws. */
  scan(file: ResidueFile, project?: ProjectIndex): ResidueRef[];
}

const lastSegment = (module: string) => module.slice(module.lastIndexOf('.') + 1);

/** Compile the scanner from the declared config (`python.moves`, `python.sourceRoots`, `typescript.moves`, `typescript.moduleCalls`). */
export function compileResidueScanner(config: ResidueConfig): ResidueScanner {
  const targets = compileResidueTargets(config);
  const pythonNeedles = new Set<string>();
  /** Directories (per source root) whose files may reach a whole-moved module by a relative import that names only `.`. */
  const relativeDirs: string[] = [];
  for (const legacy of targets.python.modules) {
    if (legacy.whole) {
      // The module is named (import, dotted name, string, `from pkg import last`) — or reached by a relative
      // import from inside the package that holds it, which may spell nothing but `.` (`from . import *`).
      pythonNeedles.add(lastSegment(legacy.module));
      const parts = legacy.module.split('.');
      const dir = (parts.length > 1 ? parts.slice(0, -1) : parts).join('/');
      for (const root of targets.python.sourceRoots) relativeDirs.push(root === '' ? `${dir}/` : `${root}/${dir}/`);
    } else {
      // Only the moved names are residue, and each reference spells its name.
      for (const name of legacy.names.keys()) pythonNeedles.add(name);
    }
  }
  const pyNeedles = [...pythonNeedles].sort();
  const pyNeedlesInPackage = [...pythonNeedles, 'from .', 'from.'].sort();
  const tsNeedleCache = new WeakMap<object, readonly string[]>();
  const noProject = {};
  const scanner: ResidueScanner = {
    targets,
    covers: (language) => (language === 'python' ? targets.python.modules.length > 0 : targets.typescript.modules.length > 0),
    needles({ path, language }, project) {
      if (language === 'python') return relativeDirs.some((dir) => path.startsWith(dir)) ? pyNeedlesInPackage : pyNeedles;
      if (targets.typescript.modules.length === 0) return [];
      const key = project ?? noProject;
      let needles = tsNeedleCache.get(key);
      if (!needles) tsNeedleCache.set(key, (needles = tsNeedles(targets, project)));
      return needles;
    },
    mightContain(file, haystack, project) {
      if (!scanner.covers(file.language)) return false;
      const hay = typeof haystack === 'string' ? haystack : asBuffer(haystack);
      return scanner.needles(file, project).some((n) => hay.includes(n));
    },
    scan(file, project) {
      try {
        return file.language === 'python' ? scanPythonResidue(file.path, file.text, targets) : scanTsResidue(file.path, file.text, targets, project);
      } catch (err) {
        // The tokenizers are fuzzed never to throw; should one still, say so instead of passing the file silently.
        throw new Error(`residue scan of ${file.path} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
  return scanner;
}
