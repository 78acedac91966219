/**
 * python-singletons: reports (never rewrites) the user-isolation risks of a manager that must be per user —
 * an instance created at import time (`_manager = UnifiedWebSocketManager()` at module level) and a function that
 * caches one global instance (`global _m; _m = Factory()`, or an `@lru_cache` / `@cache` factory). The names
 * to watch are configured (`python.singletons`, qualified) and resolved through the file's imports.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import { PythonFile, rootName, type PythonOptions } from '../../languages/python/file.js';
import type { Transform } from '../../core/types.js';
import { runsAtImportTime } from '../../languages/python/scope.js';


const RULE = 'python.singletons';

/** The call an expression makes, looking through `await`. */
function callOf(node: SyntaxNode | null): SyntaxNode | undefined {
  if (!node) return undefined;
  if (node.type === 'await') return callOf(node.namedChildren[0] ?? null);
  return node.type === 'call' ? node : undefined;
}

export function createPythonSingletonsTransform(names: readonly string[], options: PythonOptions): Transform {
  const watched = new Set(names);
  return {
    id: 'python-singletons',
    languages: ['python'],
    needles: [...new Set(names.map((n) => n.split('.').pop()!))],
    run(ctx) {
      const py = PythonFile.of(ctx, options);
      // The callee's leftmost name must be bound by an import that reaches a watched name, or be this module's own
      // definition of one: checked on text and the import list before any scope analysis.
      const candidates = py.importedLocalsReaching(names);
      const own = py.fileModule ? `${py.fileModule.module}.` : undefined;
      for (const n of names) if (own && n.startsWith(own)) candidates.add(n.slice(own.length).split('.')[0]!);
      if (candidates.size === 0) return;
      const watchedCall = (call: SyntaxNode | undefined): string | undefined => {
        const fn = call?.childForFieldName('function');
        const root = fn ? rootName(fn) : undefined;
        const q = root !== undefined && candidates.has(root) ? py.qualifiedName(fn!, { localDefinitions: true }) : undefined;
        return q !== undefined && watched.has(q) ? q : undefined;
      };
      // A function is reported for a watched call inside it (at any depth): only those functions are looked at.
      const callers = new Map<number, SyntaxNode>();
      for (const call of py.callsRootedAt(candidates)) {
        const q = watchedCall(call);
        if (!q) continue;
        for (let n = call.parent; n; n = n.parent) if (n.type === 'function_definition') callers.set(n.id, n);
        if (!runsAtImportTime(call) || py.suppressed(call)) continue;
        ctx.report(call.startIndex, `${q.split('.').pop()} instance created at import time and shared by every user (user-isolation risk)`, 'info', RULE);
      }
      for (const fn of [...callers.values()].sort((a, b) => a.startIndex - b.startIndex)) {
        if (py.suppressed(fn)) continue;
        const name = fn.childForFieldName('name')!.text;
        const body = fn.childForFieldName('body');
        if (!body) continue;
        const globals = new Set(body.descendantsOfType('global_statement').flatMap((g) => g.namedChildren.map((c) => c.text)));
        for (const assignment of body.descendantsOfType('assignment')) {
          const left = assignment.childForFieldName('left');
          const q = watchedCall(callOf(assignment.childForFieldName('right')));
          if (left?.type === 'identifier' && globals.has(left.text) && q) {
            ctx.report(fn.startIndex, `${name}() caches what ${q.split('.').pop()}() returns in the global ${left.text}, shared by every user (user-isolation risk)`, 'info', RULE);
          }
        }
        const cached = fn.parent?.type === 'decorated_definition' && fn.parent.namedChildren.some((d) => d.type === 'decorator' && /(^|\.)(lru_cache|cache)\b/.test(d.text.slice(1)));
        if (cached) {
          for (const ret of body.descendantsOfType('return_statement')) {
            const q = watchedCall(callOf(ret.namedChildren[0] ?? null));
            if (q) ctx.report(fn.startIndex, `${name}() is cached: what ${q.split('.').pop()}() returns is shared by every user (user-isolation risk)`, 'info', RULE);
          }
        }
      }
    },
  };
}
