// A module mock of a factory a call rule rewrites, run by the real vitest before and after `apply`: the mock
// intercepts before; after, the code under test calls the canonical factory, the mock intercepts nothing and the
// test fails, and the plan said so on the mock's line (src/rules/call/patches-typescript.ts).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './helpers/tmp.js';

const VITEST = join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');

const PROJECT: Record<string, string> = {
  'canonize.config.yaml': `version: 1
typescript:
  calls:
    - match: makeClient($URL)
      from: src/lib/legacy.ts
      replace: "createClient({ url: $URL })"
      to: src/services/client.ts
`,
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true }, include: ['src'] }),
  'vitest.config.mjs': `export default { test: { globals: true, include: ['src/**/*.test.ts'], watch: false } };\n`,
  'src/services/client.ts': `export function createClient(options: { url: string }): string {
  return \`real \${options.url}\`;
}
`,
  'src/lib/legacy.ts': `import { createClient } from '../services/client';

export function makeClient(url: string): string {
  return createClient({ url });
}
`,
  'src/chat.ts': `import { makeClient } from './lib/legacy';

export function connect(): string {
  return makeClient('/ws');
}
`,
  'src/chat.test.ts': `import { connect } from './chat';

vi.mock('./lib/legacy', () => ({ makeClient: vi.fn(() => 'mock client') }));

it('intercepts the factory', () => {
  expect(connect()).toBe('mock client');
});
`,
};

/** The outcome of each test of the project, from vitest's JSON report (run in a child process of its own). */
function runVitest(dir: string): Promise<string[]> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/.test(k)));
  const report = join(dir, 'test-report.json');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [VITEST, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), '--reporter=json', '--outputFile', report], { cwd: dir, env }, (error, stdout, stderr) => {
      try {
        const json = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
        resolve(json.testResults.flatMap((f) => f.assertionResults.map((a) => `${a.title}: ${a.status}`)));
      } catch (e) {
        reject(new Error(`vitest wrote no report (${String(e)}; exit ${String(error?.code)}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

describe('a mock of a factory a call rule rewrites, run by the real vitest', () => {
  it('intercepts before apply, not after, and the plan reports it on the mock line', async () => {
    const dir = tempTree(PROJECT);
    expect(await runVitest(dir)).toEqual(['intercepts the factory: passed']);
    const planned = await runCli(['plan', '--json'], { cwd: dir });
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout) as { files: { path: string; findings: { line: number; severity: string; message: string }[] }[] };
    const findings = plan.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line} ${x.severity} ${x.message.split(':')[0]}`));
    expect(findings).toEqual(["src/chat.test.ts:3 warning mock of './lib/legacy' defines makeClient, which the code under test no longer calls once applied"]);
    const applied = await runCli(['apply', '--yes'], { cwd: dir });
    expect(applied.code).toBe(0);
    expect(readFileSync(join(dir, 'src/chat.ts'), 'utf8')).toContain("return createClient({ url: '/ws' });");
    expect(await runVitest(dir)).toEqual(['intercepts the factory: failed']);
  });
});
