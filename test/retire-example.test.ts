// The bundled example reaches the end state of its migration (issue 18, part 2): `apply --yes`, then `retire --yes`.
// The legacy modules are gone or shimmed, `check` passes, the Python compiles and `tsc` passes, retiring again
// changes nothing, and `rollback` of each run restores the tree byte for byte.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'legacy-app');
const python = spawnSync('python3', ['--version']).status === 0;

describe('examples/legacy-app: apply, then retire', () => {
  it('reaches the end state, and each run rolls back byte for byte', async () => {
    const dir = tempTree();
    cpSync(EXAMPLE, dir, { recursive: true });
    const original = readTree(dir);
    const applied = await runCli(['apply', '--yes'], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
    const migrated = readTree(dir);

    const retired = await runCli(['retire', '--yes'], { cwd: dir });
    expect(retired.code, retired.stderr).toBe(0);
    expect(retired.stdout.split('\n').filter((l) => /^(deleted|shimmed|kept) /.test(l))).toEqual([
      'shimmed python netra_backend.app.services.websocket (netra_backend/app/services/websocket/__init__.py)',
      'shimmed python netra_backend.app.websocket (netra_backend/app/websocket/__init__.py)',
      'shimmed python netra_backend.app.websocket_core (netra_backend/app/websocket_core/__init__.py)',
      'shimmed python netra_backend.app.websocket_core.manager (netra_backend/app/websocket_core/manager.py)',
      'shimmed python netra_backend.app.websocket_core.unified_manager (netra_backend/app/websocket_core/unified_manager.py)',
      'shimmed python netra_backend.app.websocket_core.unified_manager_compat (netra_backend/app/websocket_core/unified_manager_compat.py)',
      'deleted typescript frontend/src/lib/socket.ts (frontend/src/lib/socket.ts)',
      // WsClient stays in the module and its emit() takes the moved LegacyAgentEvent: the shim imports the canonical
      // AgentEvent under that name for it (docs/retire.md, "The shims").
      'shimmed typescript frontend/src/services/legacy/wsClient.ts (frontend/src/services/legacy/wsClient.ts)',
    ]);
    expect(existsSync(join(dir, 'frontend/src/lib/socket.ts'))).toBe(false);
    for (const shim of ['netra_backend/app/websocket/__init__.py', 'netra_backend/app/websocket_core/manager.py', 'frontend/src/services/legacy/wsClient.ts']) {
      expect(readFileSync(join(dir, shim), 'utf8')).toContain('canonize retire: deprecation shim');
    }

    // The end state holds: check passes, the Python compiles (but the file that never parsed), tsc passes.
    const check = await runCli(['check'], { cwd: dir });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    if (python) {
      const sources = Object.keys(readTree(dir)).filter((p) => p.endsWith('.py') && !p.endsWith('broken_merge.py'));
      // Byte code goes elsewhere: the tree must stay exactly what the runs wrote.
      const env = { ...process.env, PYTHONPYCACHEPREFIX: tempTree(), PYTHONDONTWRITEBYTECODE: '1' };
      execFileSync('python3', ['-m', 'py_compile', ...sources], { cwd: dir, env });
      const probe = [
        'import warnings',
        'warnings.simplefilter("error")',
        'import netra_backend.app.websocket_core.unified_manager as legacy',
        'from netra_backend.app.websocket_core.websocket_manager import WebSocketManager',
        'try:',
        '    legacy.UnifiedWebSocketManager',
        'except DeprecationWarning as w:',
        '    print(w)',
      ].join('\n');
      expect(execFileSync('python3', ['-c', probe], { cwd: dir, encoding: 'utf8', env })).toBe(
        'netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager is deprecated: use `from netra_backend.app.websocket_core.websocket_manager import WebSocketManager`\n',
      );
    }
    expect(readFileSync(join(dir, 'frontend/src/services/legacy/wsClient.ts'), 'utf8')).toContain(
      [
        '// canonize retire: deprecation shim: the exports below moved; importing them from here still works.',
        "import type { AgentEvent as LegacyAgentEvent } from '@/services/webSocketService';",
        "/** @deprecated use AgentEvent from '@/services/webSocketService' */",
        "export type { AgentEvent as LegacyAgentEvent } from '@/services/webSocketService';",
      ].join('\n'),
    );
    expect(readFileSync(join(dir, 'frontend/src/services/legacy/wsClient.ts'), 'utf8')).not.toContain('interface LegacyAgentEvent');
    const retiredTree = readTree(dir);

    // Retiring again has nothing to do.
    const again = await runCli(['retire', '--yes'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing to retire');
    expect(readTree(dir)).toEqual(retiredTree);

    // Each run rolls back byte for byte: retire's first, then apply's.
    const back1 = await runCli(['rollback'], { cwd: dir });
    expect(back1.code, back1.stderr).toBe(0);
    expect(readTree(dir)).toEqual(migrated);
    const back2 = await runCli(['rollback'], { cwd: dir });
    expect(back2.code, back2.stderr).toBe(0);
    expect(readTree(dir)).toEqual(original);
  }, 120_000);
});
