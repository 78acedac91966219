// `canonize test` (issue 17, item 4; docs/testing-rules.md): the user's own rule tests, on real temp trees through
// the real CLI: passing, failing (with the diff) and no-change cases, findings, byte-exact CRLF / BOM / non-ASCII,
// support files, non-idempotent and non-converging transforms, the JSON output against its schema file, bad usage,
// and the example case `init` writes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testRules, type Transform } from '../src/index.js';
import { runCli, tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const CONFIG = `version: 1
exclude: ["canonize-tests/**"]
python:
  moves:
    - from: app.old
      to: app.new
      symbols: { OldName: NewName }
`;
const OLD = 'from app.old import OldName\n\nx = OldName()\n';
const NEW = 'from app.new import NewName\n\nx = NewName()\n';

const require = createRequire(import.meta.url);
const Ajv2020 = (require('ajv/dist/2020') as { default: typeof import('ajv/dist/2020.js').default }).default;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'json', 'test.schema.json'), 'utf8')) as object);

function project(cases: Record<string, string | Buffer>, config = CONFIG): string {
  const files: Record<string, string | Buffer> = { 'canonize.config.yaml': config };
  for (const [name, text] of Object.entries(cases)) files[`canonize-tests/${name}`] = text;
  return tempTree(files);
}

