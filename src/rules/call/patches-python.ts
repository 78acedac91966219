/**
 * Python test patches of a callee a call rule rewrites (docs/call-rule.md, "Patches and mocks of a rewritten
 * callee"): `monkeypatch.setattr("m.Name", fake)`, `monkeypatch.setattr(m, "Name", fake)`, `patch("m.Name")` as a
 * decorator or context manager (`mock.patch`, `mocker.patch`), `patch.object(m, "Name")`. Once the calls are
 * rewritten, such a patch intercepts nothing: it is moved onto the canonical callee when that is provably the same
 * test, and reported on its line otherwise.
 */
import type { SyntaxNode } from '../../core/syntax.js';
import type { TransformContext } from '../../core/types.js';
import type { PythonCaller } from '../../languages/python/facts-data.js';
import type { PythonFile } from '../../languages/python/file.js';
import type { CompiledCall } from './compiled.js';
import { canonicalCallee, notARename, replacements, rulesByLegacyCallee, rulesRewrite } from './patches.js';

/** The callees that patch an attribute: the last names of `monkeypatch.setattr`, `patch`, `patch.object`. */
const PATCHER = /(?:^|\.)(setattr|patch|patch\.object)$/;

/** What a patch replaces: `module.name`, and the string content that names `name` (at its end). */
interface PatchTarget {
  module: string;
  name: string;
  node: SyntaxNode;
}

/** The content of a plain string literal (no prefix, no interpolation, not concatenated), or undefined. */
function plainContent(node: SyntaxNode | undefined): SyntaxNode | undefined {
  if (node?.type !== 'string') return undefined;
  const parts = node.namedChildren;
  const content = parts.filter((c) => c.type !== 'string_start' && c.type !== 'string_end');
  const ok = parts[0]?.type === 'string_start' && !/[fFbB]/.test(parts[0].text) && content.length === 1 && content[0]!.type === 'string_content';
  return ok ? content[0] : undefined;
}

/** The attribute a patching call replaces, or undefined when the call is no patch or names no module attribute. */
function patchTarget(call: SyntaxNode, py: PythonFile): PatchTarget | undefined {
  const fn = call.childForFieldName('function');
  const kind = fn ? PATCHER.exec(fn.text)?.[1] : undefined;
  // The builtin setattr changes an object for good: not a test's patch.
  if (!fn || kind === undefined || (kind === 'setattr' && fn.type !== 'attribute')) return undefined;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment' && a.type !== 'keyword_argument');
  if (kind === 'patch.object' || (kind === 'setattr' && args.length >= 3)) {
    const [object, named] = args;
    const content = plainContent(named);
    const module = object && content && /^[A-Za-z_]\w*$/.test(content.text) ? py.qualifiedName(object) : undefined;
    return module !== undefined ? { module, name: content!.text, node: content! } : undefined;
  }
  const content = plainContent(args[0]);
  if (!content || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(content.text)) return undefined;
  const dot = content.text.lastIndexOf('.');
  return { module: content.text.slice(0, dot), name: content.text.slice(dot + 1), node: content };
}

/** Why moving a patch of `caller` in `module` onto `canonical` would not be the same test, or undefined. */
function notTheSameTest(rules: readonly CompiledCall[], caller: PythonCaller, module: string, canonical: string | undefined): string | undefined {
  if (canonical === undefined) return 'the rules replace it by different callees';
  return (
    notARename(rules) ??
    (!caller.topLevel ? `${module} imports ${caller.local} in an indented block` : undefined) ??
    (!caller.onlyCalled ? `${module} uses ${caller.local} other than by calling it` : undefined) ??
    (caller.mentions.includes(canonical) ? `${module} already names ${canonical}` : undefined) ??
    (caller.assertions ? `${module} asserts exceptions, and a call inside one is left as it is` : undefined)
  );
}

/**
 * Patches in the file of a callee the `rules` rewrite: of the legacy callee itself (`F.N`, reported), or of a module
 * that imports and calls it (`M.N`, from the project index's callers: moved onto `M.C` when the rule only renames
 * the callee, reported otherwise).
 */
export function handlePythonPatches(ctx: TransformContext, py: PythonFile, rules: readonly CompiledCall[]): void {
  if (!/patch|setattr/.test(ctx.file.text)) return;
  const byCallee = rulesByLegacyCallee(rules);
  if (byCallee.size === 0) return;
  for (const call of py.nodesOfType(['call'])) {
    const target = patchTarget(call, py);
    if (!target || py.suppressed(target.node) || py.isClaimed(target.node)) continue;
    const { module, name, node } = target;
    const legacy = byCallee.get(`${module}.${name}`);
    if (legacy) {
      const canonical = canonicalCallee(legacy) ?? 'the canonical callee';
      const to = legacy[0]!.to ? ` (imported from ${legacy[0]!.to})` : '';
      const message = `patch of ${module}.${name} no longer intercepts its calls once applied: ${rulesRewrite(legacy)} them to ${replacements(legacy)}${to}; not rewritten (where to patch ${canonical} depends on how the code under test imports it): patch ${canonical} where it is looked up instead`;
      ctx.report(node.startIndex, message, 'warning', legacy[0]!.rule);
      continue;
    }
    const caller = (ctx.project.pythonCallers?.[module] ?? []).find((c) => c.local === name && byCallee.has(c.callee));
    if (!caller) continue;
    const rewriting = byCallee.get(caller.callee)!;
    const canonical = canonicalCallee(rewriting);
    const why = notTheSameTest(rewriting, caller, module, canonical);
    if (why === undefined) {
      // The rule only renames the callee: the fake is called exactly as before, under the canonical name.
      ctx.edit(node.endIndex - name.length, node.endIndex, canonical!, rewriting[0]!.rule);
      py.claim(node.startIndex, node.endIndex);
      continue;
    }
    const message = `patch of ${module}.${name} no longer intercepts its calls once applied: ${rulesRewrite(rewriting)} them in ${module} to ${replacements(rewriting)}; not rewritten (${why}): patch ${module}.${canonical ?? 'the canonical callee'} instead, with a fake called as ${replacements(rewriting)}`;
    ctx.report(node.startIndex, message, 'warning', rewriting[0]!.rule);
  }
}
