/**
 * ts-move: the `move` rule kind for TypeScript and JavaScript (docs/ts-move-rule.md has every form it rewrites
 * or reports). The entry points: the transform of a config's `typescript.moves`, its needles and prefilter, and
 * the order one file is worked in. The parts: run.ts (per-file state), statements.ts, bindings.ts,
 * namespaces.ts, calls.ts, mock-plan.ts and mock-rewrite.ts, paths.ts.
 */
import { fallbackRuleId, moveIdParts } from '../../../core/rule-ids.js';
import type { Transform } from '../../../core/types.js';
import type { TypeScriptSectionOptions } from '../../../languages/typescript/config.js';
import { moduleKey } from '../../../languages/typescript/file.js';
import { calls } from './calls.js';
import { planMocks } from './mock-plan.js';
import type { CompiledTsMove, DeclaredTsMove, ResolvedMove, TsMoveOptions } from './moves.js';
import { comments, configPaths, TEST_CONFIG } from './paths.js';
import { TsMoveRun } from './run.js';
import { moveStatement, recordSites } from './statements.js';


/** The needle a module string gives before the project index exists: its last path segment, without extension. */
function specNeedle(spec: string): string {
  const parts = spec.replace(/\/+$/, '').split('/');
  const last = parts.pop()!.replace(/\.(d\.)?[mc]?[jt]sx?$/, '');
  return last === 'index' && parts.length > 0 ? parts.pop()! : last;
}

/**
 * Does any of `words` occur where a string literal can hold it: after a quote on its line, or anywhere after a
 * backtick (a template literal can span lines)? Cheap and sound for module specifiers, which are always strings.
 */
export function inQuotes(text: string, words: readonly string[]): boolean {
  const firstBacktick = text.indexOf('`');
  return words.some((word) => {
    // A needle that holds its own quote (`'.'`, the index of the directory) is in quotes wherever it occurs.
    if (/^['"`]/.test(word)) return text.includes(word);
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      if (firstBacktick !== -1 && firstBacktick < at) return true;
      const line = text.slice(text.lastIndexOf('\n', at) + 1, at);
      if (line.includes("'") || line.includes('"')) return true;
    }
    return false;
  });
}

/** The ts-move transform of a config's `typescript` section (none when it has no moves). */
export function compileTypeScriptMoves(spec: TypeScriptSectionOptions & { moves: readonly DeclaredTsMove[] }, prefix = 'typescript.moves'): Transform[] {
  if (spec.moves.length === 0) return [];
  const moves = spec.moves.map((move, i): CompiledTsMove => ({
    rule: fallbackRuleId(prefix, move, moveIdParts(move)),
    field: `${prefix}[${i}]`,
    from: move.from,
    to: move.to,
    symbols: move.symbols === '*' ? '*' : Array.isArray(move.symbols) ? new Map(move.symbols.map((n) => [n, n])) : new Map(Object.entries(move.symbols)),
  }));
  return [createTsMoveTransform(moves, { tsconfigs: spec.tsconfigs, specifier: spec.specifier, moduleCalls: spec.moduleCalls })];
}

/** Build the ts-move transform for a list of compiled moves. */
export function createTsMoveTransform(moves: readonly CompiledTsMove[], options: TsMoveOptions): Transform {
  const specs = [...new Set(moves.flatMap((m) => [m.from, m.to]))];
  const fields = moves.flatMap((m) => [
    { spec: m.from, field: `${m.field}.from` },
    { spec: m.to, field: `${m.field}.to` },
  ]);
  // Before the project index is built, the spelling's last segment is a needle (`@/lib/socket` → `socket`).
  const needles = [...new Set(moves.map((m) => specNeedle(m.from)))];
  return {
    id: 'ts-move',
    languages: ['typescript', 'tsx'],
    needles,
    facts: { typescript: { tsconfigs: options.tsconfigs, modules: fields, exportsOf: specs, needlesOf: moves.map((m) => m.from) } },
    projectNeedles: (project) => project.typescript?.needles ?? [],
    // Everything the rule changes or reports on is a module specifier, a string: a needle found only outside strings
    // (a comment about "the socket service", an identifier) rules the file out.
    mightApply: (text, { collectSites, project }) => collectSites || inQuotes(text, [...needles, ...(project.typescript?.needles ?? [])]),
    run(ctx) {
      const index = ctx.project.typescript;
      if (!index) return;
      const resolved: ResolvedMove[] = [];
      for (const m of moves) {
        const fromRef = index.modules[m.from];
        const toRef = index.modules[m.to];
        if (!fromRef || !toRef) continue;
        resolved.push({ ...m, fromKey: moduleKey(fromRef), toKey: moduleKey(toRef), toRef });
      }
      // The canonical module never imports from itself; the legacy module may still import the canonical one.
      const applicable = resolved.filter((m) => m.toKey !== ctx.file.path);
      if (applicable.length > 0) moveFile(new TsMoveRun(ctx, index, applicable, options));
    },
  };
}

/** One file: its factory mocks are decided first, then module calls, comments, test-config paths and statements. */
function moveFile(run: TsMoveRun): void {
  // Mocks first: a file's factory mock of a legacy module and every use of that module in the file move together
  // or not at all, whatever their order in the file (jest and vitest hoist mocks above the imports).
  planMocks(run);
  calls(run);
  comments(run);
  if (TEST_CONFIG.test(run.ctx.file.path)) configPaths(run);
  for (const stmt of run.ts.statements) {
    if (stmt.specifier === undefined || run.ts.suppressed(stmt.node)) continue;
    run.ctx.handling?.(stmt.node);
    const key = run.ts.moduleOf(stmt.specifier, stmt.requireClause ? 'require' : 'import');
    recordSites(run, stmt, key);
    if (!run.isLegacy(key)) continue;
    const mock = run.frozen.get(key);
    if (!mock) moveStatement(run, stmt, key);
    else {
      // Said on the import's own line too: a reader of this line (and the residue scan) learns why it stays.
      const line = run.text.slice(0, mock.startIndex).split('\n').length;
      const rule = run.moves.find((m) => m.fromKey === key)?.rule ?? 'typescript.moves';
      run.ctx.report(stmt.node.startIndex, `'${stmt.specifier}' stays: this file mocks it with a factory (line ${line}) that cannot follow the move, and this ${stmt.kind === 'export' ? 're-export' : 'import'} must see the same module; not rewritten`, 'warning', rule);
    }
  }
}
