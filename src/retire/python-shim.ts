/**
 * The Python deprecation shim: the module as it was, minus the bindings of the names that moved, plus a module-level
 * `__getattr__` (PEP 562) that hands out each moved name from its canonical module with a DeprecationWarning naming
 * the canonical import. `__all__` is left as it is: a moved name it lists is still there, through `__getattr__`, so
 * `from legacy import *` keeps working (and warns). Byte-exact fixtures: test/__fixtures__/retire/.
 */
import type { LegacyModule } from '../residue/targets.js';
import type { ModuleShape } from './python-module.js';
import { appendBlock, applyCuts } from './text.js';
import { SHIM_MARKER } from './types.js';

const py = (s: string) => JSON.stringify(s);

/** The block appended to the module (lines joined with `eol`). */
function shimBlock(shape: ModuleShape, legacy: LegacyModule): string[] {
  const names = [...shape.forwarded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = [
    `# ${SHIM_MARKER}: the names below moved; importing them from here still works, with a DeprecationWarning.`,
    '_CANONIZE_MOVED = {',
    ...names.map(([name, moved]) => `    ${py(name)}: (${py(moved.to)}, ${py(moved.newName === '*' ? name : moved.newName)}),`),
    '}',
  ];
  if (legacy.whole) lines.push(`_CANONIZE_ELSEWHERE = ${py(legacy.whole.to)}`);
  lines.push('', '', 'def __getattr__(name):');
  if (legacy.whole) {
    lines.push(
      '    import importlib',
      '    import warnings',
      '',
      '    module, new = _CANONIZE_MOVED.get(name, (_CANONIZE_ELSEWHERE, name))',
      '    canonical = importlib.import_module(module)',
      '    if name.startswith("__") or not hasattr(canonical, new):',
      '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
    );
  } else {
    lines.push(
      '    if name not in _CANONIZE_MOVED:',
      '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
      '    import importlib',
      '    import warnings',
      '',
      '    module, new = _CANONIZE_MOVED[name]',
      '    canonical = importlib.import_module(module)',
    );
  }
  lines.push(
    '    warnings.warn(',
    '        f"{__name__}.{name} is deprecated: use `from {module} import {new}`",',
    '        DeprecationWarning,',
    '        stacklevel=2,',
    '    )',
    '    return getattr(canonical, new)',
    '',
  );
  return lines;
}

/** The shim of a legacy module: its text with the shape's cuts made and the forwarding block appended. */
export function renderPythonShim(text: string, shape: ModuleShape, legacy: LegacyModule, eol: string): string {
  // A module that already is a shim has its block cut off first, so that rendering again gives the same bytes.
  const marker = text.indexOf(`# ${SHIM_MARKER}`);
  const base = applyCuts(marker === -1 ? text : text.slice(0, marker), shape.cuts.filter((c) => marker === -1 || c.end <= marker));
  return appendBlock(base, shimBlock(shape, legacy).join(eol), eol, 2);
}
