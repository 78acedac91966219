/**
 * Reading and writing source bytes. A file is decoded explicitly: UTF-8 (with or without a byte-order mark), or,
 * for Python, the codec a PEP 263 coding line names. A file is only accepted when decoding and re-encoding
 * reproduces its bytes exactly, so that edits made on the text can be written back without touching any other
 * byte. Line endings are never normalised: CRLF, LF and mixed files keep theirs.
 */
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { CanonizeError } from './errors.js';
import type { Language, SourceFile } from './types.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Why a file could not be read as source. `kind` is stable; `message` is for people. */
export interface SourceSkip {
  kind: 'binary' | 'too-large' | 'not-utf8' | 'unknown-codec' | 'unreadable';
  message: string;
}

export interface DecodedSource {
  text: string;
  encoding: string;
  bom: boolean;
}

/** sha256 (hex) of raw bytes: the base hash of a file plan. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The dominant line ending of a text: CRLF when most line breaks are CRLF, else LF. */
export function dominantEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * A skip for a file in UTF-16 or UTF-32 (told by its byte-order mark), which canonize does not read: without this
 * such a file looks binary, or its legacy imports are simply not found in its bytes and it passes as unchanged.
 */
export function wideEncoding(bytes: Uint8Array): SourceSkip | undefined {
  const b = (i: number) => bytes[i];
  const name =
    b(0) === 0xff && b(1) === 0xfe && b(2) === 0 && b(3) === 0
      ? 'UTF-32 LE'
      : b(0) === 0 && b(1) === 0 && b(2) === 0xfe && b(3) === 0xff
        ? 'UTF-32 BE'
        : b(0) === 0xff && b(1) === 0xfe
          ? 'UTF-16 LE'
          : b(0) === 0xfe && b(1) === 0xff
            ? 'UTF-16 BE'
            : undefined;
  return name ? { kind: 'not-utf8', message: `${name} (byte-order mark): not supported; canonize reads UTF-8 and PEP 263 codecs — convert the file to UTF-8` } : undefined;
}

/**
 * The codec named by a PEP 263 coding declaration on line 1 or 2 (`# -*- coding: latin-1 -*-`), lower-cased,
 * or undefined. Per PEP 263 the second line only counts when the first is a comment or blank.
 */
export function pep263Codec(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 400)).toString('latin1');
  const lines = head.split(/\r\n|\r|\n/, 2);
  const re = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = re.exec(line);
    if (m) return m[1]!.toLowerCase();
    if (i === 0 && !/^[ \t\f]*(#.*)?$/.test(line)) return undefined;
  }
  return undefined;
}

function isUtf8Name(codec: string): boolean {
  return /^utf[-_]?8(([-_]sig)?)$/.test(codec);
}

/**
 * Decode source bytes. Python files may name another codec with a PEP 263 line; anything else must be UTF-8.
 * Returns a skip reason rather than throwing.
 */
export function decodeSource(bytes: Uint8Array, language: Language): DecodedSource | SourceSkip {
  const wide = wideEncoding(bytes);
  if (wide) return wide;
  if (looksBinary(bytes)) return { kind: 'binary', message: 'binary file (contains NUL bytes)' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const codec = language === 'python' && !bom ? pep263Codec(bytes) : undefined;
  if (codec === undefined || isUtf8Name(codec)) {
    try {
      return { text: utf8.decode(body), encoding: 'utf-8', bom };
    } catch {
      return {
        kind: 'not-utf8',
        message: codec ? `declares coding ${codec} but is not valid UTF-8` : 'not valid UTF-8 (and no PEP 263 coding line names another codec)',
      };
    }
  }
  if (!iconv.encodingExists(codec)) return { kind: 'unknown-codec', message: `PEP 263 coding "${codec}" is not a codec canonize can decode` };
  const text = iconv.decode(Buffer.from(body), codec, { stripBOM: false });
  // Only accept a codec that gives back exactly the same bytes: otherwise a write could change untouched text.
  if (!iconv.encode(text, codec).equals(Buffer.from(body))) {
    return { kind: 'not-utf8', message: `bytes do not round-trip through declared coding ${codec}` };
  }
  return { text, encoding: codec, bom: false };
}

/** Text that the file's encoding cannot hold: writing it would silently substitute characters. */
export class UnencodableTextError extends CanonizeError {
  override readonly name = 'UnencodableTextError';
  constructor(
    readonly encoding: string,
    /** UTF-16 index of the first character that does not survive, and the line and column it is on (1-based). */
    readonly index: number,
    readonly line: number,
    readonly column: number,
    what: string,
  ) {
    super('E_UNENCODABLE', `line ${line}:${column}: ${what}`, 'change the rule\'s replacement text, or convert the file to UTF-8 first');
  }
}

function unencodable(text: string, encoding: string, index: number, what: string): UnencodableTextError {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return new UnencodableTextError(encoding, index, line, column, what);
}

/** Index of the first lone surrogate in `text` (a half of a UTF-16 pair that UTF-8 cannot encode), or -1. */
function loneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Encode text back to bytes with the file's codec and BOM: the inverse of {@link decodeSource}. Checked: the
 * bytes must decode back to exactly `text`, else {@link UnencodableTextError} (iconv would write `?` for a
 * character the codec lacks, and UTF-8 U+FFFD for half a surrogate pair — a silent substitution).
 */
export function encodeSource(text: string, encoding: string, bom: boolean): Buffer {
  let body: Buffer;
  if (encoding === 'utf-8') {
    const bad = loneSurrogate(text);
    if (bad !== -1) throw unencodable(text, encoding, bad, `half of a UTF-16 surrogate pair (U+${text.charCodeAt(bad).toString(16).toUpperCase()}) cannot be written as UTF-8`);
    body = Buffer.from(text, 'utf8');
  } else {
    if (!iconv.encodingExists(encoding)) throw new CanonizeError('E_UNENCODABLE', `unknown encoding ${encoding}`);
    body = iconv.encode(text, encoding);
    const back = iconv.decode(body, encoding, { stripBOM: false });
    if (back !== text) {
      let i = 0;
      while (i < text.length && text[i] === back[i]) i++;
      const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
      throw unencodable(text, encoding, i, `${JSON.stringify(ch)} (U+${(text.codePointAt(i) ?? 0).toString(16).toUpperCase().padStart(4, '0')}) cannot be written in the file's encoding ${encoding}`);
    }
  }
  return bom ? Buffer.concat([UTF8_BOM, body]) : body;
}

export type ReadSourceResult = { ok: true; file: SourceFile; bytes: Buffer } | { ok: false; skip: SourceSkip };

/** Build a {@link SourceFile} from bytes already in memory. */
export function sourceFromBytes(bytes: Buffer, absPath: string, path: string, language: Language): ReadSourceResult {
  const decoded = decodeSource(bytes, language);
  if ('kind' in decoded) return { ok: false, skip: decoded };
  return {
    ok: true,
    bytes,
    file: {
      path,
      absPath,
      language,
      text: decoded.text,
      encoding: decoded.encoding,
      bom: decoded.bom,
      hash: hashBytes(bytes),
      eol: dominantEol(decoded.text),
    },
  };
}
