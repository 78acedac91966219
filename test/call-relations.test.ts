// Call rules around exception tests, end to end through the CLI: `inside` / `notInside` patterns are compiled with
// the config (errors name the field), a call inside an exception test is reported and stays a legacy site that
// `audit` counts and `check` fails on, and `exceptionTests: rewrite` migrates it, with a second plan empty.
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/audit/audit.js';
import type { Plan } from '../src/core/types.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const withCall = (section: 'python' | 'typescript', call: string) =>
  tempTree({ 'canonize.config.yaml': `version: 1\n${section}:\n  calls:\n${call}`, 'a.py': 'x = 1\n' });

describe('relational constraint config errors', () => {
  it('names the field of a pattern that does not parse, and the alternative in a list', async () => {
    const one = await runCli(['plan'], { cwd: withCall('python', '    - match: create($X)\n      replace: get($X)\n      notInside: "with pytest.raises($$$) $$$"\n') });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/python\.calls\[0\]\.notInside: pattern "with pytest\.raises\(\$\$\$\) \$\$\$" does not parse as python/);
    const list = await runCli(['plan'], { cwd: withCall('python', '    - match: create($X)\n      replace: get($X)\n    - match: make($X)\n      replace: get($X)\n      inside: ["def $F($$$): $$$", "x = 1\\ny = 2"]\n') });
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('python.calls[1].inside[1]: pattern "x = 1\\ny = 2" must be a single expression or statement');
  });

  it('compiles TypeScript constraints with the TypeScript grammar', async () => {
    // Valid TypeScript, not valid Python: accepted under typescript.calls.
    const ok = await runCli(['plan'], { cwd: withCall('typescript', '    - match: makeClient($O)\n      replace: create($O)\n      notInside: "expect(() => $$$).toThrow($$$)"\n') });
    expect(ok.code).toBe(0);
    const bad = await runCli(['plan'], { cwd: withCall('typescript', '    - match: makeClient($O)\n      replace: create($O)\n      inside: "with pytest.raises($$$): $$$"\n') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('typescript.calls[0].inside: pattern "with pytest.raises($$$): $$$" does not parse as typescript');
  });

  it('rejects an unknown exceptionTests mode through the schema', async () => {
    const r = await runCli(['plan'], { cwd: withCall('python', '    - match: create($X)\n      replace: get($X)\n      exceptionTests: skip\n') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.calls[0].exceptionTests');
  });
});

const CALL = (mode: string) => `version: 1
python:
  calls:
    - match: make_manager($X)
      from: legacy.factory
      replace: get_manager(ctx=$X)
      to: canon.manager
${mode}`;

const TEST_FILE = `import pytest

from legacy.factory import make_manager


def test_refuses_none():
    with pytest.raises(ValueError):
        make_manager(None)


def test_works(ctx):
    assert make_manager(ctx) is not None
`;

function project(mode: string): string {
  return tempTree({
    'canonize.config.yaml': CALL(mode),
    'legacy/__init__.py': '',
    'legacy/factory.py': 'def make_manager(ctx):\n    if ctx is None:\n        raise ValueError("ctx")\n    return object()\n',
    'canon/__init__.py': '',
    'canon/manager.py': 'def get_manager(ctx):\n    return object()\n',
    'tests/test_factory.py': TEST_FILE,
  });
}

describe('calls inside exception tests', () => {
  it('are reported, left as they are, and still counted as legacy by audit and check', async () => {
    const dir = project('');
    const applied = await runCli(['apply', '--yes'], { cwd: dir });
    expect(applied.code).toBe(0);
    const after = readTree(dir)['tests/test_factory.py']!.toString('utf8');
    expect(after).toContain('    with pytest.raises(ValueError):\n        make_manager(None)\n');
    expect(after).toContain('    assert get_manager(ctx=ctx) is not None\n');
    // The legacy import stays: the reported call still uses it.
    expect(after).toContain('from legacy.factory import make_manager\nfrom canon.manager import get_manager\n');

    const plan = await runCli(['plan'], { cwd: dir });
    expect(plan.code).toBe(0);
    expect(plan.stdout + plan.stderr).toContain('call inside with pytest.raises(...)');
    expect(plan.stdout + plan.stderr).toContain('exceptionTests: rewrite on the rule python.calls/make_manager($X)');

    const audit = await runCli(['audit', '--json'], { cwd: dir });
    const report = JSON.parse(audit.stdout) as AuditReport;
    expect(report.legacySites.map((s) => `${s.path}:${s.line} ${s.form}`)).toEqual(['tests/test_factory.py:9 call:positional']);
    expect((await runCli(['check'], { cwd: dir })).code).toBe(1);
  });

  it('are rewritten with exceptionTests: rewrite, in one run, and check passes', async () => {
    const dir = project('      exceptionTests: rewrite\n');
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    const after = readTree(dir)['tests/test_factory.py']!.toString('utf8');
    expect(after).toBe(TEST_FILE.replace('from legacy.factory import make_manager', 'from canon.manager import get_manager').replace('make_manager(None)', 'get_manager(ctx=None)').replace('make_manager(ctx)', 'get_manager(ctx=ctx)'));
    const again = await runCli(['plan', '--json'], { cwd: dir });
    expect(again.code).toBe(0);
    const replanned = JSON.parse(again.stdout) as Plan;
    expect(replanned.files.filter((f) => f.outcome === 'changed')).toEqual([]);
    expect((await runCli(['check'], { cwd: dir })).code).toBe(0);
  });
});
