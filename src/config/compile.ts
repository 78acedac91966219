/**
 * The compiled form of the config: what the planner runs. Compiling happens once, before any file is read, so a
 * config mistake is reported before any work is done and the per-file code never re-interprets the spec.
 */
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import type { RuleCompileContext, RuleKind } from '../core/rule-kind.js';
import type { Transform } from '../core/types.js';
import { compileResidueScanner, type ResidueScanner } from '../residue/index.js';
import { LANGUAGES } from '../languages/registry.js';
import { RULE_KINDS } from '../rules/registry.js';
import { parseBatchBy, type BatchBy } from './batch-by.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_INCLUDE_LEAVES_OUT, type ConfigSpec } from './schema.js';
import { prefixIssues } from './embedded.js';
import type { LoadedConfig } from './load.js';

/** One formatter of the config (`format:`), as src/engine/format.ts runs it. */
export type FormatEntry = Exclude<ConfigSpec['format'], unknown[] | undefined>;

/** Everything the planner needs, derived from a validated config. */
export interface CompiledConfig {
  root: string;
  include: string[];
  /** The user's excludes plus the ones canonize always applies. */
  exclude: string[];
  gitignore: boolean;
  maxFileSize: number;
  batchBy: BatchBy;
  /** Globs that order the batches (`...` for the rest). */
  order: string[];
  /** Re-plan a file that changed since it was planned (when the config is the one the plan was made with). */
  replanStale: boolean;
  /** The formatters `apply` runs on the files it changes (`format:`, always a list here). */
  format: FormatEntry[];
  /** Python source roots, relative to the root: where module names are counted from. */
  pythonSourceRoots: string[];
  transforms: Transform[];
  /**
   * The residue scan (src/residue): an independent token-level check, compiled from the same moves, that no legacy
   * reference is left in code without an edit or a finding. Workers compile it with the rest.
   */
  residue: ResidueScanner;
  hash: string;
  /**
   * The loaded config this was compiled from, from which a worker thread compiles the same rules itself (compiled
   * rules hold tree-sitter objects that cannot be sent). Absent when transforms were added in memory, which only this
   * thread has, or when the config has rule kinds of its own (functions cannot be sent): then planning stays
   * in-process. Drop it if you change `transforms`.
   */
  source?: LoadedConfig;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The language sections (one per language adapter), in the order their transforms run. */
const SECTIONS = LANGUAGES.map((language) => language.id);

/** Each (section, kind) pair of the config, with the context its steps get. */
function ruleFields(spec: ConfigSpec, kinds: readonly RuleKind[], file: string | undefined) {
  // A section is its own options plus one field per kind; a kind of the caller's own is not in the static type.
  const sections = spec as unknown as Record<string, Record<string, unknown>>;
  // Within a language, kinds run by phase (calls before moves); the sort is stable, so equal phases keep list order.
  const byPhase = [...kinds].sort((a, b) => a.phase - b.phase);
  return SECTIONS.flatMap((section) => {
    const { ...options } = sections[section]!;
    for (const kind of kinds) delete options[kind.key];
    return byPhase.flatMap((kind) => {
      const language = kind.languages[section];
      if (!language) return [];
      const context: RuleCompileContext<never> = { file, prefix: `${section}.${kind.key}`, options: options as never };
      return [{ kind, language, value: sections[section]![kind.key] as never, context }];
    });
  });
}

/** The config's `format:` as a list (one formatter may be written without the list). */
export function formattersOf(spec: Pick<ConfigSpec, 'format'>): FormatEntry[] {
  const f = spec.format;
  return f === undefined ? [] : Array.isArray(f) ? f : [f];
}

/** Compile a loaded config; `extra` transforms (custom ones from the command line) run after the config's. */
export function compileConfig(config: LoadedConfig, extra: Transform[] = []): CompiledConfig {
  const { spec } = config;
  const kinds = config.ruleKinds ?? RULE_KINDS;
  const fields = ruleFields(spec, kinds, config.file);
  // Every kind's checks over its whole lists come first, in all sections, one config error per kind.
  for (const kind of kinds) {
    const issues: ConfigIssue[] = fields.filter((f) => f.kind === kind).flatMap(({ language, value, context }) => language.check?.(value, context) ?? []);
    if (issues.length > 0) {
      const named = config.fieldPrefix ? prefixIssues(issues, config.fieldPrefix) : issues;
      throw new ConfigError('E_CONFIG_INVALID', `${config.file ?? 'config'}: invalid ${kind.key}`, config.file, named, `see docs/config.md ("Checks on the ${kind.key}")`);
    }
  }
  const transforms: Transform[] = fields.flatMap(({ language, value, context }) => language.compile(value, context));
  transforms.push(...extra);
  return {
    root: config.root,
    include: spec.include,
    // The default include is sources: it leaves JavaScript build output out (an include of the user's own does not).
    exclude: [...DEFAULT_EXCLUDE, ...(sameList(spec.include, DEFAULT_INCLUDE) ? DEFAULT_INCLUDE_LEAVES_OUT : []), ...spec.exclude],
    gitignore: spec.gitignore,
    maxFileSize: spec.maxFileSize,
    batchBy: parseBatchBy(spec.batchBy),
    order: spec.order,
    replanStale: spec.replanStale,
    format: formattersOf(spec),
    pythonSourceRoots: spec.python.sourceRoots,
    transforms,
    residue: compileResidueScanner({ python: spec.python, typescript: spec.typescript }),
    hash: config.hash,
    ...(extra.length === 0 && config.ruleKinds === undefined ? { source: config } : {}),
  };
}
