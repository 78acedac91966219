/**
 * The residue scan: an independent check that planning left no reference to a legacy module or a moved symbol in
 * code unaccounted for. It works on tokens (its own small tokenizers), resolves imports its own simple way, and
 * shares no code with the rules, so that a form the rules do not see cannot also hide from it. What counts and what
 * does not is in docs/residue.md.
 */
import type { Language, ProjectIndex } from '../types.js';
import { scanPythonResidue } from './python.js';
import type { ResidueRef } from './ref.js';
import { compileResidueTargets, type ResidueConfig, type ResidueTargets } from './targets.js';
import { scanTsResidue, tsNeedles } from './typescript.js';

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
   * Literals one of which every file of `language` with residue contains (a cheap byte prefilter: a file with none
   * of them has none). For TypeScript they depend on the project (a `paths` alias of a legacy module).
   */
  needles(language: Language, project?: ProjectIndex): readonly string[];
  /** Whether a file's text or raw bytes contain one of the needles (bytes are searched as they are). */
  mightContain(language: Language, haystack: string | Buffer, project?: ProjectIndex): boolean;
  /** Every residue reference in the file, by offset. Never throws. */
  scan(file: ResidueFile, project?: ProjectIndex): ResidueRef[];
}

const lastSegment = (module: string) => module.slice(module.lastIndexOf('.') + 1);

/** Compile the scanner from the declared config (`python.moves`, `python.sourceRoots`, `typescript.moves`, `typescript.moduleCalls`). */
export function compileResidueScanner(config: ResidueConfig): ResidueScanner {
  const targets = compileResidueTargets(config);
  const pythonNeedles = new Set<string>();
  for (const legacy of targets.python.modules) {
    if (legacy.whole) {
      // The module is named (import, dotted name, string, `from pkg import last`) — or reached by a relative
      // import inside its own package, which may name only `.`.
      pythonNeedles.add(lastSegment(legacy.module));
      pythonNeedles.add('from .');
      pythonNeedles.add('from.');
    } else {
      // Only the moved names are residue, and each reference spells its name.
      for (const name of legacy.names.keys()) pythonNeedles.add(name);
    }
  }
  const pyNeedles = [...pythonNeedles].sort();
  const tsNeedleCache = new WeakMap<object, readonly string[]>();
  const noProject = {};
  const scanner: ResidueScanner = {
    targets,
    covers: (language) => (language === 'python' ? targets.python.modules.length > 0 : targets.typescript.modules.length > 0),
    needles(language, project) {
      if (language === 'python') return pyNeedles;
      if (targets.typescript.modules.length === 0) return [];
      const key = project ?? noProject;
      let needles = tsNeedleCache.get(key);
      if (!needles) tsNeedleCache.set(key, (needles = tsNeedles(targets, project)));
      return needles;
    },
    mightContain(language, haystack, project) {
      if (!scanner.covers(language)) return false;
      return scanner.needles(language, project).some((n) => haystack.includes(n));
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
