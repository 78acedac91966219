// `check --changed-since REF` and `check --staged` on real git repositories in temp dirs: which files are checked
// (modified, added, untracked, renamed, odd names), deletions that are no error, the index's bytes rather than the
// working tree's, the whole-tree fallback when a change reaches the config or the project index, the baseline
// restricted to the checked files, the errors, and the real CLI process.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, plan } from '../src/index.js';
import { BIN } from './helpers/pty.js';
import { git, runCli, tempTree, writeTree } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n      symbols: [Thing]\n';
const LEGACY = 'from legacy.mod import Thing\n\nx = Thing\n';
const CLEAN = 'x = 1\n';
const SITE = 'Thing imported from legacy module legacy.mod';

/** A committed repository: two files with a legacy import, one clean, and the canonical module. */
function repo(extra: Record<string, string> = {}): string {
  const dir = tempTree({
    'canonize.config.yaml': CONFIG,
    'canon/mod.py': 'class Thing:\n    pass\n',
    'app/a.py': LEGACY,
    'app/b.py': CLEAN,
    'app/c.py': LEGACY,
    'README.md': 'a readme\n',
    ...extra,
  });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'start');
  return dir;
}

const where = (r: Awaited<ReturnType<typeof check>>) => r.violations.map((v) => `${v.path}:${v.line}: ${v.message}`);