describe('canonize test', () => {
  it('passes a case whose output matches and a case that must change nothing: exit 0, one line each and a summary', async () => {
    const dir = project({ 'rename.input.py': OLD, 'rename.output.py': NEW, 'untouched.input.py': 'import os\n' });
    const r = await runCli(['test'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: 'ok   rename\nok   untouched\n2 case(s): 2 passed, 0 failed\n', stderr: '' });
  });

  it('fails a case whose output differs, showing the diff expected → actual: exit 1', async () => {
    const wrong = 'from app.new import OldName\n\nx = OldName()\n';
    const dir = project({ 'a.input.py': OLD, 'a.output.py': NEW, 'b.input.py': OLD, 'b.output.py': wrong, 'c.input.py': OLD });
    const r = await runCli(['test'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'ok   a',
        'FAIL b',
        '     the output differs from b.output.py',
        '--- expected b.py',
        '+++ actual b.py',
        '@@ -1,3 +1,3 @@',
        '-from app.new import OldName',
        '+from app.new import NewName',
        ' ',
        '-x = OldName()',
        '+x = NewName()',
        'FAIL c',
        '     the case has no output file, so it must change nothing, but the plan changes it',
        '--- expected c.py',
        '+++ actual c.py',
        '@@ -1,3 +1,3 @@',
        '-from app.old import OldName',
        '+from app.new import NewName',
        ' ',
        '-x = OldName()',
        '+x = NewName()',
        '3 case(s): 1 passed, 2 failed',
        '',
      ].join('\n'),
    );
  });

  it('--update writes the actual outputs where they differ (and removes one for a case that changes nothing); a case that cannot be planned still fails', async () => {
    const wrong = 'from app.new import OldName\n\nx = OldName()\n';
    const dir = project({ 'a.input.py': OLD, 'a.output.py': NEW, 'b.input.py': OLD, 'b.output.py': wrong, 'c.input.py': OLD, 'd.input.py': 'import os\n', 'd.output.py': 'import sys\n' });
    writeFileSync(join(dir, 'canonize-tests', 'e.input.txt'), 'not a source file\n');
    const r = await runCli(['test', '--update'], { cwd: dir });
    expect(r.stdout.split('\n').filter((l) => /^(ok|FAIL)/.test(l))).toEqual(['ok   a', 'ok   b (output updated)', 'ok   c (output updated)', 'ok   d (output updated)', 'FAIL e']);
    expect(r.stdout).toContain('5 case(s): 4 passed, 1 failed; 3 output file(s) updated\n');
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'canonize-tests', 'b.output.py'), 'utf8')).toBe(NEW);
    expect(readFileSync(join(dir, 'canonize-tests', 'c.output.py'), 'utf8')).toBe(NEW);
    expect(existsSync(join(dir, 'canonize-tests', 'd.output.py'))).toBe(false);
    // Recorded, the cases pass as they are; e still cannot be planned.
    const again = await runCli(['test', '--json'], { cwd: dir });
    const doc = JSON.parse(again.stdout) as { passed: number; failed: number; cases: { updated?: true }[] };
    expect(validate(doc) ? null : validate.errors).toBeNull();
    expect([doc.passed, doc.failed, doc.cases.some((c) => c.updated)]).toEqual([4, 1, false]);
  });

  it('--json: one document valid against schema/json/test.schema.json, nothing on stderr', async () => {
    const dir = project({ 'a.input.py': OLD, 'a.output.py': NEW, 'b.input.py': OLD, 'b.output.py': OLD });
    const r = await runCli(['test', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { version: number; passed: number; failed: number; cases: { name: string; ok: boolean; outcome: string; failures: { kind: string; diff?: string }[] }[] };
    expect(validate(doc) ? null : validate.errors).toBeNull();
    expect(doc.version).toBe(1);
    expect([doc.passed, doc.failed]).toEqual([1, 1]);
    expect(doc.cases.map((c) => [c.name, c.ok, c.outcome])).toEqual([
      ['a', true, 'changed'],
      ['b', false, 'changed'],
    ]);
    expect(doc.cases[1]!.failures[0]!.kind).toBe('output');
    expect(doc.cases[1]!.failures[0]!.diff).toContain('+from app.new import NewName');
  });

  it('compares bytes: CRLF, a BOM and non-ASCII text pass exactly, and an LF-only expectation fails with the reason in words', async () => {
    const crlf = (t: string) => t.replace(/\n/g, '\r\n');
    const input = Buffer.from(`\uFEFF${crlf(`${OLD}s = "héllo, 世界"\n`)}`, 'utf8');
    const output = Buffer.from(`\uFEFF${crlf(`${NEW}s = "héllo, 世界"\n`)}`, 'utf8');
    const lfOnly = Buffer.from(`\uFEFF${NEW}s = "héllo, 世界"\n`, 'utf8');
    const dir = project({ 'crlf.input.py': input, 'crlf.output.py': output, 'lf.input.py': input, 'lf.output.py': lfOnly });
    const r = await runCli(['test', '--json'], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { cases: { name: string; ok: boolean; failures: { kind: string; diff?: string }[] }[] };
    expect(doc.cases.map((c) => [c.name, c.ok])).toEqual([
      ['crlf', true],
      ['lf', false],
    ]);
    expect(doc.cases[1]!.failures[0]!.diff).toMatch(/they differ only in line endings or a byte-order mark: expected 0 CRLF and 4 LF line ending\(s\), a BOM, actual 4 CRLF and 0 LF line ending\(s\), a BOM\)\n$/);
    expect(r.code).toBe(1);
  });

  it('plans a case at its <case>.path, with the shared _project/ and its own <case>/ support files in its tree', async () => {
    const config = 'version: 1\nexclude: ["canonize-tests/**"]\ntypescript:\n  moves:\n    - from: src/lib/old.ts\n      to: src/lib/new.ts\n';
    const dir = project(
      {
        '_project/src/lib/old.ts': 'export const a = 1;\n',
        '_project/src/lib/new.ts': 'export const a = 1;\n',
        'use.input.ts': "import { a } from './lib/old';\nconsole.log(a);\n",
        'use.output.ts': "import { a } from './lib/new';\nconsole.log(a);\n",
        'use.path': 'src/use.ts\n',
        // Its own support folder adds a module only this case sees.
        'deep.input.ts': "import { a } from '../lib/old';\nimport { b } from './b';\n",
        'deep.output.ts': "import { a } from '../lib/new';\nimport { b } from './b';\n",
        'deep.path': 'src/x/deep.ts',
        'deep/src/x/b.ts': 'export const b = 2;\n',
      },
      config,
    );
    const r = await runCli(['test'], { cwd: dir });
    expect(r.stdout).toBe('ok   deep (as src/x/deep.ts)\nok   use (as src/use.ts)\n2 case(s): 2 passed, 0 failed\n');
    expect(r.code).toBe(0);
    // Without the shared support files the config names a module that is not there: a config error, exit 2.
    const bare = project({ 'use.input.ts': "import { a } from './lib/old';\n", 'use.path': 'src/use.ts' }, config);
    const e = await runCli(['test'], { cwd: bare });
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('no module "src/lib/old.ts"');
  });

  it('checks <case>.findings.txt when there is one', async () => {
    const config = `${CONFIG}    - from: app.gone\n      to: app.new\n`;
    const star = 'from app.old import *\n';
    const plan = await runCli(['test', '--json'], { cwd: project({ 'star.input.py': star }, config) });
    const found = (JSON.parse(plan.stdout) as { cases: { findings: string[] }[] }).cases[0]!.findings;
    expect(found.length).toBeGreaterThan(0);
    const ok = await runCli(['test'], { cwd: project({ 'star.input.py': star, 'star.findings.txt': `${found.join('\n')}\n` }, config) });
    expect(ok.code).toBe(0);
    const bad = await runCli(['test'], { cwd: project({ 'star.input.py': star, 'star.findings.txt': '1:1 error something else [x]\n' }, config) });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('the findings differ from star.findings.txt');
    expect(bad.stdout).toContain(`+${found[0]}`);
  });

  it('fails a case whose file the config does not plan (excluded), saying so', async () => {
    const dir = project({ 'gen.input.py': OLD, 'gen.path': 'build/gen.py' }, `${CONFIG}# the builds\n`.replace('exclude: ["canonize-tests/**"]', 'exclude: ["canonize-tests/**", "build/**"]'));
    const r = await runCli(['test'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL gen (as build/gen.py)\n     the config does not plan build/gen.py');
  });

  it('fails a transform that never converges (planning fails on its own output)', async () => {
    const dir = project({ 'a.input.py': 'x = 1\n', 'grow.mjs': "export default { id: 'grow', languages: ['python'], needles: [], run(ctx) { ctx.edit(0, 0, '#'); } };\n" });
    const r = await runCli(['test', '--transform', join(dir, 'canonize-tests', 'grow.mjs')], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL a\n {5}failed: the rules did not converge/);
  });

  it('fails a case whose output, planned again, changes again (not idempotent)', async () => {
    // A rule that looks at the project on disk, as a rule reading the project index does: the output it plans
    // (`bar`) is a fixpoint while the input is on disk, and rewritten once the output is.
    const diskDependent: Transform = {
      id: 'disk-dependent',
      languages: ['python'],
      needles: [],
      run(ctx) {
        const disk = readFileSync(ctx.file.absPath, 'utf8');
        const text = ctx.file.text;
        if (disk.includes('foo') && text.includes('foo')) ctx.edit(text.indexOf('foo'), text.indexOf('foo') + 3, 'bar');
        else if (!disk.includes('foo') && text.includes('bar')) ctx.edit(text.indexOf('bar'), text.indexOf('bar') + 3, 'baz');
      },
    };
    const dir = project({ 'a.input.py': 'foo = 1\n', 'a.output.py': 'bar = 1\n' });
    const result = await testRules({ cwd: dir, transforms: [diskDependent] });
    expect(result.ok).toBe(false);
    expect(result.cases[0]!.failures).toEqual([
      {
        kind: 'idempotence',
        message: 'not idempotent: planning the output again changes it',
        diff: '--- output a.py\n+++ output planned again a.py\n@@ -1 +1 @@\n-bar = 1\n+baz = 1\n',
      },
    ]);
  });

  it('exits 2 with no test folder or no case, as JSON with --json; a DIR argument names another folder', async () => {
    const none = tempTree({ 'canonize.config.yaml': CONFIG });
    const r = await runCli(['test'], { cwd: none });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[E_NO_TESTS\]: no test folder .*canonize-tests/);
    const empty = project({ 'README.md': 'nothing here\n' });
    const j = await runCli(['test', '--json'], { cwd: empty });
    expect(j.code).toBe(2);
    expect(j.stderr).toBe('');
    expect((JSON.parse(j.stdout) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'E_NO_TESTS', message: expect.stringContaining('no test case in') });
    const other = tempTree({ 'canonize.config.yaml': CONFIG, 'rules/t/x.input.py': OLD, 'rules/t/x.output.py': NEW });
    expect(await runCli(['test', 'rules/t'], { cwd: other })).toEqual({ code: 0, stdout: 'ok   x\n1 case(s): 1 passed, 0 failed\n', stderr: '' });
  });

  it("keeps the config's place relative to its root (a config in tools/ with `root: ..`)", async () => {
    const dir = tempTree({
      'tools/canonize.config.yaml': CONFIG.replace('exclude: ["canonize-tests/**"]', 'root: ..\nexclude: ["tools/**"]'),
      'tools/canonize-tests/a.input.py': OLD,
      'tools/canonize-tests/a.output.py': NEW,
      'tools/canonize-tests/a.path': 'src/a.py',
    });
    expect(await runCli(['test'], { cwd: join(dir, 'tools') })).toEqual({ code: 0, stdout: 'ok   a (as src/a.py)\n1 case(s): 1 passed, 0 failed\n', stderr: '' });
  });

  it('refuses a <case>.path outside the root', async () => {
    const r = await runCli(['test'], { cwd: project({ 'a.input.py': OLD, 'a.path': '../a.py' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a relative path inside the project root');
  });
});

describe('init writes an example case that passes', () => {
  it.each([[[] as string[]], [['--preset', 'websocket-ssot']]])('init %j', async (flags) => {
    const dir = tempTree();
    const init = await runCli(['init', ...flags], { cwd: dir });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`wrote an example rule test in ${join(dir, 'canonize-tests')}`);
    const r = await runCli(['test', '--json'], { cwd: dir });
    const doc = JSON.parse(r.stdout) as { ok: boolean; cases: { name: string; outcome: string }[] };
    expect(doc.ok).toBe(true);
    expect(doc.cases.map((c) => [c.name, c.outcome])).toEqual([['example', flags.length > 0 ? 'changed' : 'unchanged']]);
    expect(r.code).toBe(0);
    // The config leaves the cases out of the migration: the preset's own excludes, then the test folder.
    const config = readFileSync(join(dir, 'canonize.config.yaml'), 'utf8');
    expect(config).toMatch(flags.length > 0 ? /^exclude: \["\*\*\/\*\.backup", "\*\*\/__pycache__\/\*\*", "canonize-tests\/\*\*"\]/m : /^exclude: \["canonize-tests\/\*\*"\]/m);
  });

  it('the plain config excludes the test folder, so check does not count a case as a legacy site', async () => {
    const dir = tempTree();
    await runCli(['init'], { cwd: dir });
    const config = join(dir, 'canonize.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('  moves: []\n', '  moves:\n    - { from: app.old, to: app.new }\n'));
    writeFileSync(join(dir, 'canonize-tests', 'legacy.input.py'), OLD);
    expect((await runCli(['check'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'legacy.py'), OLD);
    expect((await runCli(['check'], { cwd: dir })).code).toBe(1);
  });
});
