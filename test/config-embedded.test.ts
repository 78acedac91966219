// A config in pyproject.toml ([tool.canonize]) or package.json ("canonize"): found walking up like a YAML config,
// validated the same way, and planning the same bytes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './helpers/tmp.js';

const SOURCE = { 'app/a.py': 'from old.mod import Thing\n\nThing()\n', 'app/sub/b.py': 'import old.mod\n' };

const YAML = 'version: 1\npython:\n  moves:\n    - from: old.mod\n      to: new.mod\n      symbols: { Thing: NewThing }\n';
const TOML = '[project]\nname = "demo"\n\n[tool.ruff]\nline-length = 100\n\n[tool.canonize]\nversion = 1\n\n[[tool.canonize.python.moves]]\nfrom = "old.mod"\nto = "new.mod"\nsymbols = { Thing = "NewThing" }\n';
const PACKAGE = JSON.stringify({ name: 'demo', devDependencies: { canonize: '^0.1.0' }, canonize: { version: 1, python: { moves: [{ from: 'old.mod', to: 'new.mod', symbols: { Thing: 'NewThing' } }] } } }, null, 2);

/** `plan -o` from `cwd`; returns the plan's bytes and the run. */
async function plan(dir: string, cwd: string, args: string[] = []) {
  const out = join(dir, 'plan.out.json');
  const r = await runCli(['plan', ...args, '-o', out], { cwd });
  return { r, bytes: r.code === 0 ? readFileSync(out) : undefined };
}

