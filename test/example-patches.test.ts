// Test patches of a callee a call rule rewrites, shown by real pytest runs before and after `apply` on copies: the
// bundled example's own suite, where every test that fails afterwards has a finding of the plan on one of its lines
// (the patch the rewrite leaves behind); and the python-call fixture project `patch-targets`, where the patches of a
// rule that only renames the callee are moved with it and still intercept.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTEST_ASYNC_HOOKS, pytestImportable } from './helpers/pytest-async.js';
import { runCli, tempTree, writeTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'legacy-app');

// pytest with a plugin that runs coroutine tests (pytest-asyncio is not installed), and a stand-in `fastapi` (the
// example's routes import APIRouter only to declare their paths), so that every test of the example runs.
const RUNNER: Record<string, string> = {
  'canonize_async_runner.py': `import asyncio, inspect

${PYTEST_ASYNC_HOOKS}`,
  'fastapi/__init__.py': `class APIRouter:
    def __init__(self, *args, **kwargs):
        pass

    def route(self, *args, **kwargs):
        return lambda f: f

    get = post = put = delete = websocket = route
`,
};

// Which lines of a test file belong to which test function (the last `def test_…` at or above the line).
const TEST_SPANS = `import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
print(json.dumps([[n.name, n.lineno, n.end_lineno] for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test_")]))
`;

/** The example's failing tests in `project`, as `tests/file.py::name` (nothing is written into the tree). */
function failingTests(project: string, runner: string, tests = 'tests'): string[] {
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: [runner, project].join(':') };
  let out: string;
  try {
    out = execFileSync('python3', ['-m', 'pytest', '-q', '-rf', '-p', 'canonize_async_runner', '-p', 'no:cacheprovider', tests], { cwd: project, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? '';
  }
  expect(out).toMatch(/\d+ passed/);
  return [...out.matchAll(/^FAILED (\S+)/gm)].map((m) => m[1]!).sort();
}

describe('bundled example: the patches of the tests', () => {
  it.skipIf(!pytestImportable())('every test apply makes fail has a finding on one of its lines', async () => {
    const dir = tempTree();
    cpSync(EXAMPLE, dir, { recursive: true });
    const runner = tempTree(RUNNER);
    // The suite is real: it passes before the migration.
    expect(failingTests(dir, runner)).toEqual([]);

    const planned = await runCli(['plan', '--json'], { cwd: dir });
    const plan = JSON.parse(planned.stdout) as { files: { path: string; findings: { line: number; severity: string; message: string }[] }[] };
    const applied = await runCli(['apply', '--yes'], { cwd: dir });
    expect(applied.code).toBe(0);
    const failing = failingTests(dir, runner);
    // What the call rules' rewrites break: the patch of a consumer's name and the patch of the legacy factory.
    expect(failing).toEqual(['tests/test_agent_events.py::test_async_factory_can_be_replaced', 'tests/test_agent_events.py::test_tool_dispatcher_reports_each_call']);

    for (const id of failing) {
      const [path, name] = id.split('::') as [string, string];
      const spans = JSON.parse(execFileSync('python3', ['-c', TEST_SPANS, join(EXAMPLE, path)], { encoding: 'utf8' })) as [string, number, number][];
      const [, first, last] = spans.find(([n]) => n === name)!;
      const findings = plan.files.find((f) => f.path === path)?.findings ?? [];
      const onTest = findings.filter((f) => f.line >= first && f.line <= last && f.severity === 'warning' && f.message.startsWith('patch of '));
      expect(onTest.length, `${id}: no finding on its lines ${first}-${last}`).toBeGreaterThan(0);
    }
    // The findings name the patch's own line (the string that names the patched attribute).
    const lines = readFileSync(join(EXAMPLE, 'tests/test_agent_events.py'), 'utf8').split('\n');
    const patchLines = plan.files.find((f) => f.path === 'tests/test_agent_events.py')!.findings.filter((f) => f.message.startsWith('patch of ')).map((f) => lines[f.line - 1]!.trim());
    expect(patchLines).toEqual(['"netra_backend.app.agents.tool_dispatcher.UnifiedWebSocketManager",', '"netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager", fake_factory']);
  });
});

const FIXTURE = join(ROOT, 'src', 'rules', 'call', '__fixtures__', 'python-call');

// Real tests against the fixture's project: each asserts that its fake is what the code under test called.
const REAL_TESTS = `from unittest.mock import patch

import app.service
from app import aliased, service


def test_string(monkeypatch):
    monkeypatch.setattr("app.service.make_client", lambda *args: ("fake", args))
    assert service.run() == ("fake", ("x",))


@patch("app.service.make_client")
def test_decorator(fake):
    service.run()
    fake.assert_called_once_with("x")


def test_patch_object():
    with patch.object(app.service, "make_client") as fake:
        service.run()
        fake.assert_called_once_with("x")


def test_aliased(monkeypatch):
    monkeypatch.setattr("app.aliased.mk", lambda *args: "fake")
    assert aliased.run() == "fake"


def test_arguments_change(monkeypatch):
    monkeypatch.setattr("app.service.open_session", lambda url: ("fake", url))
    assert service.start("u") == ("fake", "u")
`;

describe('a patch of a callee a rule only renames', () => {
  it.skipIf(!pytestImportable())('is moved onto the canonical callee and still intercepts; the one it cannot move is reported and fails', async () => {
    const dir = tempTree();
    cpSync(join(FIXTURE, 'patch-targets.tree'), dir, { recursive: true });
    writeTree(dir, { 'canonize.config.yaml': readFileSync(join(FIXTURE, 'patch-targets.config.yaml'), 'utf8'), 'tests/test_real.py': REAL_TESTS });
    const runner = tempTree(RUNNER);
    expect(failingTests(dir, runner, 'tests/test_real.py')).toEqual([]);
    const applied = await runCli(['apply', '--yes'], { cwd: dir });
    expect(applied.code).toBe(0);
    const test = readFileSync(join(dir, 'tests/test_real.py'), 'utf8');
    expect(test).toContain('monkeypatch.setattr("app.service.build_client", lambda *args: ("fake", args))');
    expect(test).toContain('monkeypatch.setattr("app.aliased.build_client", lambda *args: "fake")');
    expect(applied.stderr + applied.stdout).toContain('tests/test_real.py:30:26: patch of app.service.open_session no longer intercepts its calls once applied');
    expect(failingTests(dir, runner, 'tests/test_real.py')).toEqual(['tests/test_real.py::test_arguments_change']);
  });
});
