// File discovery on real trees in temp dirs: languages, include/exclude, default excludes, .gitignore (checked
// against git itself), symlinks, named paths, unreadable directories, ordering.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discoverFiles, type DiscoverOptions } from '../src/planner/files.js';
import { languageForPath } from '../src/languages/registry.js';

const made: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const dir of made.splice(0)) {
    await fsp.chmod(dir, 0o700).catch(() => undefined);
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

/** A fresh temp directory holding `files` (path → text), removed after the test. */
async function tree(files: Record<string, string> = {}): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'canonize-discover-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fsp.writeFile(path.join(dir, rel), text);
  }
  return dir;
}

const ALL = ['**/*'];

async function discover(root: string, options: Partial<DiscoverOptions> = {}) {
  return discoverFiles({ root, include: ALL, exclude: [], gitignore: true, ...options });
}

/** Just the discovered paths. */
async function paths(root: string, options: Partial<DiscoverOptions> = {}): Promise<string[]> {
  const { files, skipped } = await discover(root, options);
  expect(skipped).toEqual([]);
  return files.map((file) => file.path);
}

describe('languageForPath', () => {
  it('maps Python, TypeScript and JavaScript extensions, and nothing else', () => {
    const cases: Record<string, string | undefined> = {
      'a.py': 'python',
      'pkg/stubs/a.pyi': 'python',
      'a.ts': 'typescript',
      'types/index.d.ts': 'typescript',
      'a.mts': 'typescript',
      'a.cts': 'typescript',
      'a.d.mts': 'typescript',
      'ui/App.tsx': 'tsx',
      'a.js': 'tsx',
      'a.jsx': 'tsx',
      'a.mjs': 'tsx',
      'a.cjs': 'tsx',
      'a.json': undefined,
      'README.md': undefined,
      'a.PY': undefined,
      'a.pyc': undefined,
      '.py': undefined,
      'pkg.py/Makefile': undefined,
      py: undefined,
    };
    const actual = Object.fromEntries(Object.keys(cases).map((file) => [file, languageForPath(file)]));
    expect(actual).toEqual(cases);
  });
});

