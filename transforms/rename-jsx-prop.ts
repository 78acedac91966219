/**
 * rename-jsx-prop: a built-in transform written as a standard jscodeshift transform, so that the stock jscodeshift
 * CLI runs it as well as canonize (`canonize diff --transform rename-jsx-prop --transform-option component=…`).
 * It renames one prop of one JSX component wherever the component is rendered:
 *
 *   <ConnectionBadge state={s} />   →   <ConnectionBadge connectionState={s} />
 *
 * Options: `component` (the element name, e.g. `ConnectionBadge` or `ui.Badge`), `from`, `to`. An element that
 * already has a `to` prop is left alone and reported.
 */
import type { API, FileInfo, JSXAttribute, JSXSpreadAttribute, Options } from 'jscodeshift';

/** JSX needs the tsx grammar (which also reads plain TypeScript without angle-bracket casts). */
export const parser = 'tsx';

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const { component, from, to } = options as { component?: string; from?: string; to?: string };
  if (!component || !from || !to) throw new Error('rename-jsx-prop needs the options component, from and to');
  const j = api.jscodeshift;
  const root = j(file.source);
  const nameOf = (node: { type: string; name?: unknown; object?: unknown; property?: unknown }): string =>
    node.type === 'JSXIdentifier'
      ? String(node.name)
      : node.type === 'JSXMemberExpression'
        ? `${nameOf(node.object as typeof node)}.${nameOf(node.property as typeof node)}`
        : '';
  const isProp = (attr: JSXAttribute | JSXSpreadAttribute, name: string): attr is JSXAttribute =>
    attr.type === 'JSXAttribute' && attr.name.type === 'JSXIdentifier' && attr.name.name === name;
  let renamed = 0;
  root.find(j.JSXOpeningElement).forEach((path) => {
    const element = path.node;
    if (nameOf(element.name) !== component) return;
    const attributes = element.attributes ?? [];
    const prop = attributes.find((a) => isProp(a, from));
    if (!prop || prop.type !== 'JSXAttribute') return;
    if (attributes.some((a) => isProp(a, to))) {
      api.report(`<${component}> at line ${element.loc?.start.line ?? '?'} already has a ${to} prop: ${from} left as it is`);
      return;
    }
    prop.name = j.jsxIdentifier(to);
    renamed++;
  });
  if (renamed === 0) return undefined;
  api.stats(`${component}.${from} → ${to}`, renamed);
  return root.toSource();
}
