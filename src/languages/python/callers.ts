/**
 * The callers scan of the Python project index: which modules import a legacy callee a call rule rewrites
 * (`from F import N [as L]`) and call it (`L(…)`). A test elsewhere that patches `module.L` stops intercepting those
 * calls once they are rewritten; the call rule reads this to say so, or to move the patch (docs/call-rule.md,
 * "Patches and mocks of a rewritten callee"). Read from the files' text, in the same pass as the importers scan
 * (facts.ts) when both are asked for.
 */
import { join } from 'node:path';
import { asBuffer } from '../../core/bytes.js';
import type { ChangedFile, FactsChange, FactsChangeContext } from '../../core/language.js';
import type { Transform } from '../../core/types.js';
import type { PythonCaller, PythonFactRequest } from './facts-data.js';
import { moduleForPath, resolveRelative, type FileModule } from './modules.js';
import { fromImports, Reader } from './text-scan.js';

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
  // The statements are in order and do not overlap: a binary search tells whether a position is inside one.
  const inImport = (at: number) => {
    let [lo, hi] = [0, imports.length - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = imports[mid]!;
      if (at < m.index) hi = mid - 1;
      else if (at >= m.index + m[0].length) lo = mid + 1;
      else return true;
    }
    return false;
  };
  let assertions: boolean | undefined;
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
      out.set(key, { local, callee, topLevel, onlyCalled: calls === uses.length, assertions: (assertions ??= ASSERTIONS.test(text)), mentions });
    }
  }
  return [...out.values()].sort((a, b) => (a.local === b.local ? (a.callee < b.callee ? -1 : 1) : a.local < b.local ? -1 : 1));
}

/** One pass of the callers scan over the tree's files: each file's bytes visited once, then the result. */
export interface CallersScan {
  /** Takes one file's bytes (a view the caller may reuse afterwards). */
  visit(bytes: Buffer, path: string): void;
  /** Takes the text (latin1) of a file known to import a callee ({@link wants}): no search of the bytes first. */
  visitText(text: string, path: string): void;
  /** Whether `from module import name` imports one of the callees. */
  wants(module: string, name: string): boolean;
  /** The callers found, by module, sorted. */
  result(): Record<string, PythonCaller[]>;
  /** Reads and visits `files` itself (when no other scan reads them), and returns the result. */
  scan(root: string, files: readonly string[]): Record<string, PythonCaller[]>;
}

/** The callers scan the `transforms` ask for (`facts.python.callersOf`), or undefined when none does. */
export function callersScan(transforms: readonly Transform[], sourceRoots: readonly string[]): CallersScan | undefined {
  const callees = callerRequests(transforms);
  if (callees.size === 0) return undefined;
  // A text can import a callee only if it holds the callee's own name: searched in the raw bytes first.
  const names = [...new Set([...callees.keys()].map((c) => c.slice(c.lastIndexOf('.') + 1)))].sort((a, b) => a.length - b.length);
  const needles = names.filter((n, i) => !names.slice(0, i).some((m) => n.includes(m))).map((n) => Buffer.from(n, 'latin1'));
  const out = new Map<string, PythonCaller[]>();
  const scan: CallersScan = {
    visit(bytes, path) {
      if (needles.some((n) => bytes.includes(n))) scan.visitText(bytes.toString('latin1'), path);
    },
    visitText(text, path) {
      const file = moduleForPath(path, sourceRoots);
      const callers = file ? callersInText(text, file, callees) : [];
      if (callers.length > 0) out.set(file!.module, [...(out.get(file!.module) ?? []), ...callers]);
    },
    wants: (module, name) => callees.has(`${module}.${name}`),
    result: () => Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1))),
    scan(root, files) {
      const reader = new Reader();
      for (const path of files) {
        let bytes: Buffer;
        try {
          bytes = reader.read(join(root, path));
        } catch {
          continue;
        }
        scan.visit(bytes, path);
      }
      return scan.result();
    },
  };
  return scan;
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
