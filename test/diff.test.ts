/**
 * Tests of the dry-run preview (src/engine/diff.ts). The patch is checked against the bytes it promises: byte
 * assertions on its lines, and `git apply` in a real temporary repository, with every resulting file compared to
 * the expected new bytes. Display text and stats are compared with what git itself prints for the same change.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countLines,
  diffStat,
  type FileChange,
  formatPatch as formatPatchBytes,
  PatchEncodingError,
  quoteGitPath,
  unifiedDiff,
} from '../src/engine/diff.js';

/** formatPatch's bytes (typed Uint8Array in the public API) as a Buffer, to read them with Buffer's methods. */
const formatPatch = (...args: Parameters<typeof formatPatchBytes>): Buffer => Buffer.from(formatPatchBytes(...args));

// ---------------------------------------------------------------------------------------------------------------
// helpers

/** A file's bytes as the planner would write them: its codec, and a UTF-8 BOM in front when it has one. */
function bytesOf(text: string, encoding = 'utf-8', bom = false): Buffer {
  const body = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, encoding);
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

function change(path: string, oldText: string, newText: string, encoding = 'utf-8', bom = false): FileChange {
  return { path, oldText, newText, encoding, bom };
}

/** The patch's lines as raw bytes (split on 0x0a only, so `\r` stays part of its line). */
function patchLinesOf(patch: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = patch.indexOf(0x0a); i !== -1; i = patch.indexOf(0x0a, start)) {
    out.push(patch.subarray(start, i));
    start = i + 1;
  }
  expect(start).toBe(patch.length); // every patch line ends with \n
  return out;
}

const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex

function numbered(n: number, eol = '\n', tag = 'line'): string {
  let s = '';
  for (let i = 1; i <= n; i++) s += `${tag} ${i}${eol}`;
  return s;
}

/** git, isolated from the machine's and user's config so that core.autocrlf or a pager cannot change a result. */
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C', GIT_PAGER: 'cat' };

