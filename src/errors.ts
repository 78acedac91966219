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
