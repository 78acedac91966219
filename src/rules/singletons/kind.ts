/** The `singletons` rule kind: `python.singletons`, reports of per-user objects made global (docs/call-rule.md). */
import { z } from 'zod';
import { defineRuleKind, type RuleCompileContext } from '../../core/rule-kind.js';
import { qualifiedName, type PythonSectionOptions } from '../../languages/python/config.js';
import { createPythonSingletonsTransform } from './python.js';

export const singletonsKind = defineRuleKind({
  id: 'singletons',
  key: 'singletons',
  phase: 1,
  languages: {
    python: {
      field: z
        .array(qualifiedName)
        .default([])
        .describe('Manager / factory names whose instances must be per user: module-level instances and functions caching one global instance are reported.'),
      compile(names: string[], { options }: RuleCompileContext<PythonSectionOptions>) {
        if (names.length === 0) return [];
        return [createPythonSingletonsTransform(names, options)];
      },
    },
  },
});
