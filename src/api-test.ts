/**
 * The library's `test`: the user's own rule tests (docs/testing-rules.md). Each case of a test folder (default
 * `canonize-tests/` beside the config) is an input file and its expected output; it is planned with the user's config
 * in a temp tree of its own (the config, the file at its virtual path, the case's support files), compared byte for
 * byte, and planned again from its output, which must change nothing (idempotence).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { plan, preview } from './api.js';
import { loadConfig } from './config/load.js';
import { UsageError } from './core/errors.js';
import { DEFAULT_TEST_DIR } from './core/paths.js';
import { encodeSource } from './core/source.js';
import type { FilePlan, Transform } from './core/types.js';
import { unifiedDiff } from './engine/diff.js';

export { DEFAULT_TEST_DIR };

/** The test folder's support files: copied into every case's tree (the modules the config names, a tsconfig). */
export const SHARED_SUPPORT_DIR = '_project';

export interface TestRequest {
  /** Working directory `dir` and `configPath` are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Config file; default: found by walking up from `cwd`. */
  configPath?: string;
  /** The folder of cases (default: `canonize-tests/` beside the config file). */
  dir?: string;
  /** Extra transforms to run after the config's rules, as for `plan`. */
  transforms?: Transform[];
  /**
   * Write each case's actual output as its `<case>.output.<ext>` where it differs (`canonize test --update`, as
   * `sg test --update-all` and snapshot tests do): a case the plan changes gets the file, one it leaves unchanged
   * loses it. Cases that cannot be planned, and idempotence and findings failures, still fail.
   */
  update?: boolean;
}

/** Why a case failed: its output, its idempotence, its findings, or planning (the file not planned, skipped or failed). */
export interface TestFailure {
  kind: 'output' | 'idempotence' | 'findings' | 'planning';
  message: string;
  /** `output` and `idempotence`: the unified diff, expected (or first output) → actual (or second output). */
  diff?: string;
}

export interface TestCaseResult {
  /** The case's name: its input file's path relative to the test folder, without `.input.<ext>`. */
  name: string;
  /** The input file, relative to the test folder. */
  input: string;
  /** The path the file was planned at, relative to the project root. */
  path: string;
  ok: boolean;
  /** What the plan did with the file: `changed`, `unchanged`, `skipped`, `failed`, or `not-planned`. */
  outcome: FilePlan['outcome'] | 'not-planned';
  /** The findings of the plan, as `line:column severity message [rule]` (what `<case>.findings.txt` holds). */
  findings: string[];
  failures: TestFailure[];
  /** With `update`: the output file was written (or removed), so the case now holds what the config does. */
  updated?: true;
}

export interface TestResponse {
  /** The config file the cases were planned with. */
  config: string;
  /** The test folder. */
  dir: string;
  cases: TestCaseResult[];
  passed: number;
  failed: number;
  ok: boolean;
}

/** One case as found on disk. */
interface CaseFiles {
  name: string;
  inputFile: string;
  ext: string;
}

const INPUT = /^(.+)\.input\.([A-Za-z0-9]+)$/;

/**
 * Run every case of the test folder with the config. Throws `E_USAGE` when the folder is missing or holds no case,
 * or when a case's `.path` is not a relative path inside the root.
 */
export async function testRules(request: TestRequest = {}): Promise<TestResponse> {
  const cwd = resolve(request.cwd ?? process.cwd());
  const config = await loadConfig({ ...(request.configPath ? { configPath: resolve(cwd, request.configPath) } : {}), searchFrom: [cwd] });
  const configFile = config.file!;
  const dir = request.dir ? resolve(cwd, request.dir) : join(dirname(configFile), DEFAULT_TEST_DIR);
  if (!existsSync(dir)) throw new UsageError('E_NO_TESTS', `no test folder ${dir}`, `put cases there (<case>.input.py and <case>.output.py), or name the folder: canonize test DIR (docs/testing-rules.md)`);
  const found = await findCases(dir);
  if (found.length === 0) throw new UsageError('E_NO_TESTS', `no test case in ${dir}`, 'a case is a <case>.input.<ext> file, with its expected <case>.output.<ext> (docs/testing-rules.md)');
  const layout = treeLayout(config.root, configFile);
  const cases: TestCaseResult[] = [];
  const setup: Setup = { dir, configFile, layout, transforms: request.transforms, update: request.update === true };
  for (const c of found) cases.push(await runCase(setup, c));
  const failed = cases.filter((c) => !c.ok).length;
  return { config: configFile, dir, cases, passed: cases.length - failed, failed, ok: failed === 0 };
}

