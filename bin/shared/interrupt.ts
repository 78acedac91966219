/** Ctrl-C while `apply` or `rollback` writes: say what state the tree is in and how to go on (docs/engine.md). */

export const INTERRUPTED =
  'interrupted (SIGINT): canonize stopped. Every file holds its original or its new bytes, never a mix; `canonize rollback` undoes the run and `canonize apply` finishes it (each first recovers it from the journal)';

/**
 * While apply or rollback writes, Ctrl-C (SIGINT) stops the process at once, as a kill would — the journal makes
 * that safe — but says so, and what to do, instead of exiting without a word. Exit 130. Returns the uninstaller.
 */
export function onInterrupt(say: () => void): () => void {
  const handler = () => {
    say();
    process.exit(130);
  };
  process.once('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
