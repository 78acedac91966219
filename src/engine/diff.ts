/**
 * The dry-run preview: what a plan would do to each file, as a unified diff for people, a `.patch` for
 * `git apply`, and a `git diff --stat` style summary.
 *
 * The patch has to apply to the real bytes on disk, not to the decoded text the planner works on. So every file is
 * diffed as bytes: its old and new text are encoded back with the file's own codec and byte-order mark, and
 * jsdiff runs over those bytes held one byte per character (a "binary string", Node's `latin1`). A line is then
 * exactly what git calls a line — the bytes up to and including `\n` — so `\r` of CRLF files, a BOM on line 1,
 * a missing final newline and latin1 / cp1252 bytes all come out of the patch exactly as they are on disk. For
 * display, each line is decoded again with the file's codec.
 *
 * Headers (`diff --git`, `---`, `+++`, `@@`) follow git's own output byte for byte (C-quoted paths, `@@ -5 +5 @@`
 * without `,1`, a tab after names that contain a space), so a canonize patch reads like one from `git diff`.
 */
import { diffLines, structuredPatch } from 'diff';
import iconv from 'iconv-lite';
import picocolors from 'picocolors';
import { CanonizeError, UsageError } from '../core/errors.js';

/** One file's change, as preview sees it. Texts are decoded (no BOM); `encoding` and `bom` say how the file's bytes are made. */
export interface FileChange {
  /** Path relative to the repository root, with `/` separators. */
  path: string;
  oldText: string;
  newText: string;
  /** `utf-8`, or an iconv-lite codec name such as `latin1` or `cp1252`. Must be ASCII-compatible. */
  encoding: string;
  /** Whether the file's bytes start with a UTF-8 byte-order mark (on both sides). */
  bom: boolean;
  /** The file is deleted (its new side is no file) or created (its old side is none), not edited in place. */
  op?: 'delete' | 'create';
  /** With `op`: the deleted or created file's permission bits (git writes `100755` when executable, else `100644`). */
  mode?: number;
}

/** How {@link unifiedDiff} renders. */
export interface DiffOptions {
  /** Lines of context around each change. Default 3, as git. */
  context?: number;
  /** ANSI colours (bold headers, cyan `@@`, red `-`, green `+`). Default false; the environment is not consulted. */
  color?: boolean;
}

/** Lines added and removed in one file, as `git diff --numstat` counts them. */
export interface LineCounts {
  added: number;
  removed: number;
}

/**
 * The file's text cannot be turned into bytes for a patch: an unknown or non-ASCII-compatible codec (UTF-16 would
 * make the ASCII headers unreadable to git), or a new text with characters the codec cannot represent.
 */
export class PatchEncodingError extends CanonizeError {
  override readonly name = 'PatchEncodingError';
  constructor(
    readonly path: string,
    message: string,
    hint?: string,
  ) {
    super('E_PATCH_ENCODING', `${path}: ${message}`, hint);
  }
}

/**
 * The display diff of one file: `diff --git`, `---`, `+++` and hunks, as `git diff` prints them (without the
 * `index` line). Empty when the texts are equal. Non-UTF-8 files are shown decoded from their codec; for UTF-8
 * files (BOM included, as U+FEFF) the plain text is exactly that file's section of {@link formatPatch}.
 */
export function unifiedDiff(change: FileChange, options: DiffOptions = {}): string {
  const lines = patchLines(change, contextOf(options.context));
  const c = picocolors.createColors(options.color ?? false);
  let out = '';
  for (const line of lines) {
    const text = decodeLine(line.bytes, change.encoding);
    out += paint(c, line.kind, text) + '\n';
  }
  return out;
}

/**
 * A patch of all the changes, in the order given, as bytes `git apply` (run at the repository root) accepts.
 * Each file's section is in that file's own encoding, BOM on line 1 included; the headers are ASCII, which is why
 * the sections can simply be concatenated. Equal texts contribute nothing. With `context: 0` git needs
 * `git apply --unidiff-zero`.
 */
