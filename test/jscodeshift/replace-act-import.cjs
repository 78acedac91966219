/* global module */
// A transform in the style of published codemods (react-codemod's replace-act-import): `act` moved from
// 'react-dom/test-utils' to 'react'. CommonJS, `module.exports = transformer` with a `parser` property, as
// jscodeshift documents. Used to check that `canonize diff --transform` shows what `jscodeshift --dry --print` prints.
module.exports = function transformer(file, api) {
  const j = api.jscodeshift;
  const root = j(file.source);
  let changed = false;
  root.find(j.ImportDeclaration, { source: { value: 'react-dom/test-utils' } }).forEach((path) => {
    const specifiers = path.node.specifiers || [];
    const act = specifiers.find((s) => s.type === 'ImportSpecifier' && s.imported.name === 'act');
    if (!act) return;
    if (specifiers.length === 1) {
      path.node.source = j.stringLiteral('react');
    } else {
      path.node.specifiers = specifiers.filter((s) => s !== act);
      path.insertBefore(j.importDeclaration([act], j.stringLiteral('react')));
    }
    api.stats('act imports moved');
    changed = true;
  });
  root.find(j.MemberExpression, { object: { name: 'TestUtils' }, property: { name: 'act' } }).forEach((path) => {
    api.report(`TestUtils.act at line ${path.node.loc.start.line}: import act from 'react' instead`);
  });
  return changed ? root.toSource({ quote: 'single' }) : undefined;
};
module.exports.parser = 'tsx';
