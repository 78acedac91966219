/** Ctrl-C while `apply` or `rollback` writes: say what state the tree is in and how to go on (docs/engine.md). */
import { CanonizeError } from '../../src/index.js';
import type { CommandContext } from './context.js';
import { errorJson, jsonText } from './json-output.js';

const STOPPED = 'interrupted (SIGINT): canonize stopped';
const STATE =
  'Every file holds its original or its new bytes, never a mix; `canonize rollback` undoes the run and `canonize apply` finishes it (each first recovers it from the journal)';

export const INTERRUPTED = `${STOPPED}. ${STATE}`;

/** Say it on stderr, or with `--json` as the JSON error `E_INTERRUPTED` (exit 130) on stdout. */
export function sayInterrupted(ctx: CommandContext): void {
  if (ctx.json) ctx.io.stdout(jsonText(errorJson(new CanonizeError('E_INTERRUPTED', STOPPED, STATE))));
  else ctx.err(INTERRUPTED);
}

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
