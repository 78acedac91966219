/**
 * A toy rule kind, written as a kind under src/rules/<kind>/ is: this folder and one entry in the registry's list are
 * all it takes (test/architecture.test.ts). `python.renames: [{ from, to }]` renames every identifier `from`.
 */
import { z } from 'zod';
import { ConfigError } from '../../src/core/errors.js';
import { defineRuleKind, type RuleCompileContext } from '../../src/core/rule-kind.js';
import type { Transform } from '../../src/core/types.js';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a Python identifier');
const RenameSpec = z.strictObject({ from: identifier, to: identifier }).describe('Rename an identifier everywhere.');
type RenameSpec = z.infer<typeof RenameSpec>;

export const renameKind = defineRuleKind({
  id: 'rename',
  key: 'renames',
  phase: 3,
  languages: {
    python: {
      field: z.array(RenameSpec).default([]).describe('Identifiers to rename (a toy kind).'),
      compile(renames: RenameSpec[], { file, prefix }: RuleCompileContext): Transform[] {
        if (renames.length === 0) return [];
        const keywords = new Set(['def', 'class', 'import', 'from', 'return']);
        for (const [i, r] of renames.entries()) {
          if (keywords.has(r.to)) {
            throw new ConfigError('E_CONFIG_INVALID', `${file ?? 'config'}: invalid rename`, file, [{ field: `${prefix}[${i}].to`, message: `"${r.to}" is a keyword` }]);
          }
        }
        return [
          {
            id: 'python-rename',
            languages: ['python'],
            needles: renames.map((r) => r.from),
            run(ctx) {
              const visit = (node: typeof ctx.tree.rootNode): void => {
                if (node.type === 'identifier') {
                  const i = renames.findIndex((r) => r.from === node.text);
                  if (i !== -1) ctx.edit(node.startIndex, node.endIndex, renames[i]!.to, `${prefix}[${i}]`);
                }
                for (const child of node.children) visit(child);
              };
              visit(ctx.tree.rootNode);
            },
          },
        ];
      },
    },
  },
});
