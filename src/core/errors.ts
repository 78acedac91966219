/**
 * Typed errors. Every error a user can act on carries a stable `code`, what it is about (a config field path or
 * a file) and a hint. The CLI maps them to exit codes; library code never exits or prints.
 */

/**
 * Every error code canonize raises, with the exit code the CLI gives it and what it means. Throw sites add the
 * specifics (the file, the field) and a hint of what to do; docs/errors.md lists this table.
 */
export const ERROR_CODES = {
  E_USAGE: { exit: 2, means: 'the command line asks for something impossible or contradictory' },
  E_PATH_NOT_FOUND: { exit: 2, means: 'a path named on the command line does not exist' },
  E_PATH_OUTSIDE_ROOT: { exit: 2, means: 'a path named on the command line is outside the project root' },
  E_PATH_UNSAFE: { exit: 2, means: 'a path would make canonize read or write outside the root (a symlink, `..`, an absolute path)' },
  E_DIFF_CONTEXT: { exit: 2, means: 'the diff context is not a whole number of lines' },
  E_BATCH_BY: { exit: 2, means: 'a `batchBy` value that is not a batching' },
  E_BATCH_NOT_FOUND: { exit: 2, means: 'the plan has no batch of that id' },
  E_NO_CODEOWNERS: { exit: 2, means: 'batching by owner needs a CODEOWNERS file' },
  E_NOT_A_TTY: { exit: 2, means: 'an interactive command without a terminal' },
  E_INIT_EXISTS: { exit: 2, means: '`init` would overwrite a config file' },
  E_NO_TESTS: { exit: 2, means: '`canonize test` found no test folder, or no case in it' },
  E_TRANSFORM_LOAD: { exit: 2, means: 'a custom transform module cannot be loaded' },
  E_CONFIG_NOT_FOUND: { exit: 2, means: 'no config file was found' },
  E_CONFIG_UNREADABLE: { exit: 2, means: 'the config file cannot be read' },
  E_CONFIG_SYNTAX: { exit: 2, means: 'the config file is not valid YAML, JSON or TOML' },
  E_CONFIG_INVALID: { exit: 2, means: 'a config field is invalid (the error names it, with its line)' },
  E_TSCONFIG_INVALID: { exit: 2, means: 'a tsconfig the TypeScript rules resolve modules with cannot be read' },
  E_PLAN_UNREADABLE: { exit: 2, means: 'the plan file cannot be read' },
  E_PLAN_INVALID: { exit: 2, means: 'the plan file is not a canonize plan' },
  E_PLAN_VERSION: { exit: 2, means: 'the plan was written by another plan format version' },
  E_PLAN_ROOT: { exit: 2, means: 'the plan belongs to another project root' },
  E_PLAN_MERGE: { exit: 2, means: 'shard plans that cannot be merged (other configs, overlapping or missing shards)' },
  E_EDIT_OVERLAP: { exit: 2, means: 'two edits touch the same span of one file' },
  E_UNENCODABLE: { exit: 2, means: "a replacement holds text the file's encoding cannot hold" },
  E_PATCH_ENCODING: { exit: 2, means: 'a patch cannot show a file in its encoding' },
  E_DIRTY: { exit: 2, means: 'git reports uncommitted changes in files the plan would write' },
  E_NOT_GIT: { exit: 2, means: '--commit-per-batch outside a git work tree' },
  E_GIT: { exit: 2, means: 'a git command canonize runs failed' },
  E_GIT_COMMIT: { exit: 2, means: 'committing a batch failed' },
  E_FORMAT: { exit: 3, means: 'a formatter (`format` in the config, `--format-cmd`) failed on a changed file: its batch is not written' },
  E_CHANGED_NOT_GIT: { exit: 2, means: '`check --changed-since` / `--staged` outside a git work tree' },
  E_GIT_REF: { exit: 2, means: '`check --changed-since` names a revision git does not know' },
  E_LOCKED: { exit: 2, means: 'another canonize process is applying or rolling back in this root' },
  E_JOURNAL: { exit: 2, means: 'the journal cannot be written' },
  E_JOURNAL_CORRUPT: { exit: 2, means: "a run's journal is damaged" },
  E_NO_JOURNAL: { exit: 2, means: 'no journal to roll back from' },
  E_RUN_NOT_FOUND: { exit: 2, means: 'no run of that id in the journal' },
  E_ALREADY_ROLLED_BACK: { exit: 2, means: 'the run was already rolled back' },
  E_ROLLBACK_CONFLICT: { exit: 2, means: 'files changed since the run wrote them: rolling back would lose those changes' },
  E_RETIRED_RECORD: { exit: 2, means: 'the retire record (canonize.retired.json) cannot be read or is not a record' },
  E_BASELINE_UNREADABLE: { exit: 2, means: 'the baseline file cannot be read' },
  E_BASELINE_INVALID: { exit: 2, means: 'the baseline file is not a canonize baseline' },
  E_BASELINE_OUTDATED: { exit: 2, means: 'the baseline names rules by their place in the config (`python.moves[2]`), as canonize did before rule ids: write it again' },
  E_NO_SPACE: { exit: 74, means: 'the disk is full (or over quota) while writing' },
  E_IO: { exit: 74, means: 'an input/output error, a read-only filesystem or too many open files while writing' },
  E_INTERNAL: { exit: 70, means: 'a bug in canonize: an error it did not expect (the message and stack say where; please report it)' },
  E_INTERRUPTED: { exit: 130, means: 'Ctrl-C (SIGINT) while apply or rollback wrote: every file holds its old or new bytes; the next apply or rollback recovers the run' },
} as const satisfies Record<string, { exit: number; means: string }>;

