// The JSON contract (issue 17, item 5; docs/json.md): every command run with --json on real trees (the bundled
// example copied, temp projects, a git repository) prints one document on stdout, valid against its schema file in
// schema/json/ (checked by ajv, a validator that shares no code with zod), with `version`, positions as 1-based line
// and column beside offsets, and nothing on stderr — errors included, as `{ version, error }` with the exit code
// unchanged.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_OUTPUTS, outputJsonSchema, type JsonOutputName } from '../bin/shared/json-schemas.js';
import { internalErrorJson } from '../bin/shared/json-output.js';
import { git, runCli, tempTree, type CliRun } from './helpers/tmp.js';
import { BIN } from './helpers/pty.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'legacy-app');
const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const OLD = 'from legacy.mod import Thing\n';

// ajv is CommonJS; its 2020-12 class is `.default` of what require returns.
const require = createRequire(import.meta.url);
const Ajv2020 = (require('ajv/dist/2020') as { default: typeof import('ajv/dist/2020.js').default }).default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validators = new Map<JsonOutputName, ReturnType<typeof ajv.compile>>();

/** The schema file's validator (the file as shipped, not the zod schema it was made from). */
function validator(name: JsonOutputName) {
  let v = validators.get(name);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'json', `${name}.schema.json`), 'utf8')) as object);
    validators.set(name, v);
  }
  return v;
}

/** stdout is one JSON document valid against `name`'s schema, and stderr is empty. Returns the document. */
function valid<T = Record<string, unknown>>(name: JsonOutputName, run: CliRun): T {
  expect(run.stderr, 'stderr').toBe('');
  const doc = JSON.parse(run.stdout) as T;
  const validate = validator(name);
  expect(validate(doc) ? null : validate.errors, `${name}: ${run.stdout.slice(0, 400)}`).toBeNull();
  return doc;
}

