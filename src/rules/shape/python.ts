/**
 * The shape rule in Python: dict literals (`{"type": "agent_started", ...}`) read into the language-neutral model
 * (model.ts). A key is a plain string literal (`"k"`, `'k'`, `u"k"`); `**kwargs` entries, f-string and non-literal
 * keys make a literal unreadable, and it is reported rather than guessed.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import type { Transform, TransformContext } from '../../core/types.js';
import { analyzeScopes, type ScopeAnalysis } from '../../languages/python/scope.js';
import type { CompiledShape } from './compiled.js';
import type { ShapeSyntax } from './model.js';
import { readPythonDict, stringContent } from './python-literal.js';
import { pythonConsumers } from './consumers-python.js';
import { reportOtherForms, runShapes, type LiteralCandidate, type OtherForm } from './run.js';


const IGNORE_MARKER = /#.*\bcanonize:\s*ignore\b/;

const PYTHON_SYNTAX: ShapeSyntax = {
  keyLike: (model, name) => `${model.keyQuote ?? '"'}${name}${model.keyQuote ?? '"'}`,
  renameShorthand: (_entry, text) => text,
  // The canonical timestamp is a float in Python: `1696154400.0`, never an int.
  number: (seconds) => (seconds.includes('.') ? seconds : `${seconds}.0`),
  indent: '    ',
};

/** Python's builtin functions and types (lower-case names of `builtins`): bound everywhere. */
const BUILTINS = new Set(
  ('abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr dict dir divmod ' +
    'enumerate eval exec filter float format frozenset getattr globals hasattr hash hex id input int isinstance issubclass iter len ' +
    'list locals map max memoryview min next object oct open ord pow print property range repr reversed round set setattr slice ' +
    'sorted staticmethod str sum super tuple type vars zip').split(' '),
);

/** The file's syntax with `bound`: a name bound in the scope of the literal (or an enclosing one), or a builtin. */
function syntaxOf(ctx: TransformContext): ShapeSyntax {
  let scopes: ScopeAnalysis | undefined;
  return {
    ...PYTHON_SYNTAX,
    bound(name, at) {
      if (BUILTINS.has(name)) return true;
      scopes ??= analyzeScopes(ctx.tree.rootNode);
      const scope = scopes.scopeOf(ctx.tree.rootNode.descendantForIndex(at, at));
      return scopes.resolve(scope, name).bindings.has(name);
    },
  };
}

/** Whether the line `at` is on carries `# canonize: ignore`. */
function suppressedAt(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  return IGNORE_MARKER.test(text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd));
}

/** The plain string content of `node`, or undefined. */
function plainString(node: SyntaxNode | null, text: string): string | undefined {
  const content = node ? stringContent(node) : undefined;
  return content ? text.slice(content.start, content.end) : undefined;
}

/** Events built without one literal: `evt["type"] = "agent_started"`, `dict(type="agent_started", ...)`. */
function* otherForms(root: SyntaxNode, text: string): Generator<OtherForm> {
  for (const node of root.descendantsOfType(['assignment', 'call'])) {
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const key = left?.type === 'subscript' ? plainString(left.childForFieldName('subscript'), text) : undefined;
      const value = plainString(node.childForFieldName('right'), text);
      if (key !== undefined && value !== undefined) yield { at: node.startIndex, key, value, how: 'built step by step', suppressed: suppressedAt(text, node.startIndex) };
    } else if (node.childForFieldName('function')?.text === 'dict') {
      for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg.type !== 'keyword_argument') continue;
        const value = plainString(arg.childForFieldName('value'), text);
        const key = arg.childForFieldName('name')?.text;
        if (key !== undefined && value !== undefined) yield { at: node.startIndex, key, value, how: 'built by dict(...)', suppressed: suppressedAt(text, node.startIndex) };
      }
    }
  }
}

/** The shape rule over Python files. */
export function createPythonShapeTransform(shapes: readonly CompiledShape[]): Transform {
  return {
    id: 'python-shape',
    languages: ['python'],
    needles: [...new Set(shapes.flatMap((s) => s.needles))],
    run(ctx) {
      const text = ctx.file.text;
      const candidates = function* (): Generator<LiteralCandidate> {
        for (const node of ctx.tree.rootNode.descendantsOfType('dictionary')) {
          yield { start: node.startIndex, end: node.endIndex, suppressed: suppressedAt(text, node.startIndex), read: () => readPythonDict(node, text) };
        }
      };
      const rewritten = runShapes(ctx, shapes, candidates(), syntaxOf(ctx));
      reportOtherForms(ctx, shapes, otherForms(ctx.tree.rootNode, text));
      pythonConsumers(ctx, shapes, { suppressed: (at) => suppressedAt(text, at), rewritten });
    },
  };
}
