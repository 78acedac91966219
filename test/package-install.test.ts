// canonize as its users get it: `npm pack`, the tarball installed into a new project (deps from the npm cache that
// `npm ci` filled, the registry for anything missing), then the installed bin, the library (imported, required from
// CommonJS, and from TypeScript with no @types/node), and what the package must hold. Skips, saying why, when the
// install cannot reach its packages.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TYPESCRIPT = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['typescript']!;

let work = '';
let project = '';
/** Why the install could not be made (then every test skips with it), or undefined. */
let unavailable: string | undefined;

function run(cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
}

const NETWORK = /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH|NOTCACHED)|network connectivity/i;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'canonize-pack-'));
  // dist/ is built (npm test builds first; test/helpers/build.ts otherwise): pack it as it is, without `prepare`.
  const packed = run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  project = join(work, 'consumer');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  const install = run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `typescript@${TYPESCRIPT}`], project, 240_000);
  if (install.status !== 0) {
    const output = `${install.stdout}\n${install.stderr}`;
    if (NETWORK.test(output)) unavailable = `the npm registry is unreachable and the npm cache lacks a package: ${output.trim().split('\n').slice(-3).join(' / ')}`;
    else throw new Error(`npm install of the tarball failed:\n${output}`);
  }
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm pack tarball, installed into a new project', () => {
  const installed = () => join(project, 'node_modules', 'canonize');
  const bin = () => join(project, 'node_modules', '.bin', 'canonize');

  it('runs `npx canonize --help`', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const r = run('npx', ['--no-install', 'canonize', '--help'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: canonize /);
    for (const command of ['plan', 'diff', 'apply', 'rollback', 'check', 'audit', 'init']) expect(r.stdout).toContain(`\n  ${command} `);
  });

  it('plans the example as the source checkout does', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const example = join(work, 'legacy-app');
    cpSync(join(ROOT, 'examples', 'legacy-app'), example, { recursive: true });
    const fromPackage = run(bin(), ['plan', '--no-cache', '-o', join(work, 'installed.plan.json')], example);
    expect(fromPackage.stderr).toMatch(/^skipped: netra_backend\/app\/routes\/broken_merge\.py: does not parse/);
    expect(fromPackage.status).toBe(0);
    const fromSources = run(process.execPath, [join(ROOT, 'bin', 'canonize.js'), 'plan', '--no-cache', '-o', join(work, 'sources.plan.json')], example);
    expect(fromSources.status).toBe(0);
    expect(fromPackage.stderr).toBe(fromSources.stderr);
    const plan = readFileSync(join(work, 'installed.plan.json'), 'utf8');
    expect((JSON.parse(plan) as { summary: { changed: number } }).summary.changed).toBeGreaterThan(0);
    expect(plan).toBe(readFileSync(join(work, 'sources.plan.json'), 'utf8'));
  });

  it('type-checks a strict TypeScript file using the library, with no @types/node', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023'],
          types: [],
          skipLibCheck: false,
        },
        files: ['use.ts'],
      }),
    );
    writeFileSync(join(project, 'use.ts'), USE_TS);
    const r = run(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);
    const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    // zod's own declarations name `URL` (from lib.dom or @types/node, which this project has neither of): not
    // canonize's types; every other error is.
    const ours = errors.filter((l) => !l.startsWith('node_modules/zod/'));
    expect(ours).toEqual([]);
  });

  it('imports and runs the library from an ES module', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const example = join(work, 'legacy-app-lib');
    cpSync(join(ROOT, 'examples', 'legacy-app'), example, { recursive: true });
    writeFileSync(
      join(project, 'use.mjs'),
      "import { plan } from 'canonize';\nconst { plan: p } = await plan({ cwd: process.argv[2], cache: false, jobs: 1 });\nconsole.log(p.summary.changed);\n",
    );
    const r = run(process.execPath, ['use.mjs', example], project);
    expect(r.stderr).toBe('');
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
  });

  it('requires and runs the library from CommonJS', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const tree = join(work, 'cjs-tree');
    execFileSync('mkdir', ['-p', join(tree, 'old')]);
    writeFileSync(join(tree, 'canonize.config.yaml'), 'version: 1\npython:\n  moves:\n    - from: old.mod\n      to: new.mod\n');
    writeFileSync(join(tree, 'app.py'), 'from old.mod import x\n');
    writeFileSync(join(tree, 'old', 'mod.py'), '');
    writeFileSync(
      join(project, 'use.cjs'),
      "const { plan } = require('canonize');\nplan({ cwd: process.argv[2], cache: false, jobs: 1 }).then(({ plan: p }) => console.log(p.summary.changed, p.files.find((f) => f.path === 'app.py').edits[0].text));\n",
    );
    const r = run(process.execPath, ['use.cjs', tree], project);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1 from new.mod import x\n');
  });

  it('installs a clean tree: no native tree-sitter, nothing extraneous, nothing built', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const r = run(NPM, ['ls', '--all'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const treeSitters = r.stdout.split('\n').filter((l) => /tree-sitter/.test(l));
    expect(treeSitters.map((l) => l.replace(/^[\s│├└─┬]+/, ''))).toEqual([expect.stringMatching(/^web-tree-sitter@\d/)]);
    expect(existsSync(join(project, 'node_modules', 'tree-sitter'))).toBe(false);
    for (const grammar of ['tree-sitter-python.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm']) {
      expect(existsSync(join(installed(), 'grammars', grammar))).toBe(true);
    }
  });

  it('ships every docs/ page its messages and help point to', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const cited = new Set<string>();
    for (const name of readdirSync(join(installed(), 'dist'), { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.js')) continue;
      for (const m of readFileSync(join(installed(), 'dist', name), 'utf8').matchAll(/docs\/([\w-]+\.md)/g)) cited.add(m[1]!);
    }
    expect(cited.size).toBeGreaterThan(3);
    expect([...cited].filter((page) => !existsSync(join(installed(), 'docs', page)))).toEqual([]);
  });

  it("writes an init config whose $schema resolves to the installed schema", (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const r = run(bin(), ['init'], project);
    expect(r.status).toBe(0);
    const config = readFileSync(join(project, 'canonize.config.yaml'), 'utf8');
    const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(config)?.[1];
    expect(schema).toBe('node_modules/canonize/schema/canonize.config.schema.json');
    const target = resolve(dirname(join(project, 'canonize.config.yaml')), schema!);
    expect((JSON.parse(readFileSync(target, 'utf8')) as { $schema?: string }).$schema).toMatch(/json-schema\.org/);
  });
});

/** A consumer's file: the operations, a custom transform on the syntax tree, bytes in and out. */
const USE_TS = `import { formatPatch, plan, preview, type PlanRequest, type SyntaxNode, type Transform } from 'canonize';

const renameLog: Transform = {
  id: 'rename-log',
  languages: ['python'],
  needles: ['log'],
  run(ctx) {
    const visit = (node: SyntaxNode): void => {
      if (node.type === 'identifier' && node.text === 'log') ctx.edit(node.startIndex, node.endIndex, 'logger');
      for (const child of node.namedChildren) visit(child);
    };
    visit(ctx.tree.rootNode);
  },
};

const request: PlanRequest = { cwd: '.', transforms: [renameLog], contents: new Map([['/abs/a.py', new Uint8Array([120])]]) };

export async function main(): Promise<number> {
  const { plan: p, root } = await plan(request);
  const shown = await preview(p, root);
  const patch: Uint8Array = formatPatch(shown.changes);
  // @ts-expect-error cwd is a path, not a number: the types are real, not any.
  await plan({ cwd: 42 });
  return patch.byteLength + p.summary.changed;
}
`;
