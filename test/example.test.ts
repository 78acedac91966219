// The bundled example end to end on a copy: plan, apply, and the result still compiles (real python3 and tsc).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../src/config/schema.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';
import { tscOutput } from './helpers/tsc.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'legacy-app');

function copyExample(): string {
  const dir = tempTree();
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** py_compile each file into a throwaway .pyc; throws with python's message on a syntax error. */
function pyCompile(files: string[]): void {
  if (files.length === 0) return;
  const script = 'import py_compile, sys, tempfile, os\nwith tempfile.TemporaryDirectory() as d:\n    for f in sys.argv[1:]: py_compile.compile(f, cfile=os.path.join(d, "x.pyc"), doraise=True)';
  execFileSync('python3', ['-c', script, ...files], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `tsc --noEmit -p project` (in-process: test/helpers/tsc.ts); throws with the compiler's diagnostics. */
function tsc(project: string): void {
  const diagnostics = tscOutput(project, process.cwd());
  if (diagnostics) throw new Error(`tsc --noEmit -p ${project}:\n${diagnostics}`);
}

describe('bundled example', () => {
  it('uses the websocket-ssot preset as its config', () => {
    expect(readFileSync(join(EXAMPLE, 'canonize.config.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'presets', 'websocket-ssot.yaml'), 'utf8'));
  });

  it('previews a real diff, skips the file that does not parse, and applies cleanly', async () => {
    const dir = copyExample();
    const before = readTree(dir);
    const diff = await runCli(['diff'], { cwd: dir });
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('+from netra_backend.app.websocket_core.websocket_manager import WebSocketManager');
    expect(diff.stderr).toMatch(/skipped: netra_backend\/app\/routes\/broken_merge\.py: does not parse/);
    expect(readTree(dir)).toEqual(before); // diff writes nothing

    const applied = await runCli(['apply', '--yes', '--json', '--strict'], { cwd: dir });
    expect(applied.code).toBe(3); // partly, with --strict: the broken file is skipped
    const report = JSON.parse(applied.stdout) as { written: number; notApplied: { path: string }[] };
    expect(report.written).toBeGreaterThan(5);
    expect(report.notApplied.map((f) => f.path)).toEqual(['netra_backend/app/routes/broken_merge.py']);

    const after = readTree(dir);
    // Source files only: apply also writes its journal under .canonize/.
    const changed = Object.keys(after).filter((p) => !p.startsWith('.canonize/') && !after[p]!.equals(before[p]!));
    expect(changed.length).toBe(report.written);
    expect(after['netra_backend/app/routes/broken_merge.py']!.equals(before['netra_backend/app/routes/broken_merge.py']!)).toBe(true);
    // CRLF survives in the CRLF file: every line break is still \r\n.
    const crlf = after['netra_backend/app/services/thread_service.py']!.toString('utf8');
    expect(crlf.split('\n').slice(0, -1).every((line) => line.endsWith('\r'))).toBe(true);

    pyCompile(changed.filter((p) => p.endsWith('.py')).map((p) => join(dir, p)));
    tsc(join(dir, 'tsconfig.json'));
    const again = await runCli(['diff', '--exit-code'], { cwd: dir });
    expect(again.code).toBe(0);
    // Every legacy factory call outside the legacy modules' own definitions merged into get_websocket_manager.
    const legacyCall = /create_websocket_manager(_sync)?\(|\.create_manager\(|create_isolated_manager\(|IsolatedWebSocketManager\(|UnifiedWebSocketManager\(|websocket_factory\(|connection_builder\(|register_connection\(/;
    for (const [path, bytes] of Object.entries(after)) {
      if (!path.endsWith('.py') || path.startsWith('netra_backend/app/websocket_core/') || path.endsWith('broken_merge.py')) continue;
      const lines = bytes.toString('utf8').split('\n').filter((l) => legacyCall.test(l) && !/^\s*(def|class|async def) /.test(l));
      expect(lines, path).toEqual([]);
    }
    expect(after['netra_backend/app/routes/agent_routes.py']!.toString('utf8')).toContain('manager = get_websocket_manager()');
    // The front end's factory call site too: the service is built through its factory.
    const hook = after['frontend/src/hooks/useWebSocket.ts']!.toString('utf8');
    expect(hook).toContain('return createWebSocketService({ url, reconnect: false });');
    expect(hook).not.toMatch(/new (ws\.)?WebSocketService\(/);
    // The Python side is fully migrated: the CI gate passes, and only the unparseable file is left unchecked.
    const gate = await runCli(['check'], { cwd: dir });
    expect(gate.stdout).toContain('check passed');
    expect(gate.code).toBe(0);
    expect(gate.stderr).toBe('not checked: netra_backend/app/routes/broken_merge.py: does not parse: syntax error at 17:1\n');
    expect((await runCli(['check', '--strict'], { cwd: dir })).code).toBe(1);
    // And the audit agrees: every import and call site of a relocated symbol now uses the canonical path.
    const audited = JSON.parse((await runCli(['audit', '--json'], { cwd: dir })).stdout) as { compliance: { legacy: number; canonical: number; percent: number } };
    expect(audited.compliance.legacy).toBe(0);
    expect(audited.compliance.percent).toBe(100);
  });

  it('migrates the TypeScript front end completely: every use of the service through the canonical alias', async () => {
    const dir = copyExample();
    const before = readTree(dir);
    const plan = await runCli(['plan', '--json', 'frontend'], { cwd: dir });
    const planned = JSON.parse(plan.stdout) as { files: { path: string; outcome: string; findings: unknown[] }[] };
    const changed = planned.files.filter((f) => f.outcome === 'changed').map((f) => f.path);
    expect(changed).toEqual([
      'frontend/src/__tests__/chat.test.ts',
      'frontend/src/components/ChatWindow.tsx',
      'frontend/src/components/ConnectionBadge.tsx',
      'frontend/src/components/chat/MessageList.tsx',
      'frontend/src/hooks/useAgentEvents.ts',
      'frontend/src/hooks/useWebSocket.ts',
      'frontend/src/lib/socket.ts',
      'frontend/src/services/index.ts',
      'frontend/src/services/legacy/wsClient.ts',
    ]);
    expect(planned.files.flatMap((f) => f.findings)).toEqual([]);
    expect((await runCli(['apply', '--yes', 'frontend'], { cwd: dir })).code).toBe(0);

    const after = readTree(dir);
    const frontend = Object.keys(after).filter((p) => p.startsWith('frontend/') && !after[p]!.equals(before[p]!));
    expect(frontend.sort()).toEqual(changed);
    for (const path of Object.keys(after).filter((p) => p.startsWith('frontend/src/') && p !== 'frontend/src/lib/socket.ts')) {
      const text = after[path]!.toString('utf8');
      // No relative spelling of the service, no import of the first chat UI's module, none of its names left.
      expect(text, path).not.toMatch(/['"](\.\.?\/)+(services\/)?webSocketService['"]/);
      expect(text, path).not.toMatch(/['"](@|\.\.)\/lib\/socket['"]/);
      expect(text, path).not.toMatch(/\bgetSocket\b/);
    }
    const test = after['frontend/src/__tests__/chat.test.ts']!.toString('utf8');
    expect(test).toContain("import { WebSocketService, createWebSocketService, getClient } from '@/services/webSocketService';");
    // The factory mock of the old module only stubbed what the canonical automock already stubs: it is gone.
    expect(test).toContain("jest.mock('@/services/webSocketService');\n\ndescribe");
    expect(test).toContain("jest.requireActual<typeof import('@/services/webSocketService')>('@/services/webSocketService')");
    // The old client's own names stay where they are; its legacy event type becomes the canonical one, and the
    // events are canonical (test/example-events.test.ts follows them on both sides).
    const events = after['frontend/src/hooks/useAgentEvents.ts']!.toString('utf8');
    expect(events).toContain("import { WsClient } from '@/services/legacy/wsClient';\nimport { type AgentEvent } from '@/services/webSocketService';\n");
    expect(events).toContain('const events: AgentEvent[] = [');

    tsc(join(dir, 'tsconfig.json'));
    const gate = await runCli(['check', '--json', 'frontend'], { cwd: dir });
    expect(JSON.parse(gate.stdout)).toMatchObject({ ok: true, violations: [], unchecked: [] });
    expect(gate.code).toBe(0);
  });

  it('check fails before migration, naming each file and rule', async () => {
    const r = await runCli(['check', '--json'], { cwd: EXAMPLE });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { violations: { path: string; rule: string }[] };
    const files = new Set(result.violations.map((v) => v.path));
    for (const f of ['netra_backend/app/routes/health.py', 'netra_backend/app/agents/supervisor.py', 'tests/test_websocket_manager.py', 'frontend/src/components/ChatWindow.tsx', 'frontend/src/hooks/useWebSocket.ts']) {
      expect(files.has(f), f).toBe(true);
    }
  });

  it('type-checks before migration', () => {
    tsc(join(EXAMPLE, 'tsconfig.json'));
  });
});

describe('shipped JSON Schema', () => {
  it('is the one the config definition generates (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'schema', 'canonize.config.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(configJsonSchema());
  });
});
