/**
 * The formatter step: a changed file's new bytes piped through the user's formatters (`ruff format -`,
 * `prettier --stdin-filepath {file}`), stdin to stdout, before they are journaled and written, so the formatted
 * bytes are the batch's output (journaled, rolled back, verified). Shared by apply (`prepare.ts`) and the preview
 * (`diff --run-format`). See docs/engine.md ("The formatter step") and docs/config.md (`format`).
 */
import picomatch from 'picomatch';
import { asBuffer } from '../core/bytes.js';
import { CanonizeError } from '../core/errors.js';
import { describeProblem, syntaxProblems } from '../core/parse.js';
import { decodeSource } from '../core/source.js';
import type { Language } from '../core/types.js';
import { withSourceTree } from '../languages/parse.js';
import { runShell } from './shell.js';
import { shellQuote } from './verify.js';

/** The config's language sections a formatter can be limited to (`typescript` covers TSX and JavaScript too). */
export type FormatLanguage = 'python' | 'typescript';

/** One formatter, as the config (`format:`) or `--format-cmd` declares it. */
export interface FormatterSpec {
  /** A shell command that reads the file on stdin and writes it formatted on stdout; `{file}`: its path. */
  command: string;
  /** Only files of these languages (default: every file no other limit excludes). */
  languages?: readonly FormatLanguage[];
  /** Only files matching these globs, relative to the root (default: every file). */
  files?: readonly string[];
  /** Seconds one run may take before its process group is killed (default {@link DEFAULT_FORMAT_TIMEOUT}). */
  timeout?: number;
}

/** The default timeout of one formatter run, in seconds. */
export const DEFAULT_FORMAT_TIMEOUT = 120;

/** Of a formatter's stderr, this much of the end goes into the error. */
const MAX_FORMAT_OUTPUT = 4 * 1024;

/** One file the formatters run on: its path and language, and what its bytes must stay (encoding, BOM). */
export interface FormatTarget {
  path: string;
  language: Language;
  encoding: string;
  bom: boolean;
  /** The file's text before canonize changed it: an output that parses worse than it is refused. */
  oldText: string;
}

/** A file's formatted output: its bytes and their decoded text. */
export interface FormattedOutput {
  bytes: Uint8Array;
  text: string;
}

/**
 * The formatter step failed on a file: the command exited non-zero, was killed (timeout), could not start, or gave
 * an output canonize will not write (not in the file's encoding, or parsing worse than the file did). The batch the
 * file is in is not written.
 */
export class FormatError extends CanonizeError {
  override readonly name = 'FormatError';
  constructor(
    readonly path: string,
    readonly command: string,
    why: string,
    /** The end of the command's stderr. */
    readonly output = '',
  ) {
    const said = output.trim() === '' ? '' : `: ${output.trim().split('\n').slice(-5).join(' | ')}`;
    super('E_FORMAT', `the formatter \`${command}\` failed on ${path}: ${why}${said}`, 'run the formatter on the file by hand to see why; `--format-cmd` or the config\'s `format` says which one runs');
  }
}

const sectionOf = (language: Language): FormatLanguage => (language === 'python' ? 'python' : 'typescript');

/** Expand `{file}` to the path, shell-quoted (`./-name` for a path starting with `-`, as for verify's `{files}`). */
export function expandFormatCommand(command: string, path: string): string {
  return command.replaceAll('{file}', shellQuote(path.startsWith('-') ? `./${path}` : path));
}

/** The formatters of a project: which apply to a file, and running them. */
export class Formatters {
  private readonly matchers: ((path: string) => boolean)[];

  constructor(
    readonly specs: readonly FormatterSpec[],
    private readonly root: string,
  ) {
    this.matchers = specs.map((s) => (s.files && s.files.length > 0 ? picomatch([...s.files], { dot: true }) : () => true));
  }

  /** Whether any formatter is configured at all. */
  get any(): boolean {
    return this.specs.length > 0;
  }

  /** The formatters that run on a file, in config order (each one's output is the next one's input). */
  for(path: string, language: Language): FormatterSpec[] {
    return this.specs.filter((s, i) => (!s.languages || s.languages.length === 0 || s.languages.includes(sectionOf(language))) && this.matchers[i]!(path));
  }

  /**
   * Format a file's new bytes: each formatter that applies, in turn, then the checks (same encoding and BOM, parses
   * no worse than the file did). Undefined when no formatter applies. Throws {@link FormatError}.
   */
  async format(target: FormatTarget, bytes: Uint8Array): Promise<FormattedOutput | undefined> {
    const specs = this.for(target.path, target.language);
    if (specs.length === 0) return undefined;
    let out = asBuffer(bytes);
    for (const spec of specs) out = await this.run(spec, target.path, out);
    const last = specs[specs.length - 1]!.command;
    const decoded = decodeSource(out, target.language);
    if ('kind' in decoded) throw new FormatError(target.path, last, `its output cannot be read back: ${decoded.message}`);
    if (decoded.encoding !== target.encoding || decoded.bom !== target.bom) {
      throw new FormatError(target.path, last, `its output is ${decoded.encoding}${decoded.bom ? ' with BOM' : ''}, the file is ${target.encoding}${target.bom ? ' with BOM' : ''}`);
    }
    // Invariant 3 holds for the formatted bytes too: they are what is written.
    const after = withSourceTree(decoded.text, target.language, (t) => syntaxProblems(t));
    if (after.length > 0 && after.length > withSourceTree(target.oldText, target.language, (t) => syntaxProblems(t)).length) {
      throw new FormatError(target.path, last, `its output would not parse (${describeProblem(after[0]!)})`);
    }
    return { bytes: out, text: decoded.text };
  }

  private async run(spec: FormatterSpec, path: string, input: Buffer): Promise<Buffer> {
    const command = expandFormatCommand(spec.command, path);
    const chunks: Buffer[] = [];
    let stderr = '';
    const timeoutSeconds = spec.timeout ?? DEFAULT_FORMAT_TIMEOUT;
    const run = await runShell(command, {
      cwd: this.root,
      timeoutSeconds,
      stdin: input,
      drainOutput: true,
      onStdout: (chunk) => chunks.push(chunk),
      onStderr: (chunk) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-MAX_FORMAT_OUTPUT);
      },
    });
    if (run.startError !== undefined) throw new FormatError(path, command, `cannot run it: ${run.startError}`);
    if (run.timedOut) throw new FormatError(path, command, `timed out after ${timeoutSeconds} s (it was killed)`, stderr);
    if (run.signal) throw new FormatError(path, command, `killed by ${run.signal}`, stderr);
    if (run.exitCode !== 0) throw new FormatError(path, command, `exit ${run.exitCode}`, stderr);
    const out = Buffer.concat(chunks);
    // An empty output for a non-empty file is a formatter that wrote in place or nowhere: never written as the file.
    if (out.length === 0 && input.length > 0) throw new FormatError(path, command, 'it printed nothing (a formatter must write the formatted file on stdout)', stderr);
    return out;
  }
}
