// Loading tree-sitter (src/core/tree-sitter.ts, src/core/web-tree-sitter.ts): synchronous and on first use. A real
// node process that requires canonize logs every .wasm file it reads: none at load, the runtime and the Python
// grammar at the first Python parse, nothing more at the second, only the TypeScript grammar at the first
// TypeScript parse. And the edits that take web-tree-sitter's awaits out each match its build exactly once.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutAwaits } from '../src/core/web-tree-sitter.js';
import { tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');

const SCRIPT = `const fs = require('node:fs');
const { basename } = require('node:path');
const read = fs.readFileSync;
const wasm = [];
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('.wasm')) wasm.push(basename(String(file)));
  return read.call(this, file, ...rest);
};
require('node:module').syncBuiltinESMExports();
const canonize = require(process.argv[2]);
const lines = [];
const seen = (what) => lines.push(what + ': ' + wasm.splice(0).join(' '));
seen('required');
const file = (path, language, text) => ({ path, absPath: '/' + path, language, text, encoding: 'utf-8', bom: false, hash: '', eol: '\\n' });
const names = { id: 'names', languages: ['python', 'typescript'], needles: [], run(ctx) { if (!ctx.tree.rootNode.hasError) ctx.report(0, ctx.tree.rootNode.type); } };
const findings = (f) => canonize.planSource(f, [names]).plan.findings.map((x) => x.message).join(' ');
seen('python ' + findings(file('a.py', 'python', 'import a\\n')));
seen('python again ' + findings(file('b.py', 'python', 'import b\\n')));
seen('typescript ' + findings(file('c.ts', 'typescript', 'import c from "c";\\n')));
process.stdout.write(lines.join('\\n') + '\\n');
`;

describe('tree-sitter loads on first use', () => {
  it('reads no .wasm file at require, then the runtime and each grammar once, when a file of its language is parsed', () => {
    const dir = tempTree({ 'lazy.cjs': SCRIPT, 'package.json': '{ "type": "commonjs" }\n' });
    const r = spawnSync(process.execPath, [join(dir, 'lazy.cjs'), ROOT], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'required: ',
        'python module: tree-sitter.wasm tree-sitter-python.wasm',
        'python again module: ',
        'typescript program: tree-sitter-typescript.wasm',
        '',
      ].join('\n'),
    );
  });
});

describe("the edits of web-tree-sitter's CommonJS build", () => {
  const require = createRequire(import.meta.url);
  const code = readFileSync(require.resolve('web-tree-sitter'), 'utf8');

  it('each match the installed build once, and leave no await in the runtime factory', () => {
    const edited = withoutAwaits(code, 'installed');
    expect(edited).not.toContain('await createWasm()');
    expect(edited).toContain('static loadSync(bytes)');
    expect(edited).not.toContain('static async init(');
  });

  it('refuse a build where one does not match, or matches twice, naming the edit', () => {
    const missing = code.replace('var wasmExports = await createWasm();', 'var wasmExports = await createWasmSomehow();');
    expect(() => withoutAwaits(missing, '9.9.9')).toThrow('web-tree-sitter 9.9.9: cannot apply "the runtime is instantiated synchronously"');
    const twice = `${code}\nmoduleRtn = readyPromise;\n`;
    expect(() => withoutAwaits(twice, '9.9.9')).toThrow('cannot apply "the factory returns the module itself"');
  });
});
