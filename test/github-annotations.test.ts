// `check --format github` and `audit --format github`: GitHub Actions annotations (workflow commands), one per site,
// on the bundled example copied to a temp dir, counted against the same commands' JSON; and the escaping of the
// Actions toolkit (`%`, CR, LF everywhere; `:` and `,` in properties).
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubAnnotation } from '../src/audit/github.js';
import { runCli, tempTree } from './helpers/tmp.js';

const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'legacy-app');
const COMMAND = /^::(error|warning|notice) file=([^,:]+)(?:,line=(\d+))?(?:,col=(\d+))?,title=([^,:]+)::(.*)$/;

function example(): string {
  const dir = tempTree();
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** The annotations of an output, parsed; every other line is plain log text. */
function annotations(stdout: string) {
  return stdout
    .trimEnd()
    .split('\n')
    .filter((l) => l.startsWith('::'))
    .map((l) => {
      const m = COMMAND.exec(l);
      expect(m, l).not.toBeNull();
      const [, level, file, line, col, title, message] = m!;
      return { level, file, line: line && Number(line), col: col && Number(col), title, message };
    });
}

describe('githubAnnotation', () => {
  it('escapes as the Actions toolkit does', () => {
    const line = githubAnnotation('error', { path: 'a,b/c:d.py', line: 3, column: 7, rule: 'python.moves/x', message: '50% done\r\nnext: line' });
    expect(line).toBe('::error file=a%2Cb/c%3Ad.py,line=3,col=7,title=canonize python.moves/x::50%25 done%0D%0Anext: line');
    expect(githubAnnotation('notice', { path: 'f.ts', rule: 'r', message: 'whole file' })).toBe('::notice file=f.ts,title=canonize r::whole file');
  });
});

describe('--format github', () => {
  it('check: one error per violation, on its line and column, then the verdict; exit 1 as in text', async () => {
    const dir = example();
    const json = await runCli(['check', '--json'], { cwd: dir });
    const { violations } = JSON.parse(json.stdout) as { violations: { path: string; line?: number; column?: number; rule: string; message: string }[] };
    expect(violations.length).toBeGreaterThan(20);
    const r = await runCli(['check', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = annotations(r.stdout).filter((a) => a.level === 'error');
    expect(found.map((a) => [a.file, a.line || undefined, a.col || undefined, a.title, a.message])).toEqual(
      violations.map((v) => [v.path, v.line, v.column, `canonize ${v.rule}`, v.message]),
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^canonize check failed: \d+ legacy site\(s\) in \d+ file\(s\)$/);
    // The file that does not parse is a warning, an error with --strict.
    expect(annotations(r.stdout).filter((a) => a.level === 'warning').map((a) => a.file)).toEqual(['netra_backend/app/routes/broken_merge.py']);
    const strict = await runCli(['check', '--format', 'github', '--strict'], { cwd: dir });
    expect(annotations(strict.stdout).filter((a) => a.file === 'netra_backend/app/routes/broken_merge.py').map((a) => a.level)).toEqual(['error']);
  });

  it('audit: legacy sites as warnings, unsafe sites by severity, isolation risks as notices, skipped files as warnings', async () => {
    const dir = example();
    const report = JSON.parse((await runCli(['audit', '--json'], { cwd: dir })).stdout) as {
      legacySites: unknown[];
      unsafe: { severity: string }[];
      singletons: unknown[];
      skipped: unknown[];
    };
    const r = await runCli(['audit', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(0);
    const found = annotations(r.stdout);
    const count = (level: string) => found.filter((a) => a.level === level).length;
    const unsafeErrors = report.unsafe.filter((u) => u.severity === 'error').length;
    expect(count('error')).toBe(unsafeErrors);
    expect(count('warning')).toBe(report.legacySites.length + report.unsafe.length - unsafeErrors + report.skipped.length);
    expect(count('notice')).toBe(report.singletons.length);
    expect(count('warning')).toBeGreaterThan(20);
    expect(count('notice')).toBeGreaterThan(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^canonize audit: compliance [\d.]+% /);
  });

  it('refuses --format with --json (the error as JSON) and an unknown format', async () => {
    const dir = example();
    const both = await runCli(['check', '--format', 'github', '--json'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('');
    expect((JSON.parse(both.stdout) as { error: { code: string } }).error.code).toBe('E_USAGE');
    const unknown = await runCli(['audit', '--format', 'gitlab'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('github');
  });
});
