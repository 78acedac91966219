/**
 * The prefilter: what keeps most files from ever being decoded or parsed. Each transform declares literal `needles`
 * (any one of them must occur in a file the transform could change or report on); a transform may add a finer
 * `mightApply` check that runs only on files containing a needle. Both look at the raw bytes (read as latin-1, so
 * ASCII is ASCII whatever the file's encoding), never at a parse.
 *
 * The finer check matters because the cheapest sound needles are often common words. A `move` rule must find
 * `from .manager import X` by the module's last segment alone, so its needles are words like `manager` and
 * `websocket` that a real codebase uses everywhere; but a move of listed symbols can only change or report on a
 * file that names one of those symbols, a string naming the module, or a wildcard import. Checking that as whole
 * identifiers cuts the files parsed for a move by an order of magnitude on the benchmark tree (docs/performance.md).
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
