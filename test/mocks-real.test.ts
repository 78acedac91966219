// Mocks still intercept after a migration, shown by the real test runner: a small front end (tsconfig `@/` alias,
// legacy modules, canonical modules, code under test, tests with factory mocks and `importActual` / `import()`
// readers) is migrated by the real CLI, then its tests run with the real vitest in child processes. The same tests
// with their mocks left on the legacy path (what ts-move did before: it held factory mocks back) run too, and must
// fail: the code under test imports the canonical module, so a mock of the legacy one no longer reaches it.
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree, writeTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/** A module whose names are renamed on the way (`getSocket` → `getClient`), and one that moves whole, unrenamed. */
const CONFIG = `version: 1
typescript:
  moves:
    - from: src/lib/socket.ts
      to: "@/services/ws"
      symbols: { getSocket: getClient, sendMessage: send }
    - from: src/lib/events.ts
      to: "@/services/events"
`;

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, baseUrl: '.', paths: { '@/*': ['src/*'] } }, include: ['src'] }, null, 2);

// The test files use vitest's globals, so the project needs no node_modules of its own; `@/` resolves as in tsconfig.
const VITEST_CONFIG = `export default {
  resolve: { alias: { '@/': new URL('./src/', import.meta.url).pathname } },
  test: { globals: true, include: ['src/**/*.test.ts'], watch: false },
};
`;

const PROJECT: Record<string, string> = {
  'canonize.config.yaml': CONFIG,
  'tsconfig.json': TSCONFIG,
  'vitest.config.mjs': VITEST_CONFIG,
  'src/services/ws.ts': `export function getClient(): string {
  return 'real client';
}
export function send(message: string): string {
  return \`real:\${message}\`;
}
`,
  // The legacy modules are shims over the canonical ones, as they usually are while a migration is under way.
  'src/lib/socket.ts': `export { getClient as getSocket, send as sendMessage } from '../services/ws';\n`,
  'src/services/events.ts': `export function emit(name: string): string {
  return \`real emit \${name}\`;
}
`,
  'src/lib/events.ts': `export { emit } from '../services/events';\n`,
  // The code under test: migrated with everything else, so it imports the canonical modules afterwards.
  'src/chat.ts': `import { getSocket, sendMessage } from '@/lib/socket';
import { emit } from './lib/events';

export function hello(): string {
  return sendMessage(\`hi from \${getSocket()}\`);
}

export function announce(): string {
  return emit('joined');
}
`,
  // Renamed names: an \`importOriginal\` factory with a literal key, and an \`importActual\` reader of the real module.
  'src/chat.test.ts': `import { hello } from './chat';
import { getSocket } from '@/lib/socket';

vi.mock('@/lib/socket', async (importOriginal) => ({
  ...(await importOriginal()),
  getSocket: vi.fn(() => 'mock client'),
}));

it('intercepts the renamed module', async () => {
  expect(hello()).toBe('real:hi from mock client');
  expect(getSocket).toHaveBeenCalled();
  const actual = await vi.importActual('@/lib/socket');
  expect(actual.getSocket()).toBe('real client');
});
`,
  // A whole, unrenamed move: a factory that is a reference (its keys need not be read), and an \`importActual\` reader.
  'src/events.test.ts': `import { announce } from './chat';
import { emit } from './lib/events';

const { mockEvents } = vi.hoisted(() => ({ mockEvents: () => ({ emit: vi.fn((name: string) => \`mock emit \${name}\`) }) }));
vi.mock('./lib/events', mockEvents);

it('intercepts the moved module', async () => {
  expect(announce()).toBe('mock emit joined');
  expect(emit).toHaveBeenCalledWith('joined');
  const { emit: real } = await vi.importActual('./lib/events');
  expect(real('x')).toBe('real emit x');
});
`,
  // \`vi.doMock\` and the \`import()\` that must see it, in one test: the mock and the import move together.
  'src/lazy.test.ts': `it('intercepts a lazy import', async () => {
  vi.resetModules();
  vi.doMock('@/lib/socket', () => ({ getSocket: () => 'lazy client', sendMessage: (m: string) => \`lazy:\${m}\` }));
  const { getSocket } = await import('@/lib/socket');
  const { hello } = await import('./chat');
  expect(getSocket()).toBe('lazy client');
  expect(hello()).toBe('lazy:hi from lazy client');
});
`,
};

