/**
 * The text layer of discovery's Python scanner (python-scan.ts): a source with its comments and string contents
 * blanked, offsets kept, and its logical lines. Only what a scanner needs: no tokens, no tree.
 */

/** A masked source: string contents and comments blanked (offsets kept), and where each string's content is. */
export interface Masked {
  code: string;
  strings: { start: number; end: number; triple: boolean }[];
}

/** A comment, or a string literal (triple-quoted first); escapes are skipped, so `"\""` is one string. */
const TOKENS = /#[^\n]*|"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|'''(?:[^'\\]|\\[\s\S]|'(?!''))*'''|"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*'/g;

/** Blank strings and comments; undefined when a string or a bracket is left open. */
export function mask(text: string): Masked | undefined {
  const strings: Masked['strings'] = [];
  const code = text.replace(TOKENS, (token: string, offset: number) => {
    if (token[0] === '#') return ' '.repeat(token.length);
    const quote = token.startsWith('"""') || token.startsWith("'''") ? 3 : 1;
    strings.push({ start: offset + quote, end: offset + token.length - quote, triple: quote === 3 });
    // Newlines too: a string never ends a logical line (line numbers come from the text itself).
    const inner = /[fF]/.test(text.slice(Math.max(0, offset - 2), offset)) ? interpolations(token.slice(quote, -quote)) : ' '.repeat(token.length - 2 * quote);
    return token.slice(0, quote) + inner + token.slice(-quote);
  });
  // A quote in the code that no string accounts for opens a string that never closes.
  const quotes = strings.reduce((n, x) => n + 2 * (x.triple ? 3 : 1), 0);
  if ((code.match(/["']/g)?.length ?? 0) !== quotes) return undefined;
  let depth = 0;
  for (const m of code.matchAll(/[()[\]{}]/g)) depth += '([{'.includes(m[0]) ? 1 : -1;
  return depth === 0 ? { code, strings } : undefined;
}

/** In an f-string, names and dots inside `{…}` stay readable, so `f"{uuid.uuid4()}"` is a use of `uuid.uuid4`. */
function interpolations(content: string): string {
  let depth = 0;
  let out = '';
  for (let k = 0; k < content.length; k++) {
    const c = content[k]!;
    if (c === '{' && depth === 0 && content[k + 1] === '{') {
      out += '  ';
      k++;
    } else if (c === '{') {
      depth++;
      out += ' ';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ' ';
    } else if (depth > 0) out += /[\w.]/.test(c) ? c : '~'; // `~` ends a chain, as the call or subscript did
    else out += ' ';
  }
  return out;
}

/** One logical line: its offsets and the indentation of its first physical line. */
export interface Logical {
  start: number;
  end: number;
  indent: number;
}

/** Logical lines of masked code (blank ones dropped): newlines inside brackets or after a backslash continue a line. */
export function logicalLines(code: string): Logical[] {
  const lines: Logical[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '\\' && code[i + 1] === '\n') i++;
    else if (c === undefined || (c === '\n' && depth === 0)) {
      const body = code.slice(start, i);
      const indent = /^[ \t]*/.exec(body)![0].length;
      if (body.trim() !== '') lines.push({ start: start + indent, end: start + body.trimEnd().length, indent });
      start = i + 1;
    }
  }
  return lines;
}

