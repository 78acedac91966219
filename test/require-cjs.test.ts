// canonize from CommonJS: `require()` of the built package (Node >= 20.19 loads an ES module graph synchronously
// when no module in it awaits at top level), in a real node process on a .cjs file. The plan it makes is the one
// the ES module entry makes, byte for byte, and `planSource` parses at once after `require` (the runtime and the
// grammars load synchronously on first use: src/core/tree-sitter.ts).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');

const CONFIG = `version: 1
python:
  sourceRoots: ["."]
  moves:
    - from: old.mod
      to: new.mod
      symbols: [Thing]
typescript:
  moves:
    - from: src/old.ts
      to: src/new.ts
`;

const TREE = {
  'canonize.config.yaml': CONFIG,
  'app.py': 'from old.mod import Thing\n\nprint(Thing)\n',
  'old/__init__.py': '',
  'old/mod.py': 'from new.mod import Thing\n',
  'new/__init__.py': '',
  'new/mod.py': 'class Thing: ...\n',
  'src/old.ts': "export { Widget } from './new';\n",
  'src/new.ts': 'export class Widget {}\n',
  'src/app.ts': "import { Widget } from './old';\n\nnew Widget();\n",
};

/** Plans `tree` with the package loaded by `load` (a CommonJS or an ES module expression), printing the plan. */
function script(load: string): string {
  return `const [root, tree] = process.argv.slice(2);
(async () => {
  const canonize = ${load};
  const { plan } = await canonize.plan({ cwd: tree, cache: false });
  process.stdout.write(canonize.serializePlan(plan));
})().catch((e) => { console.error(e); process.exitCode = 1; });
`;
}

function node(file: string, tree: string) {
  return spawnSync(process.execPath, [file, ROOT, tree], { encoding: 'utf8', timeout: 120_000 });
}

describe('require("canonize") from a CommonJS file', () => {
  it('loads the package and plans a Python and TypeScript tree as the ES module entry does', () => {
    const tree = tempTree(TREE);
    const dir = tempTree({ 'plan.cjs': script('require(root)'), 'plan.mjs': script("await import(new URL('dist/src/index.js', `file://${root}/`).href)") });
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    const fromCjs = node(join(dir, 'plan.cjs'), tree);
    expect(fromCjs.stderr).toBe('');
    expect(fromCjs.status).toBe(0);
    const plan = JSON.parse(fromCjs.stdout) as { summary: { changed: number }; files: { path: string; edits?: { text: string }[] }[] };
    expect(plan.summary.changed).toBe(2);
    const edits = plan.files.flatMap((f) => (f.edits ?? []).map((e) => `${f.path}: ${e.text}`));
    expect(edits).toEqual(['app.py: from new.mod import Thing', 'src/app.ts: ./new']);
    const fromEsm = node(join(dir, 'plan.mjs'), tree);
    expect(fromEsm.stderr).toBe('');
    expect(fromEsm.stdout).toBe(fromCjs.stdout);
  });

  it('parses synchronously right after require: planSource on a file, no await before it', () => {
    const dir = tempTree({
      'source.cjs': `const canonize = require(process.argv[2]);
const text = 'import old.mod\\n';
const file = { path: 'a.py', absPath: '/a.py', language: 'python', text, encoding: 'utf-8', bom: false, hash: '', eol: '\\n' };
// The rule edits the dotted name its tree shows, so the file is parsed.
const rename = { id: 'rename', languages: ['python'], needles: ['old'], run(ctx) {
  const name = ctx.tree.rootNode.descendantsOfType('dotted_name')[0];
  ctx.edit(name.startIndex, name.endIndex, 'new.mod');
} };
process.stdout.write(JSON.stringify([canonize.planSource(file, [rename]).newText, canonize.planSource({ ...file, path: 'b.py', text: 'import old.mod (\\n' }, [rename]).plan.outcome]));
`,
    });
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    const r = spawnSync(process.execPath, [join(dir, 'source.cjs'), ROOT], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['import new.mod\n', 'skipped']);
  });
});