/** What the migration must make of the test files and the code under test, byte for byte. */
const MIGRATED: Record<string, string> = {
  'src/chat.ts': `import { getClient, send } from '@/services/ws';
import { emit } from '@/services/events';

export function hello(): string {
  return send(\`hi from \${getClient()}\`);
}

export function announce(): string {
  return emit('joined');
}
`,
  'src/chat.test.ts': `import { hello } from './chat';
import { getClient } from '@/services/ws';

vi.mock('@/services/ws', async (importOriginal) => ({
  ...(await importOriginal()),
  getClient: vi.fn(() => 'mock client'),
}));

it('intercepts the renamed module', async () => {
  expect(hello()).toBe('real:hi from mock client');
  expect(getClient).toHaveBeenCalled();
  const actual = await vi.importActual('@/services/ws');
  expect(actual.getClient()).toBe('real client');
});
`,
  'src/events.test.ts': `import { announce } from './chat';
import { emit } from '@/services/events';

const { mockEvents } = vi.hoisted(() => ({ mockEvents: () => ({ emit: vi.fn((name: string) => \`mock emit \${name}\`) }) }));
vi.mock('@/services/events', mockEvents);

it('intercepts the moved module', async () => {
  expect(announce()).toBe('mock emit joined');
  expect(emit).toHaveBeenCalledWith('joined');
  const { emit: real } = await vi.importActual('@/services/events');
  expect(real('x')).toBe('real emit x');
});
`,
  'src/lazy.test.ts': `it('intercepts a lazy import', async () => {
  vi.resetModules();
  vi.doMock('@/services/ws', () => ({ getClient: () => 'lazy client', send: (m: string) => \`lazy:\${m}\` }));
  const { getClient: getSocket } = await import('@/services/ws');
  const { hello } = await import('./chat');
  expect(getSocket()).toBe('lazy client');
  expect(hello()).toBe('lazy:hi from lazy client');
});
`,
};

const TEST_FILES = ['src/chat.test.ts', 'src/events.test.ts', 'src/lazy.test.ts'];

interface TestOutcome {
  file: string;
  title: string;
  status: string;
  failure: string;
}

/** Run the project's tests with the real vitest in a child process; the outcome of every test, from its JSON report. */
function runVitest(dir: string): Promise<TestOutcome[]> {
  // The child is a runner of its own: none of this runner's variables (VITEST_WORKER_ID, …) may leak into it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/.test(k)));
  const report = join(dir, 'vitest-report.json');
  const args = [VITEST, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), '--reporter=json', '--outputFile', report];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: dir, env }, (error, stdout, stderr) => {
      try {
        const json = JSON.parse(readFileSync(report, 'utf8')) as {
          testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
        };
        resolve(
          json.testResults.flatMap((f) =>
            f.assertionResults.map((a) => ({ file: f.name.slice(dir.length + 1), title: a.title, status: a.status, failure: a.failureMessages.join('\n') })),
          ),
        );
      } catch (e) {
        reject(new Error(`vitest wrote no report (${String(e)}; exit ${String(error?.code)}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

describe('mocks after a migration, run by the real vitest', () => {
  it('still intercept when they move with the code under test, and would not if left behind', async () => {
    const original = tempTree(PROJECT);
    const migrated = tempTree();
    cpSync(original, migrated, { recursive: true });
    const run = await runCli(['apply', '--yes'], { cwd: migrated });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const [path, text] of Object.entries(MIGRATED)) expect(readFileSync(join(migrated, path), 'utf8'), path).toBe(text);

    // The code under test migrated, the test files as they were: their mocks stay on the legacy path.
    const leftBehind = tempTree();
    cpSync(migrated, leftBehind, { recursive: true });
    writeTree(leftBehind, Object.fromEntries(TEST_FILES.map((f) => [f, PROJECT[f]!])));

    const [before, after, behind] = await Promise.all([runVitest(original), runVitest(migrated), runVitest(leftBehind)]);
    const titles = ['intercepts the renamed module', 'intercepts the moved module', 'intercepts a lazy import'];
    // Before the migration the mocks intercept (the tests are sound), and after it they still do.
    expect(before.map((t) => [t.title, t.status, t.failure]).sort()).toEqual(titles.map((t) => [t, 'passed', '']).sort());
    expect(after.map((t) => [t.title, t.status, t.failure]).sort()).toEqual(titles.map((t) => [t, 'passed', '']).sort());
    // Left on the legacy path, no mock reaches the migrated code: each test sees the real module.
    expect(behind.map((t) => [t.title, t.status]).sort()).toEqual(titles.map((t) => [t, 'failed']).sort());
    const failures = Object.fromEntries(behind.map((t) => [t.title, t.failure]));
    expect(failures['intercepts the renamed module']).toContain("'real:hi from real client'");
    expect(failures['intercepts the moved module']).toContain("'real emit joined'");
    expect(failures['intercepts a lazy import']).toContain("'real:hi from real client'");
  });
});
