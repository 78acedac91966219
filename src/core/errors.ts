/**
 * Typed errors. Every error a user can act on carries a stable `code`, what it is about (a config field path or
 * a file) and a hint. The CLI maps them to exit codes; library code never exits or prints.
 */

/** Base class of every error canonize raises on purpose. */
export class CanonizeError extends Error {
  override readonly name: string = 'CanonizeError';
  constructor(
    /** Stable, greppable code, e.g. `E_CONFIG_INVALID`. */
    readonly code: string,
    message: string,
    /** What the user can do about it. */
    readonly hint?: string,
  ) {
    super(message);
  }
  /** The exit code the CLI uses for it (2, bad usage or a refusal, unless a subclass says otherwise). */
  get exitCode(): number {
    return 2;
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
    code: string,
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
    code: string,
    message: string,
    /** The errno code (`ENOSPC`, `EIO`, ...). */
    readonly errno: string,
    hint?: string,
  ) {
    super(code, message, hint);
  }
  override get exitCode(): number {
    return 74;
  }
}

const FS_ERRNOS: Record<string, { code: string; what: string }> = {
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
