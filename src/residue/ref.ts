/**
 * A residue reference: one place in code that still names a legacy module or a moved symbol, as the residue scan
 * reports it, and the helpers both language scanners use to build one (line numbers, the ignore marker, the
 * message a user can act on).
 */
import type { MovedName } from './targets.js';

/** How the reference is written. */
export type ResidueKind = 'import' | 'dotted-name' | 'string' | 'specifier';

export interface ResidueRef {
  /** UTF-16 offsets of the reference into the scanned text. */
  start: number;
  end: number;
  /** The reference as written (`text.slice(start, end)`). */
  text: string;
  kind: ResidueKind;
  /** The legacy module (a dotted Python name, or the TS module as `typescript.moves[i].from` writes it). */
  module: string;
  /** The moved symbol the reference reaches, by its legacy name; `*` for the module itself. */
  symbol: string;
  /** The id of the config rule that moves it (`python.moves/a.legacy->a.canonical`). */
  rule: string;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
  /**
   * Offsets of the statement the reference belongs to (an import statement can span lines, and a rule may report
   * it on any of them): a rule's finding or site on any line of this range accounts for the reference.
   */
  statementStart: number;
  statementEnd: number;
  /** What to do about it. */
  message: string;
}

/** Line starts of a text, for 1-based line / column lookups by binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // \n, or a \r not followed by \n (old Mac line ends count as line ends, as they do for Python).
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  /** 1-based line of an offset. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** 1-based column (UTF-16 units) of an offset. */
  column(offset: number): number {
    return offset - this.starts[this.line(offset) - 1]! + 1;
  }

  /** The text of a 1-based line, without its line end. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.text.slice(start, end);
  }
}

/** The same markers the rules honour: `# canonize: ignore` (Python), `// canonize: ignore` or `/* canonize: ignore` (TS). */
export const PYTHON_IGNORE = /#.*\bcanonize:\s*ignore\b/;
export const JS_IGNORE = /(\/\/|\/\*).*\bcanonize:\s*ignore\b/;

/** The sentence shown for a reference: what it names, where that now lives, and the two ways out. */
export function residueMessage(
  language: 'python' | 'typescript',
  kind: ResidueKind,
  written: string,
  module: string,
  symbol: string,
  moved: MovedName,
): string {
  const name = symbol === '*' || moved.newName === '*' ? undefined : moved.newName;
  const target = name === undefined ? moved.to : language === 'python' ? `${moved.to}.${name}` : `${name} from ${moved.to}`;
  const what = symbol === '*' ? `legacy module ${module}` : `${symbol} of legacy module ${module}`;
  const how = { import: 'import', 'dotted-name': 'name', string: 'string', specifier: 'module specifier' }[kind];
  const shown = written.length > 80 ? `${written.slice(0, 77)}...` : written;
  const marker = language === 'python' ? '# canonize: ignore' : '// canonize: ignore';
  return `${how} ${JSON.stringify(shown)} still reaches ${what} (${moved.rule} moves it to ${target}): rewrite it to ${target} or mark the line \`${marker}\``;
}
