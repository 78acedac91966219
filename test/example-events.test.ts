// The bundled example's agent events on a copy: apply turns them canonical on both sides, and the example's own
// event tests pass for real (python3 -m pytest and a plain runner), tsc and py_compile pass, check passes, rollback
// restores the tree byte for byte.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTEST_ASYNC_HOOKS, pytestImportable } from './helpers/pytest-async.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'legacy-app');
/** The example's tests of the event shape (the others of the file check its mocks, not the events). */
const EVENT_TESTS = ['test_supervisor_emits_started_thinking_completed', 'test_tool_dispatcher_events'];

// Runs the named tests of tests/test_agent_events.py, outside the tree (nothing is written into it: no bytecode, no
// pytest cache). `pytest`: python3 -m pytest, with a plugin that runs the coroutine tests (pytest-asyncio is not
// installed). `plain`: no pytest at all: a stand-in `pytest` module (fixture, mark, MonkeyPatch) is installed, the
// test module imported, and each test called with its fixtures, coroutines through asyncio.run.
const RUNNER = String.raw`
import asyncio, importlib, inspect, os, subprocess, sys, types

${PYTEST_ASYNC_HOOKS}
class MonkeyPatch:
    def __init__(self):
        self._undo = []
    def setattr(self, target, value, *rest):
        if rest:
            obj, name, value = target, value, rest[0]
        else:
            path, name = target.rsplit(".", 1)
            parts = path.split(".")
            obj = importlib.import_module(parts[0])
            for i in range(1, len(parts)):
                try:
                    obj = getattr(obj, parts[i])
                except AttributeError:
                    obj = importlib.import_module(".".join(parts[: i + 1]))
        self._undo.append((obj, name, getattr(obj, name)))
        setattr(obj, name, value)
    def undo(self):
        for obj, name, old in reversed(self._undo):
            setattr(obj, name, old)

def plain(project, names):
    fixtures = {}
    stub = types.ModuleType("pytest")
    stub.fixture = lambda f: fixtures.setdefault(f.__name__, f)
    stub.mark = types.SimpleNamespace(asyncio=lambda f: f)
    stub.MonkeyPatch = MonkeyPatch
    sys.modules["pytest"] = stub
    sys.path[:0] = [project, os.path.join(project, "tests")]
    module = importlib.import_module("test_agent_events")
    for name in names:
        fn = getattr(module, name)
        patch = MonkeyPatch()
        args = {p: (patch if p == "monkeypatch" else fixtures[p]()) for p in inspect.signature(fn).parameters}
        try:
            result = fn(**args)
            if inspect.iscoroutine(result):
                asyncio.run(result)
        finally:
            patch.undo()
    print("plain: %d passed" % len(names))

if __name__ == "__main__":
    mode, project, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    if mode == "plain":
        plain(project, names)
    else:
        ids = ["tests/test_agent_events.py::" + n for n in names]
        sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "canonize_event_runner", "-p", "no:cacheprovider", *ids], cwd=project))
`;

function pythonEnv(runnerDir: string, project: string): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: [runnerDir, project].join(':') };
}

