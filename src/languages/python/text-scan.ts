/**
 * Reading Python files for the project index without parsing them: the `from … import …` statements of a text, and
 * a file reader that reuses one buffer. Shared by the importers scan (facts.ts) and the callers scan (callers.ts),
 * which read each file once between them.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

/**
 * `from MODULE import a, b as c` statements (absolute or relative, parenthesised or continued with `\`), found in
 * the text: enough to know which module a name is imported from, without parsing the file.
 */
const FROM_IMPORT = /[ \t]*from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import[ \t]*(\([^)]*\)|(?:[^\n#;\\]|\\\r?\n)*)/y;

/**
 * Every match of {@link FROM_IMPORT} at the start of a line (after `\n` or `\r`, as a multiline `^` would), in order
 * and not overlapping. The regex is tried only where a line's first word is `from`, found with `indexOf`: a multiline
 * `^…` regex is tried at every position of the text, which made it most of the importers scan's time.
 */
export function* fromImports(text: string): Generator<RegExpExecArray> {
  let end = 0;
  let tried = -1;
  for (let at = text.indexOf('from'); at !== -1; at = text.indexOf('from', at + 4)) {
    let start = at;
    while (start > 0 && (text.charCodeAt(start - 1) === SPACE || text.charCodeAt(start - 1) === TAB)) start--;
    if (start < end || start === tried || (start > 0 && text.charCodeAt(start - 1) !== LF && text.charCodeAt(start - 1) !== CR)) continue;
    tried = start;
    FROM_IMPORT.lastIndex = start;
    const m = FROM_IMPORT.exec(text);
    if (!m) continue;
    end = start + m[0].length;
    yield m;
  }
}

/** Reads files into one reused buffer: most files are searched and dropped, and a buffer per file only churns memory. */
export class Reader {
  private buffer = Buffer.allocUnsafeSlow(256 * 1024);

  /** The file's bytes, as a view the next read overwrites. */
  read(path: string): Buffer {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(Math.max(size, 2 * this.buffer.length));
      let length = 0;
      for (let n = -1; length < size && n !== 0; length += n) n = readSync(fd, this.buffer, length, size - length, null);
      return this.buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }
}
