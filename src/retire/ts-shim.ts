/**
 * The TypeScript / JavaScript deprecation shim: the module as it was, minus the exports of the names that moved, plus
 * one re-export per moved name from its canonical module, marked `@deprecated` so editors strike it through and
 * linters flag it: `/** @deprecated use New from '<canonical>' *\/ export { New as Old } from '<canonical>';`. A moved
 * name that code staying in the module uses is also imported, under its old name, for that code
 * (`import { New as Old } from '<canonical>';`). A whole-module move becomes `export * from '<canonical>'`. Byte-exact fixtures: test/__fixtures__/retire/.
 */
import type { LegacyModule } from '../residue/targets.js';
import type { TsModuleShape } from './ts-module.js';
import { appendBlock, applyCuts } from './text.js';
import { SHIM_MARKER } from './types.js';

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The shim of a legacy module: its text with the shape's cuts made and the re-exports appended. `specifierOf` gives
 * the specifier the shim writes for a move's `to` (the alias as written, or a path relative to the module).
 */
export function renderTsShim(text: string, shape: TsModuleShape, legacy: LegacyModule, eol: string, specifierOf: (to: string) => string): string {
  const marker = text.indexOf(`// ${SHIM_MARKER}`);
  const base = applyCuts(marker === -1 ? text : text.slice(0, marker), shape.cuts.filter((c) => marker === -1 || c.end <= marker));
  const lines = [`// ${SHIM_MARKER}: the exports below moved; importing them from here still works.`];
  if (legacy.whole) {
    const spec = quote(specifierOf(legacy.whole.to));
    lines.push(`/** @deprecated use ${spec} */`, `export * from ${spec};`);
  }
  const names = [...shape.forwarded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const as = (name: string, newName: string) => (newName === name ? name : `${newName} as ${name}`);
  for (const [name, moved] of names.filter(([n]) => shape.localImports.has(n))) {
    const newName = moved.newName === '*' ? name : moved.newName;
    lines.push(`${shape.typeOnly.has(name) ? 'import type' : 'import'} { ${as(name, newName)} } from ${quote(specifierOf(moved.to))};`);
  }
  for (const [name, moved] of names) {
    const spec = quote(specifierOf(moved.to));
    const newName = moved.newName === '*' ? name : moved.newName;
    const keyword = shape.typeOnly.has(name) ? 'export type' : 'export';
    lines.push(`/** @deprecated use ${newName} from ${spec} */`, `${keyword} { ${as(name, newName)} } from ${spec};`);
  }
  return appendBlock(base, lines.join(eol) + eol, eol, 1);
}