export function formatPatch(changes: readonly FileChange[], options: { context?: number } = {}): Uint8Array {
  const context = contextOf(options.context);
  const parts: Buffer[] = [];
  for (const change of changes) {
    const lines = patchLines(change, context);
    if (lines.length === 0) continue;
    parts.push(Buffer.from(lines.map((l) => l.bytes + '\n').join(''), 'latin1'));
  }
  return Buffer.concat(parts);
}

/** Lines added and removed by a change (zero for equal texts), counted over the file's bytes as git does. */
export function countLines(change: FileChange): LineCounts {
  const counts: LineCounts = { added: 0, removed: 0 };
  if (change.oldText === change.newText) return counts;
  const { oldBytes, newBytes } = sides(change);
  for (const part of diffLines(oldBytes, newBytes)) {
    if (part.added) counts.added += part.count;
    else if (part.removed) counts.removed += part.count;
  }
  return counts;
}

/**
 * A summary like `git diff --stat=<width>`: one ` path | N ++--` line per changed file (bars scaled to the width by
 * git's own arithmetic, long paths shortened to `...` + a tail starting at a `/`), then
 * ` X files changed, Y insertions(+), Z deletions(-)` in git's wording. Empty when nothing changes.
 */
export function diffStat(changes: readonly FileChange[], options: { width?: number; color?: boolean } = {}): string {
  const c = picocolors.createColors(options.color ?? false);
  const files = changes
    .filter((ch) => ch.oldText !== ch.newText)
    .map((ch) => ({ name: quoteGitPath(ch.path), ...countLines(ch) }));
  if (files.length === 0) return '';

  // What follows mirrors show_stats() in git's diff.c, integer arithmetic included, so that the bars are the
  // ones a reviewer would see from `git diff --stat` on the applied tree. Quoted names are pure ASCII, so a
  // name's display width is its length.
  let maxLen = 0;
  let maxChange = 0;
  for (const f of files) {
    maxLen = Math.max(maxLen, f.name.length);
    maxChange = Math.max(maxChange, f.added + f.removed);
  }
  const numberWidth = decimalWidth(maxChange);
  // git guarantees room for a 10-column name and a 6-column graph however narrow the request.
  const width = Math.max(options.width ?? 80, 16 + 6 + numberWidth);
  let graphWidth = maxChange;
  let nameWidth = maxLen;
  if (nameWidth + numberWidth + 6 + graphWidth > width) {
    const graphShare = Math.floor((width * 3) / 8) - numberWidth - 6;
    if (graphWidth > graphShare) graphWidth = Math.max(graphShare, 6);
    if (nameWidth > width - numberWidth - 6 - graphWidth) nameWidth = width - numberWidth - 6 - graphWidth;
    else graphWidth = width - numberWidth - 6 - nameWidth;
  }

  let out = '';
  let insertions = 0;
  let deletions = 0;
  for (const f of files) {
    insertions += f.added;
    deletions += f.removed;
    let name = f.name;
    let prefix = '';
    let len = nameWidth;
    if (nameWidth < name.length) {
      // Keep the tail of the path, and start it at a directory boundary when there is one.
      prefix = '...';
      len = Math.max(len - 3, 0);
      name = name.slice(name.length - len);
      const slash = name.indexOf('/');
      if (slash !== -1) name = name.slice(slash);
    }
    const padding = Math.max(len - name.length, 0);
    const total = f.added + f.removed;
    let add = f.added;
    let del = f.removed;
    if (graphWidth <= maxChange) {
      let bar = scaleLinear(total, graphWidth, maxChange);
      if (bar < 2 && add > 0 && del > 0) bar = 2; // both kinds of change stay visible
      if (add < del) {
        add = scaleLinear(add, graphWidth, maxChange);
        del = bar - add;
      } else {
        del = scaleLinear(del, graphWidth, maxChange);
        add = bar - del;
      }
    }
    out += ` ${prefix}${name}${' '.repeat(padding)} | ${String(total).padStart(numberWidth)}${total ? ' ' : ''}`;
    if (add > 0) out += c.green('+'.repeat(add));
    if (del > 0) out += c.red('-'.repeat(del));
    out += '\n';
  }
  out += summaryLine(files.length, insertions, deletions) + '\n';
  return out;
}

