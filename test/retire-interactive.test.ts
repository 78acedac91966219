// Interactive `canonize retire` on a real pseudo-terminal (helpers/pty.ts): one batch per legacy module, offered with
// apply's one-key prompt. The diff of a deletion shows git's `deleted file mode` header (through the pager), a shim's
// its new text; y writes, n skips, a writes the rest, q and Ctrl-C quit (exit 0, what was written stays); rollback
// restores the tree byte for byte, the deleted file with its mode. Without a terminal, retire needs --yes. And the
// exit codes of `retire --yes` (README "Exit codes"), with its --json valid against schema/json/retire.schema.json.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { underPty } from './helpers/pty.js';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const require = createRequire(import.meta.url);
const Ajv2020 = (require('ajv/dist/2020') as { default: typeof import('ajv/dist/2020.js').default }).default;
const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'json', 'retire.schema.json'), 'utf8')) as object;

const CONFIG = `version: 1\npython:\n  moves:\n${[0, 1, 2].map((i) => `    - from: pkg.old${i}\n      to: pkg.new${i}\n      symbols: { Old${i}: New${i} }\n`).join('')}`;

/** pkg.old0 and pkg.old2: nothing imports them (deleted); pkg.old1: app/user.py still does (shimmed). */
function project(): string {
  const files: Record<string, string> = { 'canonize.config.yaml': CONFIG, 'pkg/__init__.py': '', 'app/user.py': 'from pkg.old1 import Old1\n' };
  for (const i of [0, 1, 2]) {
    files[`pkg/new${i}.py`] = `class New${i}:\n    pass\n`;
    files[`pkg/old${i}.py`] = `"""Legacy ${i}."""\nfrom pkg.new${i} import New${i} as Old${i}\n`;
  }
  const dir = tempTree(files);
  chmodSync(join(dir, 'pkg/old0.py'), 0o755);
  return dir;
}

const ASK = (module: string, verb: string, of: string) => `\\? Batch ${module.replaceAll('.', '\\.')} "${verb} ${module.replaceAll('.', '\\.')}" \\(${of}\\) \\[y,n,a,d,f,q,\\?\\]`;
const PAGER = { CANONIZE_PAGER: "sed 's/^/PAGED: /'" };

describe('interactive retire on a real terminal', () => {
  it('one batch per module: d shows the deletion and the shim through the pager, y deletes, n skips; rollback restores every byte and mode', async () => {
    const dir = project();
    const before = readTree(dir);
    const run = underPty(
      dir,
      ['retire'],
      [
        [ASK('pkg.old0', 'delete', '1/4'), 'd'],
        ['PAGED: -from pkg\\.new0 import New0 as Old0', ''],
        [ASK('pkg.old0', 'delete', '1/4'), 'y'],
        [ASK('pkg.old1', 'shim', '2/4'), 'd'],
        ['PAGED: \\+    return getattr\\(canonical, new\\)', ''],
        [ASK('pkg.old1', 'shim', '2/4'), 'n'],
        [ASK('pkg.old2', 'delete', '3/4'), 'y'],
      ],
      PAGER,
    );
    expect(run.error, run.transcript).toBeNull();
    expect(run.exit, run.transcript).toBe(0);
    expect(run.transcript).toContain('Batch pkg.old0 "delete pkg.old0" (1 of 4): 1 file(s), +0 -2 line(s)\n  files\n    pkg/old0.py  +0  -2\n');
    // The deletion as git shows it (what `git apply` takes): the mode header, /dev/null as the new side.
    expect(run.transcript).toContain(
      'PAGED: diff --git a/pkg/old0.py b/pkg/old0.py\nPAGED: deleted file mode 100755\nPAGED: --- a/pkg/old0.py\nPAGED: +++ /dev/null\nPAGED: @@ -1,2 +0,0 @@\nPAGED: -"""Legacy 0."""\n',
    );
    expect(run.transcript).toContain('PAGED: --- a/pkg/old1.py\nPAGED: +++ b/pkg/old1.py\n');
    expect(run.transcript).not.toContain('PAGED: new file mode');
    expect(run.transcript).toContain('batch pkg.old0 "delete pkg.old0": applied, 1 file(s) written');
    expect(run.transcript).toContain('batch pkg.old1 "shim pkg.old1": skipped');
    expect(run.transcript).toContain('deleted python pkg.old0 (pkg/old0.py)\ndeleted python pkg.old2 (pkg/old2.py)\n');
    const after = readTree(dir);
    expect(after['pkg/old0.py']).toBeUndefined();
    expect(after['pkg/old2.py']).toBeUndefined();
    expect(after['pkg/old1.py']!.equals(before['pkg/old1.py']!)).toBe(true);

    // The skipped module is offered again (with the record's batch, never asked about); the deleted ones are said to be so.
    const again = underPty(dir, ['retire'], [[ASK('pkg.old1', 'shim', '1/2'), 'q']]);
    expect(again.exit, again.transcript).toBe(0);
    expect(again.transcript).toContain('already deleted: python pkg.old0 (pkg/old0.py)');
    expect(again.transcript).toContain('quit: the modules not retired are offered again when retire runs again');
    expect(readTree(dir)['pkg/old1.py']!.equals(before['pkg/old1.py']!)).toBe(true);

    const back = await runCli(['rollback'], { cwd: dir });
    expect(back.code, back.stderr).toBe(0);
    expect(readTree(dir)).toEqual(before);
    expect(statSync(join(dir, 'pkg/old0.py')).mode & 0o777).toBe(0o755);
  });

  it('a writes this module and the rest; Ctrl-C quits with exit 0 and keeps what was written', () => {
    const dir = project();
    const all = underPty(dir, ['retire'], [[ASK('pkg.old0', 'delete', '1/4'), 'n'], [ASK('pkg.old1', 'shim', '2/4'), 'a']]);
    expect(all.exit, all.transcript).toBe(0);
    expect(all.transcript).toContain('shimmed python pkg.old1 (pkg/old1.py)\ndeleted python pkg.old2 (pkg/old2.py)\n');
    const tree = readTree(dir);
    expect(tree['pkg/old0.py']).toBeDefined();
    expect(tree['pkg/old1.py']!.toString()).toContain('canonize retire: deprecation shim');
    expect(tree['pkg/old2.py']).toBeUndefined();

    const dir2 = project();
    const before = readTree(dir2);
    const quit = underPty(dir2, ['retire'], [[ASK('pkg.old0', 'delete', '1/4'), 'y'], [ASK('pkg.old1', 'shim', '2/4'), '\u0003']]);
    expect(quit.exit, quit.transcript).toBe(0);
    expect(quit.transcript).toContain('quit: the modules not retired are offered again');
    const after = readTree(dir2);
    expect(after['pkg/old0.py']).toBeUndefined();
    expect(after['pkg/old1.py']!.equals(before['pkg/old1.py']!)).toBe(true);
    expect(after['pkg/old2.py']!.equals(before['pkg/old2.py']!)).toBe(true);
  });

  it('without a terminal it needs --yes (exit 2, nothing written); --json asks nothing, so it needs --yes too', async () => {
    const dir = project();
    const before = readTree(dir);
    const refused = await runCli(['retire'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error [E_NOT_A_TTY]: retire deletes and rewrites files: it needs --yes (or --dry-run to look first), or a terminal to ask on before each module');
    const json = await runCli(['retire', '--json'], { cwd: dir, stdinIsTTY: true });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'E_USAGE', exit: 2, message: 'retire --json is for scripts: it asks nothing' });
    expect(json.stderr).toBe('');
    expect(readTree(dir)).toEqual(before);
  });
});