describe('discoverFiles', () => {
  it('returns files with a language, their absolute paths and languages, and ignores the rest', async () => {
    const root = await tree({
      'a.py': '',
      'a.pyi': '',
      'b.ts': '',
      'c.d.ts': '',
      'd.mts': '',
      'e.cts': '',
      'f.tsx': '',
      'g.js': '',
      'README.md': '',
      Makefile: '',
      'src/x.py': '',
    });
    await fsp.mkdir(path.join(root, 'dir.py'));
    const { files, skipped } = await discover(root);
    expect(skipped).toEqual([]);
    expect(files).toEqual([
      { path: 'a.py', absPath: path.join(root, 'a.py'), language: 'python' },
      { path: 'a.pyi', absPath: path.join(root, 'a.pyi'), language: 'python' },
      { path: 'b.ts', absPath: path.join(root, 'b.ts'), language: 'typescript' },
      { path: 'c.d.ts', absPath: path.join(root, 'c.d.ts'), language: 'typescript' },
      { path: 'd.mts', absPath: path.join(root, 'd.mts'), language: 'typescript' },
      { path: 'e.cts', absPath: path.join(root, 'e.cts'), language: 'typescript' },
      { path: 'f.tsx', absPath: path.join(root, 'f.tsx'), language: 'tsx' },
      { path: 'g.js', absPath: path.join(root, 'g.js'), language: 'tsx' },
      { path: 'src/x.py', absPath: path.join(root, 'src', 'x.py'), language: 'python' },
    ]);
  });

  it('applies include and exclude globs relative to the root', async () => {
    const root = await tree({
      'setup.py': '',
      'src/app.py': '',
      'src/ui/App.tsx': '',
      'src/gen/api.py': '',
      'src/gen/deep/model.ts': '',
      'tests/test_app.py': '',
      'legacy/old.ts': '',
      'scripts/tool.py': '',
    });
    expect(await paths(root, { include: ['src/**/*.py', 'tests/**'] })).toEqual([
      'src/app.py',
      'src/gen/api.py',
      'tests/test_app.py',
    ]);
    expect(await paths(root, { exclude: ['src/gen/**', 'tests', '**/*.tsx', 'scripts/tool.py'] })).toEqual([
      'legacy/old.ts',
      'setup.py',
      'src/app.py',
    ]);
    // Literal patterns, which fast-glob resolves without listing directories, go through the same checks.
    expect(await paths(root, { include: ['setup.py', 'src/app.py', 'missing.py'], exclude: ['setup.py'] })).toEqual([
      'src/app.py',
    ]);
    expect(await paths(root, { include: [] })).toEqual([]);
  });

  it('always leaves out node_modules, .git and .canonize, but not other dot directories', async () => {
    const root = await tree({
      'a.py': '',
      'node_modules/pkg/index.ts': '',
      'web/node_modules/pkg/index.ts': '',
      '.git/hooks/hook.py': '',
      'sub/.canonize/journal.py': '',
      '.github/scripts/release.py': '',
      '.eslintrc.cts': '',
    });
    expect(await paths(root)).toEqual(['.eslintrc.cts', '.github/scripts/release.py', 'a.py']);
    expect(await paths(root, { gitignore: false })).toEqual(['.eslintrc.cts', '.github/scripts/release.py', 'a.py']);
  });

  describe('.gitignore', () => {
    const files = {
      '.gitignore': 'build/\n*.gen.py\n# a comment\n\n/only_root.py\n',
      'app.py': '',
      'x.gen.py': '',
      'only_root.py': '',
      'build/out.py': '',
      'build/.gitignore': '!out.py\n',
      'lib/only_root.py': '',
      'lib/y.gen.py': '',
      'sub/.gitignore': '*.py\n!keep.py\n/anchored.ts\ndata/\n',
      'sub/keep.py': '',
      'sub/drop.py': '',
      'sub/anchored.ts': '',
      'sub/deep/keep.py': '',
      'sub/deep/drop.py': '',
      'sub/deep/anchored.ts': '',
      'sub/data/keep.py': '',
      'sub/deep/data/keep.py': '',
      'other/drop.py': '',
      'other/anchored.ts': '',
    };

    it('applies root and nested files, each relative to its own directory, with negation', async () => {
      const root = await tree(files);
      expect(await paths(root)).toEqual([
        'app.py',
        'lib/only_root.py',
        'other/anchored.ts',
        'other/drop.py',
        'sub/deep/anchored.ts',
        'sub/deep/keep.py',
        'sub/keep.py',
      ]);
    });

    it('is not read with gitignore: false', async () => {
      const root = await tree(files);
      expect(await paths(root, { gitignore: false })).toEqual(
        Object.keys(files)
          .filter((file) => languageForPath(file) !== undefined)
          .sort(),
      );
    });

    it('lets a deeper file override a shallower one, as git does', async () => {
      const root = await tree({
        '.gitignore': '*.py\nvendor/\n',
        'a.py': '',
        'pkg/.gitignore': '!*.py\nskip.py\n',
        'pkg/a.py': '',
        'pkg/skip.py': '',
        'pkg/vendor/v.py': '',
        'pkg/vendor/.gitignore': '!v.py\n',
        'pkg/sub/b.py': '',
      });
      expect(await paths(root)).toEqual(['pkg/a.py', 'pkg/sub/b.py']);
    });

    it('treats directory names with glob characters literally', async () => {
      const root = await tree({
        'app/[id]/.gitignore': '*.ts\n',
        'app/[id]/page.ts': '',
        'app/[id]/page.py': '',
        'app/i/page.ts': '',
        'app/*/.gitignore': 'x.py\n',
        'app/*/x.py': '',
        'app/y/x.py': '',
      });
      expect(await paths(root)).toEqual(['app/[id]/page.py', 'app/i/page.ts', 'app/y/x.py']);
    });

    it('applies .git/info/exclude and the .gitignore files above the root in the enclosing repository', async () => {
      const repo = await tree({
        '.git/info/exclude': 'secret.py\n',
        '.gitignore': '*.tmp.py\nservices/api/gen/\n/services/api/top.py\n',
        'services/.gitignore': 'local.py\n',
        'services/api/app.py': '',
        'services/api/secret.py': '',
        'services/api/a.tmp.py': '',
        'services/api/gen/g.py': '',
        'services/api/top.py': '',
        'services/api/local.py': '',
        'services/api/pkg/local.py': '',
        'services/api/pkg/ok.py': '',
      });
      const root = path.join(repo, 'services', 'api');
      expect(await paths(root)).toEqual(['app.py', 'pkg/ok.py']);
      expect(await paths(repo)).toEqual(['services/api/app.py', 'services/api/pkg/ok.py']);
      expect(await paths(root, { gitignore: false })).toEqual([
        'a.tmp.py',
        'app.py',
        'gen/g.py',
        'local.py',
        'pkg/local.py',
        'pkg/ok.py',
        'secret.py',
        'top.py',
      ]);
    });

    it.skipIf(!hasGit())('agrees with git on which untracked files are ignored', async () => {
      const root = await tree({
        '.gitignore': '*.log.py\n/build\ndocs/**/gen/\n!docs/keep/gen/\nnested/*.ts\n!nested/ok.ts\n\\#hash.py\nlib/gen/\n',
        'lib/.gitignore': '!gen/\n',
        'lib/gen/x.py': '',
        'a.log.py': '',
        'a.py': '',
        'build/b.py': '',
        'src/build/b.py': '',
        'docs/x/gen/g.py': '',
        'docs/keep/gen/g.py': '',
        'docs/gen/g.py': '',
        'nested/a.ts': '',
        'nested/ok.ts': '',
        'nested/deeper/a.ts': '',
        '#hash.py': '',
        'pkg/.gitignore': '*\n!*/\n!*.py\n',
        'pkg/a.py': '',
        'pkg/a.ts': '',
        'pkg/sub/b.py': '',
        'pkg/sub/b.ts': '',
        'tests/.gitignore': '**/fixtures/*.py\n!**/fixtures/keep_*.py\ncache/\n',
        'tests/unit/cache/c.py': '',
        'tests/cache.py': '',
        'tests/fixtures/f.py': '',
        'tests/fixtures/keep_f.py': '',
        'tests/unit/fixtures/g.py': '',
        'tests/unit/fixtures/keep_g.py': '',
        'tests/unit/t.py': '',
      });
      execFileSync('git', ['init', '-q'], { cwd: root });
      await fsp.writeFile(path.join(root, '.git', 'info', 'exclude'), 'tests/unit/t.py\n');
      const listed = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
        .split('\0')
        .filter((file) => languageForPath(file) !== undefined)
        .sort();
      expect(await paths(root)).toEqual(listed);
      expect(listed).toContain('docs/keep/gen/g.py');
      expect(listed).toContain('lib/gen/x.py');
      expect(listed).not.toContain('tests/unit/t.py');
    });
  });

  describe('symlinks', () => {
    it('skips symlinks inside and outside the root and dangling ones, and never descends into linked directories', async () => {
      const outside = await tree({ 'elsewhere.py': '', 'lib/z.py': '' });
      const root = await tree({ 'a.py': '', 'src/x.py': '', 'README.md': '', 'excluded/e.py': '' });
      await fsp.symlink(path.join(root, 'a.py'), path.join(root, 'link.py'));
      await fsp.symlink('src/x.py', path.join(root, 'relative-link.ts'));
      await fsp.symlink(path.join(outside, 'elsewhere.py'), path.join(root, 'out.py'));
      await fsp.symlink(path.join(root, 'missing.py'), path.join(root, 'dangling.py'));
      await fsp.symlink(path.join(root, 'src'), path.join(root, 'srclink'));
      await fsp.symlink(path.join(outside, 'lib'), path.join(root, 'outlib'));
      await fsp.symlink(path.join(root, 'README.md'), path.join(root, 'notes.md'));
      await fsp.symlink(path.join(root, 'a.py'), path.join(root, 'excluded', 'link.py'));

      const { files, skipped } = await discover(root, { exclude: ['excluded/**'] });
      expect(files.map((file) => file.path)).toEqual(['a.py', 'src/x.py']);
      expect(skipped).toEqual([
        {
          path: 'dangling.py',
          kind: 'unreadable',
          message: 'symbolic link whose target cannot be resolved (ENOENT); not followed',
        },
        {
          path: 'link.py',
          kind: 'symlink',
          message: 'symbolic link to a.py; not followed (the target is processed in its own right)',
        },
        {
          path: 'out.py',
          kind: 'symlink-outside-root',
          message: `symbolic link to ${path.join(fs.realpathSync(outside), 'elsewhere.py')}, outside the project root; not followed`,
        },
        {
          path: 'relative-link.ts',
          kind: 'symlink',
          message: 'symbolic link to src/x.py; not followed (the target is processed in its own right)',
        },
      ]);
    });

    it('reports named paths that are, or are reached through, symlinks', async () => {
      const outside = await tree({ 'lib/z.py': '' });
      const root = await tree({ 'src/x.py': '' });
      await fsp.symlink(path.join(root, 'src'), path.join(root, 'srclink'));
      await fsp.symlink(path.join(outside, 'lib'), path.join(root, 'outlib'));
      await fsp.symlink(path.join(root, 'src', 'x.py'), path.join(root, 'link.py'));
      const { files, skipped } = await discover(root, {
        paths: ['srclink', 'srclink/x.py', 'outlib/z.py', 'link.py'].map((rel) => path.join(root, rel)),
      });
      expect(files).toEqual([]);
      expect(skipped).toEqual([
        {
          path: 'link.py',
          kind: 'symlink',
          message: 'symbolic link to src/x.py; not followed (the target is processed in its own right)',
        },
        {
          path: 'outlib/z.py',
          kind: 'symlink-outside-root',
          message: `reached through a symbolic link to ${path.join(fs.realpathSync(outside), 'lib', 'z.py')}, outside the project root; not followed`,
        },
        {
          path: 'srclink',
          kind: 'symlink',
          message: 'symbolic link to src; not followed (the target is processed in its own right)',
        },
        {
          path: 'srclink/x.py',
          kind: 'symlink',
          message: 'reached through a symbolic link to src/x.py; not followed (the target is processed in its own right)',
        },
      ]);
    });
  });

  it.skipIf(process.platform === 'win32')('reports a file that is not a regular file', async () => {
    const root = await tree({ 'a.py': '' });
    execFileSync('mkfifo', [path.join(root, 'pipe.py'), path.join(root, 'pipe.md')]);
    const { files, skipped } = await discover(root);
    expect(files.map((file) => file.path)).toEqual(['a.py']);
    expect(skipped).toEqual([{ path: 'pipe.py', kind: 'unreadable', message: 'not a regular file (a FIFO, socket or device)' }]);
  });

  describe('named paths', () => {
    it('restricts the walk; a named file is returned even when .gitignore ignores it, but not when excluded', async () => {
      const root = await tree({
        '.gitignore': 'build/\nignored.py\n',
        'top.py': '',
        'ignored.py': '',
        'build/out.py': '',
        'build/other.py': '',
        'sub/a.py': '',
        'sub/ignored.py': '',
        'sub/deep/b.ts': '',
        'sub/excluded.py': '',
        'docs/readme.md': '',
        'other/c.py': '',
      });
      const named = ['sub', 'build/out.py', 'ignored.py', 'sub/excluded.py', 'docs/readme.md'];
      expect(
        await paths(root, { paths: named.map((rel) => path.join(root, rel)), exclude: ['sub/excluded.py'] }),
      ).toEqual(['build/out.py', 'ignored.py', 'sub/a.py', 'sub/deep/b.ts']);
      // include still applies to a named file.
      expect(await paths(root, { paths: [path.join(root, 'build', 'out.py')], include: ['sub/**'] })).toEqual([]);
    });

    it('reports named paths that do not exist or lie outside the root', async () => {
      const outside = await tree({ 'x.py': '' });
      const root = await tree({ 'a.py': '' });
      const { files, skipped } = await discover(root, {
        paths: [path.join(root, 'missing.py'), path.join(outside, 'x.py'), path.join(root, '..'), path.join(root, 'a.py', 'x.py')],
      });
      expect(files).toEqual([]);
      expect(skipped).toEqual([
        { path: path.join(root, '..'), kind: 'outside-root', message: `${path.join(root, '..')} is outside the project root ${root}` },
        { path: path.join(outside, 'x.py'), kind: 'outside-root', message: `${path.join(outside, 'x.py')} is outside the project root ${root}` },
        { path: 'a.py/x.py', kind: 'not-found', message: `${path.join(root, 'a.py', 'x.py')} does not exist` },
        { path: 'missing.py', kind: 'not-found', message: `${path.join(root, 'missing.py')} does not exist` },
      ]);
    });

    it('rejects relative roots and paths', async () => {
      const root = await tree({ 'a.py': '' });
      await expect(discoverFiles({ root: 'rel', include: ALL, exclude: [], gitignore: true })).rejects.toThrow(TypeError);
      await expect(discover(root, { paths: ['a.py'] })).rejects.toThrow(TypeError);
    });

    it('sorts by code unit and removes duplicates from overlapping paths', async () => {
      const root = await tree({
        'a.py': '',
        'B.py': '',
        '_x.py': '',
        'a-b.py': '',
        'a/b.py': '',
        'ä.py': '',
        'z.py': '',
        'src/a.py': '',
        'src/Z.ts': '',
      });
      const named = [root, path.join(root, 'src'), path.join(root, 'src', 'a.py'), path.join(root, 'src') + path.sep];
      const expected = ['B.py', '_x.py', 'a-b.py', 'a.py', 'a/b.py', 'src/Z.ts', 'src/a.py', 'z.py', 'ä.py'];
      expect(await paths(root, { paths: named })).toEqual(expected);
      expect(await paths(root, { paths: [] })).toEqual(expected);
      const again = await discover(root, { paths: [...named].reverse() });
      expect(again.files.map((file) => file.path)).toEqual(expected);
    });
  });

  describe('unreadable directories', () => {
    it('reports a directory it cannot list and finds the rest', async () => {
      const root = await tree({ 'a.py': '', 'locked/b.py': '', 'locked/deeper/c.py': '', 'open/d.py': '' });
      const readdir = fsp.readdir.bind(fsp) as (dir: fs.PathLike, options?: unknown) => Promise<unknown>;
      vi.spyOn(fsp, 'readdir').mockImplementation((async (dir: fs.PathLike, options?: unknown) => {
        if (String(dir) === path.join(root, 'locked')) {
          throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(dir)}'`), { code: 'EACCES' });
        }
        return readdir(dir, options);
      }) as unknown as typeof fsp.readdir);
      const { files, skipped } = await discover(root);
      expect(files.map((file) => file.path)).toEqual(['a.py', 'open/d.py']);
      expect(skipped).toEqual([
        { path: 'locked', kind: 'unreadable', message: 'cannot read directory (EACCES); its files were not searched' },
      ]);
    });

    it('reports a .gitignore it cannot read', async () => {
      const root = await tree({ 'a.py': '', 'sub/.gitignore': '*.py\n', 'sub/b.py': '' });
      const readFile = fsp.readFile.bind(fsp) as (file: fs.PathLike, options?: unknown) => Promise<unknown>;
      vi.spyOn(fsp, 'readFile').mockImplementation((async (file: fs.PathLike, options?: unknown) => {
        if (String(file) === path.join(root, 'sub', '.gitignore')) {
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        }
        return readFile(file, options);
      }) as unknown as typeof fsp.readFile);
      const { files, skipped } = await discover(root);
      expect(files.map((file) => file.path)).toEqual(['a.py', 'sub/b.py']);
      expect(skipped).toEqual([
        { path: 'sub/.gitignore', kind: 'unreadable', message: 'cannot read .gitignore (EACCES); its rules were not applied' },
      ]);
    });

    // As root, chmod 000 does not stop reads.
    it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('reports a directory without permissions', async () => {
      const root = await tree({ 'a.py': '', 'locked/b.py': '' });
      await fsp.chmod(path.join(root, 'locked'), 0o000);
      try {
        const { files, skipped } = await discover(root);
        expect(files.map((file) => file.path)).toEqual(['a.py']);
        expect(skipped).toEqual([
          { path: 'locked', kind: 'unreadable', message: 'cannot read directory (EACCES); its files were not searched' },
        ]);
      } finally {
        await fsp.chmod(path.join(root, 'locked'), 0o700);
      }
    });
  });
});

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
