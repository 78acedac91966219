/**
 * A small Python tokenizer for the residue scan: identifiers, operators, strings (every prefix, triple quotes,
 * f-strings with their replacement fields lexed as code), comments, and the logical-line structure (line
 * continuations, brackets) that tells where a statement starts. It is deliberately independent of the tree-sitter
 * grammar the rules use, and it never throws: malformed input (an unterminated string, a stray character) becomes
 * a token and the scan goes on.
 */

/** What a token is. `newline` ends a logical line (outside brackets); blank lines and comments do not. */
export type PyTokenType = 'name' | 'op' | 'string' | 'number' | 'comment' | 'newline' | 'other';

export interface PyToken {
  type: PyTokenType;
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
  /** Bracket depth before the token (an f-string replacement field counts as one bracket). */
  depth: number;
  /** For strings: where the content between the quotes starts and ends (`end` when unterminated). */
  contentStart?: number;
  contentEnd?: number;
  /** For strings: the prefix letters, lower-cased (`''`, `'r'`, `'f'`, `'rb'`, ...). */
  prefix?: string;
  /** For f-/t-strings: whether a replacement field occurs in it (its tokens follow the string's own token). */
  hasFields?: boolean;
  /** Set on the tokens of an f-string's replacement field. */
  inField?: boolean;
}

const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u00B7\u0387\u1369-\u1371\u19DA\u200C\u200D]*/uy;
const NUMBER = /(?:0[xX][\da-fA-F_]*|0[oO][0-7_]*|0[bB][01_]*|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?[\d_]+)?)[jJlL]?/y;
const OPERATOR = /\*\*=|\/\/=|>>=|<<=|\.\.\.|->|:=|==|!=|<=|>=|<>|\*\*|\/\/|<<|>>|[-+*/%@&|^~<>]=|[-+*/%@&|^~<>=.,:;()[\]{}!]/y;
const STRING_PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;
/** Nesting of f-strings inside f-string fields beyond which fields are skipped as text (malformed or adversarial input). */
const MAX_FSTRING_NESTING = 32;

/** Tokenize Python source. Never throws. */
export function tokenizePython(text: string): PyToken[] {
  return new PyLexer(text).run();
}

class PyLexer {
  private pos = 0;
  private depth = 0;
  private readonly tokens: PyToken[] = [];
  /** Whether the current logical line has a token yet (a `newline` token is only emitted after one). */
  private lineHasToken = false;
  private fstringNesting = 0;

  constructor(private readonly text: string) {}

  run(): PyToken[] {
    this.code(false);
    if (this.lineHasToken) this.push('newline', this.text.length, this.text.length);
    return this.tokens;
  }

  private push(type: PyTokenType, start: number, end: number, extra?: Partial<PyToken>): PyToken {
    const token: PyToken = { type, start, end, depth: this.depth, ...(this.fstringNesting > 0 ? { inField: true } : {}), ...extra };
    this.tokens.push(token);
    if (type !== 'comment' && type !== 'newline') this.lineHasToken = true;
    return token;
  }

