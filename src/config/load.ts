/**
 * Finding, reading and validating the config file. YAML and JSON are both read with the `yaml` parser (JSON is
 * YAML), so that every validation error can name the field path and the line and column where it stands. A config
 * may also be a section of a pyproject.toml or package.json (embedded.ts reads it out); it is validated the same way.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { canonicalJson } from '../core/rule-ids.js';
import type { RuleKind } from '../core/rule-kind.js';
import { RULE_KINDS } from '../rules/registry.js';
import { assignConfigRuleIds } from './rule-ids.js';
import { ConfigSpec, configSpecFor } from './schema.js';
import { EMBEDDED_CONFIG_FILES, hasEmbeddedSection, isEmbeddedConfigFile, prefixConfigError, readEmbeddedSection, sectionName } from './embedded.js';

export const CONFIG_FILE_NAMES = ['canonize.config.yaml', 'canonize.config.yml', 'canonize.config.json'] as const;

/** A validated config and where it came from. */
export interface LoadedConfig {
  /** Absolute path of the config file, or undefined for a config given in memory. */
  file: string | undefined;
  /** Absolute project root (the config's `root`, resolved against the config file's directory). */
  root: string;
  spec: ConfigSpec;
  /** sha256 of the normalised spec (defaults filled in, keys sorted): what a plan records. */
  hash: string;
  /**
   * Rule kinds of the caller's own in place of the built-in ones (src/rules/registry.ts), when it parsed the config
   * with them: compiling then uses them too.
   */
  ruleKinds?: readonly RuleKind[];
  /**
   * For a config that is a section of a pyproject.toml or package.json: the section's path with a trailing dot
   * (`tool.canonize.`), which the fields named in config errors start with.
   */
  fieldPrefix?: string;
}

/** How to read a config. */
export interface ParseConfigOptions {
  /** Rule kinds in place of the built-in ones (a plugin's, a test's); their fields are validated and compiled. */
  ruleKinds?: readonly RuleKind[];
}

/**
 * Walk up from `startDir` to the filesystem root; the first directory with a config file wins. In one directory a
 * canonize.config.* file comes first, then a pyproject.toml with `[tool.canonize]`, then a package.json with
 * `"canonize"`; a pyproject.toml or package.json without the section is not a config (the walk goes on).
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    for (const name of EMBEDDED_CONFIG_FILES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && hasEmbeddedSection(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Read and validate a config file. Throws {@link ConfigError} naming the file, the field and the line. */
export async function loadConfigFile(file: string, options: ParseConfigOptions = {}): Promise<LoadedConfig> {
  const abs = resolve(file);
  let source: string;
  try {
    source = await readFile(abs, 'utf8');
  } catch (err) {
    throw new ConfigError('E_CONFIG_UNREADABLE', `cannot read config file ${abs}: ${(err as Error).message}`, abs);
  }
  const loaded = isEmbeddedConfigFile(abs) ? parseEmbeddedConfig(source, abs, options) : parseConfig(source, abs, options);
  // A root that is not there would plan nothing and say "skipped: ." with exit 0: a config error instead.
  let isDir = false;
  try {
    isDir = statSync(loaded.root).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    const field = `${loaded.fieldPrefix ?? ''}root`;
    throw new ConfigError('E_CONFIG_INVALID', `${abs}: invalid config`, abs, [{ field, message: `${loaded.root} is not an existing directory${where(['root'])}` }], 'root is relative to the config file');
  }
  return loaded;

  function where(path: string[]): string {
    if (loaded.fieldPrefix !== undefined) return '';
    const lineCounter = new LineCounter();
    const doc = parseDocument(source, { lineCounter });
    const at = locate(doc, lineCounter, path);
    return at ? ` (line ${at})` : '';
  }
}

/** Longest string a config field may hold, and most `/`-separated segments of one (a glob, a path). */
export const MAX_CONFIG_STRING = 4096;
export const MAX_GLOB_SEGMENTS = 256;

