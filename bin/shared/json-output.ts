/**
 * The JSON contract of `--json` (docs/json.md): every output is one object on stdout with the `version` of its
 * format, and with `--json` an error is one too (`{ version, error: { code, exit, message, hint?, ... } }`), so
 * stderr stays empty. The schemas are in json-schemas.ts; `canonize schema OUTPUT` prints them.
 */
import { CanonizeError, ConfigError, DirtyFilesError, JournalCorruptError, RollbackConflictError, UnsafePathError } from '../../src/index.js';

/**
 * The version of the formats this file writes (check, apply, rollback, runs, errors). Each output versions its own
 * shape, as the plan (`PLAN_VERSION`) and the audit report already do: a script keys on the shape, which changes far
 * less often than canonize's own version. Fields are only ever added within a version.
 */
export const JSON_FORMAT_VERSION = 1;

/** `--json` on the command line, before any `--`. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** One JSON document on stdout: two-space indent, final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The error object of the contract. */
export interface ErrorJson {
  version: typeof JSON_FORMAT_VERSION;
  error: {
    code: string;
    /** The exit status canonize ends with. */
    exit: number;
    message: string;
    hint?: string;
    /** The config or plan file, or the path, the error is about, when it names one. */
    file?: string;
    /** E_CONFIG_INVALID: every field in error. */
    issues?: { field: string; message: string }[];
    /** E_DIRTY, E_ROLLBACK_CONFLICT: the files, relative to the root. */
    files?: string[];
    /** E_JOURNAL_CORRUPT: every problem found. */
    problems?: string[];
    /** E_INTERNAL: where it happened. */
    stack?: string;
  };
}

/** The contract's form of a canonize error. */
export function errorJson(e: CanonizeError): ErrorJson {
  const file = e instanceof ConfigError ? e.file : e instanceof UnsafePathError ? e.path : undefined;
  return {
    version: JSON_FORMAT_VERSION,
    error: {
      code: e.code,
      exit: e.exitCode,
      message: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
      ...(file !== undefined ? { file } : {}),
      ...(e instanceof ConfigError && e.issues.length > 0 ? { issues: e.issues.map((i) => ({ field: i.field, message: i.message })) } : {}),
      ...(e instanceof DirtyFilesError ? { files: [...e.files] } : e instanceof RollbackConflictError ? { files: e.conflicts.map((c) => c.path) } : {}),
      ...(e instanceof JournalCorruptError ? { problems: [...e.problems] } : {}),
    },
  };
}

/** An error canonize did not expect (a bug): `E_INTERNAL`, exit 70, with its stack. */
export function internalErrorJson(e: unknown): ErrorJson {
  const err = new CanonizeError('E_INTERNAL', e instanceof Error ? e.message : String(e), 'this is a bug in canonize: please report it with this output');
  const json = errorJson(err);
  if (e instanceof Error && e.stack) json.error.stack = e.stack;
  return json;
}
