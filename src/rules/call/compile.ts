/**
 * Compiling call rules (`python.calls`, `typescript.calls`): every pattern parses in its language, and `replace`
 * uses only what every `match` alternative binds. Errors name the field (docs/call-rule.md).
 */
import { ConfigError } from '../../core/errors.js';
import { callIdParts, fallbackRuleId } from '../../core/rule-ids.js';
import type { Language } from '../../core/types.js';
import { compilePattern, PatternError, type CompiledPattern } from './pattern.js';
import { compileTemplate } from './template.js';
import type { CompiledCall } from './compiled.js';

/** A call rule as declared, in either language. */
interface CallSpec {
  /** Its id, set when the config is loaded (src/core/rule-ids.ts); derived from `match` when absent. */
  id?: string | undefined;
  match: string | string[];
  from?: string | string[] | undefined;
  replace: string;
  to?: string | undefined;
  await: 'keep' | 'add' | 'drop';
  whenImported?: string[] | undefined;
  inside?: string | string[] | undefined;
  notInside?: string | string[] | undefined;
  exceptionTests?: 'report' | 'rewrite' | undefined;
}

/**
 * Compile call rules (`python.calls`, `typescript.calls`): every pattern parses in the language (`inside` /
 * `notInside` ones as an expression or a statement), and `replace` uses only what every `match` alternative binds.
 * Errors name the field.
 */
export function compileCalls(calls: readonly CallSpec[], language: Language, prefix: string, file: string | undefined): CompiledCall[] {
  const fail = (field: string, message: string): never => {
    throw new ConfigError('E_CONFIG_INVALID', `${file ?? 'config'}: invalid call rule`, file, [{ field, message }], 'see docs/call-rule.md');
  };
  return calls.map((call, i) => {
    // Messages about the config name the field; what the rule's edits and findings carry is its id.
    const path = `${prefix}[${i}]`;
    const id = fallbackRuleId(prefix, call, callIdParts(call));
    const sources = Array.isArray(call.match) ? call.match : [call.match];
    const patterns: CompiledPattern[] = sources.map((source, j) => {
      try {
        return compilePattern(source, language);
      } catch (err) {
        return fail(Array.isArray(call.match) ? `${path}.match[${j}]` : `${path}.match`, `pattern ${JSON.stringify(source)} ${(err as PatternError).message}`);
      }
    });
    const from = call.from === undefined ? [] : Array.isArray(call.from) ? call.from : [call.from];
    if (from.length > 0 && patterns.some((p) => !p.anchor || p.anchor.text !== patterns[0]!.anchor?.text)) {
      fail(`${path}.from`, 'every match alternative must start with the same literal callee (the name resolved against `from`)');
    }
    let template;
    for (const [j, pattern] of patterns.entries()) {
      try {
        template = compileTemplate(call.replace, pattern);
      } catch (err) {
        const which = patterns.length > 1 ? ` (match alternative ${j})` : '';
        fail(`${path}.replace`, `${(err as PatternError).message}${which}`);
      }
    }
    if (call.to !== undefined && !template!.root) fail(`${path}.to`, 'the replacement has no literal callee to import from `to`');
    // Relational constraints match enclosing code, so a statement (`with pytest.raises($$$): $$$`) is allowed.
    const relational = (field: 'inside' | 'notInside'): CompiledPattern[] | undefined => {
      const value = call[field];
      if (value === undefined) return undefined;
      return (Array.isArray(value) ? value : [value]).map((source, j) => {
        try {
          return compilePattern(source, language, { statement: true });
        } catch (err) {
          return fail(Array.isArray(value) ? `${path}.${field}[${j}]` : `${path}.${field}`, `pattern ${JSON.stringify(source)} ${(err as PatternError).message}`);
        }
      });
    };
    const relations = { inside: relational('inside'), notInside: relational('notInside') ?? [] };
    return { rule: id, field: path, patterns, template: template!, from, to: call.to, await: call.await, whenImported: call.whenImported, relations, exceptionTests: call.exceptionTests ?? 'report' };
  });
}