describe('check --changed-since', () => {
  it('checks only the modified files: the legacy sites of unchanged files do not count', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'app/b.py'), 'y = 2\n');
    const clean = await check({ cwd: dir, changedSince: 'HEAD', jobs: 1 });
    expect(clean.ok).toBe(true);
    expect(clean.scanned).toBe(1);
    expect(clean.changed).toEqual({ since: 'HEAD', scope: 'changed', files: ['app/b.py'], dependents: [], deleted: [], renamed: [] });

    writeFileSync(join(dir, 'app/b.py'), `y = 2\n${LEGACY}`);
    const dirty = await check({ cwd: dir, changedSince: 'HEAD', jobs: 1 });
    expect(dirty.ok).toBe(false);
    expect(where(dirty)).toEqual([`app/b.py:2: ${SITE}`]);
    // The whole tree has three such files.
    expect(new Set((await check({ cwd: dir, jobs: 1 })).violations.map((v) => v.path))).toEqual(new Set(['app/a.py', 'app/b.py', 'app/c.py']));
  });

  it('checks added files (committed or untracked), whatever their names; files without a language are left out', async () => {
    const dir = repo();
    const odd = 'app/new file ü\u00e9.py';
    writeFileSync(join(dir, 'canonize.config.yaml'), `${CONFIG}exclude: ["vendor/**"]\n`);
    git(dir, 'commit', '-q', '-am', 'exclude vendor');
    // Excluded by the config, always excluded (.canonize), without a language: none is checked.
    writeTree(dir, { [odd]: LEGACY, 'docs/notes.md': 'from legacy.mod import Thing\n', '.canonize/cache/x.py': LEGACY, 'vendor/x.py': LEGACY });
    git(dir, 'add', '-A', '-f');
    git(dir, 'commit', '-q', '-m', 'add');
    writeTree(dir, { 'app/untracked \t tab.py': LEGACY });
    const r = await check({ cwd: dir, changedSince: 'HEAD~1', jobs: 1 });
    expect(r.changed?.files).toEqual(['app/new file üé.py', 'app/untracked \t tab.py']);
    expect(r.scanned).toBe(2);
    expect(where(r)).toEqual([`${odd}:1: ${SITE}`, `app/untracked \t tab.py:1: ${SITE}`]);
  });

  it('a deleted file is not an error: it is counted, not checked', async () => {
    const dir = repo();
    git(dir, 'rm', '-q', 'app/c.py');
    git(dir, 'commit', '-q', '-m', 'remove c');
    rmSync(join(dir, 'app/a.py'));
    const r = await runCli(['check', '--changed-since', 'HEAD~1'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('changed since HEAD~1: 0 file(s) added or modified, 2 deleted (not checked)\ncheck passed: no legacy patterns in 0 file(s)\n');
  });

  it('a change to a canonical module checks the whole tree, and says why', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'canon/mod.py'), 'class Thing:\n    x = 1\n');
    const r = await check({ cwd: dir, changedSince: 'HEAD', jobs: 1 });
    expect(r.changed?.scope).toBe('all');
    expect(r.changed?.reason).toBe('canon/mod.py (modified): it is the module canon.mod, whose exports the rules check');
    expect(where(r)).toEqual([`app/a.py:1: ${SITE}`, `app/c.py:1: ${SITE}`]);
    const cli = await runCli(['check', '--changed-since', 'HEAD'], { cwd: dir });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe('checking the whole tree, not only the changed files: canon/mod.py (modified): it is the module canon.mod, whose exports the rules check\n');
  });

  it('a change to the config checks the whole tree', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'canonize.config.yaml'), `${CONFIG}# a comment\n`);
    const r = await check({ cwd: dir, changedSince: 'HEAD', jobs: 1 });
    expect(r.changed).toMatchObject({ scope: 'all', reason: 'canonize.config.yaml: the config file changed' });
    expect(r.scanned).toBe(4);
  });

  it('imports the importers scan reads changed: the files of the modules imported from are checked too', async () => {
    const dir = repo({ 'legacy/__init__.py': LEGACY, 'legacy/other.py': CLEAN });
    // Importing a name a move may stop binding (the legacy module's last name) from a module: a fact about that
    // module, which its own plan reads.
    writeFileSync(join(dir, 'app/b.py'), 'from legacy import mod\n');
    const r = await check({ cwd: dir, changedSince: 'HEAD', jobs: 1 });
    const reason = 'app/b.py (modified): its imports of names a rule may stop binding from legacy changed (the importers scan reads them)';
    expect(r.changed).toMatchObject({ scope: 'changed', files: ['app/b.py'], dependents: [{ path: 'legacy/__init__.py', reason }] });
    expect(r.scanned).toBe(2);
    expect(where(r)).toEqual([`legacy/__init__.py:1: ${SITE}`]);
    const cli = await runCli(['check', '--changed-since', 'HEAD'], { cwd: dir });
    expect(cli.stdout.split('\n').slice(0, 2)).toEqual(['changed since HEAD: 1 file(s) added or modified, 0 deleted (not checked)', `also checked: legacy/__init__.py, as ${reason}`]);
    git(dir, 'commit', '-q', '-am', 'import mod');
    // Other edits to the same file: only the file.
    writeFileSync(join(dir, 'app/b.py'), 'from legacy import mod\n\nz = 3\n');
    const same = await check({ cwd: dir, changedSince: 'HEAD', jobs: 1 });
    expect(same.changed).toMatchObject({ scope: 'changed', files: ['app/b.py'], dependents: [] });
  });

  it('with a baseline, only the checked files are compared: the sites of the others are neither new nor removed', async () => {
    const dir = repo();
    expect((await runCli(['audit', '--write-baseline', 'baseline.json'], { cwd: dir })).code).toBe(0);
    git(dir, 'add', 'baseline.json');
    git(dir, 'commit', '-q', '-m', 'baseline');
    writeFileSync(join(dir, 'app/a.py'), CLEAN);
    writeFileSync(join(dir, 'app/b.py'), LEGACY);
    const r = await check({ cwd: dir, changedSince: 'HEAD', baseline: 'baseline.json', jobs: 1 });
    expect(where(r)).toEqual([`app/b.py:1: ${SITE}`]);
    expect(r.baseline?.removed).toEqual([{ key: 'app/a.py|python.moves/legacy.mod|legacy.mod|from-import|Thing', count: 1 }]);
    expect(r.baseline?.remaining).toBe(0);
    // The whole tree, for comparison: app/c.py's site is still there, and counted as remaining.
    const all = await check({ cwd: dir, baseline: 'baseline.json', jobs: 1 });
    expect(all.baseline?.remaining).toBe(1);
  });

  it('errors: not a git repository, an unknown revision, both flags, paths', async () => {
    const plain = tempTree({ 'canonize.config.yaml': CONFIG, 'app/a.py': LEGACY });
    const notGit = await runCli(['check', '--changed-since', 'HEAD'], { cwd: plain });
    expect(notGit.code).toBe(2);
    expect(notGit.stderr).toContain('E_CHANGED_NOT_GIT');
    expect(notGit.stderr).toContain('is not inside a git work tree');
    const dir = repo();
    const badRef = await runCli(['check', '--changed-since', 'no-such-branch'], { cwd: dir });
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain('E_GIT_REF');
    expect(badRef.stderr).toContain('git knows no commit "no-such-branch"');
    const option = await runCli(['check', '--changed-since', '--output=x'], { cwd: dir });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('E_GIT_REF');
    await expect(check({ cwd: dir, changedSince: 'HEAD', staged: true })).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(check({ cwd: dir, staged: true, paths: ['app'] })).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});

