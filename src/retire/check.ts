/**
 * `check --retired`: the modules `canonize retire` retired — recorded in `canonize.retired.json`, or found as shims by
 * their marker — must not be imported again. A deleted module counts every reference (its file is gone: any import
 * of it is broken); a shim only the references to its moved names (its names that stay are still its own). Found by
 * the residue scan (src/residue), as for `check`, and independent of the config's moves, which may be gone by then.
 */
import { readFile } from 'node:fs/promises';
import type { CompiledConfig } from '../config/compile.js';
import { pythonModuleOf } from '../residue/python.js';
import { compileResidueScanner } from '../residue/index.js';
import type { PythonMoveSpec, TypeScriptMoveSpec } from '../rules/move/spec.js';
import { discoverFiles } from '../planner/files.js';
import { buildProjectIndex } from '../planner/project-index.js';
import { readRetiredRecord } from '../core/retired.js';
import { SHIM_MARKER } from './types.js';

/** A retired module as the check sees it: what counts as importing it again. */
interface Retired {
  language: 'python' | 'typescript';
  module: string;
  path: string;
  how: 'deleted' | 'shimmed';
  /** The moved names whose import counts (`*`: any reference). */
  names: string[] | '*';
}

/** One reference to a retired module. */
export interface RetiredReference {
  path: string;
  line: number;
  column: number;
  module: string;
  symbol: string;
  kind: string;
  message: string;
}

const NOWHERE = 'canonize_retire_nowhere';

/** The retired modules of the tree, and every reference to them that makes them imported again. */
export async function retiredReferences(config: CompiledConfig): Promise<{ modules: number; references: RetiredReference[] }> {
  const discovery = await discoverFiles({ root: config.root, include: config.include, exclude: config.exclude, gitignore: config.gitignore });
  const texts = new Map<string, string>();
  for (const f of discovery.files) texts.set(f.path, await readFile(f.absPath, 'utf8').catch(() => ''));
  const retired = new Map<string, Retired>();
  for (const m of readRetiredRecord(config.root)) {
    const moved = m.moved.map((x) => x.name);
    retired.set(`${m.language}:${m.module}`, { language: m.language, module: m.module, path: m.path, how: m.verdict === 'delete' ? 'deleted' : 'shimmed', names: m.verdict === 'delete' || moved.includes('*') ? '*' : moved });
  }
  for (const [path, text] of texts) {
    const shim = shimOf(path, text, config.pythonSourceRoots);
    if (shim && !retired.has(`${shim.language}:${shim.module}`)) retired.set(`${shim.language}:${shim.module}`, shim);
  }
  if (retired.size === 0) return { modules: 0, references: [] };
  const move = (r: Retired) => ({ from: r.module, to: NOWHERE, symbols: r.names });
  const list = [...retired.values()];
  const scanner = compileResidueScanner({
    python: { sourceRoots: config.pythonSourceRoots, moves: list.filter((r) => r.language === 'python').map(move) as PythonMoveSpec[] },
    typescript: { moves: list.filter((r) => r.language === 'typescript').map(move) as TypeScriptMoveSpec[], moduleCalls: config.residue.targets.typescript.moduleCalls },
  });
  // A deleted TS file is still resolved to, so that the specifiers naming it are found.
  const project = await buildProjectIndex(config.root, config.pythonSourceRoots, config.transforms);
  if (project.typescript) project.typescript = { ...project.typescript, files: [...new Set([...project.typescript.files, ...list.map((r) => r.path)])].sort() };
  const references: RetiredReference[] = [];
  for (const f of discovery.files) {
    const text = texts.get(f.path)!;
    if (list.some((r) => r.path === f.path) || !scanner.mightContain(f, text, project)) continue;
    for (const ref of scanner.scan({ path: f.path, language: f.language, text }, project)) {
      const r = list.find((x) => x.module === ref.module)!;
      const what = ref.symbol === '*' ? `module ${r.module}` : `${ref.symbol} of module ${r.module}`;
      references.push({ path: f.path, line: ref.line, column: ref.column, module: r.module, symbol: ref.symbol, kind: ref.kind, message: `${what}, which canonize retire ${r.how} (${r.path}), is imported again: import it from its canonical module` });
    }
  }
  return { modules: list.length, references };
}

/** A file that is one of retire's shims: its module and its moved names (read from its forwarding block). */
function shimOf(path: string, text: string, sourceRoots: readonly string[]): Retired | undefined {
  const at = text.indexOf(SHIM_MARKER);
  if (at === -1) return undefined;
  const block = text.slice(at);
  if (path.endsWith('.py') || path.endsWith('.pyi')) {
    const id = pythonModuleOf(path, sourceRoots);
    if (!id) return undefined;
    const names = [...block.matchAll(/^ {4}"([^"]+)": \(/gm)].map((m) => m[1]!);
    return { language: 'python', module: id.parts.join('.'), path, how: 'shimmed', names: /^_CANONIZE_ELSEWHERE = /m.test(block) ? '*' : names };
  }
  if (/^export \* from /m.test(block)) return { language: 'typescript', module: path, path, how: 'shimmed', names: '*' };
  const names = [...block.matchAll(/^export (?:type )?\{ (\S+)(?: as (\S+))? \} from /gm)].map((m) => m[2] ?? m[1]!);
  return { language: 'typescript', module: path, path, how: 'shimmed', names };
}
