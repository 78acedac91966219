/**
 * The retire record: `canonize.retired.json` at the project root, a committed file that says which legacy modules
 * `canonize retire` deleted or shimmed. Retire's own plan writes it (one more planned file change, journaled and
 * rolled back like any other), so a fresh checkout (CI) knows the retired modules without a journal. Read here, in
 * the lowest layer, because the TypeScript facts need one fact from it: a move whose `from` names a file retire
 * deleted is still a valid move. Written by src/retire/record.ts. See docs/retire.md ("The record").
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CanonizeError } from './errors.js';

/** The record's path, relative to the project root. */
export const RETIRED_RECORD_FILE = 'canonize.retired.json';

/** The record format's version (its `version` field). */
export const RETIRED_RECORD_VERSION = 1;

/** A moved name of a retired module, and where it now lives. */
export interface RetiredMovedName {
  name: string;
  to: string;
  newName: string;
  rule: string;
}

/** One retired module, as the record holds it. */
export interface RetiredEntry {
  language: 'python' | 'typescript';
  /** The module as the config's `from` wrote it. */
  module: string;
  /** Its file, relative to the root (gone when `verdict` is `delete`). */
  path: string;
  verdict: 'delete' | 'shim';
  moved: RetiredMovedName[];
}

const NAME = z.string().min(1);
const RecordSchema = z
  .object({
    version: z.literal(RETIRED_RECORD_VERSION),
    modules: z.array(
      z
        .object({
          language: z.enum(['python', 'typescript']),
          module: NAME,
          path: NAME,
          verdict: z.enum(['delete', 'shim']),
          moved: z.array(z.object({ name: NAME, to: NAME, newName: NAME, rule: z.string() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();

/** The record cannot be read, is not JSON, or is not a record: never read as "nothing retired". */
export class RetiredRecordError extends CanonizeError {
  override readonly name = 'RetiredRecordError';
  constructor(
    /** The record's path, relative to the root. */
    readonly file: string,
    problem: string,
  ) {
    super('E_RETIRED_RECORD', `${file}: ${problem}`, `it is written by \`canonize retire\`: restore it from git (\`git checkout -- ${file}\`), or fix it by hand`);
  }
}

/**
 * The modules the record says retire retired, in its order: none when there is no record. Throws
 * {@link RetiredRecordError} when it cannot be read (a symlink is not followed), is not JSON or not a record.
 */
export function readRetiredRecord(root: string): RetiredEntry[] {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(join(root, RETIRED_RECORD_FILE), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    if (!fstatSync(fd).isFile()) throw new RetiredRecordError(RETIRED_RECORD_FILE, 'not a regular file');
    // Decoded strictly: a byte that is not UTF-8 is an error, never a replacement character.
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(fd));
  } catch (err) {
    if (err instanceof RetiredRecordError) throw err;
    if (err instanceof TypeError) throw new RetiredRecordError(RETIRED_RECORD_FILE, 'not UTF-8 text');
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new RetiredRecordError(RETIRED_RECORD_FILE, code === 'ELOOP' ? 'a symbolic link, which canonize does not follow' : `cannot be read (${code ?? String(err)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RetiredRecordError(RETIRED_RECORD_FILE, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = RecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)';
    throw new RetiredRecordError(RETIRED_RECORD_FILE, `not a retire record: ${at}: ${issue.message}`);
  }
  return parsed.data.modules;
}

/** The files the record says retire deleted: root-relative path → the module as the config's `from` writes it. */
export function retiredDeleted(root: string): Map<string, string> {
  return new Map(readRetiredRecord(root).filter((m) => m.verdict === 'delete').map((m) => [m.path, m.module]));
}
