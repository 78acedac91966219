// The in-process compiler run the tests use in place of `tsc --noEmit -p` (test/helpers/tsc.ts) prints what the
// compiler's command line prints, on a project with errors of each stage (a syntax error stops the semantic ones)
// and with its standard library shared between runs; and nothing for a project that compiles.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from './helpers/tmp.js';
import { tscOutput } from './helpers/tsc.js';

const TSC = join(import.meta.dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const cli = (dir: string) => spawnSync(process.execPath, [TSC, '--noEmit', '--pretty', 'false', '-p', dir], { cwd: dir, encoding: 'utf8' });

describe('tsc in-process', () => {
  it('prints what tsc --noEmit --pretty false -p prints, run after run', () => {
    const semantic = tempTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, allowJs: true, checkJs: true, module: 'commonjs', types: [] }, include: ['src'] }),
      'src/b.ts': 'export const y = 1;\n',
      'src/a.ts': "import { x } from './b';\nexport const z: number = 'one' + x;\nconst n: { a: { b: string } } = { a: { b: 1 } };\n",
      'src/c.js': "const b = require('./b');\nexports.w = b.q;\n",
    });
    const syntax = tempTree({ 'tsconfig.json': '{ "compilerOptions": { "types": [] } }\n', 'a.ts': 'const a: number = "x";\nlet = ;\n' });
    const clean = tempTree({ 'tsconfig.json': '{ "compilerOptions": { "strict": true, "types": [] } }\n', 'a.ts': 'export const a: number = 1;\n' });
    const real = [semantic, syntax].map(cli);
    for (const r of real) expect(r.status).not.toBe(0);
    const [semanticOut, syntaxOut] = [tscOutput(semantic), tscOutput(syntax)];
    expect([semanticOut, syntaxOut]).toEqual(real.map((r) => r.stdout));
    expect(semanticOut.match(/error TS\d+/g)?.length).toBeGreaterThanOrEqual(4);
    expect(syntaxOut).toMatch(/^a\.ts\(2,\d+\): error TS1109/);
    expect(syntaxOut).not.toContain('TS2322');
    // Again, with the standard library parsed by the runs before.
    expect(tscOutput(semantic)).toBe(semanticOut);
    expect(tscOutput(clean)).toBe('');
  });
});