/** Every `<case>.input.<ext>` under `dir`, sorted by name; the support folders (`_project/`, `<case>/`) are not searched. */
async function findCases(dir: string, prefix = ''): Promise<CaseFiles[]> {
  const entries = (await readdir(join(dir, prefix), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: CaseFiles[] = [];
  const names = new Set<string>();
  for (const e of entries) {
    const m = e.isFile() ? INPUT.exec(e.name) : null;
    if (!m) continue;
    names.add(m[1]!);
    out.push({ name: prefix + m[1]!, inputFile: prefix + e.name, ext: m[2]! });
  }
  for (const e of entries) {
    if (e.isDirectory() && !names.has(e.name) && !(prefix === '' && e.name === SHARED_SUPPORT_DIR)) out.push(...(await findCases(dir, `${prefix}${e.name}/`)));
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Where, in a case's temp tree, the project root and the config file go: their places relative to each other kept. */
interface TreeLayout {
  root: string;
  config: string;
}

function treeLayout(root: string, configFile: string): TreeLayout {
  let base = root;
  while (relative(base, configFile).startsWith('..')) base = dirname(base);
  return { root: relative(base, root), config: relative(base, configFile) };
}

/** What planning a case needs, the same for every case. */
interface Setup {
  dir: string;
  configFile: string;
  layout: TreeLayout;
  transforms: Transform[] | undefined;
  update: boolean;
}

/** Plan one case in a temp tree of its own (removed after), then check its output, findings and idempotence. */
async function runCase(setup: Setup, c: CaseFiles): Promise<TestCaseResult> {
  const stem = join(setup.dir, c.name);
  const input = await readFile(join(setup.dir, c.inputFile));
  const path = await virtualPath(stem, c);
  const outputFile = `${stem}.output.${c.ext}`;
  const hasOutput = existsSync(outputFile);
  const expected = hasOutput ? await readFile(outputFile) : input;
  const tmp = await mkdtemp(join(tmpdir(), 'canonize-case-'));
  try {
    const root = join(tmp, setup.layout.root);
    const configPath = join(tmp, setup.layout.config);
    await mkdir(dirname(configPath), { recursive: true });
    await mkdir(root, { recursive: true });
    // The support folders first (the shared one, then the case's own): the config and the case's file are what
    // they are, whatever those hold.
    const shared = join(setup.dir, SHARED_SUPPORT_DIR);
    if (existsSync(shared)) await cp(shared, root, { recursive: true });
    if (existsSync(stem)) await cp(stem, root, { recursive: true });
    await cp(setup.configFile, configPath);
    const abs = join(root, ...path.split('/'));
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, input);
    const run: CaseRun = { root, configPath, abs, path, transforms: setup.transforms };
    const result: TestCaseResult = { name: c.name, input: c.inputFile, path, ok: false, outcome: 'not-planned', findings: [], failures: [] };
    const output = setup.update ? { file: outputFile, input } : undefined;
    await checkOutput(run, result, expected, hasOutput ? `${c.name}.output.${c.ext}` : undefined, output);
    const expectedFindings = await readOptional(`${stem}.findings.txt`);
    if (expectedFindings !== undefined && result.outcome !== 'not-planned') {
      const want = expectedFindings.replace(/\r\n/g, '\n').trimEnd();
      const got = result.findings.join('\n');
      if (got !== want) {
        const diff = unifiedDiff({ path: `${c.name}.findings.txt`, oldText: want + '\n', newText: got === '' ? '' : got + '\n', encoding: 'utf-8', bom: false });
        result.failures.push({ kind: 'findings', message: `the findings differ from ${c.name}.findings.txt`, diff: labelDiff(diff, 'expected', 'actual') });
      }
    }
    result.ok = result.failures.length === 0;
    return result;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** One case's temp tree. */
interface CaseRun {
  root: string;
  configPath: string;
  /** The case's file in the temp tree, and its path relative to the root. */
  abs: string;
  path: string;
  transforms: Transform[] | undefined;
}

/** Plan the case, compare its output with the expected bytes, and plan that output again. */
async function checkOutput(run: CaseRun, result: TestCaseResult, expected: Buffer, outputName: string | undefined, update?: OutputUpdate): Promise<void> {
  const first = await planCase(run);
  result.outcome = first.outcome;
  result.findings = first.findings;
  if (first.problem !== undefined) {
    result.failures.push({ kind: 'planning', message: first.problem });
    return;
  }
  const actual = first.bytes!;
  if (update && !actual.equals(expected)) {
    // The case's expected bytes become what the config does: an output file when it changes the input, none when not.
    if (actual.equals(update.input)) await rm(update.file, { force: true });
    else await writeFile(update.file, actual);
    result.updated = true;
  } else if (!actual.equals(expected)) {
    const message = outputName ? `the output differs from ${outputName}` : 'the case has no output file, so it must change nothing, but the plan changes it';
    result.failures.push({ kind: 'output', message, diff: bytesDiff(run.path, expected, actual, 'expected', 'actual') });
  }
  if (first.outcome !== 'changed') return;
  await writeFile(run.abs, actual);
  const second = await planCase(run);
  if (second.problem !== undefined) result.failures.push({ kind: 'idempotence', message: `planning the output again: ${second.problem}` });
  else if (second.outcome === 'changed') {
    result.failures.push({ kind: 'idempotence', message: 'not idempotent: planning the output again changes it', diff: bytesDiff(run.path, actual, second.bytes!, 'output', 'output planned again') });
  }
}

/** With `update`: where the case's output file is, and the input it is compared with. */
interface OutputUpdate {
  file: string;
  input: Buffer;
}

interface CasePlan {
  outcome: TestCaseResult['outcome'];
  findings: string[];
  /** The file's bytes after the plan (its input when unchanged). */
  bytes?: Buffer;
  /** Why the file has no output: not planned, skipped or failed. */
  problem?: string;
}

/** Plan the case's file with the config, as `canonize plan FILE` does (in-process, no cache), and rebuild its bytes. */
async function planCase(run: CaseRun): Promise<CasePlan> {
  const { plan: p, root } = await plan({ cwd: run.root, configPath: run.configPath, paths: [run.abs], jobs: 1, cache: false, ...(run.transforms ? { transforms: run.transforms } : {}) });
  if (p.summary.scanned === 0) {
    return { outcome: 'not-planned', findings: [], problem: `the config does not plan ${run.path}: its include or exclude leave it out, or canonize reads no such file (name the path the case stands for in <case>.path)` };
  }
  // An unchanged file without findings is not listed in a plan.
  const file = p.files.find((f) => f.path === run.path);
  const findings = (file?.findings ?? []).map((f) => `${f.line}:${f.column} ${f.severity} ${f.message} [${f.rule}]`);
  if (!file || file.outcome === 'unchanged') return { outcome: 'unchanged', findings, bytes: await readFile(run.abs) };
  if (file.outcome !== 'changed') return { outcome: file.outcome, findings, problem: `${file.outcome}: ${file.reason}` };
  const prv = await preview(p, root);
  const change = prv.changes.find((c) => c.path === run.path);
  if (!change) return { outcome: 'failed', findings, problem: `failed: ${prv.problems.map((m) => m.reason).join('; ')}` };
  return { outcome: 'changed', findings, bytes: encodeSource(change.newText, change.encoding, change.bom) };
}

/** `<case>.path` (trimmed), else the case's own name with its extension. */
async function virtualPath(stem: string, c: CaseFiles): Promise<string> {
  const given = (await readOptional(`${stem}.path`))?.trim();
  const path = given || `${basename(c.name)}.${c.ext}`;
  const parts = path.split(/[\\/]/);
  if (isAbsolute(path) || parts.some((p) => p === '..' || p === '') || parts.length === 0) {
    throw new UsageError('E_USAGE', `${stem}.path: "${path}" is not a relative path inside the project root`, 'write the path the case stands for, relative to the root, as src/app/views.py');
  }
  return parts.join('/');
}

async function readOptional(file: string): Promise<string | undefined> {
  return existsSync(file) ? readFile(file, 'utf8') : undefined;
}

/**
 * The unified diff of two versions of the file, labelled (`--- expected PATH`, `+++ actual PATH`). Differences a line
 * diff hides (line endings, a byte-order mark) are said in words when they are the only ones.
 */
function bytesDiff(path: string, from: Buffer, to: Buffer, fromLabel: string, toLabel: string): string {
  const decode = (b: Buffer) => (isUtf8(b) ? b.toString('utf8') : b.toString('latin1'));
  const [a, b] = [decode(from), decode(to)];
  const diff = labelDiff(unifiedDiff({ path, oldText: a, newText: b, encoding: 'utf-8', bom: false }), `${fromLabel} ${path}`, `${toLabel} ${path}`);
  const plain = (t: string) => t.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (plain(a) !== plain(b)) return diff;
  return `${diff}(they differ only in line endings or a byte-order mark: ${fromLabel} ${shape(a)}, ${toLabel} ${shape(b)})\n`;
}

/** A text's line endings and BOM, in words. */
function shape(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return `${crlf} CRLF and ${lf} LF line ending(s)${text.startsWith('\uFEFF') ? ', a BOM' : ''}${/\r?\n$/.test(text) || text === '' ? '' : ', no final newline'}`;
}

/** Replace a diff's `diff --git` / `---` / `+++` header with two labelled lines. */
function labelDiff(diff: string, from: string, to: string): string {
  const lines = diff.split('\n');
  const hunk = lines.findIndex((l) => l.startsWith('@@'));
  if (hunk === -1) return diff;
  return [`--- ${from}`, `+++ ${to}`, ...lines.slice(hunk)].join('\n');
}
