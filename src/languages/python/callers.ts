/**
 * The callers scan of the Python project index: which modules import a legacy callee a call rule rewrites
 * (`from F import N [as L]`) and call it (`L(…)`). A test elsewhere that patches `module.L` stops intercepting those
 * calls once they are rewritten; the call rule reads this to say so, or to move the patch (docs/call-rule.md,
 * "Patches and mocks of a rewritten callee"). Read from the files' text, like the importers scan beside it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asBuffer } from '../../core/bytes.js';
import type { ChangedFile, FactsChange, FactsChangeContext, FactsContext } from '../../core/language.js';
import type { ProjectIndex, Transform } from '../../core/types.js';
import type { PythonCaller, PythonFactRequest } from './facts-data.js';
import { fromImports } from './facts.js';
import { moduleForPath, resolveRelative, type FileModule } from './modules.js';

/** The requests of `transforms`, as callee → the names that replace it. */
function callerRequests(transforms: readonly Transform[]): Map<string, Set<string>> {
  const requests: PythonFactRequest[] = transforms.flatMap((t) => (t.facts?.python ? [t.facts.python] : []));
  const out = new Map<string, Set<string>>();
  for (const { callee, replacements } of requests.flatMap((r) => r.callersOf ?? [])) {
    const set = out.get(callee) ?? new Set<string>();
    for (const r of replacements) set.add(r);
    out.set(callee, set);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ASSERTIONS = /\b(raises|warns|deprecated_call|assertRaises\w*|assertWarns\w*)\b/;

/**
 * The callers one module's text holds, for `callees` (callee → replacement names), sorted. A name bound by a
 * `from` import counts when the text calls it (`L(` not after a dot) outside the import statements.
 */
export function callersInText(text: string, file: FileModule | undefined, callees: ReadonlyMap<string, ReadonlySet<string>>): PythonCaller[] {
  const imports = [...fromImports(text)];
  const inImport = (at: number) => imports.some((m) => at >= m.index && at < m.index + m[0].length);
  const out = new Map<string, PythonCaller>();
  for (const m of imports) {
    const [whole, dots, rest, list] = m as unknown as [string, string, string | undefined, string];
    const module = dots ? (file ? resolveRelative(file, dots.length, rest) : undefined) : rest;
    if (module === undefined) continue;
    for (const item of list.replace(/#[^\n]*/g, '').replace(/[()\\]/g, ' ').split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/).map((s) => s.trim()) as [string, string | undefined];
      const callee = `${module}.${name}`;
      const replacements = callees.get(callee);
      if (!replacements) continue;
      const local = alias ?? name;
      const uses = [...text.matchAll(new RegExp(`(?<![\\w.])${escape(local)}(?!\\w)(\\s*\\()?`, 'g'))].filter((u) => !inImport(u.index));
      const calls = uses.filter((u) => u[1] !== undefined).length;
      if (calls === 0) continue;
      const key = `${local} ${callee}`;
      const topLevel = !/^[ \t]/.test(whole) && (out.get(key)?.topLevel ?? true);
      const mentions = [...replacements].filter((r) => new RegExp(`(?<!\\w)${escape(r)}(?!\\w)`).test(text)).sort();
      out.set(key, { local, callee, topLevel, onlyCalled: calls === uses.length, assertions: ASSERTIONS.test(text), mentions });
    }
  }
  return [...out.values()].sort((a, b) => (a.local === b.local ? (a.callee < b.callee ? -1 : 1) : a.local < b.local ? -1 : 1));
}

/** The Python callers part of the project index (nothing unless a transform asked, `facts.python.callersOf`). */
export async function buildPythonCallers(root: string, transforms: readonly Transform[], context: FactsContext): Promise<Partial<ProjectIndex>> {
  const callees = callerRequests(transforms);
  if (callees.size === 0) return {};
  // A text can import a callee only if it holds the callee's own name: searched in the raw bytes first.
  const needles = [...new Set([...callees.keys()].map((c) => c.slice(c.lastIndexOf('.') + 1)))].map((n) => Buffer.from(n, 'latin1'));
  const out: Record<string, PythonCaller[]> = {};
  // A patch in any file may name any module: the whole tree is scanned, even when only some files are planned.
  for (const path of [...(await context.listFiles(['**/*.py', '**/*.pyi']))].sort()) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(root, path));
    } catch {
      continue;
    }
    if (!needles.some((n) => bytes.includes(n))) continue;
    const file = moduleForPath(path, context.sourceRoots);
    if (!file) continue;
    const callers = callersInText(bytes.toString('latin1'), file, callees);
    if (callers.length > 0) out[file.module] = [...(out[file.module] ?? []), ...callers];
  }
  return { pythonCallers: Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

/**
 * Whether a changed file changes the callers facts: its callers before and after differ. Any file may patch its
 * module, so any file's plan may read them (no `files`).
 */
export async function pythonCallersChangedBy(file: ChangedFile, transforms: readonly Transform[], context: FactsChangeContext): Promise<FactsChange | undefined> {
  if (!/\.pyi?$/.test(file.path)) return undefined;
  const callees = callerRequests(transforms);
  if (callees.size === 0) return undefined;
  const module = moduleForPath(file.path, context.sourceRoots);
  const read = (bytes: Uint8Array | undefined) => JSON.stringify(bytes ? callersInText(asBuffer(bytes).toString('latin1'), module, callees) : []);
  const [before, after] = await Promise.all([file.before(), file.after()]);
  if (read(before) === read(after)) return undefined;
  return { reason: 'its calls of a legacy callee a call rule rewrites changed (a patch of them in any file reads that)' };
}