describe('check --staged', () => {
  it('a staged deletion passes, where the old recipe (the staged names as paths) fails', async () => {
    const dir = repo();
    git(dir, 'rm', '-q', 'app/c.py');
    const names = git(dir, 'diff', '--name-only', '--cached').trim().split('\n');
    expect(names).toEqual(['app/c.py']);
    const old = await runCli(['check', ...names], { cwd: dir });
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('E_PATH_NOT_FOUND');
    // The real process, with JSON.
    const run = spawnSync(process.execPath, [BIN, 'check', '--staged', '--json'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      version: 1,
      ok: true,
      violations: [],
      unchecked: [],
      scanned: 0,
      changed: { since: 'staged', scope: 'changed', files: [], dependents: [], deleted: ['app/c.py'], renamed: [] },
    });
  });

  it("checks the index's bytes, not the working tree's", async () => {
    const dir = repo();
    writeFileSync(join(dir, 'app/b.py'), `# staged\n${LEGACY}`);
    git(dir, 'add', 'app/b.py');
    writeFileSync(join(dir, 'app/b.py'), CLEAN);
    const staged = await check({ cwd: dir, staged: true, jobs: 1 });
    expect(where(staged)).toEqual([`app/b.py:2: ${SITE}`]);
    expect((await check({ cwd: dir, changedSince: 'HEAD', jobs: 1 })).ok).toBe(true);
    // The other way round: a clean file staged, legacy code only in the working tree.
    writeFileSync(join(dir, 'app/b.py'), 'y = 5\n');
    git(dir, 'add', 'app/b.py');
    writeFileSync(join(dir, 'app/b.py'), LEGACY);
    expect((await check({ cwd: dir, staged: true, jobs: 1 })).ok).toBe(true);
  });

  it('the staged bytes reach the worker threads too', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`pkg/m${i}.py`] = CLEAN;
    const dir = repo(files);
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `pkg/m${i}.py`), `# ${i}\n${LEGACY}`);
    git(dir, 'add', '-A');
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `pkg/m${i}.py`), CLEAN);
    const r = await check({ cwd: dir, staged: true, jobs: 2 });
    expect(r.scanned).toBe(40);
    expect(r.violations).toHaveLength(40);
    expect(r.violations.every((v) => v.line === 2)).toBe(true);
  });

  it('checks a renamed file under its new path, and says what was renamed', async () => {
    const dir = repo();
    git(dir, 'mv', 'app/a.py', 'app/moved ü.py');
    const r = await check({ cwd: dir, staged: true, jobs: 1 });
    expect(r.changed).toEqual({ since: 'staged', scope: 'changed', files: ['app/moved ü.py'], dependents: [], deleted: [], renamed: [{ from: 'app/a.py', to: 'app/moved ü.py' }] });
    expect(where(r)).toEqual([`app/moved ü.py:1: ${SITE}`]);
    const text = await runCli(['check', '--staged'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')[0]).toBe('staged: 1 file(s) added or modified, 1 renamed, 0 deleted (not checked)');
  });

  it('a file staged but gone from the working tree cannot be checked, and says so', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'app/d.py'), LEGACY);
    git(dir, 'add', 'app/d.py');
    rmSync(join(dir, 'app/d.py'));
    const r = await check({ cwd: dir, staged: true, jobs: 1 });
    expect(r.unchecked).toEqual([{ path: 'app/d.py', reason: 'staged, but missing from the working tree' }]);
    expect(r.ok).toBe(true);
    expect((await check({ cwd: dir, staged: true, strict: true, jobs: 1 })).ok).toBe(false);
  });
});

describe('a project below the top of its repository', () => {
  it('maps git paths to the root, and ignores changes outside it', async () => {
    const top = tempTree({ 'outside.py': CLEAN, 'proj/canonize.config.yaml': CONFIG, 'proj/canon/mod.py': 'class Thing:\n    pass\n', 'proj/app/a.py': CLEAN });
    git(top, 'init', '-q');
    git(top, 'add', '-A');
    git(top, 'commit', '-q', '-m', 'start');
    writeFileSync(join(top, 'outside.py'), LEGACY);
    writeFileSync(join(top, 'proj/app/a.py'), LEGACY);
    const r = await check({ cwd: join(top, 'proj'), changedSince: 'HEAD', jobs: 1 });
    expect(r.changed?.files).toEqual(['app/a.py']);
    expect(where(r)).toEqual([`app/a.py:1: ${SITE}`]);
  });
});