describe('config in pyproject.toml or package.json', () => {
  it('finds each form from a subdirectory and plans the same bytes as the YAML config', async () => {
    const yaml = tempTree({ ...SOURCE, 'canonize.config.yaml': YAML });
    const reference = await plan(yaml, join(yaml, 'app/sub'));
    expect(reference.r.code).toBe(0);
    expect(reference.bytes!.toString()).toContain('new.mod');
    const hosts: Record<string, string>[] = [{ 'pyproject.toml': TOML }, { 'package.json': PACKAGE }];
    for (const host of hosts) {
      const dir = tempTree({ ...SOURCE, ...host });
      const got = await plan(dir, join(dir, 'app/sub'));
      expect(got.r.stderr).toBe(reference.r.stderr.split(yaml).join(dir));
      expect(got.r.code).toBe(0);
      expect(got.bytes!.toString().split(dir).join('<root>')).toBe(reference.bytes!.toString().split(yaml).join('<root>'));
    }
  });

  it('prefers canonize.config.yaml over pyproject.toml over package.json in one directory', async () => {
    const badToml = TOML.replace('to = "new.mod"', 'to = "toml.mod"');
    const badJson = PACKAGE.replace('"to": "new.mod"', '"to": "json.mod"');
    const all = tempTree({ ...SOURCE, 'canonize.config.yaml': YAML, 'pyproject.toml': badToml, 'package.json': badJson });
    expect((await plan(all, all)).bytes!.toString()).toContain('new.mod');
    const two = tempTree({ ...SOURCE, 'pyproject.toml': badToml, 'package.json': badJson });
    const fromToml = (await plan(two, two)).bytes!.toString();
    expect(fromToml).toContain('toml.mod');
    expect(fromToml).not.toContain('json.mod');
  });

  it('skips a pyproject.toml or package.json without the section, walking up', async () => {
    const dir = tempTree({
      ...SOURCE,
      'pyproject.toml': TOML,
      'app/pyproject.toml': '[project]\nname = "inner"\ndependencies = ["canonize-unrelated"]\n',
      'app/package.json': JSON.stringify({ name: 'inner', devDependencies: { canonize: '^0.1.0' } }),
    });
    const got = await plan(dir, join(dir, 'app/sub'));
    expect(got.r.code).toBe(0);
    expect(got.bytes!.toString()).toContain('new.mod');
  });

  it('reads --config pyproject.toml, and names the file when it has no [tool.canonize]', async () => {
    const dir = tempTree({ ...SOURCE, 'cfg/pyproject.toml': TOML.replace('[tool.canonize]', '[tool.canonize]\nroot = ".."') });
    const got = await plan(dir, dir, ['--config', 'cfg/pyproject.toml']);
    expect(got.r.code).toBe(0);
    expect(got.bytes!.toString()).toContain('new.mod');

    const none = tempTree({ ...SOURCE, 'pyproject.toml': '[project]\nname = "demo"\n' });
    const r = await runCli(['plan', '--config', 'pyproject.toml'], { cwd: none });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_CONFIG_NOT_FOUND');
    expect(r.stderr).toContain(`${join(none, 'pyproject.toml')} has no [tool.canonize] section`);
    const pkg = tempTree({ ...SOURCE, 'package.json': '{"name": "demo"}' });
    const r2 = await runCli(['plan', '--config', 'package.json'], { cwd: pkg });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('package.json has no "canonize" section');
  });

  it('names the TOML field of a validation error, and of a compile check', async () => {
    const dir = tempTree({ ...SOURCE, 'pyproject.toml': TOML.replace('from = "old.mod"', 'from = "not a module!"').replace('[project]', '[project]\n[tool.canonize.typescript]\nbogus = 1\n') });
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pyproject.toml: invalid config');
    expect(r.stderr).toMatch(/ {2}tool\.canonize\.python\.moves\[0\]\.from: .*dotted Python module name/);
    expect(r.stderr).toContain('  tool.canonize.typescript.bogus: unknown field');

    const cycle = tempTree({ ...SOURCE, 'pyproject.toml': '[tool.canonize]\nversion = 1\npython.moves = [{ from = "a.old", to = "a.new" }, { from = "a.new", to = "a.old" }]\n' });
    const r2 = await runCli(['plan'], { cwd: cycle });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('tool.canonize.python.moves[0], tool.canonize.python.moves[1]: these moves form a cycle');
  });

  it('gives the line of a package.json field, and the line of a TOML syntax error', async () => {
    const dir = tempTree({ ...SOURCE, 'package.json': PACKAGE.replace('"from": "old.mod"', '"from": "not a module!"') });
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    const line = PACKAGE.split('\n').findIndex((l) => l.includes('"from"')) + 1;
    expect(r.stderr).toMatch(new RegExp(`canonize\\.python\\.moves\\[0\\]\\.from: .*line ${line}:`));

    const bad = tempTree({ ...SOURCE, 'pyproject.toml': '[tool.canonize]\nversion = 1\npython = [\n' });
    const r2 = await runCli(['plan'], { cwd: bad });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('E_CONFIG_SYNTAX');
    expect(r2.stderr).toMatch(/not valid TOML[\s\S]*\(line \d+:\d+\)/);
  });

  it('runs `canonize test` cases with a pyproject.toml config', async () => {
    const dir = tempTree({ 'pyproject.toml': TOML, 'canonize-tests/a.input.py': 'from old.mod import Thing\n', 'canonize-tests/a.output.py': 'from new.mod import NewThing\n' });
    const r = await runCli(['test'], { cwd: dir });
    expect(r.stdout).toContain('1 case(s): 1 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('init refuses to write a canonize.config.yaml that would shadow a pyproject.toml or package.json config', async () => {
    for (const [file, text] of [
      ['pyproject.toml', '[project]\nname = "app"\n\n[tool.canonize]\nversion = 1\n'],
      ['package.json', '{ "name": "app", "canonize": { "version": 1 } }\n'],
    ] as const) {
      const dir = tempTree({ [file]: text });
      for (const args of [['init'], ['init', '--force']]) {
        const r = await runCli(args, { cwd: dir });
        expect(r.code, `${file} ${args.join(' ')}`).toBe(2);
        expect(r.stderr).toContain('E_INIT_EXISTS');
        expect(r.stderr).toContain(file);
      }
      expect(existsSync(join(dir, 'canonize.config.yaml'))).toBe(false);
    }
    // A pyproject.toml without the section is no config: init writes the YAML file.
    const plain = tempTree({ 'pyproject.toml': '[project]\nname = "app"\n' });
    expect((await runCli(['init'], { cwd: plain })).code).toBe(0);
    expect(existsSync(join(plain, 'canonize.config.yaml'))).toBe(true);
  });
});
