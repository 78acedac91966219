/**
 * The contract of a rule kind (`move`, `call`, …): what one folder under src/rules/ provides so that the config
 * schema, the config compiler and the planner need no edit when a kind is added (docs/architecture.md, "Rule kinds").
 */
import type { z } from 'zod';
import type { ConfigIssue } from './errors.js';
import type { Transform } from './types.js';

/** What a kind's compile step gets besides its own field. */
export interface RuleCompileContext<Options = unknown> {
  /** The config file, for error messages (undefined for an in-memory config). */
  file: string | undefined;
  /**
   * The field's path, `python.moves`: messages about an entry name its field (`python.moves[2].from`); what the
   * entry's edits and findings carry is its id (`id` on the entry after loading, src/core/rule-ids.ts).
   */
  prefix: string;
  /** The language section's own options (`sourceRoots`, `tsconfigs`, …), validated. */
  options: Options;
}

/** A rule kind in one language: its config field and how it compiles. */
export interface RuleKindLanguage<Field extends z.ZodType = z.ZodType, Options = unknown> {
  /** The zod schema of the field (with its default and description): part of the config schema. */
  readonly field: Field;
  /**
   * Checks on the whole list that no single entry's schema can make (cycles, merges). Issues name the fields; they
   * are reported before any kind compiles, as one config error per kind ("invalid <key>") over all its sections.
   */
  check?(value: z.output<Field>, context: RuleCompileContext<Options>): ConfigIssue[];
  /**
   * For a list of rule entries: the readable parts its derived id may take, least specific first (`["a.old",
   * "a.old->a.new"]` for a move: `python.moves/a.old`, or `python.moves/a.old->a.new` when another move derives
   * the first). A kind with it gets the entries' ids assigned and checked when the config is loaded (each entry's
   * `id` is then set, src/config/rule-ids.ts); a kind without it is one rule, named by its path (`python.singletons`).
   */
  idParts?(entry: z.output<Field> extends readonly (infer E)[] ? E : never): readonly string[];
  /** The transforms the planner runs for this field (none when the list is empty). Throws ConfigError naming the field. */
  compile(value: z.output<Field>, context: RuleCompileContext<Options>): Transform[];
}

/** A rule kind: one config key per language section, compiled into transforms. */
export interface RuleKind {
  /** The kind's name, as docs and the folder name say it: `move`. */
  readonly id: string;
  /** The field under each language section: `moves`. */
  readonly key: string;
  /**
   * When its transforms run in a file, relative to other kinds (lower first). Calls run before moves: a call they
   * replace whole is not also renamed inside.
   */
  readonly phase: number;
  /** Per language section (`python`, `typescript`): the field and its compile step. */
  readonly languages: { readonly [section: string]: RuleKindLanguage<z.ZodType, never> };
}

/** Declare a rule kind, keeping its literal types (the config schema's static type is derived from them). */
export function defineRuleKind<const K extends RuleKind>(kind: K): K {
  return kind;
}