/** Runs the example's event tests in `project` (throws with python's output when one fails); returns stdout. */
function runEventTests(mode: 'pytest' | 'plain', project: string): string {
  const runnerDir = tempTree({ 'canonize_event_runner.py': RUNNER });
  try {
    return execFileSync('python3', [join(runnerDir, 'canonize_event_runner.py'), mode, project, ...EVENT_TESTS], {
      env: pythonEnv(runnerDir, project),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`${mode} event tests failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

function pyCompileAll(dir: string, files: string[]): void {
  const script = 'import py_compile, sys, tempfile, os\nwith tempfile.TemporaryDirectory() as d:\n    for f in sys.argv[1:]: py_compile.compile(f, cfile=os.path.join(d, "x.pyc"), doraise=True)';
  execFileSync('python3', ['-c', script, ...files.map((f) => join(dir, f))], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function tsc(project: string): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const text = (tree: Record<string, Buffer>, path: string): string => tree[path]!.toString('utf8');

describe('bundled example: the agent events', () => {
  it('plans every event literal and read without a finding of the shape rules, and no warning', async () => {
    const plan = await runCli(['plan', '--json'], { cwd: EXAMPLE });
    const planned = JSON.parse(plan.stdout) as { files: { path: string; findings: { rule: string; line: number; severity: string; message: string }[] }[] };
    // The shape rules' ids (agent-event-python, agent-event-typescript) and every warning: the other findings are the
    // singletons' infos, and the call rules' warnings on the tests' patches (test/example-patches.test.ts).
    const flagged = (x: { rule: string; severity: string; message: string }): boolean => x.rule.startsWith('agent-event-') || (x.severity !== 'info' && !x.message.startsWith('patch of '));
    const shapeFindings = planned.files.flatMap((f) => f.findings.filter(flagged).map((x) => `${f.path}:${x.line} ${x.rule} ${x.message}`));
    expect(shapeFindings).toEqual([]);
  });

  it('apply makes them canonical; the event tests, tsc, py_compile and check pass; rollback restores every byte', async () => {
    const dir = tempTree();
    cpSync(EXAMPLE, dir, { recursive: true });
    const before = readTree(dir);
    // The tests are real: they pass on the legacy shapes before the migration too.
    expect(runEventTests('plain', dir)).toContain('plain: 2 passed');

    const applied = await runCli(['apply', '--yes'], { cwd: dir });
    expect(applied.code).toBe(0);
    const after = readTree(dir);

    const supervisor = text(after, 'netra_backend/app/agents/supervisor.py');
    expect(supervisor).toContain('{"event_type": "agent_started", "timestamp": 1696154400.0, "user_id": ctx.user_id, "thread_id": ctx.thread_id, "data": {"agent_name": "cost_optimizer"}}');
    // The time computed at run time goes through the configured converter.
    expect(supervisor).toContain('"timestamp": datetime.fromisoformat(datetime.now(timezone.utc).isoformat()).timestamp(),');
    const tests = text(after, 'tests/test_agent_events.py');
    expect(tests).toContain('from netra_backend.app.websocket_core.websocket_manager import AgentEvent\n');
    expect(tests).toContain('def event_type(event: AgentEvent) -> str:');
    expect(tests).toContain('    return event["event_type"]\n');
    const hook = text(after, 'frontend/src/hooks/useAgentEvents.ts');
    expect(hook).toContain("import { type AgentEvent } from '@/services/webSocketService';");
    expect(hook).toContain("{ event_type: 'tool_executing', timestamp: 1696154402, user_id: userId, thread_id: threadId, data: { tool_name: 'lookup_pricing', parameters: { model: 'gpt-4' } } },");
    expect(text(after, 'frontend/src/__tests__/chat.test.ts')).toContain("const event: AgentEvent = { event_type: 'agent_started', timestamp: 1696154400, user_id: 'user_12345', thread_id: 'thread_67890', data: { agent_name: 'cost_optimizer' } };");
    // No legacy event literal is left on either side.
    for (const [path, bytes] of Object.entries(after)) {
      if (!/\.(py|tsx?)$/.test(path)) continue;
      expect(bytes.toString('utf8'), path).not.toMatch(/(?<!\w)["']?type["']?: ["'](agent_started|agent_thinking|tool_executing|tool_completed|agent_completed)["']/);
    }

    expect(runEventTests('plain', dir)).toContain('plain: 2 passed');
    if (pytestImportable()) expect(runEventTests('pytest', dir)).toMatch(/\b2 passed\b/);
    tsc(join(dir, 'tsconfig.json'));
    pyCompileAll(dir, Object.keys(after).filter((p) => p.endsWith('.py') && !p.endsWith('broken_merge.py')));
    const gate = await runCli(['check'], { cwd: dir });
    expect(gate.stdout).toContain('check passed');
    expect(gate.code).toBe(0);

    expect(readTree(dir)).toEqual(after); // the test runs left nothing in the tree
    const undone = await runCli(['rollback'], { cwd: dir });
    expect(undone.code).toBe(0);
    const restored = readTree(dir);
    expect(Object.keys(restored)).toEqual(Object.keys(before));
    for (const path of Object.keys(before)) expect(restored[path]!.equals(before[path]!), path).toBe(true);
  });

  it('keeps the example README table in step with the files: each row names a line holding its code', () => {
    const rows = readFileSync(join(EXAMPLE, 'README.md'), 'utf8').split('\n').map((l) => /^\| .* \| `([^`]+):(\d+)` \| `(.*)` \|$/.exec(l)).filter((m) => m !== null);
    expect(rows.length).toBeGreaterThan(90);
    const wrong = rows.filter(([, path, line, code]) => {
      const held = readFileSync(join(EXAMPLE, path!), 'utf8').split('\n')[Number(line) - 1] ?? '';
      return !held.includes(code!.replaceAll('\\|', '|'));
    });
    expect(wrong.map((m) => m[0])).toEqual([]);
  });
});