/** A code of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Base class of every error canonize raises on purpose. */
export class CanonizeError extends Error {
  override readonly name: string = 'CanonizeError';
  constructor(
    /** Stable, greppable code, e.g. `E_CONFIG_INVALID`. */
    readonly code: ErrorCode,
    message: string,
    /** What the user can do about it. */
    readonly hint?: string,
  ) {
    super(message);
  }
  /** The exit code the CLI uses for it, from {@link ERROR_CODES}. */
  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
}

/** One problem in a config file: the dotted path of the field, and what was expected there. */
export interface ConfigIssue {
  field: string;
  message: string;
}

/** The config file is missing, unreadable, malformed or invalid. Exit code 2. */
export class ConfigError extends CanonizeError {
  override readonly name = 'ConfigError';
  constructor(
    code: ErrorCode,
    message: string,
    readonly file: string | undefined,
    readonly issues: ConfigIssue[] = [],
    hint?: string,
  ) {
    super(code, message, hint);
  }
}

/** The command line asked for something impossible (bad flag value, missing file, path outside root). Exit 2. */
export class UsageError extends CanonizeError {
  override readonly name = 'UsageError';
}

/** Two edits touch the same span of one file. Names both rules so the user knows which config entries collide. */
export class OverlapError extends CanonizeError {
  override readonly name = 'OverlapError';
  constructor(
    readonly first: { rule: string; start: number; end: number },
    readonly second: { rule: string; start: number; end: number },
  ) {
    super(
      'E_EDIT_OVERLAP',
      `edits overlap: rule "${first.rule}" [${first.start}, ${first.end}) and rule "${second.rule}" [${second.start}, ${second.end})`,
      'two rules rewrite the same code; narrow one of them in the config',
    );
  }
}

/** A plan file that cannot be used: wrong version, malformed, or for another config. Exit 2. */
export class PlanError extends CanonizeError {
  override readonly name = 'PlanError';
}

/**
 * A path a plan or journal names that canonize will not read or write: outside the project root, inside `.git/`
 * or `.canonize/`, reached through a symbolic link, not a regular file. Nothing is written. Exit 2.
 */
export class UnsafePathError extends CanonizeError {
  override readonly name = 'UnsafePathError';
  constructor(
    readonly path: string,
    readonly why: string,
    hint = 'a plan or journal can only name regular files under the project root, reached without symbolic links',
  ) {
    super('E_PATH_UNSAFE', `refusing ${JSON.stringify(path)}: ${why}`, hint);
  }
}

/** The journal of a run is missing a piece or has damaged bytes; nothing (or, forced, only what verifies) is restored. Exit 2. */
export class JournalCorruptError extends CanonizeError {
  override readonly name = 'JournalCorruptError';
  constructor(
    readonly runId: string,
    readonly problems: string[],
    hint = 'nothing was restored; `canonize rollback RUN-ID --force` restores every file whose original verifies and lists the rest',
  ) {
    super('E_JOURNAL_CORRUPT', `the journal of run ${runId} is damaged:\n${problems.map((p) => `  ${p}`).join('\n')}`, hint);
  }
}

/** A filesystem error (disk full, I/O error, read-only filesystem) while canonize was writing. Exit 74 (EX_IOERR). */
export class FsError extends CanonizeError {
  override readonly name = 'FsError';
  constructor(
    code: ErrorCode,
    message: string,
    /** The errno code (`ENOSPC`, `EIO`, ...). */
    readonly errno: string,
    hint?: string,
  ) {
    super(code, message, hint);
  }
}

const FS_ERRNOS: Record<string, { code: 'E_NO_SPACE' | 'E_IO'; what: string }> = {
  ENOSPC: { code: 'E_NO_SPACE', what: 'no space left on the device' },
  EDQUOT: { code: 'E_NO_SPACE', what: 'disk quota exceeded' },
  EIO: { code: 'E_IO', what: 'input/output error' },
  EROFS: { code: 'E_IO', what: 'read-only filesystem' },
  EFBIG: { code: 'E_IO', what: 'file too large' },
  EMFILE: { code: 'E_IO', what: 'too many open files' },
  ENFILE: { code: 'E_IO', what: 'too many open files in the system' },
};

/**
 * The typed form of a filesystem error thrown while `doing` (disk full, I/O error...), or `err` itself when it is
 * not one. Canonize errors pass through unchanged.
 */
export function asFsError(err: unknown, doing: string): unknown {
  if (err instanceof CanonizeError) return err;
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  const known = errno ? FS_ERRNOS[errno] : undefined;
  if (!known) return err;
  const path = (err as NodeJS.ErrnoException).path;
  return new FsError(
    known.code,
    `${doing}: ${known.what} (${errno}${path ? `, ${path}` : ''})`,
    errno!,
    'every file holds its original or its new bytes, never a mix; free space or fix the device, then run `canonize rollback` or `canonize apply` again (both finish the interrupted run from its journal)',
  );
}
