// The CLI end to end, in-process, on real files in temp dirs: config errors, plan, diff, patch, apply.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../src/planner/plan-json.js';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const ROOT_DIR = join(import.meta.dirname, '..');

const C = 'netra_backend.app.websocket_core.websocket_manager';
const CONFIG = `version: 1
python:
  moves:
    - from: netra_backend.app.websocket_core
      to: ${C}
      symbols: [WebSocketManager]
    - from: netra_backend.app.websocket_core.unified_manager
      to: ${C}
      symbols: { UnifiedWebSocketManager: WebSocketManager }
`;

/** A small project with the encodings and line endings canonize must keep, each with an edit in it. */
function project(): { dir: string; expected: Record<string, Buffer> } {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const files: Record<string, string | Buffer> = {
    'canonize.config.yaml': CONFIG,
    'app/crlf.py': 'import os\r\nfrom netra_backend.app.websocket_core import WebSocketManager, MessageRouter\r\nx = 1\r\n',
    'app/bom.py': Buffer.concat([bom, Buffer.from('# ☕ naïve café\nfrom netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager\n')]),
    'app/deep/non_ascii.py': '"""Überblick 🚀"""\nfrom netra_backend.app.websocket_core import WebSocketManager\nname = "größe"',
    'app/untouched.py': 'from netra_backend.app.websocket_core import MessageRouter\n',
    'web/app.ts': 'export const x = 1;\n',
  };
  const expected: Record<string, Buffer> = {
    'app/crlf.py': Buffer.from(`import os\r\nfrom netra_backend.app.websocket_core import MessageRouter\r\nfrom ${C} import WebSocketManager\r\nx = 1\r\n`),
    'app/bom.py': Buffer.concat([bom, Buffer.from(`# ☕ naïve café\nfrom ${C} import WebSocketManager\n`)]),
    'app/deep/non_ascii.py': Buffer.from(`"""Überblick 🚀"""\nfrom ${C} import WebSocketManager\nname = "größe"`),
  };
  return { dir: tempTree(files), expected };
}