describe('retire --yes: exit codes, and --json', () => {
  const validate = new Ajv2020({ strict: false }).compile(SCHEMA);
  const json = (stdout: string) => {
    const doc = JSON.parse(stdout) as { runId?: string; files: { path: string; outcome: string; reason?: string }[] };
    expect(validate(doc) ? null : validate.errors).toBeNull();
    return doc;
  };

  it('0 when every module is retired, and when there is nothing left to retire', async () => {
    const dir = project();
    const done = json((await runCli(['retire', '--yes', '--json'], { cwd: dir })).stdout);
    expect(done.files.map((f) => [f.path, f.outcome])).toEqual([
      ['pkg/old0.py', 'written'],
      ['pkg/old1.py', 'written'],
      ['pkg/old2.py', 'written'],
      // The record of what was retired, the run's last batch (docs/retire.md, "The record").
      ['canonize.retired.json', 'written'],
    ]);
    const again = await runCli(['retire', '--yes'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('already deleted: python pkg.old0 (pkg/old0.py)');
    expect(again.stdout).toContain('already a shim: python pkg.old1 (pkg/old1.py)');
  });

  it('3 when a verify gate fails: that module rolled back (with --json, its file `rolled-back` and why), the others written', async () => {
    const dir = project();
    const before = readTree(dir);
    // The gate fails for the shim's batch only: its {files} is pkg/old1.py.
    const verify = 'case {files} in *old1*) exit 1;; esac';
    const r = await runCli(['retire', '--yes', '--verify', verify], { cwd: dir });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('batch pkg.old1 "shim pkg.old1": rolled back: verify failed (exit 1)');
    expect(readTree(dir)['pkg/old1.py']!.equals(before['pkg/old1.py']!)).toBe(true);
    expect(readTree(dir)['pkg/old0.py']).toBeUndefined();
    expect((await runCli(['rollback'], { cwd: dir })).code).toBe(0);

    const j = await runCli(['retire', '--yes', '--json', '--verify', verify, '--on-verify-fail', 'continue'], { cwd: dir });
    expect(j.code).toBe(3);
    expect(j.stderr).toBe('');
    expect(json(j.stdout).files.map((f) => [f.path, f.outcome, f.reason])).toEqual([
      ['pkg/old0.py', 'written', undefined],
      ['pkg/old1.py', 'rolled-back', 'verify failed (exit 1)'],
      ['pkg/old2.py', 'written', undefined],
      ['canonize.retired.json', 'written', undefined],
    ]);
  });

  it('2 when git reports uncommitted changes in a module to retire (without --allow-dirty), writing nothing', async () => {
    const dir = project();
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'original');
    writeFileSync(join(dir, 'pkg/old2.py'), `${readFileSync(join(dir, 'pkg/old2.py'), 'utf8')}# mine\n`);
    const before = readTree(dir);
    const r = await runCli(['retire', '--yes', '--json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'E_DIRTY', exit: 2 });
    expect(readTree(dir)).toEqual(before);
    expect((await runCli(['retire', '--yes', '--allow-dirty'], { cwd: dir })).code).toBe(0);
  });
});
