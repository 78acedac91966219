/**
 * How to write a module in an import: the canonical alias (the specifier the config gives, else a tsconfig
 * `paths` alias or a `baseUrl`-relative name), or a path relative to the importing file, with or without an
 * extension as the file's resolution mode and the specifier it replaces require. Every candidate is checked by
 * resolving it back from the importing file: a spelling is only used when it names the intended module.
 */
import { posix } from 'node:path';
import type { TsModuleRef } from './facts-data.js';
import { dirOf, runtimeExtension, stripExtension, type TsResolver, type UsageKind } from './resolve.js';

export type SpecifierStyle = 'alias' | 'relative' | 'keep';

/** A path or a relative specifier (as opposed to an alias or a package name). */
export function isPathLike(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..' || spec.startsWith('/') || /\.(d\.)?[mc]?[jt]sx?$/.test(spec);
}

const normalize = (p: string) => posix.normalize(p).replace(/^\.\//, '').replace(/\/$/, '');

/** Root-relative spellings of a file a pattern may match: with extension, without, and its directory for an index. */
function fileForms(file: string): string[] {
  const bare = stripExtension(file);
  const forms = [file, bare];
  if (posix.basename(bare) === 'index') forms.push(dirOf(bare));
  return forms;
}

/** Specifiers that `paths` (and `baseUrl`) map to `file`, shortest first. */
function aliasesFor(file: string, options: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const baseOf = (v: unknown) => (typeof v === 'string' ? (v === '.' ? '' : v.replace(/^\.\//, '')) : undefined);
  // Like the compiler: `paths` are relative to `baseUrl` when there is one, else to the tsconfig that sets them.
  const pathsBase = baseOf(options.baseUrl) ?? baseOf(options.pathsBasePath) ?? '';
  const paths = (options.paths ?? {}) as Record<string, string[]>;
  for (const [key, targets] of Object.entries(paths)) {
    for (const target of targets) {
      const full = normalize(posix.join(pathsBase || '.', target));
      const star = full.indexOf('*');
      for (const form of fileForms(file)) {
        if (star === -1) {
          if (full === form && !key.includes('*')) out.add(key);
          continue;
        }
        const prefix = full.slice(0, star);
        const suffix = full.slice(star + 1);
        if (form.length >= prefix.length + suffix.length && form.startsWith(prefix) && form.endsWith(suffix)) {
          out.add(key.replace('*', form.slice(prefix.length, form.length - suffix.length)));
        }
      }
    }
  }
  const byLength = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  // Then names relative to `baseUrl` (`components/Button`), which a project without `paths` writes.
  const fromBase = new Set<string>();
  const baseUrl = baseOf(options.baseUrl);
  if (baseUrl !== undefined) {
    for (const form of fileForms(file).slice(1)) {
      const rel = baseUrl === '' ? form : form.startsWith(`${baseUrl}/`) ? form.slice(baseUrl.length + 1) : undefined;
      if (rel && !rel.startsWith('.') && !out.has(rel)) fromBase.add(rel);
    }
  }
  return [...[...out].sort(byLength), ...[...fromBase].sort(byLength)];
}

/** Relative spellings of `file` from `fromFile`: extensionless (directory for an index) first, unless the replaced specifier had an extension. */
function relativeForms(file: string, fromFile: string, original: string | undefined): string[] {
  const rel = (target: string) => {
    const r = posix.relative(dirOf(fromFile) || '.', target || '.');
    return r === '' ? '.' : r.startsWith('.') ? r : `./${r}`;
  };
  const bare = stripExtension(file);
  const withRuntime = rel(bare) + runtimeExtension(file);
  const withSource = rel(file);
  const extensionless = [rel(bare)];
  if (posix.basename(bare) === 'index') extensionless.unshift(rel(dirOf(bare)));
  if (original && /\.[mc]?jsx?$/.test(original)) return [withRuntime, withSource, ...extensionless];
  if (original && /\.(d\.)?[mc]?tsx?$/.test(original)) return [withSource, withRuntime, ...extensionless];
  return [...extensionless, withRuntime, withSource];
}

/**
 * The specifier to write for `target` in `fromFile`. `written` is the module as the config gives it; `original`
 * the specifier being replaced (for `keep` and for extension style).
 */
export function spellModule(
  resolver: TsResolver,
  target: TsModuleRef,
  written: string,
  fromFile: string,
  original: string | undefined,
  style: SpecifierStyle,
  usage: UsageKind,
): string {
  if ('external' in target) return target.external;
  const file = target.file;
  const relative = relativeForms(file, fromFile, original);
  const aliases = () => [...(isPathLike(written) ? [] : [written]), ...aliasesFor(file, resolver.configFor(fromFile)?.options ?? {})];
  const wantRelative = style === 'relative' || (style === 'keep' && original !== undefined && isPathLike(original));
  const candidates = wantRelative ? relative : [...aliases(), ...relative];
  return candidates.find((c) => resolver.resolve(c, fromFile, usage) === file) ?? relative[0]!;
}
