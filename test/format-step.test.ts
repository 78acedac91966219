// The formatter step (issue 17, item 2): `format:` in the config and `apply --format-cmd` pipe each changed file
// through a real formatter process (a small deterministic node script here: it trims trailing blanks and turns
// single quotes into double quotes) before the batch is journaled, written and verified. The formatted bytes are
// the batch's output: written, journaled (rollback is byte-exact, no conflict), seen and rolled back by a verify gate;
// a failing or hanging formatter leaves its batch unwritten; `diff --run-format` shows them. Real files, real processes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ended } from './helpers/process.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const FORMATTER = `import { appendFileSync, readFileSync } from 'node:fs';
const src = readFileSync(0, 'utf8');
const [file = '', log] = process.argv.slice(2);
if (log) appendFileSync(log, file + '\\n');
if (src.includes('FAIL_FORMAT')) {
  process.stderr.write('cannot format ' + file + ': it says FAIL_FORMAT\\n');
  process.exit(2);
}
if (src.includes('BREAK_FORMAT')) {
  process.stdout.write(src + '\\ndef broken(:\\n');
  process.exit(0);
}
process.stdout.write(src.split('\\n').map((l) => l.trimEnd()).join('\\n').replaceAll("'", '"'));
`;
const MOVE = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const CONFIG = `${MOVE}format:\n  command: node ../fmt.mjs {file} ../fmt.log\n  languages: [python]\n`;
const ONE = "from legacy.mod import Thing   \nx = 'one'\n";
const ONE_FORMATTED = 'from canon.mod import Thing\nx = "one"\n';
const TWO = "from legacy.mod import Thing\ny = 'two'  \n";
const TWO_FORMATTED = 'from canon.mod import Thing\ny = "two"\n';
/** Not changed by canonize: the formatter must never see it. */
const UNTOUCHED = "z = 'as it is'   \n";

/** `<tmp>/repo` with three files in three batches (`a`, `b`, `c`), the formatter and its log beside it in `<tmp>`. */
function project(config = CONFIG, files: Record<string, string> = {}): string {
  const tmp = tempTree({
    'fmt.mjs': FORMATTER,
    'repo/canonize.config.yaml': config,
    'repo/a/one.py': ONE,
    'repo/b/two.py': TWO,
    'repo/c/untouched.py': UNTOUCHED,
    ...Object.fromEntries(Object.entries(files).map(([p, c]) => [`repo/${p}`, c])),
  });
  return join(tmp, 'repo');
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const formatted = (dir: string) => (existsSync(join(dir, '..', 'fmt.log')) ? read(dir, '../fmt.log').trim().split('\n').sort() : []);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every journal entry of the latest run: path → the hash it records as written. */
function journaledHashes(dir: string): Record<string, string> {
  const runs = join(dir, '.canonize', 'runs');
  const run = join(runs, readdirSync(runs).sort().at(-1)!);
  const out: Record<string, string> = {};
  for (const name of readdirSync(run).filter((n) => /^batch-\d+\.json$/.test(n))) {
    const manifest = JSON.parse(readFileSync(join(run, name), 'utf8')) as { files: { path: string; newHash: string }[] };
    for (const f of manifest.files) out[f.path] = f.newHash;
  }
  return out;
}

describe('the formatter step of apply', () => {
  it('writes the formatted bytes of the changed files only, journals them, and rollback restores the originals with no conflict', async () => {
    const dir = project();
    const before = readTree(dir);
    const r = await runCli(['apply', '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'a/one.py')).toBe(ONE_FORMATTED);
    expect(read(dir, 'b/two.py')).toBe(TWO_FORMATTED);
    expect(read(dir, 'c/untouched.py')).toBe(UNTOUCHED);
    // Only the files canonize changed went through the formatter, each once, named by {file}.
    expect(formatted(dir)).toEqual(['a/one.py', 'b/two.py']);
    // The journal records the formatted bytes as the run's output.
    expect(journaledHashes(dir)).toEqual({ 'a/one.py': sha256(ONE_FORMATTED), 'b/two.py': sha256(TWO_FORMATTED) });

    const back = await runCli(['rollback'], { cwd: dir });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).not.toContain('E_ROLLBACK_CONFLICT');
    expect(back.stdout).toContain('2 file(s) restored');
    expect(readTree(dir)).toEqual(before);
  });

  it('a plan file applied twice: the second run finds the formatted files already applied', async () => {
    const dir = project();
    expect((await runCli(['plan', '-o', '../plan.json'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['apply', '--yes', '../plan.json'], { cwd: dir })).code).toBe(0);
    const again = await runCli(['apply', '--yes', '--json', '../plan.json'], { cwd: dir });
    expect(again.code, again.stdout).toBe(0);
    const report = JSON.parse(again.stdout) as { batches: { status: string }[] };
    expect(report.batches.map((b) => b.status)).toEqual(['already-applied', 'already-applied']);
  });

  it('the verify gate sees the formatted bytes, and its failure rolls them back', async () => {
    const dir = project();
    const before = readTree(dir);
    const r = await runCli(['apply', '--yes', '--verify', 'cat {files} >> ../seen.txt; exit 1'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('batch a: rolled back: verify failed (exit 1)');
    expect(read(dir, '../seen.txt')).toBe(ONE_FORMATTED);
    expect(readTree(dir)).toEqual(before);
    // Nothing is left for rollback to do, and nothing conflicts.
    const back = await runCli(['rollback', '--json'], { cwd: dir });
    expect(back.stdout).not.toContain('E_ROLLBACK_CONFLICT');
    expect(readTree(dir)).toEqual(before);
  });

  it('a formatter that fails leaves its whole batch unwritten, names the file and the command, and stops the run (exit 3)', async () => {
    const dir = project(CONFIG, { 'a/zz.py': "from legacy.mod import Thing\n# FAIL_FORMAT\n" });
    const before = readTree(dir);
    const r = await runCli(['apply', '--yes'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('batch a: nothing to write');
    expect(r.stderr).toContain('failed: a/zz.py: the formatter `node ../fmt.mjs a/zz.py ../fmt.log` failed on a/zz.py: exit 2: cannot format a/zz.py: it says FAIL_FORMAT');
    expect(r.stderr).toContain('failed: a/one.py: not written: the formatter failed on a/zz.py of the same batch');
    expect(r.stderr).toContain('batch b: not applied');
    // Batch a is not half-written, and the run stopped before b.
    expect(readTree(dir)).toEqual(before);
  });

  it('with --on-verify-fail continue, the batches after a formatter failure are written', async () => {
    const dir = project(CONFIG, { 'a/zz.py': "from legacy.mod import Thing\n# FAIL_FORMAT\n" });
    const r = await runCli(['apply', '--yes', '--json', '--on-verify-fail', 'continue'], { cwd: dir });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as { batches: { name: string; status: string; reason?: string }[]; failed: number; written: number };
    expect(report.batches.map((b) => [b.name, b.status])).toEqual([
      ['a', 'nothing-to-write'],
      ['b', 'applied'],
    ]);
    expect(report.batches[0]!.reason).toMatch(/^the formatter `node \.\.\/fmt\.mjs a\/zz\.py \.\.\/fmt\.log` failed on a\/zz\.py: exit 2/);
    expect([report.failed, report.written]).toEqual([2, 1]);
    expect(read(dir, 'a/one.py')).toBe(ONE);
    expect(read(dir, 'b/two.py')).toBe(TWO_FORMATTED);
  });

  it('an output that would not parse is refused like a failure', async () => {
    const dir = project(CONFIG, { 'b/zz.py': 'from legacy.mod import Thing\n# BREAK_FORMAT\n' });
    const r = await runCli(['apply', '--yes', '--on-verify-fail', 'continue'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/failed: b\/zz\.py: the formatter `[^`]+` failed on b\/zz\.py: its output would not parse \(/);
    expect(read(dir, 'a/one.py')).toBe(ONE_FORMATTED);
    expect(read(dir, 'b/two.py')).toBe(TWO);
    expect(read(dir, 'b/zz.py')).toBe('from legacy.mod import Thing\n# BREAK_FORMAT\n');
  });

  it('a formatter that outlives its timeout is killed with its process group; the batch is not written', async () => {
    const config = `${MOVE}format:\n  command: "sleep 1000 & echo $! > ../sleep.pid; wait"\n  timeout: 1\n`;
    const dir = project(config);
    const before = readTree(dir);
    const r = await runCli(['apply', '--yes'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('failed: a/one.py: the formatter `sleep 1000 & echo $! > ../sleep.pid; wait` failed on a/one.py: timed out after 1 s (it was killed)');
    const pid = Number(read(dir, '../sleep.pid'));
    expect(await ended(pid)).toBe(true);
    expect(readTree(dir)).toEqual(before);
  });

  it('--format-cmd replaces the config\'s formatters; --format-cmd "" turns them off', async () => {
    const dir = project();
    const r = await runCli(['apply', '--yes', '--format-cmd', 'sed s/one/ONE/'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'a/one.py')).toBe("from canon.mod import Thing   \nx = 'ONE'\n");
    expect(formatted(dir)).toEqual([]);

    const plain = project();
    expect((await runCli(['apply', '--yes', '--format-cmd', ''], { cwd: plain })).code).toBe(0);
    expect(read(plain, 'a/one.py')).toBe(ONE.replace('legacy', 'canon'));
    expect(formatted(plain)).toEqual([]);
  });
});