describe('TypeScript facts', () => {
  const TS_CONFIG = 'version: 1\ntypescript:\n  moves:\n    - { from: src/old.ts, to: src/new.ts }\n';
  function tsRepo(): string {
    const dir = tempTree({
      'canonize.config.yaml': TS_CONFIG,
      'tsconfig.json': '{ "extends": "./configs/base.json", "compilerOptions": { "strict": true } }\n',
      'configs/base.json': '{ "compilerOptions": { "baseUrl": "." } }\n',
      'package.json': '{ "name": "x" }\n',
      'src/old.ts': 'export const a = 1;\n',
      'src/new.ts': 'export * from "./parts";\n',
      'src/parts.ts': 'export const a = 1;\n',
      'src/use.ts': "import { a } from './old';\nexport const b = a;\n",
      'src/other.ts': 'export const c = 3;\n',
    });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'start');
    return dir;
  }
  const scopeAfter = async (dir: string, edit: () => void) => {
    edit();
    const r = await check({ cwd: dir, changedSince: 'HEAD', jobs: 1 });
    git(dir, 'reset', '-q', '--hard');
    git(dir, 'clean', '-qfd');
    return r.changed?.scope === 'all' ? r.changed.reason : r.changed?.scope;
  };

  it('resolution inputs and checked exports check the whole tree; other edits only the files', async () => {
    const dir = tsRepo();
    const edit = (path: string, text: string) => () => writeFileSync(join(dir, path), text);
    expect(await scopeAfter(dir, edit('src/other.ts', 'export const c = 4;\n'))).toBe('changed');
    expect(await scopeAfter(dir, edit('package.json', '{ "name": "y" }\n'))).toBe('package.json (modified): it is a package.json, which module resolution reads');
    expect(await scopeAfter(dir, edit('tsconfig.json', '{}\n'))).toBe('tsconfig.json (modified): it is a tsconfig, which module resolution reads');
    expect(await scopeAfter(dir, edit('configs/base.json', '{}\n'))).toBe('configs/base.json (modified): a tsconfig extends it');
    expect(await scopeAfter(dir, edit('src/parts.ts', 'export const z = 1;\n'))).toBe('src/parts.ts (modified): the rules check its exports');
    expect(await scopeAfter(dir, edit('src/added.ts', 'export {};\n'))).toBe('src/added.ts (added): it was added, and module resolution may land on it');
    expect(await scopeAfter(dir, () => rmSync(join(dir, 'src/other.ts')))).toBe('src/other.ts (deleted): it was deleted, and module resolution may land on it');
  });
});

describe('the importers scan when only some files are planned', () => {
  const MOVE = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n      symbols: { OldThing: Thing }\n';
  const MODULE = 'from legacy.mod import OldThing\n\nx = OldThing\n';

  it("gathers a named file's importers as the whole tree's plan does: absolute, relative and attribute imports", async () => {
    const importers: Record<string, string> = {
      absolute: 'from legacy import OldThing\n',
      relative: 'from . import OldThing\n',
      attribute: 'import legacy\n\nz = legacy.OldThing\n',
    };
    for (const [kind, text] of Object.entries(importers)) {
      const path = kind === 'relative' ? 'legacy/inner.py' : 'app/user.py';
      const dir = tempTree({ 'canonize.config.yaml': MOVE, 'canon/mod.py': 'class Thing:\n    pass\n', 'legacy/__init__.py': MODULE, [path]: text, 'app/other.py': CLEAN });
      const whole = (await plan({ cwd: dir, jobs: 1 })).plan.files.find((f) => f.path === 'legacy/__init__.py');
      const named = (await plan({ cwd: dir, jobs: 1, paths: ['legacy/__init__.py'] })).plan.files;
      expect(named, kind).toEqual([whole]);
      // The importer keeps the old name bound in the module.
      expect(whole?.outcome === 'changed' && whole.edits.map((e) => e.text), kind).toEqual(['from canon.mod import Thing as OldThing']);
    }
  });
});
