/** The `move` rule kind: `python.moves` and `typescript.moves` (docs/move-rule.md, docs/ts-move-rule.md). */
import { z } from 'zod';
import { defineRuleKind, type RuleCompileContext } from '../../core/rule-kind.js';
import { fallbackRuleId, moveIdParts } from '../../core/rule-ids.js';
import type { PythonSectionOptions } from '../../languages/python/config.js';
import type { TypeScriptSectionOptions } from '../../languages/typescript/config.js';
import { checkMoves, PYTHON_MOVES, TYPESCRIPT_MOVES } from './check.js';
import { pythonMoveMightApply, withMightApply } from './prefilter.js';
import type { CompiledPythonMove } from './python/moves.js';
import { createPythonMoveTransform } from './python/transform.js';
import { PythonMoveSpec, symbolMapOf, TypeScriptMoveSpec } from './spec.js';
import { compileTypeScriptMoves } from './typescript/transform.js';

const MOVES = 'Module and symbol relocations, applied in order.';

export const moveKind = defineRuleKind({
  id: 'move',
  key: 'moves',
  phase: 2,
  languages: {
    python: {
      field: z.array(PythonMoveSpec).default([]).describe(MOVES),
      idParts: (move: PythonMoveSpec) => moveIdParts(move),
      check: (moves: PythonMoveSpec[], { prefix }: RuleCompileContext<PythonSectionOptions>) => checkMoves(moves, { prefix, ...PYTHON_MOVES }),
      compile(moves: PythonMoveSpec[], { prefix, options }: RuleCompileContext<PythonSectionOptions>) {
        if (moves.length === 0) return [];
        const compiled: CompiledPythonMove[] = moves.map((move) => ({ rule: fallbackRuleId(prefix, move, moveIdParts(move)), from: move.from, to: move.to, symbols: symbolMapOf(move.symbols) }));
        const transform = createPythonMoveTransform(compiled, options);
        // The move's needles are module names' last segments (common words); the finer prefilter looks for its symbols.
        return [withMightApply(transform, pythonMoveMightApply(compiled))];
      },
    },
    typescript: {
      field: z.array(TypeScriptMoveSpec).default([]).describe(MOVES),
      idParts: (move: TypeScriptMoveSpec) => moveIdParts(move),
      check: (moves: TypeScriptMoveSpec[], { prefix }: RuleCompileContext<TypeScriptSectionOptions>) => checkMoves(moves, { prefix, ...TYPESCRIPT_MOVES }),
      compile: (moves: TypeScriptMoveSpec[], { prefix, options }: RuleCompileContext<TypeScriptSectionOptions>) => compileTypeScriptMoves({ ...options, moves }, prefix),
    },
  },
});
