/** A call rule as the planner runs it, in either language (compiled by compile.ts from `<language>.calls[i]`). */
import type { CompiledPattern } from './pattern.js';
import type { CompiledTemplate } from './template.js';
import type { Relations } from './relations.js';

/** A call rule as the planner uses it: compiled from `python.calls[i]` or `typescript.calls[i]`. */
export interface CompiledCall {
  /** Rule id (docs/config.md, "Rule ids"), e.g. `python.calls/create_manager($CTX)`. */
  rule: string;
  /** The config field it was declared in (`python.calls[2]`), for messages about the config. */
  field: string;
  patterns: CompiledPattern[];
  template: CompiledTemplate;
  /** Modules the leading callee must be imported from (empty: any callee with the pattern's text); module refs in TS. */
  from: string[];
  to: string | undefined;
  await: 'keep' | 'add' | 'drop';
  whenImported: string[] | undefined;
  /** `inside` / `notInside`: a call whose surroundings fail them is not this rule's (no edit, site or finding). */
  relations: Relations;
  /** What to do with a call inside code that asserts an exception (the built-in list in src/rules/call/relations.ts). */
  exceptionTests: 'report' | 'rewrite';
}

/**
 * The finding for a call left alone because it is inside an exception test: why, and how to have it rewritten.
 * Shared by both languages.
 */
export function exceptionTestMessage(label: string, rule: string, language: 'python' | 'typescript'): string {
  const fails = language === 'python' ? 'raise or warn' : 'throw or reject';
  return `call inside ${label}: the test expects the legacy callee to ${fails}, and the canonical one may not; not rewritten (set exceptionTests: rewrite on the rule ${rule} to rewrite it)`;
}
