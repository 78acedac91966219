/**
 * The shape rule in TypeScript / JavaScript: object literals of a shape (`{ type: 'agent_started', ... }`, read by
 * ts-literal.ts) made canonical, events built step by step reported, and the reads of their keys rewritten or
 * reported (consumers-typescript.ts).
 */
import type Parser from 'tree-sitter';
import type { Transform } from '../../core/types.js';
import type { CompiledShape } from './compiled.js';
import type { ShapeSyntax } from './model.js';
import { readTsObject, stringValue } from './ts-literal.js';
import { tsConsumers } from './consumers-typescript.js';
import { reportOtherForms, runShapes, type LiteralCandidate, type OtherForm } from './run.js';

type SyntaxNode = Parser.SyntaxNode;

const IGNORE_MARKER = /(\/\/|\/\*).*\bcanonize:\s*ignore\b/;

const TS_SYNTAX: ShapeSyntax = {
  keyLike: (model, name) => `${model.keyQuote ?? ''}${name}${model.keyQuote ?? ''}`,
  renameShorthand: (_entry, value, name) => `${name}: ${value}`,
  number: (seconds) => seconds,
  indent: '  ',
};

/** Whether the line `at` is on carries `// canonize: ignore`. */
function suppressedAt(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  return IGNORE_MARKER.test(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd));
}

/** Events built step by step: `evt.type = 'agent_started'`, `evt['type'] = 'agent_started'`. */
function* otherForms(root: SyntaxNode, text: string): Generator<OtherForm> {
  for (const node of root.descendantsOfType('assignment_expression')) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const value = right ? stringValue(right) : undefined;
    let key: string | undefined;
    if (left?.type === 'member_expression') key = left.childForFieldName('property')?.text;
    else if (left?.type === 'subscript_expression') {
      const index = left.childForFieldName('index');
      key = index ? stringValue(index) : undefined;
    }
    if (key !== undefined && value !== undefined) yield { at: node.startIndex, key, value, how: 'built step by step', suppressed: suppressedAt(text, node.startIndex) };
  }
}

/** The shape rule over TypeScript and JavaScript files. */
export function createTsShapeTransform(shapes: readonly CompiledShape[]): Transform {
  return {
    id: 'ts-shape',
    languages: ['typescript', 'tsx'],
    needles: [...new Set(shapes.flatMap((s) => s.needles))],
    run(ctx) {
      const text = ctx.file.text;
      const candidates = function* (): Generator<LiteralCandidate> {
        for (const node of ctx.tree.rootNode.descendantsOfType('object')) {
          yield { start: node.startIndex, end: node.endIndex, suppressed: suppressedAt(text, node.startIndex), read: () => readTsObject(node) };
        }
      };
      const rewritten = runShapes(ctx, shapes, candidates(), TS_SYNTAX);
      reportOtherForms(ctx, shapes, otherForms(ctx.tree.rootNode, text));
      tsConsumers(ctx, shapes, { suppressed: (at) => suppressedAt(text, at), rewritten });
    },
  };
}