/**
 * A path as git writes it in patch headers and stats with `core.quotePath` on (git's default): unchanged unless it
 * holds `"`, `\`, a control character or a non-ASCII byte; then wrapped in `"` with C escapes (`\t`, `\n`, `\"`,
 * `\\`, ...) and every other such byte of its UTF-8 form as a three-digit octal escape (`café` → `"caf\303\251"`).
 * Spaces alone do not cause quoting.
 */
export function quoteGitPath(path: string): string {
  const bytes = Buffer.from(path, 'utf8');
  if (!bytes.some(mustQuote)) return path;
  let out = '"';
  for (const b of bytes) {
    if (!mustQuote(b)) out += String.fromCharCode(b);
    else if (C_ESCAPES[b] !== undefined) out += '\\' + C_ESCAPES[b];
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------------------------

type LineKind = 'meta' | 'frag' | 'old' | 'new' | 'context' | 'marker';

/** One line of a file's patch section: `bytes` is a binary string (one char per byte), without its `\n`. */
interface PatchLine {
  kind: LineKind;
  bytes: string;
}

/** Escapes git's quote_c_style uses instead of octal (cq_lookup in quote.c). */
const C_ESCAPES: Record<number, string> = {
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x22: '"',
  0x5c: '\\',
};

function mustQuote(b: number): boolean {
  return b < 0x20 || b === 0x22 || b === 0x5c || b >= 0x7f;
}

const UTF8_BOM = '\xef\xbb\xbf';

/** The git-format section of one file, or no lines when nothing changes. */
function patchLines(change: FileChange, context: number): PatchLine[] {
  if (change.oldText === change.newText && !change.op) return [];
  const { oldBytes, newBytes } = sides(change);
  // jsdiff's own default context is 4, not git's 3, so it is always passed explicitly.
  const patch = structuredPatch('', '', oldBytes, newBytes, undefined, undefined, { context });
  const a = quoteGitPath('a/' + change.path);
  const b = quoteGitPath('b/' + change.path);
  const lines: PatchLine[] = [{ kind: 'meta', bytes: `diff --git ${a} ${b}` }];
  if (change.op) {
    // As git writes a deleted or new file: its mode, and /dev/null on the side it has no file.
    const mode = ((change.mode ?? 0o644) & 0o111) !== 0 ? '100755' : '100644';
    lines.push({ kind: 'meta', bytes: `${change.op === 'delete' ? 'deleted' : 'new'} file mode ${mode}` });
    // An empty file has no hunk, and git writes no ---/+++ for it either.
    if (patch.hunks.length === 0) return lines;
  }
  const from = change.op === 'create' ? '/dev/null' : a;
  const to = change.op === 'delete' ? '/dev/null' : b;
  // git ends a ---/+++ name containing a space with a tab, so that the name's end is unambiguous to patch tools.
  lines.push({ kind: 'meta', bytes: `--- ${from}${from.includes(' ') ? '\t' : ''}` }, { kind: 'meta', bytes: `+++ ${to}${to.includes(' ') ? '\t' : ''}` });
  for (const hunk of patch.hunks) {
    lines.push({ kind: 'frag', bytes: `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@` });
    for (const line of hunk.lines) {
      const kind: LineKind = line[0] === '-' ? 'old' : line[0] === '+' ? 'new' : line[0] === '\\' ? 'marker' : 'context';
      lines.push({ kind, bytes: line });
    }
  }
  return lines;
}

/**
 * A hunk range as git's xdiff writes it: the count is left out when it is 1, and an empty range names the line
 * before it (jsdiff's start for an empty range is the line after).
 */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** Both sides of a change as the binary strings of their on-disk bytes. */
function sides(change: FileChange): { oldBytes: string; newBytes: string } {
  return { oldBytes: encodeSide(change, change.oldText), newBytes: encodeSide(change, change.newText) };
}

function encodeSide(change: FileChange, text: string): string {
  let body: string;
  if (isUtf8(change.encoding)) {
    // Buffer.from would silently turn a lone surrogate into U+FFFD: the patch would not be the bytes apply writes.
    if (LONE_SURROGATE.test(text)) throw new PatchEncodingError(change.path, 'text holds a lone UTF-16 surrogate, which UTF-8 cannot encode');
    body = Buffer.from(text, 'utf8').toString('latin1');
  } else {
    assertAsciiCompatible(change);
    const bytes = iconv.encode(text, change.encoding);
    // iconv-lite replaces what the codec cannot represent with `?`; a preview must not show bytes nobody will write.
    if (iconv.decode(bytes, change.encoding, { stripBOM: false }) !== text) {
      throw new PatchEncodingError(
        change.path,
        `text has characters that ${change.encoding} cannot encode`,
        'make the replacement text representable in the file\'s declared coding, or convert the file to UTF-8',
      );
    }
    body = bytes.toString('latin1');
  }
  return change.bom ? UTF8_BOM + body : body;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

function isUtf8(encoding: string): boolean {
  return /^utf-?8$/i.test(encoding);
}

/** Codecs already checked to write ASCII as ASCII. */
const asciiCompatible = new Set<string>();
const ASCII_PROBE = 'diff --git a/x b/x\n--- +++ @@ -1,2 +1 @@ \\ No newline\r\n';

function assertAsciiCompatible(change: FileChange): void {
  const encoding = change.encoding;
  if (asciiCompatible.has(encoding)) return;
  if (!iconv.encodingExists(encoding)) {
    throw new PatchEncodingError(change.path, `unknown encoding "${encoding}"`);
  }
  // Headers, line prefixes and `\n` are written as ASCII; a codec that encodes them otherwise (UTF-16, EBCDIC)
  // would give a patch git cannot parse.
  if (!iconv.encode(ASCII_PROBE, encoding).equals(Buffer.from(ASCII_PROBE, 'latin1'))) {
    throw new PatchEncodingError(change.path, `encoding "${encoding}" is not ASCII-compatible; git cannot apply a patch in it`);
  }
  asciiCompatible.add(encoding);
}

/** One patch line back to text for display, with the file's codec (a U+FEFF of a BOM stays, as in the patch). */
function decodeLine(bytes: string, encoding: string): string {
  const buf = Buffer.from(bytes, 'latin1');
  return isUtf8(encoding) ? buf.toString('utf8') : iconv.decode(buf, encoding, { stripBOM: false });
}

type Colors = ReturnType<typeof picocolors.createColors>;

function paint(c: Colors, kind: LineKind, text: string): string {
  if (kind === 'context' || kind === 'marker') return text;
  // Like git, leave a CRLF line's `\r` outside the colour so the reset is not stranded after a carriage return.
  const cr = text.endsWith('\r') ? '\r' : '';
  const body = cr ? text.slice(0, -1) : text;
  const fmt = kind === 'meta' ? c.bold : kind === 'frag' ? c.cyan : kind === 'old' ? c.red : c.green;
  return fmt(body) + cr;
}

function contextOf(context: number | undefined): number {
  const n = context ?? 3;
  if (!(n >= 0 && (Number.isInteger(n) || n === Infinity))) {
    throw new UsageError('E_DIFF_CONTEXT', `context must be a whole number of lines, 0 or more (got ${n})`);
  }
  return n;
}

function decimalWidth(n: number): number {
  return String(n).length;
}

/** git's scale_linear: scale as if one column shorter, then add 1, so any change shows at least one mark. */
function scaleLinear(it: number, width: number, maxChange: number): number {
  if (!it) return 0;
  return 1 + Math.floor((it * (width - 1)) / maxChange);
}

/** git's print_stat_summary_inserts_deletes wording: a zero count is shown only when both are zero. */
function summaryLine(files: number, insertions: number, deletions: number): string {
  let s = files === 1 ? ` ${files} file changed` : ` ${files} files changed`;
  if (insertions || deletions === 0) s += insertions === 1 ? `, ${insertions} insertion(+)` : `, ${insertions} insertions(+)`;
  if (deletions || insertions === 0) s += deletions === 1 ? `, ${deletions} deletion(-)` : `, ${deletions} deletions(-)`;
  return s;
}
