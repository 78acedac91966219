/**
 * A small JavaScript / TypeScript tokenizer for the residue scan: identifiers, punctuation, string and template
 * literals (substitutions lexed as code), comments, and regular expression literals (told from division by the
 * token before them, which is good enough for a scan that only looks for module specifiers). JSX text is lexed as
 * if it were code: an apostrophe in it opens a string that ends at its line, so the scan recovers at the next line.
 * Independent of the tree-sitter grammars the rules use, and it never throws.
 */

export type JsTokenType = 'name' | 'punct' | 'string' | 'template' | 'regex' | 'number' | 'comment' | 'other';

export interface JsToken {
  type: JsTokenType;
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
  /** For strings and templates: the content between the quotes (up to `end` when unterminated). */
  contentStart?: number;
  contentEnd?: number;
  /** For templates: whether a `${…}` substitution occurs (its tokens follow the template's own token). */
  hasSubstitutions?: boolean;
}

const NAME = /[\p{ID_Start}$_#][\p{ID_Continue}$\u200C\u200D]*/uy;
const NUMBER = /(?:0[xXoObB][\da-fA-F_]*|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?[\d_]+)?)n?/y;
const PUNCT = />>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|\?\?=|&&=|\|\|=|=>|==|!=|<=|>=|&&|\|\||\?\?|\?\.(?!\d)|\+\+|--|\*\*|<<|>>|[-+*/%&|^]=|[{}()[\];,<>+\-*/%&|^!~?:=.@]/y;
/** After these words a `/` starts a regular expression, not a division. */
const BEFORE_REGEX_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends']);
const MAX_TEMPLATE_NESTING = 32;

/** Tokenize JavaScript, TypeScript or JSX. Never throws. */
export function tokenizeJs(text: string): JsToken[] {
  return new JsLexer(text).run();
}

class JsLexer {
  private pos = 0;
  private readonly tokens: JsToken[] = [];
  private nesting = 0;
  /** The last token that is not a comment: decides whether `/` starts a regular expression. */
  private last: JsToken | undefined;

  constructor(private readonly text: string) {}

  run(): JsToken[] {
    if (this.text.startsWith('#!')) {
      let end = 2;
      while (end < this.text.length && this.text[end] !== '\n' && this.text[end] !== '\r') end++;
      this.push('comment', 0, end);
      this.pos = end;
    }
    this.code(false);
    return this.tokens;
  }

  private push(type: JsTokenType, start: number, end: number, extra?: Partial<JsToken>): JsToken {
    const token: JsToken = { type, start, end, ...extra };
    this.tokens.push(token);
    if (type !== 'comment') this.last = token;
    return token;
  }

  private regexAllowed(): boolean {
    const last = this.last;
    if (!last) return true;
    if (last.type === 'punct') {
      const p = this.text.slice(last.start, last.end);
      return p !== ')' && p !== ']' && p !== '++' && p !== '--';
    }
    if (last.type === 'name') return BEFORE_REGEX_WORDS.has(this.text.slice(last.start, last.end));
    return false;
  }

  /** Lex code; in a template substitution, stop at its closing `}` (returns true when one was found). */
  private code(inSubstitution: boolean): boolean {
    const text = this.text;
    let braces = 0;
    while (this.pos < text.length) {
      const start = this.pos;
      const c = text[start]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00A0' || c === '\uFEFF' || c === '\u2028' || c === '\u2029') {
        this.pos++;
        continue;
      }
      if (c === '/' && text[start + 1] === '/') {
        let end = start + 2;
        while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
        this.pos = end;
        this.push('comment', start, end);
        continue;
      }
      if (c === '/' && text[start + 1] === '*') {
        const close = text.indexOf('*/', start + 2);
        const end = close === -1 ? text.length : close + 2;
        this.pos = end;
        this.push('comment', start, end);
        continue;
      }
      if (c === '"' || c === "'") {
        this.string(start, c);
        continue;
      }
      if (c === '`') {
        this.template(start);
        continue;
      }
      if (c === '/' && this.regexAllowed() && this.regex(start)) continue;
      NAME.lastIndex = start;
      const name = NAME.exec(text);
      if (name) {
        this.pos = start + name[0].length;
        this.push('name', start, this.pos);
        continue;
      }
      if ((c >= '0' && c <= '9') || (c === '.' && text[start + 1]! >= '0' && text[start + 1]! <= '9')) {
        NUMBER.lastIndex = start;
        const num = NUMBER.exec(text);
        this.pos = start + (num && num[0].length > 0 ? num[0].length : 1);
        this.push('number', start, this.pos);
        continue;
      }
      PUNCT.lastIndex = start;
      const punct = PUNCT.exec(text);
      if (punct) {
        if (inSubstitution && c === '}' && braces === 0) {
          this.pos = start + 1;
          return true;
        }
        if (c === '{') braces++;
        else if (c === '}' && braces > 0) braces--;
        this.pos = start + punct[0].length;
        this.push('punct', start, this.pos);
        continue;
      }
      const cp = text.codePointAt(start)!;
      this.pos = start + (cp > 0xffff ? 2 : 1);
      this.push('other', start, this.pos);
    }
    return false;
  }

  private string(start: number, q: string): void {
    const text = this.text;
    let at = start + 1;
    while (at < text.length) {
      const c = text[at]!;
      if (c === q) {
        this.pos = at + 1;
        this.push('string', start, at + 1, { contentStart: start + 1, contentEnd: at });
        return;
      }
      if (c === '\\') {
        at += text[at + 1] === '\r' && text[at + 2] === '\n' ? 3 : 2;
        continue;
      }
      if (c === '\n' || c === '\r') break;
      at++;
    }
    // Unterminated (or an apostrophe in JSX text): the string ends at its line.
    at = Math.min(at, text.length);
    this.pos = at;
    this.push('string', start, at, { contentStart: start + 1, contentEnd: at });
  }

  private template(start: number): void {
    const text = this.text;
    const token = this.push('template', start, start, { contentStart: start + 1, contentEnd: start + 1, hasSubstitutions: false });
    let at = start + 1;
    while (at < text.length) {
      const c = text[at]!;
      if (c === '`') {
        token.contentEnd = at;
        token.end = at + 1;
        this.pos = at + 1;
        this.last = token;
        return;
      }
      if (c === '\\') {
        at += 2;
        continue;
      }
      if (c === '$' && text[at + 1] === '{' && this.nesting < MAX_TEMPLATE_NESTING) {
        token.hasSubstitutions = true;
        this.nesting++;
        this.pos = at + 2;
        this.last = undefined;
        this.code(true);
        this.nesting--;
        at = this.pos;
        continue;
      }
      at++;
    }
    token.contentEnd = text.length;
    token.end = text.length;
    this.pos = text.length;
    this.last = token;
  }

  /** A regular expression literal at `start`; false (nothing consumed) when none ends on this line. */
  private regex(start: number): boolean {
    const text = this.text;
    let at = start + 1;
    let inClass = false;
    while (at < text.length) {
      const c = text[at]!;
      if (c === '\n' || c === '\r') return false;
      if (c === '\\') {
        at += 2;
        continue;
      }
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) {
        at++;
        while (at < text.length && /[\p{ID_Continue}$]/u.test(text[at]!)) at++;
        this.pos = at;
        this.push('regex', start, at);
        return true;
      }
      at++;
    }
    return false;
  }
}