/** Fields whose strings are too long or have too many segments to be a real glob or name (they would overflow the matcher's stack). */
function oversizedStrings(value: unknown, path: (string | number)[] = [], out: ConfigIssue[] = []): ConfigIssue[] {
  if (typeof value === 'string') {
    if (value.length > MAX_CONFIG_STRING) out.push({ field: formatFieldPath(path), message: `${value.length} characters; at most ${MAX_CONFIG_STRING}` });
    else if (value.split('/').length > MAX_GLOB_SEGMENTS) out.push({ field: formatFieldPath(path), message: `${value.split('/').length} path segments; at most ${MAX_GLOB_SEGMENTS}` });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => oversizedStrings(v, [...path, i], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) oversizedStrings(v, [...path, k], out);
  }
  return out.slice(0, 20);
}

/**
 * Validate config source text. `file` is used for error messages and to resolve `root`; for an in-memory config
 * pass a path in the directory it should be relative to.
 */
export function parseConfig(source: string, file: string, options: ParseConfigOptions = {}): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { field: `(line ${pos.line}:${pos.col})`, message: e.message.split('\n')[0]! };
    });
    throw new ConfigError('E_CONFIG_SYNTAX', `${file}: not valid YAML/JSON`, file, issues);
  }
  let raw: unknown;
  try {
    // `yaml` refuses documents whose aliases expand beyond a bound (an "alias bomb"), with a ReferenceError.
    raw = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (err) {
    throw new ConfigError('E_CONFIG_SYNTAX', `${file}: not a usable YAML document: ${(err as Error).message.split('\n')[0]}`, file, [], 'YAML aliases (*name) may be used, but not to build a huge document');
  }
  return validateConfig(raw, file, doc, lineCounter, options);
}

/**
 * Validate the config section of a pyproject.toml (`[tool.canonize]`) or package.json (`"canonize"`): the same
 * schema and checks as a canonize.config.yaml, with fields named from the host file's root. Its root is the host
 * file's directory, as for a YAML config. Throws E_CONFIG_NOT_FOUND when the file has no such section.
 */
export function parseEmbeddedConfig(source: string, file: string, options: ParseConfigOptions = {}): LoadedConfig {
  const section = readEmbeddedSection(source, file);
  if (!section) {
    throw new ConfigError('E_CONFIG_NOT_FOUND', `${file} has no ${sectionName(file)} section`, file, [], `put the config under ${sectionName(file)}, or pass a canonize.config.yaml`);
  }
  try {
    return { ...validateConfig(section.raw, file, section.doc, section.lineCounter, options), fieldPrefix: section.prefix };
  } catch (err) {
    throw err instanceof ConfigError ? prefixConfigError(err, section.prefix) : err;
  }
}

/** Validate an already-parsed config object. */
export function validateConfig(raw: unknown, file: string, doc?: Document, lineCounter?: LineCounter, options: ParseConfigOptions = {}): LoadedConfig {
  const oversized = oversizedStrings(raw);
  if (oversized.length > 0) throw new ConfigError('E_CONFIG_INVALID', `${file}: invalid config`, file, oversized, 'a glob or name this long cannot be meant');
  const result = (options.ruleKinds ? configSpecFor(options.ruleKinds) : ConfigSpec).safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue) => describeIssue(issue, doc, lineCounter));
    throw new ConfigError(
      'E_CONFIG_INVALID',
      `${file}: invalid config`,
      file,
      issues,
      'see docs/config.md, or point your editor at schema/canonize.config.schema.json',
    );
  }
  const spec = result.data;
  // Every rule entry gets its id (as written, or derived from its content) before the hash: the hash covers them.
  const idIssues = assignConfigRuleIds(spec, options.ruleKinds ?? RULE_KINDS, (path) => {
    const at = doc && lineCounter ? locate(doc, lineCounter, path) : '';
    return at ? ` (line ${at})` : '';
  });
  if (idIssues.length > 0) throw new ConfigError('E_CONFIG_INVALID', `${file}: invalid rule ids`, file, idIssues, 'see docs/config.md ("Rule ids")');
  return { file, root: resolve(dirname(file), spec.root), spec, hash: hashSpec(spec), ...(options.ruleKinds ? { ruleKinds: options.ruleKinds } : {}) };
}

