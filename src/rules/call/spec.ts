/**
 * The declared form of a call rule, shared by `python.calls` and `typescript.calls`: the languages differ only in
 * how a module is written (a dotted Python module, or a TS module file / specifier).
 */
import { z } from 'zod';
import { ruleIdField } from '../../core/rule-ids.js';
import { dottedModule } from '../../languages/python/config.js';
import { moduleRef } from '../../languages/typescript/config.js';

/** A relational constraint: one pattern or a list of alternatives (any of them may match). */
function relational(language: 'Python' | 'TypeScript') {
  return z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe(`A ${language} expression or statement pattern, or a list of alternatives.`);
}

/** The zod schema of one call rule in `language`, whose modules are written as `module` validates them. */
export function callRuleSpec(module: z.ZodString, language: 'Python' | 'TypeScript') {
  return z
    .strictObject({
      id: ruleIdField,
      match: z
        .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
        .describe(`A ${language} expression pattern (or a list of alternatives): \`$X\` one node, \`$$$X\` zero or more arguments, \`$_\` anything.`),
      from: z
        .union([module, z.array(module).min(1)])
        .optional()
        .describe("Module(s) the pattern's leading callee must be imported from (through any import form); calls of anything else with that name are left alone."),
      replace: z.string().min(1).describe('The replacement expression; may use only metavariables every `match` alternative binds.'),
      to: module.optional().describe("Module the replacement's leading callee is imported from (the import is added, and merged)."),
      await: z
        .enum(['keep', 'add', 'drop'])
        .default('keep')
        .describe('`drop` removes an enclosing `await` (the canonical call is synchronous); `add` awaits the call (only inside an async function).'),
      whenImported: z.array(module).min(1).optional().describe('Only rewrite in files that import one of these modules (e.g. method renames on the manager).'),
      inside: relational(language)
        .optional()
        .describe(`Only calls inside code that one of these ${language} patterns matches (any enclosing expression or statement, e.g. \`${language === 'Python' ? 'with transaction.atomic(): $$$' : 'describe($$$)'}\`). Other calls are not this rule's.`),
      notInside: relational(language)
        .optional()
        .describe(`Only calls inside no code that one of these ${language} patterns matches (e.g. \`${language === 'Python' ? 'with pytest.raises($$$): $$$' : 'expect($$$).toThrow'}\`). Those calls are not this rule's.`),
      exceptionTests: z
        .enum(['report', 'rewrite'])
        // No schema default: unset means `report` today, and leaves room for a section-wide default later.
        .optional()
        .describe(
          `What to do with a call inside code that asserts an exception (${language === 'Python' ? '`with pytest.raises(...)`, `self.assertRaises(E, lambda: ...)`' : '`expect(() => ...).toThrow()`, `expect(...).rejects`, `assert.throws(...)`'}, ...; see docs/call-rule.md): "report" it and leave it as it is (default), or "rewrite" it like any other call.`,
        ),
      note: z.string().optional(),
    })
    .describe('Rewrite a factory call shape into the canonical call.');
}

/** One factory call shape to rewrite into the canonical call (the `call` rule, in Python). */
export const PythonCallSpec = callRuleSpec(dottedModule, 'Python');
export type PythonCallSpec = z.infer<typeof PythonCallSpec>;

/** One factory call shape to rewrite into the canonical call (the `call` rule, in TypeScript). */
export const TypeScriptCallSpec = callRuleSpec(moduleRef, 'TypeScript');
export type TypeScriptCallSpec = z.infer<typeof TypeScriptCallSpec>;