function runGit(cwd: string, args: string[], input?: Buffer): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd, env: gitEnv, input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function git(cwd: string, ...args: string[]): Buffer {
  const r = runGit(cwd, args);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const tempDirs: string[] = [];
afterEach(async () => {
  for (const d of tempDirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A fresh repository holding the changes' old bytes, committed. */
async function repoWith(changes: readonly FileChange[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'canonize-diff-'));
  tempDirs.push(dir);
  git(dir, 'init', '-q');
  for (const [k, v] of [
    ['user.name', 'canonize test'],
    ['user.email', 'test@canonize.invalid'],
    ['core.autocrlf', 'false'],
    ['core.quotePath', 'true'],
    ['commit.gpgsign', 'false'],
  ] as const) {
    git(dir, 'config', k, v);
  }
  for (const c of changes) await writeBytes(dir, c.path, bytesOf(c.oldText, c.encoding, c.bom));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'originals');
  return dir;
}

async function writeBytes(root: string, path: string, bytes: Buffer): Promise<void> {
  const abs = join(root, ...path.split('/'));
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, bytes);
}

async function applyPatch(dir: string, patch: Buffer): Promise<void> {
  const file = join(dir, '..', `${dir.split('/').pop()}.patch`);
  await writeFile(file, patch);
  tempDirs.push(file);
  // stderr may carry git's trailing-whitespace warnings (a CRLF line's \r counts as one); they do not stop it.
  const check = runGit(dir, ['apply', '--check', file]);
  expect(check.status, check.stderr).toBe(0);
  git(dir, 'apply', file);
}

/** Compare every file in the tree with its expected new bytes, exactly. */
async function expectNewBytes(dir: string, changes: readonly FileChange[]): Promise<void> {
  for (const c of changes) {
    const actual = await readFile(join(dir, ...c.path.split('/')));
    expect({ path: c.path, hex: actual.toString('hex') }).toEqual({ path: c.path, hex: bytesOf(c.newText, c.encoding, c.bom).toString('hex') });
  }
}

/** git's order of paths in a diff: bytewise on UTF-8. */
function gitOrder(changes: readonly FileChange[]): FileChange[] {
  return [...changes].sort((a, b) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')));
}

// ---------------------------------------------------------------------------------------------------------------
// the mixed multi-file change most tests use

const bigOld = numbered(2000);
const bigNew = bigOld.replace('line 1000\n', 'line one thousand\n');

const CASES: FileChange[] = [
  change('src/crlf.py', 'import a\r\nimport b\r\n\r\nx = a.f()\r\ny = 2\r\n', 'import a\r\nimport c\r\n\r\nx = c.f()\r\ny = 2\r\n'),
  change('src/mixed.py', 'one\ntwo\r\nthree\nfour\r\nfive\n', 'one\nTWO\r\nthree\nFOUR\nfive\r\n'),
  change('noeol/old-side.py', 'a\nb\nlast', 'a\nb\nlast changed\n'),
  change('noeol/new-side.py', 'a\nb\nlast\n', 'a\nB\nlast'),
  change('noeol/both.py', 'a\nb\nlast', 'a\nb\nLAST'),
  change('noeol/only-eol.py', 'a\nb\nlast', 'a\nb\nlast\n'),
  change('bom/first-line.py', 'import legacy\nx = 1\n', 'import canonical\nx = 1\n', 'utf-8', true),
  change('bom/context.py', '# header\nimport legacy\nx = 1\n', '# header\nimport canonical\nx = 1\n', 'utf-8', true),
  change('bom/insert-top.py', 'x = 1\ny = 2\n', '# new first line\nx = 1\ny = 2\n', 'utf-8', true),
  change('unicode.ts', "// Grüße\nconst s = 'naïve';\nconst e = '😀 日本';\n", "// Grüße\nconst s = 'naïf';\nconst e = '😀 日本語';\n"),
  change(
    'legacy/latin1.py',
    '# -*- coding: latin-1 -*-\n# café\nname = "école"\nvalue = 1\n',
    '# -*- coding: latin-1 -*-\n# café\nname = "élève"\nvalue = 1\n',
    'latin1',
  ),
  change('legacy/cp1252.py', '# -*- coding: cp1252 -*-\nprice = "5 €"\nq = 1\n', '# -*- coding: cp1252 -*-\nprice = "6 € — ok"\nq = 1\n', 'cp1252'),
  change('edges.py', 'first\n' + numbered(10) + 'last\n', 'FIRST\n' + numbered(10) + 'LAST\n'),
  change('big/large.py', bigOld, bigNew),
  change('café.py', 'from a import b\n', 'from c import b\n'),
  change('dir with space/f.py', 'x = 1\ny = 2\n', 'x = 1\ny = 3\n'),
  change('odd/quote"back\\slash\ttab.py', 'q = 1\n', 'q = 2\n'),
  change('same.py', 'unchanged\n', 'unchanged\n'),
];

function caseOf(path: string): FileChange {
  const c = CASES.find((x) => x.path === path);
  if (!c) throw new Error(`no case ${path}`);
  return c;
}

// ---------------------------------------------------------------------------------------------------------------

describe('quoteGitPath', () => {
  it('leaves plain names and names with spaces alone', () => {
    expect(quoteGitPath('a/src/x.py')).toBe('a/src/x.py');
    expect(quoteGitPath('a/dir with space/x.py')).toBe('a/dir with space/x.py');
  });

  it('C-quotes non-ASCII bytes as octal escapes of their UTF-8 form', () => {
    expect(quoteGitPath('a/café.py')).toBe('"a/caf\\303\\251.py"');
    expect(quoteGitPath('日')).toBe('"\\346\\227\\245"');
  });

  it('escapes quotes, backslashes and control characters as git does', () => {
    expect(quoteGitPath('a"b')).toBe('"a\\"b"');
    expect(quoteGitPath('a\\b')).toBe('"a\\\\b"');
    expect(quoteGitPath('t\tn\nr\r')).toBe('"t\\tn\\nr\\r"');
    expect(quoteGitPath('\x07\x08\x0b\x0c')).toBe('"\\a\\b\\v\\f"');
    expect(quoteGitPath('x\x01y\x7fz')).toBe('"x\\001y\\177z"');
  });
});

describe('formatPatch bytes', () => {
  it('keeps the \\r of CRLF lines in every hunk line', () => {
    const lines = patchLinesOf(formatPatch([caseOf('src/crlf.py')])).map((l) => l.toString('latin1'));
    expect(lines).toEqual([
      'diff --git a/src/crlf.py b/src/crlf.py',
      '--- a/src/crlf.py',
      '+++ b/src/crlf.py',
      '@@ -1,5 +1,5 @@',
      ' import a\r',
      '-import b\r',
      '+import c\r',
      ' \r',
      '-x = a.f()\r',
      '+x = c.f()\r',
      ' y = 2\r',
    ]);
  });

  it('keeps each line of a mixed-ending file with its own ending', () => {
    const lines = patchLinesOf(formatPatch([caseOf('src/mixed.py')])).map((l) => l.toString('latin1'));
    expect(lines.slice(3)).toEqual(['@@ -1,5 +1,5 @@', ' one', '-two\r', '+TWO\r', ' three', '-four\r', '-five', '+FOUR', '+five\r']);
  });

  it('marks a missing final newline on the old side, the new side, or both', () => {
    const text = (p: string) => formatPatch([caseOf(p)]).toString('utf8').split('\n').slice(3).join('\n');
    expect(text('noeol/old-side.py')).toBe('@@ -1,3 +1,3 @@\n a\n b\n-last\n\\ No newline at end of file\n+last changed\n');
    expect(text('noeol/new-side.py')).toBe('@@ -1,3 +1,3 @@\n a\n-b\n-last\n+B\n+last\n\\ No newline at end of file\n');
    expect(text('noeol/both.py')).toBe(
      '@@ -1,3 +1,3 @@\n a\n b\n-last\n\\ No newline at end of file\n+LAST\n\\ No newline at end of file\n',
    );
    expect(text('noeol/only-eol.py')).toBe('@@ -1,3 +1,3 @@\n a\n b\n-last\n\\ No newline at end of file\n+last\n');
  });

  it('puts the BOM bytes on line 1, whether it is removed, added or context', () => {
    const bom = '\xef\xbb\xbf';
    const first = patchLinesOf(formatPatch([caseOf('bom/first-line.py')])).map((l) => l.toString('latin1'));
    expect(first.slice(3)).toEqual(['@@ -1,2 +1,2 @@', `-${bom}import legacy`, `+${bom}import canonical`, ' x = 1']);
    const ctx = patchLinesOf(formatPatch([caseOf('bom/context.py')])).map((l) => l.toString('latin1'));
    expect(ctx.slice(3)).toEqual(['@@ -1,3 +1,3 @@', ` ${bom}# header`, '-import legacy', '+import canonical', ' x = 1']);
    // A line inserted above line 1 takes the BOM with it: the old first line loses it.
    const top = patchLinesOf(formatPatch([caseOf('bom/insert-top.py')])).map((l) => l.toString('latin1'));
    expect(top.slice(3)).toEqual(['@@ -1,2 +1,3 @@', `-${bom}x = 1`, `+${bom}# new first line`, '+x = 1', ' y = 2']);
  });

  it('writes non-ASCII text of a UTF-8 file as UTF-8', () => {
    const patch = formatPatch([caseOf('unicode.ts')]);
    expect(patch.includes(Buffer.from("-const s = 'naïve';\n", 'utf8'))).toBe(true);
    expect(patch.includes(Buffer.from("+const e = '😀 日本語';\n", 'utf8'))).toBe(true);
    expect(patch.includes(Buffer.from(' // Grüße\n', 'utf8'))).toBe(true);
  });

  it("writes a latin1 or cp1252 file's section in that codec", () => {
    const latin = formatPatch([caseOf('legacy/latin1.py')]);
    expect(latin.includes(Buffer.from('-name = "\xe9cole"\n+name = "\xe9l\xe8ve"\n', 'latin1'))).toBe(true);
    expect(latin.includes(Buffer.from(' # caf\xe9\n', 'latin1'))).toBe(true);
    expect(latin.includes(Buffer.from('é', 'utf8'))).toBe(false);
    const cp = formatPatch([caseOf('legacy/cp1252.py')]);
    expect(cp.includes(Buffer.from('+price = "6 \x80 \x97 ok"\n', 'latin1'))).toBe(true);
  });

  it('quotes paths in headers the way git does, with a tab after names with a space', () => {
    const head = (p: string) => patchLinesOf(formatPatch([caseOf(p)])).slice(0, 3).map((l) => l.toString('latin1'));
    expect(head('café.py')).toEqual(['diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"', '--- "a/caf\\303\\251.py"', '+++ "b/caf\\303\\251.py"']);
    expect(head('dir with space/f.py')).toEqual([
      'diff --git a/dir with space/f.py b/dir with space/f.py',
      '--- a/dir with space/f.py\t',
      '+++ b/dir with space/f.py\t',
    ]);
  });

  it('gives a single change in a large file one hunk of context lines', () => {
    const text = formatPatch([caseOf('big/large.py')]).toString('utf8');
    expect(text.split('\n').slice(3).join('\n')).toBe(
      '@@ -997,7 +997,7 @@\n line 997\n line 998\n line 999\n-line 1000\n+line one thousand\n line 1001\n line 1002\n line 1003\n',
    );
  });

  it('follows the context option, merging hunks closer than twice the context', () => {
    const oldText = numbered(20);
    const newText = oldText.replace('line 5\n', 'five\n').replace('line 12\n', 'twelve\n');
    const hunks = (context: number) => formatPatch([change('f.py', oldText, newText)], { context }).toString('utf8').match(/^@@.*$/gm);
    expect(hunks(3)).toEqual(['@@ -2,14 +2,14 @@']);
    expect(hunks(1)).toEqual(['@@ -4,3 +4,3 @@', '@@ -11,3 +11,3 @@']);
    expect(hunks(0)).toEqual(['@@ -5 +5 @@', '@@ -12 +12 @@']);
    expect(() => formatPatch([change('f.py', oldText, newText)], { context: -1 })).toThrow(/context/);
  });

  it('writes hunk ranges as git does for empty sides', () => {
    expect(formatPatch([change('e.py', '', 'a\nb\n')]).toString('utf8')).toContain('@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(formatPatch([change('e.py', 'a\n', '')]).toString('utf8')).toContain('@@ -1 +0,0 @@\n-a\n');
  });

  it('concatenates sections in the order given and skips unchanged files', () => {
    const patch = formatPatch([caseOf('same.py'), caseOf('edges.py'), caseOf('café.py'), caseOf('same.py')]).toString('utf8');
    expect(patch.match(/^diff --git .*$/gm)).toEqual(['diff --git a/edges.py b/edges.py', 'diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"']);
    expect(formatPatch([caseOf('same.py')]).length).toBe(0);
    expect(formatPatch([]).length).toBe(0);
  });

  it('refuses text its codec cannot encode, and codecs git could not read', () => {
    expect(() => formatPatch([change('l.py', 'a = 1\n', 'a = "€"\n', 'latin1')])).toThrow(PatchEncodingError);
    expect(() => formatPatch([change('u.py', 'a = 1\n', 'a = 2\n', 'utf-16le')])).toThrow(/not ASCII-compatible/);
    expect(() => formatPatch([change('u.py', 'a = 1\n', 'a = 2\n', 'no-such-codec')])).toThrow(/unknown encoding/);
    expect(() => formatPatch([change('s.py', 'a = 1\n', 'a = "\ud800"\n')])).toThrow(PatchEncodingError);
  });
});

describe('formatPatch with git apply', () => {
  it('applies to the real bytes: CRLF, mixed, no EOL, BOM, UTF-8, latin1, cp1252, quoted paths, large file', async () => {
    const dir = await repoWith(CASES);
    await applyPatch(dir, formatPatch(CASES));
    await expectNewBytes(dir, CASES);
    // Nothing but the changed files moved.
    const status = git(dir, '-c', 'core.quotePath=false', 'status', '--porcelain', '-z').toString('utf8').split('\0').filter(Boolean);
    expect(status.map((s) => s.slice(3)).sort()).toEqual(CASES.filter((c) => c.oldText !== c.newText).map((c) => c.path).sort());
  });

  it('applies a patch for café.py and for dir with space/f.py alone', async () => {
    for (const c of [caseOf('café.py'), caseOf('dir with space/f.py')]) {
      const dir = await repoWith([c]);
      await applyPatch(dir, formatPatch([c]));
      await expectNewBytes(dir, [c]);
    }
  });

  it('applies changes that empty a file or fill an empty one', async () => {
    const cases = [change('fill.py', '', 'a\nb\n'), change('empty.py', 'a\nb\n', ''), change('fill-noeol.py', '', 'x')];
    const dir = await repoWith(cases);
    await applyPatch(dir, formatPatch(cases));
    await expectNewBytes(dir, cases);
  });

  it('applies with other context sizes (context 0 needs --unidiff-zero)', async () => {
    const oldText = numbered(30, '\r\n');
    const newText = oldText.replace('line 1\r\n', 'line one\r\n').replace('line 15\r\n', '').replace('line 30\r\n', 'line 30\r\nline 31');
    const c = change('ctx.py', oldText, newText, 'utf-8', true);
    for (const context of [1, 5, 50]) {
      const dir = await repoWith([c]);
      await applyPatch(dir, formatPatch([c], { context }));
      await expectNewBytes(dir, [c]);
    }
    const dir = await repoWith([c]);
    const file = join(dir, '..', 'zero.patch');
    tempDirs.push(file);
    await writeFile(file, formatPatch([c], { context: 0 }));
    git(dir, 'apply', '--unidiff-zero', file);
    await expectNewBytes(dir, [c]);
  });

  it('is rejected by git apply --check when the tree holds other bytes', async () => {
    const dir = await repoWith(CASES);
    // Same text, other line ending: only byte-exact context would notice.
    await writeBytes(dir, 'src/crlf.py', bytesOf(caseOf('src/crlf.py').oldText.replaceAll('\r\n', '\n')));
    const file = join(dir, '..', 'reject.patch');
    tempDirs.push(file);
    await writeFile(file, formatPatch(CASES));
    const check = runGit(dir, ['apply', '--check', file]);
    expect(check.status).not.toBe(0);
    expect(check.stderr).toContain('src/crlf.py');

    // And a latin1 file whose bytes are really UTF-8 does not take the latin1 patch.
    const dir2 = await repoWith([caseOf('legacy/latin1.py')]);
    await writeBytes(dir2, 'legacy/latin1.py', bytesOf(caseOf('legacy/latin1.py').oldText));
    const file2 = join(dir2, '..', 'reject2.patch');
    tempDirs.push(file2);
    await writeFile(file2, formatPatch([caseOf('legacy/latin1.py')]));
    expect(runGit(dir2, ['apply', '--check', file2]).status).not.toBe(0);
  });

  it('matches git diff byte for byte (apart from the index line and hunk function names)', async () => {
    const changed = gitOrder(CASES.filter((c) => c.oldText !== c.newText));
    const dir = await repoWith(changed);
    for (const c of changed) await writeBytes(dir, c.path, bytesOf(c.newText, c.encoding, c.bom));
    for (const context of [3, 1]) {
      const ours = formatPatch(changed, { context }).toString('latin1');
      const theirs = git(dir, 'diff', '--no-color', '--no-ext-diff', '--no-renames', `-U${context}`)
        .toString('latin1')
        .replace(/^index [0-9a-f]+\.\.[0-9a-f]+( \d+)?\n/gm, '')
        .replace(/^(@@ -\S+ \+\S+ @@).*$/gm, '$1');
      expect(ours).toBe(theirs);
    }
  });
});

describe('unifiedDiff', () => {
  it('is the patch text for UTF-8 files, BOM included', () => {
    for (const c of CASES.filter((x) => x.encoding === 'utf-8')) {
      expect(unifiedDiff(c)).toBe(formatPatch([c]).toString('utf8'));
    }
    expect(unifiedDiff(caseOf('bom/first-line.py'))).toContain('-\ufeffimport legacy\n');
  });

  it('shows a latin1 file decoded from its codec', () => {
    const text = unifiedDiff(caseOf('legacy/latin1.py'));
    expect(text).toContain('-name = "école"\n+name = "élève"\n');
    expect(text).toBe(iconv.decode(formatPatch([caseOf('legacy/latin1.py')]), 'latin1'));
  });

  it('colours headers, hunk headers, removals and additions; stripping the colour gives the plain text', () => {
    for (const c of CASES) {
      const plain = unifiedDiff(c, { context: 2 });
      const colored = unifiedDiff(c, { context: 2, color: true });
      expect(colored.replace(ANSI, '')).toBe(plain);
      if (plain) expect(colored).not.toBe(plain);
    }
    const colored = unifiedDiff(caseOf('src/crlf.py'), { color: true });
    expect(colored).toContain('\x1b[1mdiff --git a/src/crlf.py b/src/crlf.py\x1b[22m\n');
    expect(colored).toContain('\x1b[36m@@ -1,5 +1,5 @@\x1b[39m\n');
    // The \r stays outside the colour, as git does it.
    expect(colored).toContain('\x1b[31m-import b\x1b[39m\r\n');
    expect(colored).toContain('\x1b[32m+import c\x1b[39m\r\n');
    expect(colored).toContain('\n import a\r\n');
  });

  it('is empty for an unchanged file, coloured or not', () => {
    expect(unifiedDiff(caseOf('same.py'))).toBe('');
    expect(unifiedDiff(caseOf('same.py'), { color: true })).toBe('');
  });
});

describe('countLines', () => {
  it('counts added and removed lines, line endings included', () => {
    expect(countLines(caseOf('src/crlf.py'))).toEqual({ added: 2, removed: 2 });
    expect(countLines(caseOf('src/mixed.py'))).toEqual({ added: 3, removed: 3 });
    expect(countLines(caseOf('noeol/only-eol.py'))).toEqual({ added: 1, removed: 1 });
    expect(countLines(caseOf('bom/insert-top.py'))).toEqual({ added: 2, removed: 1 });
    expect(countLines(caseOf('same.py'))).toEqual({ added: 0, removed: 0 });
  });
});

describe('diffStat', () => {
  async function gitStat(changes: readonly FileChange[], width: number): Promise<string> {
    const dir = await repoWith(changes);
    for (const c of changes) await writeBytes(dir, c.path, bytesOf(c.newText, c.encoding, c.bom));
    return git(dir, 'diff', `--stat=${width}`).toString('utf8');
  }

  it('matches git diff --stat for a multi-file change', async () => {
    const changed = gitOrder(CASES);
    const ours = diffStat(changed, { width: 80 });
    expect(ours).toBe(await gitStat(changed, 80));
    expect(ours).toContain(' "caf\\303\\251.py"');
    expect(ours).not.toContain('same.py');
  });

  it('scales the bars and shortens long names as git does', async () => {
    const lots = (n: number, tag: string) => numbered(n, '\n', tag);
    const changes = gitOrder([
      change('a/very/long/directory/name/that/does/not/fit/in/the/name/column/module.py', 'x\n', 'y\n'),
      change('big.py', lots(40, 'old'), lots(600, 'new')),
      change('deleted.py', lots(300, 'gone') + 'keep\n', 'keep\n'),
      change('small.py', 'a\nb\nc\n', 'a\nB\nc\nd\n'),
      change('tiny.py', lots(400, 'same') + 'x\n', lots(400, 'same') + 'y\n'),
    ]);
    for (const width of [10, 40, 60, 80, 100, 200, 1000]) {
      expect({ width, stat: diffStat(changes, { width }) }).toEqual({ width, stat: await gitStat(changes, width) });
    }
  });

  it("uses git's singular and plural wording", async () => {
    const one = [change('one.py', 'a\n', 'b\n')];
    expect(diffStat(one)).toBe(' one.py | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n');
    expect(diffStat(one)).toBe(await gitStat(one, 80));
    const adds = [change('p.py', 'a\n', 'a\nb\nc\n'), change('q.py', 'a\n', 'a\nb\n')];
    expect(diffStat(adds)).toBe(' p.py | 2 ++\n q.py | 1 +\n 2 files changed, 3 insertions(+)\n');
    expect(diffStat(adds)).toBe(await gitStat(adds, 80));
    const dels = [change('r.py', 'a\nb\n', 'a\n')];
    expect(diffStat(dels)).toBe(' r.py | 1 -\n 1 file changed, 1 deletion(-)\n');
  });

  it('is empty when nothing changes, and colours the bars on request', () => {
    expect(diffStat([])).toBe('');
    expect(diffStat([caseOf('same.py')])).toBe('');
    const colored = diffStat([change('one.py', 'a\n', 'b\n')], { color: true });
    expect(colored).toBe(' one.py | 2 \x1b[32m+\x1b[39m\x1b[31m-\x1b[39m\n 1 file changed, 1 insertion(+), 1 deletion(-)\n');
    expect(colored.replace(ANSI, '')).toBe(diffStat([change('one.py', 'a\n', 'b\n')]));
  });
});
