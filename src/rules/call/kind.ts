/** The `call` rule kind: `python.calls` and `typescript.calls` (docs/call-rule.md). */
import { z } from 'zod';
import { defineRuleKind, type RuleCompileContext } from '../../core/rule-kind.js';
import { callIdParts } from '../../core/rule-ids.js';
import type { PythonSectionOptions } from '../../languages/python/config.js';
import type { TypeScriptSectionOptions } from '../../languages/typescript/config.js';
import { compileCalls } from './compile.js';
import { createPythonCallTransform } from './python.js';
import { PythonCallSpec, TypeScriptCallSpec } from './spec.js';
import { createTsCallTransform } from './typescript.js';

const CALLS = 'Factory call rewrites (the `call` rule), tried in order; the first that matches a call wins.';

export const callKind = defineRuleKind({
  id: 'call',
  key: 'calls',
  // Call rules run before moves: a call they replace whole is not also renamed inside.
  phase: 0,
  languages: {
    python: {
      field: z.array(PythonCallSpec).default([]).describe(CALLS),
      idParts: (call: PythonCallSpec) => callIdParts(call),
      compile(calls: PythonCallSpec[], { file, prefix, options }: RuleCompileContext<PythonSectionOptions>) {
        const compiled = compileCalls(calls, 'python', prefix, file);
        if (compiled.length === 0) return [];
        return [createPythonCallTransform(compiled, options)];
      },
    },
    typescript: {
      field: z.array(TypeScriptCallSpec).default([]).describe(CALLS),
      idParts: (call: TypeScriptCallSpec) => callIdParts(call),
      compile(calls: TypeScriptCallSpec[], { file, prefix, options }: RuleCompileContext<TypeScriptSectionOptions>) {
        const compiled = compileCalls(calls, 'typescript', prefix, file);
        if (compiled.length === 0) return [];
        return [createTsCallTransform(compiled, { tsconfigs: options.tsconfigs, specifier: options.specifier })];
      },
    },
  },
});
