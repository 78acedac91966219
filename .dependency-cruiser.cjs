/**
 * The dependency rule (docs/architecture.md): folders are layers, and a layer imports only from the layers below it.
 *
 *   core ← languages ← rules ← custom ← residue ← config ← planner ← engine ← retire ← audit ← propose ← api ← cli
 *
 * `npm test` runs `npm run deps`, which fails on any upward import, on an import between two rule kinds'
 * folders, and on any cycle between modules.
 */
const LAYERS = [
  ['core', '^src/core/'],
  ['languages', '^src/languages/'],
  ['rules', '^src/rules/'],
  ['custom', '^src/custom/'],
  ['residue', '^src/residue/'],
  ['config', '^src/config/'],
  ['planner', '^src/planner/'],
  ['engine', '^src/engine/'],
  ['retire', '^src/retire/'],
  ['audit', '^src/audit/'],
  ['propose', '^src/propose/'],
  ['api', '^src/[^/]+$'],
  ['cli', '^bin/'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} may import only from the layers below it (${LAYERS.slice(0, i).map(([n]) => n).join(', ') || 'none'})`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-layer-outside-src',
      comment: 'src/ never imports the command line, the tests or the shipped jscodeshift transforms',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(bin|test|bench|transforms)/' },
    },
    {
      name: 'rule-kinds-apart',
      comment: 'a rule kind is one folder: it imports neither another kind nor the registry that lists it; what two kinds share belongs in a lower layer',
      severity: 'error',
      from: { path: '^src/rules/([^/]+)/' },
      to: { path: '^src/rules/', pathNot: '^src/rules/$1/' },
    },
    {
      name: 'languages-apart',
      comment: 'a language is one folder: it imports neither another language nor the registry that lists it; what two languages share belongs in core',
      severity: 'error',
      from: { path: '^src/languages/([^/]+)/' },
      to: { path: '^src/languages/', pathNot: '^src/languages/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'no cycle between modules',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'cli-through-the-api',
      comment: 'the command line uses only the public API (src/index.ts), as any other user of the library',
      severity: 'error',
      from: { path: '^bin/' },
      to: { path: '^src/', pathNot: '^src/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|__fixtures__)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