  /**
   * Lex code. With `inField`, this is an f-string replacement field: stop before the `}`, `:` (format spec) or
   * `!` (conversion) that ends it at the field's own bracket level, or at a line end of a single-quoted f-string.
   * Returns the character that stopped it (`''` at the end of the text).
   */
  private code(inField: boolean, singleLine = false): string {
    const text = this.text;
    const baseDepth = this.depth;
    while (this.pos < text.length) {
      const start = this.pos;
      const c = text[start]!;
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
        this.pos++;
        continue;
      }
      if (c === '\\') {
        // A line continuation (or a stray backslash): joins lines, no token.
        this.pos++;
        if (text[this.pos] === '\r') this.pos++;
        if (text[this.pos] === '\n') this.pos++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        if (inField && singleLine && this.depth === baseDepth) return c;
        this.pos += c === '\r' && text[start + 1] === '\n' ? 2 : 1;
        if (this.depth === 0 && this.lineHasToken) {
          this.push('newline', start, this.pos);
          this.lineHasToken = false;
        }
        continue;
      }
      if (c === '#') {
        let end = start;
        while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
        this.pos = end;
        this.push('comment', start, end);
        continue;
      }
      if (inField && this.depth === baseDepth && (c === '}' || c === ':' || (c === '!' && text[start + 1] !== '='))) return c;
      if (c === '"' || c === "'") {
        this.string(start, start);
        continue;
      }
      NAME.lastIndex = start;
      const name = NAME.exec(text);
      if (name) {
        const end = start + name[0].length;
        if ((text[end] === '"' || text[end] === "'") && STRING_PREFIX.test(name[0])) {
          this.string(start, end);
          continue;
        }
        this.pos = end;
        this.push('name', start, end);
        continue;
      }
      if ((c >= '0' && c <= '9') || (c === '.' && text[start + 1]! >= '0' && text[start + 1]! <= '9')) {
        NUMBER.lastIndex = start;
        const num = NUMBER.exec(text);
        const end = num && num[0].length > 0 ? start + num[0].length : start + 1;
        this.pos = end;
        this.push('number', start, end);
        continue;
      }
      OPERATOR.lastIndex = start;
      const op = OPERATOR.exec(text);
      if (op) {
        const end = start + op[0].length;
        if (c === '(' || c === '[' || c === '{') {
          this.push('op', start, end);
          this.depth++;
        } else if (c === ')' || c === ']' || c === '}') {
          // An unbalanced closer at the field's level ends nothing here; never go below the level we started at.
          if (this.depth > baseDepth) this.depth--;
          this.push('op', start, end);
        } else this.push('op', start, end);
        this.pos = end;
        continue;
      }
      // Anything else (`$`, `?`, a backtick, a lone surrogate, a non-identifier symbol) is one token.
      const cp = text.codePointAt(start)!;
      this.pos = start + (cp > 0xffff ? 2 : 1);
      this.push('other', start, this.pos);
    }
    return '';
  }

  /** A string literal starting at `start` whose quote is at `quoteAt` (after the prefix). */
  private string(start: number, quoteAt: number): void {
    const text = this.text;
    const prefix = text.slice(start, quoteAt).toLowerCase();
    const q = text[quoteAt]!;
    const triple = text[quoteAt + 1] === q && text[quoteAt + 2] === q;
    const contentStart = quoteAt + (triple ? 3 : 1);
    const formatted = /[ft]/.test(prefix);
    const token = this.push('string', start, start, { contentStart, contentEnd: contentStart, prefix });
    const closes = (at: number) => text[at] === q && (!triple || (text[at + 1] === q && text[at + 2] === q));
    let at = contentStart;
    let hasFields = false;
    while (at < text.length) {
      const c = text[at]!;
      if (closes(at)) {
        token.contentEnd = at;
        token.end = at + (triple ? 3 : 1);
        this.pos = token.end;
        if (formatted) token.hasFields = hasFields;
        return;
      }
      if (c === '\\') {
        const next = text[at + 1];
        // In an f-string a backslash does not escape a brace, and `\N{NAME}` (not raw) is a character, not a field.
        if (formatted && (next === '{' || next === '}')) at++;
        else if (formatted && next === 'N' && text[at + 2] === '{' && !prefix.includes('r')) {
          const close = text.indexOf('}', at + 3);
          at = close === -1 ? text.length : close + 1;
        } else at += 2;
        continue;
      }
      if (!triple && (c === '\n' || c === '\r')) break;
      if (formatted && c === '{') {
        if (text[at + 1] === '{') {
          at += 2;
          continue;
        }
        if (this.fstringNesting >= MAX_FSTRING_NESTING) {
          at++;
          continue;
        }
        hasFields = true;
        at = this.field(at, !triple);
        continue;
      }
      at++;
    }
    // Unterminated: a single-quoted string ends at its line, a triple-quoted one at the end of the text.
    token.contentEnd = Math.min(at, text.length);
    token.end = token.contentEnd;
    this.pos = token.end;
    if (formatted) token.hasFields = hasFields;
  }

  /** An f-string replacement field whose `{` is at `open`; returns the offset after it. */
  private field(open: number, singleLine: boolean): number {
    const text = this.text;
    this.fstringNesting++;
    this.depth++;
    this.pos = open + 1;
    let stop = this.code(true, singleLine);
    if (stop === '!') {
      this.pos++;
      stop = this.code(true, singleLine);
    }
    if (stop === ':') {
      // The format spec is text, in which further fields may nest.
      let at = this.pos + 1;
      while (at < text.length && text[at] !== '}') {
        if (singleLine && (text[at] === '\n' || text[at] === '\r')) break;
        if (text[at] === '{') {
          at = this.field(at, singleLine);
          continue;
        }
        at++;
      }
      this.pos = at;
    }
    this.depth--;
    this.fstringNesting--;
    return text[this.pos] === '}' ? this.pos + 1 : this.pos;
  }
}
