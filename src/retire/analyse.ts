/**
 * The retire analysis: for each legacy module of the config (`python.moves[].from`, `typescript.moves[].from`), the
 * references left to it in the tree, what stays in it, its import-time side effects, its shim, and the verdict:
 * `delete` (no reference, no chain, nothing stays), `shim` (references remain, names stay, or `--shim` asks), or
 * `keep` with the reason. References from another legacy module count as that module will be after the run: not at
 * all when it is deleted, only its shim's lines when it is shimmed; verdicts are computed to a fixpoint (deleting one
 * module can free another). See docs/retire.md.
 */
import { readFile } from 'node:fs/promises';
import type { CompiledConfig } from '../config/compile.js';
import { UsageError } from '../core/errors.js';
import { retiredDeleted } from '../core/retired.js';
import { sourceFromBytes } from '../core/source.js';

import { discoverFiles, type DiscoveredFile } from '../planner/files.js';
import { buildProjectIndex } from '../planner/project-index.js';
import { tsLegacyIndex } from '../residue/ts-legacy.js';
import type { LegacyModule } from '../residue/targets.js';
import { moduleFiles, readLegacyModule, type LegacyFile } from './legacy.js';
import { journalDeleted } from './journal-deletes.js';
import { referencesIn, retireScanner, type ScannedFile } from './references.js';
import type { RetiredModule, RetireReference, RetireReport } from './types.js';

export interface RetireOptions {
  config: CompiledConfig;
  /** Legacy modules (as the config's `from` writes them) to shim even when nothing references them. */
  shim?: readonly string[];
}

/** Analyse every legacy module of the config over the whole tree. */
export async function analyseRetire(options: RetireOptions): Promise<RetireReport> {
  const { config } = options;
  const targets = config.residue.targets;
  const known = new Set([...targets.python.modules, ...targets.typescript.modules].map((m) => m.module));
  for (const module of options.shim ?? []) {
    if (!known.has(module)) throw new UsageError('E_USAGE', `--shim ${module}: not a legacy module of the config`, `name a python.moves[].from or typescript.moves[].from: ${[...known].sort().join(', ')}`);
  }
  const discovery = await discoverFiles({ root: config.root, include: config.include, exclude: config.exclude, gitignore: config.gitignore });
  const project = await buildProjectIndex(config.root, config.pythonSourceRoots, config.transforms);
  const paths = new Set(discovery.files.map((f) => f.path));
  // The record says what retire deleted; the journal adds what a killed retire deleted before recording it.
  const deleted = new Map([...(await journalDeleted(config.root)), ...retiredDeleted(config.root)]);
  const located = moduleFiles(targets, paths, tsLegacyIndex(targets, project), deleted);
  const legacyFiles = new Map<string, LegacyFile>();
  const report: RetireReport = { modules: [], unread: [] };
  for (const entry of located) {
    if (!entry.path) continue;
    const read = await readLegacyModule(config.root, { ...entry, path: entry.path }, project, targets, paths);
    if ('reason' in read) report.unread.push({ path: entry.path, reason: read.reason });
    else legacyFiles.set(entry.path, read);
  }
  const scanner = retireScanner(targets);
  const legacyByName = new Map([...targets.python.modules, ...targets.typescript.modules].map((m) => [m.module, m]));
  const legacyOf = (module: string) => legacyByName.get(module);
  // Every other file is scanned once; the legacy modules' own files are scanned per round, as they will be.
  const fixed = new Map<string, RetireReference[]>();
  for (const file of discovery.files) {
    if (legacyFiles.has(file.path) || located.some((l) => l.path === file.path)) continue;
    const scanned = await readScanned(file, report);
    if (!scanned) continue;
    for (const [module, refs] of referencesIn(scanner, scanned, project, legacyOf)) fixed.set(module, [...(fixed.get(module) ?? []), ...refs]);
  }
  const forced = new Set(options.shim ?? []);
  let verdicts = new Map<string, RetiredModule>();
  for (let round = 0; round <= located.length + 1; round++) {
    const next = new Map<string, RetiredModule>();
    const fromLegacy = new Map<string, RetireReference[]>();
    for (const file of legacyFiles.values()) {
      const previous = verdicts.get(file.legacy.module);
      const text = !previous ? file.text : previous.verdict === 'delete' ? undefined : previous.verdict === 'shim' ? previous.shim! : file.text;
      if (text === undefined) continue;
      const refs = referencesIn(scanner, { path: file.path, language: file.fileLanguage, text }, project, legacyOf);
      for (const [module, list] of refs) if (module !== file.legacy.module) fromLegacy.set(module, [...(fromLegacy.get(module) ?? []), ...list]);
    }
    for (const entry of located) {
      const refs = [...(fixed.get(entry.legacy.module) ?? []), ...(fromLegacy.get(entry.legacy.module) ?? [])];
      next.set(entry.legacy.module, decide(entry.legacy, entry.path ? legacyFiles.get(entry.path) : undefined, entry, refs, paths, forced.has(entry.legacy.module)));
    }
    const stable = [...next].every(([module, m]) => verdicts.get(module)?.verdict === m.verdict);
    verdicts = next;
    if (stable) break;
  }
  report.modules = [...verdicts.values()].sort((a, b) => (a.language < b.language ? -1 : a.language > b.language ? 1 : a.module < b.module ? -1 : 1));
  return report;
}

