/** The `shape` rule kind: `python.shapes` and `typescript.shapes`, legacy event literals made canonical (docs/shape-rule.md). */
import { z } from 'zod';
import { defineRuleKind, type RuleCompileContext } from '../../core/rule-kind.js';
import { compileShapes } from './compiled.js';
import { createPythonShapeTransform } from './python.js';
import { shapeIdParts, ShapeSpec } from './spec.js';
import { createTsShapeTransform } from './typescript.js';

// No default: a config without shapes normalises (and hashes) exactly as it did before the kind existed, so its
// plans' configHash does not change.
const SHAPES = 'Legacy event shapes (the `shape` rule): dict / object literals matching one become its canonical shape; the first shape that matches a literal owns it.';

/** One language's `shapes` field: the same declaration, compiled into that language's transform. */
function shapesIn(createTransform: typeof createPythonShapeTransform) {
  return {
    field: z.array(ShapeSpec).optional().describe(SHAPES),
    idParts: (shape: ShapeSpec) => shapeIdParts(shape),
    compile(shapes: ShapeSpec[] | undefined, { file, prefix }: RuleCompileContext) {
      const compiled = compileShapes(shapes ?? [], prefix, file);
      return compiled.length === 0 ? [] : [createTransform(compiled)];
    },
  };
}

export const shapeKind = defineRuleKind({
  id: 'shape',
  key: 'shapes',
  // After moves and calls: a literal is rewritten once the code around it is.
  phase: 3,
  languages: { python: shapesIn(createPythonShapeTransform), typescript: shapesIn(createTsShapeTransform) },
});
