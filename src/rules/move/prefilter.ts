/**
 * The Python move's finer prefilter (`mightApply`): a move of listed symbols can only change or report on a file that
 * names one of them, a string naming a legacy module, or a wildcard import — checked as whole identifiers on the raw
 * bytes, never a parse. Why it matters and what it saves: docs/performance.md.
 */
import type { Transform } from '../../core/types.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

/**
 * A test for any of `words` as a whole identifier (not inside a longer name), or undefined for none. Searched with
 * `indexOf`, which is several times faster than a regex with look-behind on files where the words are absent.
 */
export function identifierTest(words: Iterable<string>): ((text: string) => boolean) | undefined {
  const list = [...new Set(words)].sort();
  if (list.length === 0) return undefined;
  return (text) =>
    list.some((word) => {
      for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
        if (!IDENTIFIER_CHAR.test(text[at - 1] ?? ' ') && !IDENTIFIER_CHAR.test(text[at + word.length] ?? ' ')) return true;
      }
      return false;
    });
}

/** The compiled shape of a Python move, as far as the prefilter needs it. */
export interface MovePrefilterSpec {
  from: string;
  /** `*` (every name) or old name → new name. */
  symbols: '*' | ReadonlyMap<string, string>;
}

/**
 * `mightApply` for the Python `move` rule. A file can be changed or reported on only if it names a moved symbol
 * (imported, as `module.Name`, or in a dotted string), holds a string that is exactly a legacy module
 * (`import_module("a.b")`), or has a wildcard import; when sites are collected (audits), a symbol's canonical name
 * counts too. Undefined when a move takes every name (`*`): then any name can matter, and the needles alone decide.
 */
export function pythonMoveMightApply(moves: readonly MovePrefilterSpec[]): Transform['mightApply'] {
  if (moves.length === 0 || moves.some((m) => m.symbols === '*')) return undefined;
  const maps = moves.map((m) => m.symbols as ReadonlyMap<string, string>);
  const oldNames = identifierTest(maps.flatMap((m) => [...m.keys()]));
  const newNames = identifierTest(maps.flatMap((m) => [...m.values()]));
  // A string that is exactly a legacy module: the module, then a closing quote.
  const moduleString = new RegExp(`(?:${[...new Set(moves.map((m) => m.from))].map(escapeRegExp).join('|')})['"]`);
  // `from X import *`, with any spaces or line continuations between: any such import may be of a legacy module.
  const wildcard = /import[\s\\]*\*/;
  return (text, { collectSites }) =>
    Boolean(oldNames?.(text)) || moduleString.test(text) || wildcard.test(text) || (collectSites && Boolean(newNames?.(text)));
}

/** A transform with a finer prefilter added (the transform itself is left as it is). */
export function withMightApply(transform: Transform, mightApply: Transform['mightApply']): Transform {
  return mightApply ? { ...transform, mightApply } : transform;
}
