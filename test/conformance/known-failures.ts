/**
 * Failures the conformance sample finds today, each tied to its entry in the findings (docs/conformance.md,
 * "What it found"). The sample test requires the failures found to be exactly these: a new one fails the test,
 * and so does one that is fixed (remove its entry here when a fix lands, so the list only shrinks). The sample's
 * relocations are drawn from the machine's standard library (Python 3.11.7 here): another Python draws others.
 */
import type { Failure } from './harness.js';

export interface KnownFailure {
  corpus: string;
  check: Failure['check'];
  path: string;
  /** The start of the failure's detail. */
  detail: string;
  /** The finding it comes from (docs/conformance.md). */
  finding: string;
}

export const KNOWN_FAILURES: readonly KnownFailure[] = [];

/** The known failure a failure matches, if any. */
export function knownFailure(corpus: string, failure: Failure): KnownFailure | undefined {
  return KNOWN_FAILURES.find((k) => k.corpus === corpus && k.check === failure.check && k.path === failure.path && failure.detail.startsWith(k.detail));
}