async function readScanned(file: DiscoveredFile, report: RetireReport): Promise<ScannedFile | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file.absPath);
  } catch (err) {
    report.unread.push({ path: file.path, reason: `unreadable: ${err instanceof Error ? err.message : String(err)}` });
    return undefined;
  }
  const source = sourceFromBytes(bytes, file.absPath, file.path, file.language);
  if (!source.ok) {
    report.unread.push({ path: file.path, reason: source.skip.message });
    return undefined;
  }
  return { path: file.path, language: file.language, text: source.file.text };
}

/** The verdict on one module, given the references left to it. */
function decide(
  legacy: LegacyModule,
  file: LegacyFile | undefined,
  entry: { path?: string; language: 'python' | 'typescript'; missing?: string; deleted?: string },
  allRefs: RetireReference[],
  paths: ReadonlySet<string>,
  forced: boolean,
): RetiredModule {
  const moved = [...legacy.names].map(([name, m]) => ({ name, to: m.to, newName: m.newName, rule: m.rule }));
  if (legacy.whole) moved.unshift({ name: '*', to: legacy.whole.to, newName: '*', rule: legacy.whole.rule });
  const base = { language: entry.language, module: legacy.module, ...(entry.path ? { path: entry.path } : {}), moved };
  if (entry.deleted) {
    return { ...base, path: entry.deleted, verdict: 'delete', alreadyDeleted: true, reasons: ['already deleted by canonize retire'], stays: [], references: allRefs, sideEffects: [] };
  }
  if (!file) {
    return { ...base, verdict: 'keep', reasons: [entry.missing ?? 'it could not be read'], stays: [], references: [], sideEffects: [] };
  }
  // Importing a package's submodule is not a reference to the package's own names.
  const refs = allRefs.filter((r) => !(file.isPackage && r.symbol !== '*' && !file.forwarded.has(r.symbol) && isSubmodule(file.path, r.symbol, paths)));
  for (const [name, m] of file.forwarded) if (!moved.some((x) => x.name === name)) moved.push({ name, to: m.to, newName: m.newName, rule: m.rule });
  const common = { ...base, stays: file.stays, references: refs, sideEffects: file.sideEffects };
  const reasons: string[] = [];
  if (file.blockers.length > 0) return { ...common, verdict: 'keep', reasons: file.blockers.map((b) => `no shim can be written: ${b}`) };
  const cycle = refs.find((r) => r.moved && file.canonicalPaths.has(r.path));
  if (cycle) return { ...common, verdict: 'keep', reasons: [`its canonical module ${cycle.path} imports ${cycle.symbol} from it (line ${cycle.line}): move the definition there first`] };
  // A Python shim that imports its canonical module as it loads, imported by that module: a circular import.
  const eager = file.eagerCanonical ? refs.find((r) => file.canonicalPaths.has(r.path)) : undefined;
  if (eager) {
    return { ...common, verdict: 'keep', reasons: [`its canonical module ${eager.path} imports it (line ${eager.line}), and its shim would import that module as it loads (for code that stays in it): a circular import`] };
  }
  if (refs.length > 0) {
    const files = new Set(refs.map((r) => r.path)).size;
    const chains = refs.filter((r) => r.chain).length;
    reasons.push(`${refs.length} reference(s) left in ${files} file(s)${chains > 0 ? `, ${chains} of them re-exporting it` : ''}`);
  }
  if (file.stays.length > 0) reasons.push(`names stay in it: ${file.stays.join(', ')}`);
  if (forced) reasons.push('--shim asks for a shim');
  if (reasons.length === 0) {
    const effects = file.sideEffects.length > 0 ? `; its import-time side effects go with it (${file.sideEffects.map((s) => `line ${s.line}`).join(', ')})` : '';
    return { ...common, verdict: 'delete', reasons: [`no reference left and nothing stays${effects}`] };
  }
  reasons.push(...file.notes);
  return { ...common, verdict: 'shim', reasons, shim: file.shim, ...(file.shim === file.text ? { alreadyShimmed: true } : {}) };
}

/** Whether `name` is a submodule of the package whose `__init__` is at `initPath`. */
function isSubmodule(initPath: string, name: string, paths: ReadonlySet<string>): boolean {
  const dir = initPath.slice(0, initPath.lastIndexOf('/') + 1);
  return paths.has(`${dir}${name}.py`) || paths.has(`${dir}${name}.pyi`) || paths.has(`${dir}${name}/__init__.py`);
}