function copyExample(): string {
  const dir = tempTree();
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

function project(files: Record<string, string> = {}): string {
  return tempTree({ 'canonize.config.yaml': CONFIG, 'a/one.py': OLD, 'b/two.py': `# two\n${OLD}`, ...files });
}

type ErrorDoc = { version: number; error: { code: string; exit: number; message: string; hint?: string; issues?: unknown[]; files?: string[] } };

describe('the schema files', () => {
  it('are what `canonize schema OUTPUT` prints (regenerate them with `npm run schema`)', async () => {
    for (const name of Object.keys(JSON_OUTPUTS) as JsonOutputName[]) {
      const file = readFileSync(join(ROOT, 'schema', 'json', `${name}.schema.json`), 'utf8');
      expect(file, name).toBe(`${JSON.stringify(outputJsonSchema(name), null, 2)}\n`);
      const printed = await runCli(['schema', name], { cwd: ROOT });
      expect(printed.stdout, name).toBe(file);
    }
  });

  it('reject what the contract rules out: no version, an unknown field, a 0 line', () => {
    const ok = { version: 1, ok: true, violations: [], unchecked: [], scanned: 0 };
    expect(validator('check')(ok)).toBe(true);
    expect(validator('check')({ ...ok, version: undefined })).toBe(false);
    expect(validator('check')({ ...ok, extra: 1 })).toBe(false);
    const site = { path: 'a.py', rule: 'r', module: 'm', form: 'from-import', symbol: 'S', line: 0, column: 1, message: 'x' };
    expect(validator('check')({ ...ok, ok: false, violations: [site] })).toBe(false);
    expect(validator('check')({ ...ok, ok: false, violations: [{ ...site, line: 1 }] })).toBe(true);
  });
});

describe('plan --json', () => {
  it('gives every edit its line and column beside its offsets, and they point at the same text', async () => {
    const dir = copyExample();
    const plan = valid<{ version: number; files: { path: string; outcome: string; bom?: boolean; edits?: Record<string, number | string>[] }[] }>('plan', await runCli(['plan', '--json'], { cwd: dir }));
    expect(plan.version).toBe(2);
    let checked = 0;
    for (const f of plan.files) {
      if (f.outcome !== 'changed') continue;
      let text = readFileSync(join(dir, f.path), 'utf8');
      if (f.bom) text = text.slice(1);
      const lines = text.split('\n');
      const at = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
      for (const e of f.edits!) {
        expect(at(e.line as number, e.column as number), `${f.path} ${JSON.stringify(e)}`).toBe(e.start);
        expect(at(e.endLine as number, e.endColumn as number), `${f.path} ${JSON.stringify(e)}`).toBe(e.end);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('keeps the plan file as it was: offsets only, and `apply` reads a printed plan', async () => {
    const dir = project({ 'c/crlf.py': `# é\r\n${OLD.replace('\n', '\r\n')}` });
    const printed = await runCli(['plan', '--json', '-o', 'plan.json'], { cwd: dir });
    const fromStdout = valid<{ files: { path: string; edits?: object[] }[] }>('plan', printed);
    const file = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { files: { path: string; edits?: Record<string, unknown>[] }[] };
    expect(Object.keys(file.files[0]!.edits![0]!)).toEqual(['start', 'end', 'text', 'rule', 'id']);
    const crlf = fromStdout.files.find((f) => f.path === 'c/crlf.py')!;
    expect(crlf.edits![0]).toMatchObject({ start: 5, end: 33, line: 2, column: 1, endLine: 2, endColumn: 29, text: 'from canon.mod import Thing' });
    writeFileSync(join(dir, 'printed.json'), printed.stdout);
    const applied = valid<{ written: number }>('apply', await runCli(['apply', 'printed.json', '--yes', '--json'], { cwd: dir }));
    expect(applied.written).toBe(3);
  });

  it('a shard, with its shard field', async () => {
    const plan = valid<{ shard: { index: number; count: number } }>('plan', await runCli(['plan', '--shard', '1/2', '--json'], { cwd: copyExample() }));
    expect(plan.shard).toEqual({ index: 1, count: 2 });
  });
});

describe('check and audit --json', () => {
  it('check: version, every site with line and column; exit 1 while legacy remains', async () => {
    const dir = copyExample();
    const run = await runCli(['check', '--json'], { cwd: dir });
    expect(run.code).toBe(1);
    const result = valid<{ version: number; ok: boolean; violations: { line?: number; column?: number; form: string }[]; unchecked: unknown[] }>('check', run);
    expect(result.version).toBe(1);
    expect(result.ok).toBe(false);
    expect(result.unchecked).toHaveLength(1);
    for (const v of result.violations) if (v.form !== 'pending-edit') expect([typeof v.line, typeof v.column], JSON.stringify(v)).toEqual(['number', 'number']);
    const strict = await runCli(['check', '--json', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
    valid('check', strict);
  });

  it('audit --write-baseline, then check --baseline: both JSON, stderr empty', async () => {
    const dir = copyExample();
    const audit = await runCli(['audit', '--json', '--write-baseline', 'baseline.json'], { cwd: dir });
    expect(audit.code).toBe(0);
    const report = valid<{ version: number; legacySites: unknown[] }>('audit', audit);
    expect(report.version).toBe(1);
    expect(report.legacySites.length).toBeGreaterThan(10);
    const check = await runCli(['check', '--json', '--baseline', 'baseline.json'], { cwd: dir });
    expect(check.code).toBe(0);
    const result = valid<{ ok: boolean; baseline: { remaining: number } }>('check', check);
    expect(result.ok).toBe(true);
    expect(result.baseline.remaining).toBeGreaterThan(10);
  });

  it('check --changed-since: the changed block, and the whole-tree reason in JSON only', async () => {
    const dir = project({ 'canon/__init__.py': '', 'canon/mod.py': 'class Thing: ...\n', 'legacy/__init__.py': '', 'legacy/mod.py': 'from canon.mod import Thing\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    writeFileSync(join(dir, 'a/one.py'), `${OLD}x = 1\n`);
    const only = await runCli(['check', '--changed-since', 'HEAD', '--json'], { cwd: dir });
    expect(only.code).toBe(1);
    expect(valid<{ changed: { scope: string; files: string[] } }>('check', only).changed).toMatchObject({ scope: 'changed', files: ['a/one.py'] });
    writeFileSync(join(dir, 'canonize.config.yaml'), `${CONFIG}exclude: ["**/*.bak"]\n`);
    const all = await runCli(['check', '--changed-since', 'HEAD', '--json'], { cwd: dir });
    expect(valid<{ changed: { scope: string; reason: string } }>('check', all).changed).toMatchObject({ scope: 'all', reason: expect.stringContaining('canonize.config.yaml') });
  });
});

describe('apply and rollback --json', () => {
  it('apply --dry-run, apply --yes, rollback --list, rollback: each versioned and valid', async () => {
    const dir = copyExample();
    const dry = valid<{ changes: { path: string; added: number }[]; notApplied: { path: string; code: string }[]; findings: { line: number }[] }>(
      'apply-dry-run',
      await runCli(['apply', '--dry-run', '--json'], { cwd: dir }),
    );
    expect(dry.changes.length).toBeGreaterThan(5);
    expect(dry.notApplied).toEqual([expect.objectContaining({ path: 'netra_backend/app/routes/broken_merge.py', code: 'parse-error' })]);
    expect(dry.findings.length).toBeGreaterThan(0);
    const run = await runCli(['apply', '--yes', '--json'], { cwd: dir });
    expect(run.code).toBe(0); // the file that does not parse is skipped: exit 3 only with --strict
    const report = valid<{ version: number; runId: string; written: number }>('apply', run);
    expect(report.written).toBe(dry.changes.length);
    const list = valid<{ runs: { id: string; state: string }[] }>('runs', await runCli(['rollback', '--list', '--json'], { cwd: dir }));
    expect(list.runs.map((r) => [r.id, r.state])).toEqual([[report.runId, 'finished']]);
    const back = valid<{ runId: string; restored: number }>('rollback', await runCli(['rollback', '--json'], { cwd: dir }));
    expect(back).toMatchObject({ runId: report.runId, restored: report.written });
    const nothing = valid<{ runId?: string }>('rollback', await runCli(['rollback', '--json'], { cwd: dir }));
    expect(nothing.runId).toBeUndefined();
  });

  it('a failed verify gate: the batch rolled back, its output in the report, exit 3', async () => {
    const run = await runCli(['apply', '--yes', '--json', '--verify', 'echo no; exit 4'], { cwd: project() });
    expect(run.code).toBe(3);
    const report = valid<{ rolledBack: number; batches: { status: string; verify?: { exitCode: number; output: string } }[] }>('apply', run);
    expect(report.batches[0]).toMatchObject({ status: 'rolled-back', verify: { exitCode: 4, output: 'no\n' } });
  });
});

describe('retire --json', () => {
  it('retire --dry-run and retire --yes on the example after apply: each valid, the second with its run and files', async () => {
    const dir = copyExample();
    expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
    const dry = valid<{ modules: { verdict: string; shim?: string }[] }>('retire', await runCli(['retire', '--dry-run', '--json'], { cwd: dir }));
    // The old TS client is shimmed too (code that stays in it uses a moved type, imported for it: test/retire-example.test.ts).
    expect(dry.modules.map((m) => m.verdict).sort()).toEqual(['delete', 'shim', 'shim', 'shim', 'shim', 'shim', 'shim', 'shim']);
    const run = valid<{ runId: string; files: { outcome: string }[] }>('retire', await runCli(['retire', '--yes', '--json'], { cwd: dir }));
    // Eight modules deleted or shimmed, then the record (canonize.retired.json).
    expect(run.files.map((f) => f.outcome)).toEqual(Array(9).fill('written'));
    const check = valid<{ retired: { modules: number } }>('check', await runCli(['check', '--retired', '--json'], { cwd: dir }));
    expect(check.retired).toEqual({ modules: 8 });
  });
});

describe('errors with --json', () => {
  const error = async (args: string[], cwd: string, code: string, exit = 2): Promise<ErrorDoc> => {
    const run = await runCli(args, { cwd });
    const doc = valid<ErrorDoc>('error', run);
    expect(doc.error.code, run.stdout).toBe(code);
    expect(run.code).toBe(exit);
    expect(doc.error.exit).toBe(exit);
    return doc;
  };

  it('are one JSON object on stdout, with the code, hint and exit status, for every command', async () => {
    const none = tempTree({ 'a.py': OLD });
    for (const cmd of [['plan'], ['check'], ['audit'], ['apply', '--yes'], ['apply', '--dry-run']]) await error([...cmd, '--json'], none, 'E_CONFIG_NOT_FOUND');
    await error(['rollback', '--json'], none, 'E_NO_JOURNAL');
    await error(['rollback', '--list', '--json'], none, 'E_NO_JOURNAL');
    const bad = tempTree({ 'canonize.config.yaml': 'version: 1\npython:\n  moves:\n    - from: "not a module"\n      to: canon.mod\n' });
    const invalid = await error(['check', '--json'], bad, 'E_CONFIG_INVALID');
    expect(invalid.error.issues).toEqual([{ field: 'python.moves[0].from', message: expect.stringContaining('dotted Python module name') }]);
    expect(invalid.error.hint).toContain('docs/config.md');
    const dir = project();
    await error(['plan', '--json', '--bogus'], dir, 'E_USAGE');
    await error(['check', '--json', 'missing/'], dir, 'E_PATH_NOT_FOUND');
    await error(['apply', '--json', '--batch', '9', '--yes'], dir, 'E_BATCH_NOT_FOUND');
    await error(['rollback', 'no-such-run', '--json'], dir, 'E_RUN_NOT_FOUND');
  });

  it('apply --json without --yes is refused as JSON, on a terminal or not', async () => {
    const dir = project();
    for (const stdinIsTTY of [false, true]) {
      const run = await runCli(['apply', '--json'], { cwd: dir, stdinIsTTY });
      expect(run.code).toBe(2);
      expect(valid<ErrorDoc>('error', run).error).toMatchObject({ code: 'E_USAGE', hint: expect.stringContaining('--yes') });
    }
  });

  it('name the files: uncommitted changes (E_DIRTY), files changed since a run (E_ROLLBACK_CONFLICT)', async () => {
    const dir = project();
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    writeFileSync(join(dir, 'b/two.py'), `# edited\n${OLD}`);
    expect((await error(['apply', '--yes', '--json'], dir, 'E_DIRTY')).error.files).toEqual(['b/two.py']);
    valid('apply', await runCli(['apply', '--yes', '--json', '--allow-dirty'], { cwd: dir }));
    writeFileSync(join(dir, 'a/one.py'), 'edited after the run\n');
    expect((await error(['rollback', '--json'], dir, 'E_ROLLBACK_CONFLICT')).error.files).toEqual(['a/one.py']);
  });

  it('Ctrl-C while apply writes: E_INTERRUPTED on stdout, exit 130, stderr empty; rollback --json restores', async () => {
    const dir = project();
    // The verify command interrupts canonize (its parent) itself: no timing involved.
    const child = spawn(process.execPath, [BIN, 'apply', '--yes', '--json', '--verify', 'kill -INT $PPID; sleep 1000'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(code).toBe(130);
    const doc = valid<ErrorDoc>('error', { code, stdout, stderr });
    expect(doc.error).toMatchObject({ code: 'E_INTERRUPTED', exit: 130, hint: expect.stringContaining('canonize rollback') });
    // The interrupted batch is recovered (rolled back from the journal) before anything else.
    const back = valid<{ recovered: { batches: { files: { outcome: string }[] }[] }[] }>('rollback', await runCli(['rollback', '--json'], { cwd: dir }));
    expect(back.recovered[0]!.batches[0]!.files.map((f) => f.outcome)).toEqual(['restored']);
    expect(readFileSync(join(dir, 'a/one.py'), 'utf8')).toBe(OLD);
  });

  it('an internal error (a bug) has its code, exit 70 and stack', () => {
    const doc = internalErrorJson(new TypeError('boom'));
    expect(validator('error')(doc)).toBe(true);
    expect(doc.error).toMatchObject({ code: 'E_INTERNAL', exit: 70, message: 'boom', stack: expect.stringContaining('TypeError: boom') });
  });

  it('through the real executable: stdout holds the JSON, stderr nothing', () => {
    const dir = copyExample();
    const run = spawnSync(process.execPath, [BIN, 'check', '--json', '--no-cache'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    valid('check', { code: run.status!, stdout: run.stdout, stderr: run.stderr });
    const bad = spawnSync(process.execPath, [BIN, 'audit', '--json', '--depth', 'x'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(valid<ErrorDoc>('error', { code: 2, stdout: bad.stdout, stderr: bad.stderr }).error.code).toBe('E_USAGE');
    expect(execFileSync(process.execPath, [BIN, 'schema', 'plan'], { encoding: 'utf8' })).toBe(readFileSync(join(ROOT, 'schema', 'json', 'plan.schema.json'), 'utf8'));
  });
});
