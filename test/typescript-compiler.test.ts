// The TypeScript compiler is loaded as `require('typescript')` would load it, its source read in small pieces
// (src/core/typescript-compiler.ts): one module object, shared with any `require` of it, in a fresh process (the
// built module, as the planner's workers load it) whichever of the two loads it first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/core/paths.js';

const BUILT = join(packageRoot(), 'dist', 'src', 'core', 'typescript-compiler.js');

function run(script: string): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: packageRoot(), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.trim();
}

describe('typescript()', () => {
  it('is the module require gives, working, whether it is loaded first or second', () => {
    expect(existsSync(BUILT)).toBe(true);
    const prelude = `import { createRequire } from 'node:module'; const { typescript } = await import(${JSON.stringify(BUILT)}); const require = createRequire(${JSON.stringify(join(packageRoot(), 'package.json'))});`;
    const check = `const file = require.resolve('typescript'); console.log(JSON.stringify({ same: a === b, version: a.version === require('typescript/package.json').version, loaded: require.cache[file].loaded, out: a.transpileModule('const x: number = 1;', {}).outputText.trim() }));`;
    const expected = { same: true, version: true, loaded: true, out: 'var x = 1;' };
    expect(JSON.parse(run(`${prelude} const a = typescript(); const b = require('typescript'); ${check}`))).toEqual(expected);
    expect(JSON.parse(run(`${prelude} const b = require('typescript'); const a = typescript(); ${check}`))).toEqual(expected);
  });
});
