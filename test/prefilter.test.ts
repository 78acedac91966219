// The prefilter decides which files are never parsed, so it must never rule out a file a rule would change or
// report on: each case below is a form the move rule rewrites or reports (kept), or a common-word mention (ruled out).
import { describe, expect, it } from 'vitest';
import { applicableTransforms } from '../src/planner/prefilter.js';
import { identifierTest, pythonMoveMightApply } from '../src/rules/move/prefilter.js';
import { TYPESCRIPT_DEFAULTS } from '../src/config/schema.js';
import { buildProjectIndex, EMPTY_PROJECT } from '../src/planner/project-index.js';
import type { Transform } from '../src/core/types.js';
import { compileTypeScriptMoves, inQuotes } from '../src/rules/move/typescript/transform.js';
import { tempTree } from './helpers/tmp.js';

const CORE = 'netra_backend.app.websocket_core';
const mightApply = pythonMoveMightApply([
  { from: `${CORE}.manager`, symbols: new Map([['WebSocketManager', 'WebSocketManager']]) },
  { from: `${CORE}.unified_manager`, symbols: new Map([['UnifiedWebSocketManager', 'WebSocketManager']]) },
  { from: 'netra_backend.app.websocket', symbols: new Map([['WebSocketManager', 'WebSocketManager']]) },
])!;
const kept = (text: string, collectSites = false) => mightApply(text, { collectSites, project: EMPTY_PROJECT });

describe('the python move prefilter', () => {
  it('keeps every form the move rule rewrites or reports', () => {
    for (const text of [
      `from ${CORE}.manager import WebSocketManager\n`,
      'from .unified_manager import UnifiedWebSocketManager as M\n',
      'from . import manager\nx = manager.WebSocketManager\n',
      `import ${CORE}.unified_manager as um\num.UnifiedWebSocketManager()\n`,
      `with patch("${CORE}.manager.WebSocketManager"):\n    pass\n`,
      `importlib.import_module('${CORE}.manager')\n`,
      'from ..websocket_core.manager import *\n',
      'from .manager import \\\n    *\n',
      'def f(x: "UnifiedWebSocketManager"): ...\n',
    ]) {
      expect(kept(text), text).toBe(true);
    }
  });

  it('rules out files that only use the modules\' last segments as common words', () => {
    for (const text of [
      'self.session_manager = manager\n',
      'async def stream(websocket: WebSocket) -> None:\n    await websocket.send_json({})\n',
      `from ${CORE}.types import MessageType\n`,
      'import websockets\n',
      'class IsolatedWebSocketManagerX: ...\nUnifiedWebSocketManager2 = 1\n',
    ]) {
      expect(kept(text), text).toBe(false);
    }
  });

  it('keeps canonical names only when sites are collected (audits count migrated files)', () => {
    const text = `from ${CORE}.websocket_manager import WebSocketManager\n`;
    // WebSocketManager is also an old name here (it moves from manager), so use a rename-only map.
    const renameOnly = pythonMoveMightApply([{ from: `${CORE}.unified_manager`, symbols: new Map([['UnifiedWebSocketManager', 'WebSocketManager']]) }])!;
    expect(renameOnly(text, { collectSites: false, project: EMPTY_PROJECT })).toBe(false);
    expect(renameOnly(text, { collectSites: true, project: EMPTY_PROJECT })).toBe(true);
  });

  it('leaves moves of every name (`*`) to the needles alone', () => {
    expect(pythonMoveMightApply([{ from: 'a.b', symbols: '*' }])).toBeUndefined();
  });

  it('matches whole identifiers only', () => {
    const test = identifierTest(['manager'])!;
    expect(test('x = manager')).toBe(true);
    expect(test('manager.x')).toBe(true);
    expect(test('"a.manager"')).toBe(true);
    expect(test('session_manager')).toBe(false);
    expect(test('managers $manager')).toBe(false);
  });
});

describe('the TypeScript move prefilter (a needle must be where a string can hold it)', () => {
  const needles = ['socket', 'webSocketService'];
  it('keeps every way a specifier is written', () => {
    for (const text of [
      "import { connect } from '@/lib/socket';\n",
      'import type { Client } from "../services/webSocketService";\n',
      "export * from './socket';\n",
      "const s = require('../lib/socket');\n",
      "jest.mock('@/lib/socket', () => ({}));\n",
      "const m = await import('./lib/socket');\n",
      "type T = typeof import('./socket');\n",
      'const msg = `hello`;\nconst m = require(`./lib/\nsocket`);\n',
      "import {\n  a,\n} from '@/lib/socket';\n",
    ]) {
      expect(inQuotes(text, needles), text).toBe(true);
    }
  });

  it('rules out mentions outside strings', () => {
    for (const text of [
      '// Reconnects are handled by the websocket service; this view only renders state.\n',
      'const socket = useRef(null);\nsocket.current = open();\n',
      '/* uses webSocketService indirectly */ export const x = 1;\n',
    ]) {
      expect(inQuotes(text, needles), text).toBe(false);
    }
  });
});

describe('the TypeScript move prefilter for an index module (imported as ".", "..", "./index", "../index")', () => {
  it('keeps every spelling of a directory\'s index, whose text need not name the directory', async () => {
    const dir = tempTree({
      'tsconfig.json': '{"compilerOptions":{"module":"esnext","moduleResolution":"bundler"}}',
      'src/legacy/index.ts': 'export const x = 1;\n',
      'src/canon/index.ts': 'export const x = 1;\n',
    });
    const [move] = compileTypeScriptMoves({ ...TYPESCRIPT_DEFAULTS, moves: [{ from: 'src/legacy/index.ts', to: 'src/canon/index.ts', symbols: '*' }] });
    const project = await buildProjectIndex(dir, ['.'], [move!]);
    const needles = [...move!.needles, ...move!.projectNeedles!(project)];
    for (const text of ['import { x } from ".";\n', "import { x } from '..';\n", 'import { x } from "./index";\n', 'import { x } from "../index.js";\n']) {
      expect(inQuotes(text, needles), text).toBe(true);
    }
    expect(inQuotes('const index = items.length; // the index\n', needles)).toBe(false);
  });
});

describe('applicableTransforms', () => {
  const rule = (id: string, needles: string[], extra: Partial<Transform> = {}): Transform => ({ id, languages: ['python'], needles, run: () => undefined, ...extra });

  it('runs mightApply only after a needle matched, on the raw bytes read as latin-1', () => {
    const seen: string[] = [];
    const fine = rule('fine', ['manager'], { mightApply: (text) => (seen.push(text), text.includes('Real')) });
    const file = { language: 'python' as const };
    expect(applicableTransforms(file, Buffer.from('nothing here'), [fine])).toEqual([]);
    expect(seen).toEqual([]);
    expect(applicableTransforms(file, Buffer.from('manager = 1  # café'), [fine])).toEqual([]);
    expect(seen).toEqual([Buffer.from('manager = 1  # café').toString('latin1')]);
    expect(applicableTransforms(file, Buffer.from('manager = Real()'), [fine]).map((t) => t.id)).toEqual(['fine']);
  });

  it('treats a needle that contains another as redundant, and still matches it', () => {
    const t = rule('t', ['unified_manager', 'manager']);
    expect(applicableTransforms({ language: 'python' }, 'from .unified_manager import X', [t])).toHaveLength(1);
    expect(applicableTransforms({ language: 'python' }, 'from .unified import X', [t])).toHaveLength(0);
  });
});
