/**
 * A config kept in another tool's file, as ruff and prettier read theirs: the `[tool.canonize]` table of a
 * `pyproject.toml`, or the `"canonize"` key of a `package.json`. This module says whether a file holds that section
 * and reads it out; load.ts validates it exactly as it validates a `canonize.config.yaml`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Document, isNode, LineCounter, parseDocument } from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigError, type ConfigIssue } from '../core/errors.js';

/** Files that may hold a config section, in the order they are looked for after the canonize.config.* names. */
export const EMBEDDED_CONFIG_FILES = ['pyproject.toml', 'package.json'] as const;

/** The section read out of a host file. */
export interface EmbeddedSection {
  /** The section's value (what a canonize.config.yaml would hold). */
  raw: unknown;
  /** Its field path in the host file with a trailing dot (`tool.canonize.`): config error fields start with it. */
  prefix: string;
  /** For package.json: a YAML document over the section, so that errors give lines (TOML has no positions to give). */
  doc?: Document;
  lineCounter?: LineCounter;
}

/** Whether `file` is a host file by its name (pyproject.toml / package.json), whatever directory it is in. */
export function isEmbeddedConfigFile(file: string): boolean {
  return (EMBEDDED_CONFIG_FILES as readonly string[]).includes(basename(file));
}

/** How the section is named to a user, for a host file. */
export function sectionName(file: string): string {
  return basename(file) === 'pyproject.toml' ? '[tool.canonize]' : '"canonize"';
}

/**
 * Whether the host file at `file` holds a canonize section: one without it is not a config, and the walk up goes on.
 * A file that does not parse but names canonize counts as holding one, so that loading it reports the syntax error.
 */
export function hasEmbeddedSection(file: string): boolean {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  // Most host files never mention canonize: no need to parse them.
  if (!source.includes('canonize')) return false;
  try {
    return readEmbeddedSection(source, file) !== undefined;
  } catch {
    return true;
  }
}

/** Read the canonize section out of a host file's text; undefined when it has none. Throws E_CONFIG_SYNTAX. */
export function readEmbeddedSection(source: string, file: string): EmbeddedSection | undefined {
  return basename(file) === 'pyproject.toml' ? readToml(source, file) : readPackageJson(source, file);
}

function readToml(source: string, file: string): EmbeddedSection | undefined {
  let parsed: Record<string, unknown>;
  try {
    parsed = parseToml(source) as Record<string, unknown>;
  } catch (err) {
    const field = err instanceof TomlError ? `(line ${err.line}:${err.column})` : '(root)';
    throw new ConfigError('E_CONFIG_SYNTAX', `${file}: not valid TOML`, file, [{ field, message: (err as Error).message.split('\n')[0]! }]);
  }
  const tool = parsed.tool;
  if (!isTable(tool) || !('canonize' in tool)) return undefined;
  if (!isTable(tool.canonize)) {
    throw new ConfigError('E_CONFIG_INVALID', `${file}: invalid config`, file, [{ field: 'tool.canonize', message: 'must be a table ([tool.canonize])' }]);
  }
  return { raw: tool.canonize, prefix: 'tool.canonize.' };
}

function readPackageJson(source: string, file: string): EmbeddedSection | undefined {
  let parsed: unknown;
  try {
    // A BOM is not JSON, but editors write one and npm reads past it.
    parsed = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError('E_CONFIG_SYNTAX', `${file}: not valid JSON`, file, [{ field: '(root)', message: (err as Error).message }]);
  }
  if (!isTable(parsed) || !('canonize' in parsed)) return undefined;
  if (!isTable(parsed.canonize)) {
    throw new ConfigError('E_CONFIG_INVALID', `${file}: invalid config`, file, [{ field: 'canonize', message: 'must be an object' }]);
  }
  return { raw: parsed.canonize, prefix: 'canonize.', ...positionsOf(source) };
}

/**
 * JSON is YAML: the `yaml` parser gives each node of the section its offset. A document whose contents is the
 * section's node lets load.ts locate a field by its path within the section, as it does in a YAML config.
 */
function positionsOf(source: string): { doc: Document; lineCounter: LineCounter } | Record<string, never> {
  const lineCounter = new LineCounter();
  const whole = parseDocument(source, { lineCounter, prettyErrors: false });
  const node = whole.errors.length === 0 ? whole.get('canonize', true) : undefined;
  if (!isNode(node)) return {};
  const doc = new Document();
  doc.contents = node;
  return { doc, lineCounter };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The issues with each field named from the host file's root (`tool.canonize.python.moves[0]`). */
export function prefixIssues(issues: readonly ConfigIssue[], prefix: string): ConfigIssue[] {
  // A field may name several ("python.moves[0], python.moves[1]") and positions stand in for one ("(line 3:1)").
  const one = (field: string) => (field === '(root)' ? prefix.slice(0, -1) : field.startsWith('(') ? field : `${prefix}${field}`);
  return issues.map((issue) => ({ ...issue, field: issue.field.split(', ').map(one).join(', ') }));
}

/** The same config error with its fields named from the host file's root. */
export function prefixConfigError(err: ConfigError, prefix: string): ConfigError {
  return new ConfigError(err.code, err.message, err.file, prefixIssues(err.issues, prefix), err.hint);
}
