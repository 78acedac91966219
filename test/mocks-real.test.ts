// Mocks still intercept after a migration, shown by the real test runners: small projects (a tsconfig `@/` alias,
// legacy modules, canonical modules, code under test, tests with factory mocks and `importActual` / `require` /
// `import()` readers, a jest.setup.js with global mocks) are migrated by the real CLI, then their tests run with the
// real vitest and jest in child processes. The same tests with their mocks left on the legacy path (what ts-move did
// before: it held factory mocks back) run too, and must fail: the code under test imports the canonical module, so
// a mock of the legacy one no longer reaches it.
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree, writeTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

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

const VITEST_PROJECT: Record<string, string> = {
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
  const { emit: real } = await vi.importActual<typeof import('./lib/events')>('./lib/events');
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
const VITEST_MIGRATED: Record<string, string> = {
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
  const { emit: real } = await vi.importActual<typeof import('@/services/events')>('@/services/events');
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

// CommonJS, as a jest front end's setup and tests often are: the legacy modules assign `exports.name`.
const JEST_PROJECT: Record<string, string> = {
  'canonize.config.yaml': `version: 1
include: ["**/*.js"]
typescript:
  moves:
    - from: src/lib/socket.js
      to: "@/services/ws"
      symbols: { getSocket: getClient, sendMessage: send }
    - from: src/lib/events.js
      to: "@/services/events"
`,
  'tsconfig.json': JSON.stringify({ compilerOptions: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', baseUrl: '.', paths: { '@/*': ['src/*'] } }, include: ['src', 'jest.setup.js'] }, null, 2),
  'jest.config.js': `module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.test.js'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.js'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  testEnvironment: 'node',
  watchman: false,
  cacheDirectory: '<rootDir>/.jest-cache',
};
`,
  'src/services/ws.js': "exports.getClient = () => 'real client';\nexports.send = (message) => `real:${message}`;\n",
  'src/lib/socket.js': "const ws = require('../services/ws');\nexports.getSocket = ws.getClient;\nexports.sendMessage = ws.send;\n",
  'src/services/events.js': 'exports.emit = (name) => `real emit ${name}`;\n',
  'src/lib/events.js': "module.exports = require('../services/events');\n",
  'src/chat.js': `const { getSocket, sendMessage } = require('@/lib/socket');
const events = require('./lib/events');

exports.hello = () => sendMessage(\`hi from \${getSocket()}\`);
exports.announce = () => events.emit('joined');
`,
  // Global factory mocks of both legacy modules, for every test file: the form a real front end's setup had.
  'jest.setup.js': `// Global mocks, for every test file.
jest.mock('@/lib/events', () => ({ emit: jest.fn((name) => \`mock emit \${name}\`) }));
jest.mock('./src/lib/socket', () => ({
  ...jest.requireActual('./src/lib/socket'),
  getSocket: jest.fn(() => 'mock client'),
}));
`,
  'src/chat.test.js': `const { hello, announce } = require('./chat');
const { getSocket } = require('@/lib/socket');

test('the global mocks intercept', () => {
  expect(hello()).toBe('real:hi from mock client');
  expect(getSocket).toHaveBeenCalled();
  expect(announce()).toBe('mock emit joined');
  const actual = jest.requireActual('./lib/socket');
  expect(actual.getSocket()).toBe('real client');
});
`,
  'src/lazy.test.js': `test('doMock and require see the same module', () => {
  jest.resetModules();
  jest.doMock('./lib/socket', () => ({ getSocket: () => 'lazy client', sendMessage: (m) => \`lazy:\${m}\` }));
  const { hello } = require('./chat');
  const { getSocket } = require('./lib/socket');
  expect(getSocket()).toBe('lazy client');
  expect(hello()).toBe('lazy:hi from lazy client');
});
`,
};

const JEST_MIGRATED: Record<string, string> = {
  'jest.setup.js': `// Global mocks, for every test file.
jest.mock('@/services/events', () => ({ emit: jest.fn((name) => \`mock emit \${name}\`) }));
jest.mock('@/services/ws', () => ({
  ...jest.requireActual('@/services/ws'),
  getClient: jest.fn(() => 'mock client'),
}));
`,
  'src/chat.js': `const { getClient: getSocket, send: sendMessage } = require('@/services/ws');
const events = require('@/services/events');

exports.hello = () => sendMessage(\`hi from \${getSocket()}\`);
exports.announce = () => events.emit('joined');
`,
  'src/chat.test.js': `const { hello, announce } = require('./chat');
const { getClient: getSocket } = require('@/services/ws');

test('the global mocks intercept', () => {
  expect(hello()).toBe('real:hi from mock client');
  expect(getSocket).toHaveBeenCalled();
  expect(announce()).toBe('mock emit joined');
  const actual = jest.requireActual('@/services/ws');
  expect(actual.getClient()).toBe('real client');
});
`,
  'src/lazy.test.js': `test('doMock and require see the same module', () => {
  jest.resetModules();
  jest.doMock('@/services/ws', () => ({ getClient: () => 'lazy client', send: (m) => \`lazy:\${m}\` }));
  const { hello } = require('./chat');
  const { getClient: getSocket } = require('@/services/ws');
  expect(getSocket()).toBe('lazy client');
  expect(hello()).toBe('lazy:hi from lazy client');
});
`,
};

interface TestOutcome {
  title: string;
  status: string;
  failure: string;
}

/**
 * Run a project's tests with a real runner (vitest or jest) in a child process: the outcome of every test, from
 * the runner's JSON report (both write jest's format).
 */
function runTests(runner: 'vitest' | 'jest', dir: string): Promise<TestOutcome[]> {
  // The child is a runner of its own: none of this runner's variables (VITEST_WORKER_ID, …) may leak into it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/.test(k)));
  const report = join(dir, 'test-report.json');
  const args =
    runner === 'vitest'
      ? [VITEST, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), '--reporter=json', '--outputFile', report]
      : [JEST, '--ci', '--config', join(dir, 'jest.config.js'), '--json', '--outputFile', report];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: dir, env }, (error, stdout, stderr) => {
      try {
        const json = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };
        resolve(json.testResults.flatMap((f) => f.assertionResults.map((a) => ({ title: a.title, status: a.status, failure: a.failureMessages.join('\n') }))));
      } catch (e) {
        reject(new Error(`${runner} wrote no report (${String(e)}; exit ${String(error?.code)}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

/**
 * Migrate a copy of the project with the real CLI (checking the files it must change, byte for byte), make a copy
 * of the result with the mocking files as they were, and run the tests of all three.
 */
async function migrateAndRun(runner: 'vitest' | 'jest', project: Record<string, string>, migratedFiles: Record<string, string>, mockingFiles: readonly string[]) {
  const original = tempTree(project);
  const migrated = tempTree();
  cpSync(original, migrated, { recursive: true });
  const run = await runCli(['apply', '--yes'], { cwd: migrated });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  for (const [path, text] of Object.entries(migratedFiles)) expect(readFileSync(join(migrated, path), 'utf8'), path).toBe(text);
  // The code under test migrated, the tests and setup as they were: their mocks stay on the legacy path.
  const leftBehind = tempTree();
  cpSync(migrated, leftBehind, { recursive: true });
  writeTree(leftBehind, Object.fromEntries(mockingFiles.map((f) => [f, project[f]!])));
  const [before, after, behind] = await Promise.all([runTests(runner, original), runTests(runner, migrated), runTests(runner, leftBehind)]);
  const outcome = (tests: TestOutcome[]) => tests.map((t) => [t.title, t.status, t.failure]).sort();
  return { before: outcome(before), after: outcome(after), behind: Object.fromEntries(behind.map((t) => [t.title, { status: t.status, failure: t.failure }])) };
}

describe('mocks after a migration, run by the real test runners', () => {
  it('vitest: still intercept when they move with the code under test, and would not if left behind', async () => {
    const files = ['src/chat.test.ts', 'src/events.test.ts', 'src/lazy.test.ts'];
    const { before, after, behind } = await migrateAndRun('vitest', VITEST_PROJECT, VITEST_MIGRATED, files);
    const passed = ['intercepts a lazy import', 'intercepts the moved module', 'intercepts the renamed module'].map((t) => [t, 'passed', '']);
    // Before the migration the mocks intercept (the tests are sound), and after it they still do.
    expect(before).toEqual(passed);
    expect(after).toEqual(passed);
    // Left on the legacy path, no mock reaches the migrated code: each test sees the real module.
    expect(behind).toEqual({
      'intercepts the renamed module': { status: 'failed', failure: expect.stringContaining("'real:hi from real client'") },
      'intercepts the moved module': { status: 'failed', failure: expect.stringContaining("'real emit joined'") },
      'intercepts a lazy import': { status: 'failed', failure: expect.stringContaining("'real:hi from real client'") },
    });
  });

  it('jest: global mocks in jest.setup.js and doMock + require still intercept, and would not if left behind', async () => {
    const files = ['jest.setup.js', 'src/chat.test.js', 'src/lazy.test.js'];
    const { before, after, behind } = await migrateAndRun('jest', JEST_PROJECT, JEST_MIGRATED, files);
    const passed = ['doMock and require see the same module', 'the global mocks intercept'].map((t) => [t, 'passed', '']);
    expect(before).toEqual(passed);
    expect(after).toEqual(passed);
    expect(behind).toEqual({
      'the global mocks intercept': { status: 'failed', failure: expect.stringContaining('"real:hi from real client"') },
      'doMock and require see the same module': { status: 'failed', failure: expect.stringContaining('"real:hi from real client"') },
    });
  });
});
