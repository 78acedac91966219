/**
 * Runs canonize over a prepared corpus through the library API (`plan`, `apply`, then `plan` again on the output)
 * and checks the result independently of canonize's own code:
 *
 * - Python (test/conformance/python/check.py, standard library only): every changed file compiles; no import or
 *   `module.attr` chain that resolved before is unresolved after; no free name is unbound after that was bound
 *   before; no function or class body newly assigns a name the module imports;
 * - TypeScript: `tsc --noEmit` over the copy reports no diagnostic the untouched copy did not;
 * - both: no `failed` file outcome (and, for Python, whose files were parsed alone first, and the planted TSX views,
 *   which the TypeScript compiler parses, no `parse-error` skip),
 *   nothing left for a second plan, no unexplained residue (findings of the residue
 *   scanner, where canonize has one).
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { apply, plan } from '../../src/api.js';
import { packageRoot } from '../../src/core/paths.js';
import type { Finding, Plan } from '../../src/core/types.js';
import { tscOutput } from '../helpers/tsc.js';
import { runPython, type PreparedCorpus } from './common.js';
import { PYTHON_DIR } from './python-corpus.js';
import type { ShapeCheck } from './shape-check.js';
import { checkShapeRun } from './shape-corpus.js';

/** What a check found wrong with one file. */
export interface Failure {
  check:
    | 'failed-outcome'
    | 'skipped-valid'
    | 'apply'
    | 'compile'
    | 'unresolved'
    | 'unbound'
    | 'shadowed'
    | 'second-plan'
    | 'residue'
    | 'tsc'
    | 'unexplained'
    | 'wrong-rewrite';
  path: string;
  detail: string;
}

export interface CorpusResult {
  name: string;
  language: 'python' | 'typescript';
  /** Source files in the corpus, and how many of them were left out because they did not parse to begin with. */
  files: number;
  excluded: { path: string; reason: string }[];
  relocations: string[];
  changed: number;
  edits: number;
  findings: number;
  findingsBySeverity: Record<Finding['severity'], number>;
  /** Files the plan skipped, with canonize's reason. */
  skipped: { path: string; reason: string }[];
  /** Files planned although tree-sitter could not read part of them (the plan summary's `parsedByCompiler`). */
  parsedByCompiler: number;
  failures: Failure[];
  /** Findings of the residue scanner; undefined while canonize has none. */
  residue?: number;
  secondPlan: { files: number; edits: number };
  /** Shape corpora: the literals of a declared shape, and what became of them (shape-corpus.ts). */
  shapes?: Omit<ShapeCheck, 'problems'>;
  seconds: number;
}

/** Whether canonize has its residue scanner yet (a source file or folder named for it, e.g. `src/residue/`). */
export function residueScannerPresent(): boolean {
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => /residue/i.test(e.name) || (e.isDirectory() && walk(join(dir, e.name))));
  return walk(join(packageRoot(), 'src')) || walk(join(packageRoot(), 'transforms'));
}

const isResidue = (f: Finding) => f.rule === 'residue' || f.rule.startsWith('residue');

function changedFiles(p: Plan) {
  return p.files.filter((f) => f.outcome === 'changed');
}

/**
 * `tsc --noEmit -p dir`: each diagnostic as `file: TSnnnn message` (no line: edits move lines), with the copy's own
 * absolute path in a message (`typeof import("/tmp/…/after/src/x")`, which JavaScript modules' types are named by)
 * written `<root>`, so that the same diagnostic reads the same in `before` and `after`.
 */
export function tscDiagnostics(dir: string): string[] {
  // In-process, with what tsc's command line prints (test/helpers/tsc.ts): no process and no compiler to load per run.
  const stdout = tscOutput(dir, dir);
  const out: string[] = [];
  const root = realpathSync(dir);
  for (const line of stdout.split('\n')) {
    const m = /^(.*?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line) ?? /^()error (TS\d+): (.*)$/.exec(line);
    if (m) out.push(`${m[1] || '(global)'}: ${m[2]} ${m[3]!.split(dir).join('<root>').split(root).join('<root>')}`);
  }
  return out.sort();
}

/** Diagnostics in `after` beyond those in `before` (as a multiset). */
export function newDiagnostics(before: readonly string[], after: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const d of before) left.set(d, (left.get(d) ?? 0) + 1);
  const out: string[] = [];
  for (const d of after) {
    const n = left.get(d) ?? 0;
    if (n > 0) left.set(d, n - 1);
    else out.push(d);
  }
  return out;
}

interface PythonProblems {
  files: Record<string, { compile?: string; unresolved?: string[]; unbound?: string[]; shadowed?: string[] }>;
}

