/**
 * python-move: the `move` rule kind for Python (docs/move-rule.md has every form it rewrites or reports). The
 * entry point: the transform of a config's `python.moves`, its needles, and the order one file is worked in. The
 * parts: run.ts (per-file state), statements.ts, bindings.ts, module-uses.ts (with module-bindings.ts and
 * use-chains.ts), strings.ts.
 */
import type { Transform } from '../../../core/types.js';
import { PythonFile } from '../../../languages/python/file.js';
import { moduleReferences } from './module-uses.js';
import type { CompiledPythonMove, PythonMoveOptions } from './moves.js';
import { PythonMoveRun } from './run.js';
import { fromImport, plainImport } from './statements.js';
import { strings } from './strings.js';


/** What a relative import that names no module (`from . import x`, `from .. import x`) always contains. */
const RELATIVE_IMPORT_NEEDLES = ['from .', 'from.'];

/** Build the python-move transform for a list of compiled moves. */
export function createPythonMoveTransform(moves: readonly CompiledPythonMove[], options: PythonMoveOptions): Transform {
  // Relative imports name a legacy module by its last segment (`from .manager import X`), so that is the needle.
  const needles = [...new Set(moves.map((m) => m.from.split('.').pop()!))];
  // The directories a legacy module would have as a package, per source root (`a/b/legacy/`).
  const packageDirs = [
    ...new Set(
      moves.flatMap((m) =>
        options.sourceRoots.map((r) => {
          const root = r.replace(/^\.\/?/, '').replace(/\/+$/, '');
          return `${root === '' ? '' : `${root}/`}${m.from.split('.').join('/')}/`;
        }),
      ),
    ),
  ];
  return {
    id: 'python-move',
    languages: ['python'],
    needles,
    // Audits also count imports that already use a canonical module.
    siteNeedles: [...new Set(moves.map((m) => m.to.split('.').pop()!))],
    // Inside a legacy package, a relative import reaches it by dots alone (`from . import Name`, `from .. import x`):
    // there the dots are a needle too.
    pathNeedles: (path) => (packageDirs.some((dir) => path.startsWith(dir)) ? RELATIVE_IMPORT_NEEDLES : []),
    facts: {
      python: {
        // The canonical modules (export checks) and the legacy modules moved whole (their names are the relocated ones).
        exportsOf: [...new Set([...moves.map((m) => m.to), ...moves.filter((m) => m.symbols === '*').map((m) => m.from)])].sort(),
        // Names a file may stop binding — a renamed name's old name, a legacy module's import — that other files may
        // import from it: such a name stays bound (as for `__all__`).
        importersOf: [
          ...new Set([
            ...moves.flatMap((m) => (m.symbols === '*' ? [] : [...m.symbols].filter(([o, n]) => o !== n).map(([o]) => o))),
            ...moves.map((m) => m.from.split('.').pop()!),
          ]),
        ].sort(),
      },
    },
    run(ctx) {
      const py = PythonFile.of(ctx, options);
      // The canonical module never imports from itself.
      const applicable = moves.filter((m) => m.to !== py.fileModule?.module);
      moveFile(new PythonMoveRun(ctx, applicable, py));
    },
  };
}

/** One file: its import statements, then the uses of the module bindings they make, then dotted strings. */
function moveFile(run: PythonMoveRun): void {
  for (const stmt of run.imports) {
    if (run.py.suppressed(stmt.node)) continue;
    run.ctx.handling?.(stmt.node);
    if (stmt.kind === 'from') fromImport(run, stmt);
    else plainImport(run, stmt);
  }
  moduleReferences(run);
  strings(run);
}