/** `python.moves[0].from` from zod's path array. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue, doc?: Document, lineCounter?: LineCounter): ConfigIssue[] {
  const where = (path: readonly PropertyKey[]) => {
    const at = doc && lineCounter ? locate(doc, lineCounter, path) : '';
    return at ? ` (line ${at})` : '';
  };
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      return { field: formatFieldPath(path), message: `unknown field${where(path)}` };
    });
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A field of two forms (`format`: one formatter or a list; `match`: a pattern or a list): report the errors of
    // the form the value has, or the forms it may have, rather than "Invalid input".
    const mismatch = (branch: z.core.$ZodIssue[]) => branch.length === 1 && branch[0]!.path.length === 0 && branch[0]!.code === 'invalid_type';
    const fitting = issue.errors.filter((branch) => !mismatch(branch));
    // The one branch whose errors are all inside the value: the value has that form (the list, the object).
    if (fitting.length === 1 && fitting[0]!.every((i) => i.path.length > 0 || i.code === 'unrecognized_keys')) {
      // Issues inside a union carry no `input`: whether a value was missing is in the message.
      const nested = (i: z.core.$ZodIssue) => ({ ...i, path: [...issue.path, ...i.path], input: /received undefined$/.test(i.message) ? undefined : null }) as z.core.$ZodIssue;
      return fitting[0]!.flatMap((i) => describeIssue(nested(i), doc, lineCounter));
    }
    if (fitting.length === 0) {
      const expected = issue.errors.map((b) => (b[0] as { expected?: string }).expected).filter(Boolean);
      const required = issue.errors.every((b) => /received undefined$/.test(b[0]!.message)) ? 'required: ' : '';
      return [{ field: formatFieldPath(issue.path), message: `${required}expected ${expected.join(' or ')}${where(issue.path)}` }];
    }
  }
  let message = issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) message = `required: ${issue.message}`;
  return [{ field: formatFieldPath(issue.path), message: `${message}${where(issue.path)}` }];
}

/** Line:column of the node at `path` in the YAML document (the nearest existing ancestor when it is missing). */
function locate(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return `${pos.line}:${pos.col}`;
    }
  }
  return '';
}

/**
 * sha256 of the spec as canonical JSON: equal configs hash equal however they are written. `format` is left out: the
 * formatters run after planning and change no edit, so adding one keeps plans valid (and stale files re-planned).
 */
export function hashSpec(spec: ConfigSpec): string {
  const { format: _format, ...planned } = spec;
  return createHash('sha256').update(canonicalJson(planned)).digest('hex');
}

/**
 * Locate and load the config: `configPath` if given; otherwise the first config file found walking up from each of
 * `searchFrom` in turn (the working directory first, then the paths the user named).
 */
export async function loadConfig(options: { configPath?: string; searchFrom: string[] }): Promise<LoadedConfig> {
  if (options.configPath) {
    if (!existsSync(options.configPath)) {
      throw new ConfigError('E_CONFIG_NOT_FOUND', `config file not found: ${options.configPath}`, options.configPath);
    }
    return loadConfigFile(options.configPath);
  }
  for (const start of options.searchFrom) {
    const found = findConfigFile(start);
    if (found) return loadConfigFile(found);
  }
  throw new ConfigError(
    'E_CONFIG_NOT_FOUND',
    `no ${CONFIG_FILE_NAMES.join(' / ')} (nor pyproject.toml with [tool.canonize], nor package.json with "canonize") found in ${options.searchFrom[0] ?? '.'} or any parent directory`,
    undefined,
    [],
    'run `canonize init` (or `canonize init --preset websocket-ssot`) to write one, or pass --config FILE',
  );
}