/** Plan, apply, re-plan and check one prepared corpus. */
export async function runCorpus(corpus: PreparedCorpus, options: { jobs?: number } = {}): Promise<CorpusResult> {
  const started = performance.now();
  const request = { cwd: corpus.after, configPath: join(corpus.after, 'canonize.config.yaml'), ...(options.jobs ? { jobs: options.jobs } : {}) };
  // Shape corpora are not type-checked: a renamed key no longer matches the legacy types (docs/shape-rule.md).
  const typeCheck = corpus.language === 'typescript' && !corpus.shapes;
  const baseline = typeCheck ? tscDiagnostics(corpus.before) : [];
  const first = await plan(request);
  const failures: Failure[] = [];
  const findings = first.plan.files.flatMap((f) => f.findings.map((finding) => ({ path: f.path, finding })));
  const findingsBySeverity = { info: 0, warning: 0, error: 0 };
  for (const { finding } of findings) findingsBySeverity[finding.severity]++;
  const skipped: CorpusResult['skipped'] = [];
  for (const f of first.plan.files) {
    if (f.outcome === 'failed') failures.push({ check: 'failed-outcome', path: f.path, detail: `${f.code}: ${f.reason}` });
    if (f.outcome === 'skipped') {
      skipped.push({ path: f.path, reason: `${f.code}: ${f.reason}` });
      // Every Python file left in the run parsed with tree-sitter alone before the run (python-corpus.ts).
      if (corpus.language === 'python' && f.code === 'parse-error') {
        failures.push({ check: 'skipped-valid', path: f.path, detail: `canonize: ${f.reason}; tree-sitter parses the file alone` });
      }
      // The planted TSX views: the compiler parses them, and tree-sitter fails only on their JSX text.
      if (corpus.mustPlan?.includes(f.path)) failures.push({ check: 'skipped-valid', path: f.path, detail: `canonize: ${f.code}: ${f.reason}; the TypeScript compiler parses the file` });
    }
  }
  const scanner = residueScannerPresent();
  for (const { path, finding } of findings) {
    if (isResidue(finding)) failures.push({ check: 'residue', path, detail: `${finding.line}:${finding.column} ${finding.severity} ${finding.message}` });
  }

  const applied = await apply({ plan: first.plan, root: first.root, allowDirty: true });
  for (const f of applied.files) {
    if (f.outcome !== 'written') failures.push({ check: 'apply', path: f.path, detail: `${f.outcome}${f.reason ? `: ${f.reason}` : ''}` });
  }

  const changed = changedFiles(first.plan);
  if (corpus.language === 'python') {
    const problems = runPython<PythonProblems>(join(PYTHON_DIR, 'check.py'), {
      before: corpus.before,
      after: corpus.after,
      files: changed.map((f) => f.path),
    });
    for (const [path, p] of Object.entries(problems.files)) {
      if (p.compile) failures.push({ check: 'compile', path, detail: p.compile });
      for (const u of p.unresolved ?? []) failures.push({ check: 'unresolved', path, detail: u });
      for (const u of p.unbound ?? []) failures.push({ check: 'unbound', path, detail: `name '${u}' is unbound` });
      for (const u of p.shadowed ?? []) {
        const [scope, name] = u.split(':');
        failures.push({ check: 'shadowed', path, detail: `${scope}() assigns '${name}', a name the module imports` });
      }
    }
  } else if (typeCheck) {
    for (const d of newDiagnostics(baseline, tscDiagnostics(corpus.after))) {
      failures.push({ check: 'tsc', path: d.slice(0, d.indexOf(': ')), detail: d.slice(d.indexOf(': ') + 2) });
    }
  }

  let shapes: ShapeCheck | undefined;
  if (corpus.shapes) {
    const reported: Record<string, number[]> = {};
    for (const { path, finding } of findings) if (finding.rule.includes('shapes')) (reported[path] ??= []).push(finding.line);
    shapes = checkShapeRun(corpus, reported, skipped.map((s) => s.path));
    failures.push(...shapes.problems);
  }

  const second = await plan(request);
  const again = changedFiles(second.plan);
  for (const f of again) {
    const rules = [...new Set(f.edits.map((e) => e.rule))].join(', ');
    failures.push({ check: 'second-plan', path: f.path, detail: `${f.edits.length} edit(s) by ${rules}` });
  }
  for (const f of second.plan.files) {
    if (f.outcome === 'failed') failures.push({ check: 'second-plan', path: f.path, detail: `failed: ${f.code}: ${f.reason}` });
  }

  failures.sort((a, b) => (a.check + a.path + a.detail < b.check + b.path + b.detail ? -1 : 1));
  return {
    name: corpus.name,
    language: corpus.language,
    files: corpus.files,
    excluded: corpus.excluded,
    relocations: corpus.relocations,
    changed: changed.length,
    edits: changed.reduce((n, f) => n + f.edits.length, 0),
    findings: findings.length,
    findingsBySeverity,
    skipped,
    parsedByCompiler: first.plan.summary.parsedByCompiler,
    failures,
    ...(scanner ? { residue: findings.filter((f) => isResidue(f.finding)).length } : {}),
    secondPlan: { files: again.length, edits: again.reduce((n, f) => n + f.edits.length, 0) },
    ...(shapes ? { shapes: { literals: shapes.literals, rewritten: shapes.rewritten, reported: shapes.reported, canonical: shapes.canonical, evaluated: shapes.evaluated, skipped: shapes.skipped } } : {}),
    seconds: (performance.now() - started) / 1000,
  };
}