describe('the formatter step in previews', () => {
  it('diff --run-format shows the formatted bytes; diff alone the planned ones; neither writes', async () => {
    const dir = project();
    const before = readTree(dir);
    const plain = await runCli(['diff', '--no-pager'], { cwd: dir });
    expect(plain.stdout).toContain("+from canon.mod import Thing   \n");
    expect(formatted(dir)).toEqual([]);
    const run = await runCli(['diff', '--no-pager', '--run-format'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "diff --git a/a/one.py b/a/one.py\n--- a/a/one.py\n+++ b/a/one.py\n@@ -1,2 +1,2 @@\n-from legacy.mod import Thing   \n-x = 'one'\n+from canon.mod import Thing\n+x = \"one\"\n",
    );
    expect(formatted(dir)).toEqual(['a/one.py', 'b/two.py']);
    // The patch is of the formatted files too, and applying it gives exactly what apply writes.
    const patch = await runCli(['diff', '--run-format', '--stat'], { cwd: dir });
    expect(patch.stdout).toContain('a/one.py');
    expect(readTree(dir)).toEqual(before);
  });

  it('apply --dry-run counts the formatted output; a failing formatter is a file not written', async () => {
    const dir = project(CONFIG, { 'b/zz.py': "from legacy.mod import Thing\n# FAIL_FORMAT\n" });
    const r = await runCli(['apply', '--dry-run', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { changes: { path: string; added: number; removed: number }[]; notWritten: { path: string; reason: string }[] };
    expect(report.changes).toEqual([{ path: 'a/one.py', batch: 'a', edits: 1, added: 2, removed: 2 }, { path: 'b/two.py', batch: 'b', edits: 1, added: 2, removed: 2 }]);
    expect(report.notWritten).toEqual([{ path: 'b/zz.py', outcome: 'failed', reason: expect.stringContaining('failed on b/zz.py: exit 2: cannot format b/zz.py') as string }]);
  });

  it('--run-format without a formatter in the config is a usage error (exit 2)', async () => {
    const dir = project(MOVE);
    const r = await runCli(['diff', '--run-format'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--run-format: the config has no `format`');
  });
});

describe('the format field of the config', () => {
  it('names a bad field; leaves the config hash (and so the plan) as it was', async () => {
    const bad = project(`${MOVE}format:\n  - command: ""\n    languages: [rust]\n`);
    const r = await runCli(['plan'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('format[0].command');
    expect(r.stderr).toContain('format[0].languages[0]');
    // One formatter, without the list: its fields are named as such; a value of neither form says what it must be.
    const one = await runCli(['plan'], { cwd: project(`${MOVE}format:\n  command: 3\n  extra: 1\n`) });
    expect(one.stderr).toContain('  format.command: Invalid input: expected string, received number (line 7:12)\n  format.extra: unknown field (line 8:10)\n');
    const neither = await runCli(['plan'], { cwd: project(`${MOVE}format: "ruff format -"\n`) });
    expect(neither.stderr).toContain('  format: expected object or array (line 6:9)\n');
    const missing = await runCli(['plan'], { cwd: project(`${MOVE}format:\n  - languages: [python]\n`) });
    expect(missing.stderr).toContain('  format[0].command: required: ');

    const withFormat = await runCli(['plan', '--json'], { cwd: project() });
    const without = await runCli(['plan', '--json'], { cwd: project(MOVE) });
    expect((JSON.parse(withFormat.stdout) as { configHash: string }).configHash).toBe((JSON.parse(without.stdout) as { configHash: string }).configHash);
  });
});