describe('config errors', () => {
  it('names the field path and line of a bad value, exit 2', async () => {
    const dir = tempTree({ 'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - from: "not a module!"\n      to: a.b\n' });
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.moves[0].from');
    expect(r.stderr).toMatch(/dotted Python module name.*line 4:/);
  });

  it('names unknown and missing fields', async () => {
    const dir = tempTree({ 'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - from: a.b\n      too: c.d\n' });
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('python.moves[0].too: unknown field');
    expect(r.stderr).toContain('python.moves[0].to: required');
  });

  it('reports YAML syntax errors with a line, and a missing config with a hint', async () => {
    const bad = tempTree({ 'canonize.config.yaml': 'python: [\n' });
    const r1 = await runCli(['plan'], { cwd: bad });
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/E_CONFIG_SYNTAX[\s\S]*line \d+:\d+/);
    const none = tempTree({ 'a.py': 'x = 1\n' });
    const r2 = await runCli(['plan'], { cwd: none });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('E_CONFIG_NOT_FOUND');
    expect(r2.stderr).toContain('canonize init');
  });

  it('validates JSON configs the same way', async () => {
    const dir = tempTree({ 'canonize.config.json': '{"version": 1, "maxFileSize": -5}' });
    const r = await runCli(['plan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('maxFileSize');
  });

  it('finds the config walking up from a subdirectory, and from a path argument', async () => {
    const { dir } = project();
    const sub = await runCli(['plan'], { cwd: join(dir, 'app', 'deep') });
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('to change       3');
    const outside = tempTree();
    const byPath = await runCli(['plan', join(dir, 'app')], { cwd: outside });
    expect(byPath.code).toBe(0);
    expect(byPath.stdout).toContain('to change       3');
  });

  it('rejects a bad flag with exit 2', async () => {
    const { dir } = project();
    expect((await runCli(['plan', '--bogus'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['frobnicate'], { cwd: dir })).code).toBe(2);
  });
});

describe('plan, diff and apply', () => {
  it('round-trips CRLF, BOM and non-ASCII files byte-exact through plan + apply', async () => {
    const { dir, expected } = project();
    const before = readTree(dir);
    const planned = await runCli(['plan', '-o', 'plan.json'], { cwd: dir });
    expect(planned.code).toBe(0);
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = readTree(dir);
    for (const [path, bytes] of Object.entries(expected)) expect(after[path]!.equals(bytes), path).toBe(true);
    // Nothing else changed: every other file keeps its bytes, and no temp file is left behind.
    for (const path of Object.keys(before)) if (!(path in expected)) expect(after[path]!.equals(before[path]!), path).toBe(true);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'plan.json'].sort());
    // Idempotent: planning the result finds nothing.
    const again = await runCli(['diff', '--exit-code'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('writes a patch that real git applies, giving the same bytes as apply', async () => {
    const { dir, expected } = project();
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'original');
    const r = await runCli(['diff', '--patch', 'out.patch'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`+from ${C} import WebSocketManager`);
    const patch = join(dir, 'out.patch');
    git(dir, 'apply', '--check', patch);
    git(dir, 'apply', patch);
    const after = readTree(dir);
    for (const [path, bytes] of Object.entries(expected)) expect(after[path]!.equals(bytes), path).toBe(true);
    // Applying twice must fail: the patch really describes this change.
    expect(() => git(dir, 'apply', '--check', patch)).toThrow();
  });

  it('diff --exit-code exits 1 with pending changes; --stat summarises', async () => {
    const { dir } = project();
    const r = await runCli(['diff', '--exit-code', '--stat'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('3 files changed');
    expect(r.stdout).toContain('app/crlf.py');
  });

  it('colours the diff only when asked or on a terminal', async () => {
    const { dir } = project();
    expect((await runCli(['diff'], { cwd: dir })).stdout).not.toContain('\u001b[');
    expect((await runCli(['diff', '--color'], { cwd: dir })).stdout).toContain('\u001b[');
    expect((await runCli(['diff', '--no-pager'], { cwd: dir, stdoutIsTTY: true })).stdout).toContain('\u001b[');
    expect((await runCli(['diff', '--no-pager'], { cwd: dir, stdoutIsTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('produces a byte-identical plan twice, with relative paths', async () => {
    const { dir } = project();
    await runCli(['plan', '-o', 'a.json'], { cwd: dir });
    await runCli(['plan', '-o', 'b.json'], { cwd: dir });
    const a = readFileSync(join(dir, 'a.json'));
    expect(a.equals(readFileSync(join(dir, 'b.json')))).toBe(true);
    const { plan } = await readPlanFile(join(dir, 'a.json'));
    expect(plan.root).toBe('.');
    expect(plan.files.map((f) => f.path)).toEqual(['app/bom.py', 'app/crlf.py', 'app/deep/non_ascii.py']);
    expect(plan.batches.map((b) => b.name)).toEqual(['app']);
  });

  it('does not overwrite a file changed after planning (stale), exit 3', async () => {
    const { dir } = project();
    writeFileSync(join(dir, 'canonize.config.yaml'), `${CONFIG}replanStale: false\n`);
    await runCli(['plan', '-o', 'plan.json'], { cwd: dir });
    writeFileSync(join(dir, 'app/crlf.py'), 'edited by someone else\n');
    const r = await runCli(['apply', 'plan.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('stale: app/crlf.py');
    expect(readFileSync(join(dir, 'app/crlf.py'), 'utf8')).toBe('edited by someone else\n');
    expect(readFileSync(join(dir, 'app/bom.py'), 'utf8')).toContain(C);
  });

  it('keeps file modes and leaves no temp files', async () => {
    const { dir } = project();
    chmodSync(join(dir, 'app/crlf.py'), 0o755);
    chmodSync(join(dir, 'app/bom.py'), 0o600);
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    expect(statSync(join(dir, 'app/crlf.py')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'app/bom.py')).mode & 0o777).toBe(0o600);
    for (const d of ['app', 'app/deep']) expect(readdirSync(join(dir, d)).filter((n) => n.includes('canonize'))).toEqual([]);
  });

  it('refuses to apply without --yes when not on a terminal (exit 2), and asks on one', async () => {
    const { dir } = project();
    const r = await runCli(['apply'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    const asked: string[] = [];
    const answer = (action: string) => ({
      select: async <T extends string>(message: string): Promise<T> => (asked.push(message), action as T),
      checkbox: async () => [],
      page: async () => undefined,
    });
    const no = await runCli(['apply'], { cwd: dir, stdinIsTTY: true, prompts: answer('quit') });
    expect(no.code).toBe(0);
    expect(asked).toEqual(['Batch app (1/1)']);
    expect(no.stderr).toContain('3 file(s)');
    expect(readFileSync(join(dir, 'app/crlf.py'), 'utf8')).not.toContain(C);
    const yes = await runCli(['apply'], { cwd: dir, stdinIsTTY: true, prompts: answer('apply') });
    expect(yes.code).toBe(0);
    expect(readFileSync(join(dir, 'app/crlf.py'), 'utf8')).toContain(C);
  });

  it('apply --json prints one machine-readable report', async () => {
    const { dir } = project();
    const r = await runCli(['apply', '--yes', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { written: number; batches: { files: { outcome: string }[] }[] };
    expect(report.written).toBe(3);
    expect(report.batches[0]!.files.map((f) => f.outcome)).toEqual(['written', 'written', 'written']);
  });
});

describe('skips with reasons', () => {
  it('reports files that do not parse, are not UTF-8, binary, too large or symlinks out of the root', async () => {
    const legacy = 'from netra_backend.app.websocket_core import WebSocketManager\n';
    const outside = tempTree({ 'elsewhere.py': legacy });
    const dir = tempTree({
      'canonize.config.yaml': `${CONFIG}maxFileSize: 1000\n`,
      'broken.py': `${legacy}<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> branch\n`,
      'latin.py': Buffer.concat([Buffer.from(legacy), Buffer.from('s = "caf\xe9"\n', 'latin1')]),
      'binary.py': Buffer.concat([Buffer.from(legacy), Buffer.from([0, 1, 2])]),
      'big.py': legacy + `# ${'x'.repeat(2000)}\n`,
      'ok.py': legacy,
    });
    symlinkSync(join(outside, 'elsewhere.py'), join(dir, 'link.py'));
    const r = await runCli(['plan', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { files: { path: string; outcome: string; code?: string; reason?: string }[] };
    const byPath = Object.fromEntries(plan.files.map((f) => [f.path, f]));
    expect(byPath['broken.py']).toMatchObject({ outcome: 'skipped', code: 'parse-error' });
    expect(byPath['broken.py']!.reason).toMatch(/does not parse: .*2:1/);
    expect(byPath['latin.py']).toMatchObject({ outcome: 'skipped', code: 'not-utf8' });
    expect(byPath['binary.py']).toMatchObject({ outcome: 'skipped', code: 'binary' });
    expect(byPath['big.py']).toMatchObject({ outcome: 'skipped', code: 'too-large' });
    expect(byPath['link.py']).toMatchObject({ outcome: 'skipped', code: 'symlink-outside-root' });
    expect(byPath['ok.py']).toMatchObject({ outcome: 'changed' });
    // apply writes what it can and, with --strict, says it partly failed (exit 3); skipped files keep their bytes.
    // (Without --strict a skipped file is no failure, as for check: test/exit-codes.test.ts.)
    const broken = readFileSync(join(dir, 'broken.py'));
    const a = await runCli(['apply', '--yes', '--strict'], { cwd: dir });
    expect(a.code).toBe(3);
    expect(readFileSync(join(dir, 'broken.py')).equals(broken)).toBe(true);
    expect(readFileSync(join(outside, 'elsewhere.py'), 'utf8')).toBe(legacy);
    expect(readFileSync(join(dir, 'ok.py'), 'utf8')).toContain(C);
  });
});

describe('plan files', () => {
  it('rejects a plan of another format version or shape with exit 2', async () => {
    const { dir } = project();
    writeFileSync(join(dir, 'v9.json'), JSON.stringify({ version: 9 }));
    const r = await runCli(['apply', 'v9.json', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_PLAN_VERSION');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ version: 2, files: 'nope' }));
    const r2 = await runCli(['diff', 'bad.json'], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('E_PLAN_INVALID');
  });

  it('refuses a plan whose skip or fail code is not one canonize writes, naming the field', async () => {
    const { dir } = project();
    writeFileSync(join(dir, 'broken.py'), 'from netra_backend.app.websocket_core import WebSocketManager\n<<<<<<< HEAD\n');
    const r = await runCli(['plan', '-o', 'p.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')) as { files: { outcome: string; code?: string }[] };
    const skipped = plan.files.findIndex((f) => f.outcome === 'skipped');
    expect(skipped).toBeGreaterThanOrEqual(0);
    plan.files[skipped]!.code = 'looks-fine';
    writeFileSync(join(dir, 'p.json'), JSON.stringify(plan));
    const a = await runCli(['apply', 'p.json', '--yes'], { cwd: dir });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('E_PLAN_INVALID');
    expect(a.stderr).toContain(`files[${skipped}].code`);
  });

  it('applies a plan from another working directory (paths are relative to the plan file)', async () => {
    const { dir, expected } = project();
    await runCli(['plan', '-o', 'plans/p.json'], { cwd: dir }).catch(() => undefined);
    expect(existsSync(join(dir, 'plans/p.json'))).toBe(false); // -o into a missing directory fails cleanly
    await runCli(['plan', '-o', 'p.json'], { cwd: join(dir, 'app') });
    const r = await runCli(['apply', join(dir, 'app', 'p.json'), '--yes'], { cwd: tempTree() });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'app/crlf.py')).equals(expected['app/crlf.py']!)).toBe(true);
  });
});

describe('init', () => {
  it('writes the preset, and refuses to overwrite without --force', async () => {
    const dir = tempTree();
    expect((await runCli(['init', '--preset', 'websocket-ssot'], { cwd: dir })).code).toBe(0);
    const written = readFileSync(join(dir, 'canonize.config.yaml'), 'utf8');
    expect(written).toContain('netra_backend.app.websocket_core.unified_manager');
    // Outside the installation, the $schema comment points where a devDependency install puts the schema (a path to
    // this machine's installation would hold on this machine only).
    expect(/\$schema=(.+)$/m.exec(written)![1]).toBe('node_modules/canonize/schema/canonize.config.schema.json');
    expect((await runCli(['init'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['plan'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['init', '--preset', 'nope', '--force'], { cwd: dir })).code).toBe(2);
  });

  it("points $schema at the installation's schema file, relative to the config, when canonize is inside the project", async () => {
    // A directory in canonize's own repository stands for a project with canonize in its node_modules: the schema file
    // lies in the same git work tree.
    const dir = mkdtempSync(join(ROOT_DIR, 'node_modules', '.canonize-init-test-'));
    try {
      expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
      const schemaRef = /\$schema=(.+)$/m.exec(readFileSync(join(dir, 'canonize.config.yaml'), 'utf8'))![1]!;
      expect(schemaRef.startsWith('../')).toBe(true);
      expect(existsSync(join(dir, schemaRef))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a reader that goes away', () => {
  it('plan --json | head: canonize stops writing, exits as usual, prints no EPIPE trace', () => {
    const files: Record<string, string> = { 'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - { from: old.mod, to: new.mod, symbols: [Thing] }\n' };
    for (let i = 0; i < 400; i++) files[`pkg/m${i}.py`] = 'from old.mod import Thing\n\nThing()\n';
    const dir = tempTree(files);
    const bin = join(ROOT_DIR, 'bin', 'canonize.js');
    // Far more than a pipe holds (64 KB), so writes go on after `head` has exited.
    const size = Number(execFileSync(process.execPath, [bin, 'plan', '--json', '--no-cache'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).length);
    expect(size).toBeGreaterThan(256 * 1024);
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" plan --json --no-cache | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toContain('exit=0');
    expect(run.stderr).not.toContain('EPIPE');
  });
});
