// The formatter step, continued: what an interactive `decide` is shown (the formatted diff and line counts), the
// `--json` reports of apply with a formatter valid against their shipped schemas, and one run with a real formatter
// (ruff, black or prettier) when one is installed. Real files, real processes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply, type BatchPreview, type FileChange } from '../src/index.js';
import { readTree, runCli, tempTree } from './helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..');
const MOVE = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
/** A formatter (sed, a real process): trailing blanks trimmed, single quotes made double. */
const SED = `sed -e "s/[[:space:]]*$//" -e "s/'/\\"/g"`;
const ONE = "from legacy.mod import Thing   \nx = 'one'\ny = 2\n";
const ONE_FORMATTED = 'from canon.mod import Thing\nx = "one"\ny = 2\n';

const require = createRequire(import.meta.url);
const Ajv2020 = (require('ajv/dist/2020') as { default: typeof import('ajv/dist/2020.js').default }).default;

/** Whether the shipped schema `name` (schema/json/) accepts `doc`; the errors when not. */
function schemaErrors(name: string, doc: unknown): unknown {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'json', `${name}.schema.json`), 'utf8')) as object);
  return validate(doc) ? null : validate.errors;
}

describe('the formatter step, seen before a batch is written', () => {
  it('decide is shown the formatted diff and its line counts', async () => {
    const dir = tempTree({ 'canonize.config.yaml': `${MOVE}format:\n  command: ${JSON.stringify(SED)}\n`, 'a/one.py': ONE });
    const shown: { changes: FileChange[]; added: number; removed: number }[] = [];
    const result = await apply({
      project: { cwd: dir },
      decide: async (p: BatchPreview) => {
        shown.push({ changes: await p.changes(), added: p.added, removed: p.removed });
        return { action: 'apply' };
      },
    });
    expect(result.written).toBe(1);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.changes.map((c) => [c.path, c.oldText, c.newText])).toEqual([['a/one.py', ONE, ONE_FORMATTED]]);
    // The import line and the quoted line changed; `y = 2` did not.
    expect([shown[0]!.added, shown[0]!.removed]).toEqual([2, 2]);
    expect(readFileSync(join(dir, 'a/one.py'), 'utf8')).toBe(ONE_FORMATTED);
  });

  it('the library takes formatters in the request, over the config\'s', async () => {
    const dir = tempTree({ 'canonize.config.yaml': `${MOVE}format:\n  command: "exit 1"\n`, 'a/one.py': ONE });
    const result = await apply({ project: { cwd: dir }, format: [{ command: SED, languages: ['python'], files: ['a/**'] }] });
    expect(result.written).toBe(1);
    expect(readFileSync(join(dir, 'a/one.py'), 'utf8')).toBe(ONE_FORMATTED);
  });

  it('a formatter limited to other files or languages does not run', async () => {
    const config = `${MOVE}format:\n  - command: "exit 1"\n    languages: [typescript]\n  - command: "exit 1"\n    files: ["b/**"]\n`;
    const dir = tempTree({ 'canonize.config.yaml': config, 'a/one.py': ONE });
    const r = await runCli(['apply', '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'a/one.py'), 'utf8')).toBe(ONE.replace('legacy', 'canon'));
  });
});

describe('apply --json with a formatter', () => {
  it('the reports (applied, formatter failed, dry run) are valid against their schemas', async () => {
    // Fails on a file that says FAIL_FORMAT, else formats as SED does (`$(cat)` drops the final newline, printf puts it back).
    const script = `input=$(cat); case "$input" in *FAIL_FORMAT*) echo "no: {file}" >&2; exit 3;; esac; printf '%s\\n' "$input" | ${SED}`;
    const dir = tempTree({ 'canonize.config.yaml': `${MOVE}format:\n  command: ${JSON.stringify(script)}\n`, 'a/one.py': ONE, 'b/two.py': 'from legacy.mod import Thing\n# FAIL_FORMAT\n' });
    const dry = await runCli(['apply', '--dry-run', '--json'], { cwd: dir });
    expect(dry.stderr).toBe('');
    expect(schemaErrors('apply-dry-run', JSON.parse(dry.stdout))).toBeNull();
    const r = await runCli(['apply', '--yes', '--json', '--on-verify-fail', 'continue'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { batches: { status: string; reason?: string }[] };
    expect(schemaErrors('apply', report)).toBeNull();
    expect(report.batches.map((b) => b.status)).toEqual(['applied', 'nothing-to-write']);
    expect(report.batches[1]!.reason).toContain('failed on b/two.py: exit 3: no: b/two.py');
    expect(readFileSync(join(dir, 'a/one.py'), 'utf8')).toBe(ONE_FORMATTED);
  });
});

/** The first real formatter installed: its command for canonize, and how to run it by hand on a file's text. */
function realFormatter(): { name: string; command: string; file: string; config: string; input: string } | undefined {
  const has = (cmd: string) => spawnSync('/bin/sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  const python = { file: 'a/one.py', config: MOVE, input: ONE };
  if (has('ruff')) return { name: 'ruff', command: 'ruff format -', ...python };
  if (has('black')) return { name: 'black', command: 'black -q -', ...python };
  if (has('prettier')) {
    const config = 'version: 1\ntypescript:\n  moves:\n    - from: legacy-pkg\n      to: canon-pkg\n';
    return { name: 'prettier', command: 'prettier --stdin-filepath {file}', file: 'a/one.ts', config, input: "import {Thing} from 'legacy-pkg'\nconst x   =  Thing\n" };
  }
  return undefined;
}

const real = realFormatter();

describe('a real formatter', () => {
  it.skipIf(!real)(`${real ? real.name : 'SKIPPED: none of ruff, black or prettier is installed on this machine (not installed by the tests)'}: apply writes its output, rollback restores`, async () => {
    const f = real!;
    const plain = tempTree({ 'canonize.config.yaml': f.config, [f.file]: f.input });
    expect((await runCli(['apply', '--yes'], { cwd: plain })).code).toBe(0);
    const unformatted = readFileSync(join(plain, f.file));
    const byHand = spawnSync('/bin/sh', ['-c', f.command.replace('{file}', f.file)], { cwd: plain, input: unformatted });
    expect(byHand.status, String(byHand.stderr)).toBe(0);
    expect(byHand.stdout.equals(unformatted)).toBe(false);

    const dir = tempTree({ 'canonize.config.yaml': `${f.config}format:\n  command: ${JSON.stringify(f.command)}\n`, [f.file]: f.input });
    const before = readTree(dir);
    const r = await runCli(['apply', '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, f.file)).equals(byHand.stdout)).toBe(true);
    expect((await runCli(['rollback'], { cwd: dir })).code).toBe(0);
    expect(readTree(dir)).toEqual(before);
  });
});
