// Colour, the same rule for every command (bin/shared/color.ts): --color / --no-color win; then FORCE_COLOR,
// NO_COLOR (non-empty), TERM=dumb; else a terminal only. Checked on real output: `diff` of the example, `apply
// --dry-run`'s diffstat, and an error's `error` label on stderr.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorFor } from '../bin/shared/color.js';
import { underPty } from './helpers/pty.js';
import { runCli, tempTree } from './helpers/tmp.js';

const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'legacy-app');
const ESC = '\u001b[';

function example(): string {
  const dir = tempTree();
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

describe('colorFor', () => {
  it('takes the flag, then FORCE_COLOR, NO_COLOR, TERM=dumb, then the terminal', () => {
    const cases: [boolean | undefined, Record<string, string>, boolean, boolean][] = [
      [undefined, {}, true, true],
      [undefined, {}, false, false],
      [undefined, { NO_COLOR: '1' }, true, false],
      [undefined, { NO_COLOR: '' }, true, true], // no-color.org: only a non-empty value counts
      [undefined, { TERM: 'dumb' }, true, false],
      [undefined, { FORCE_COLOR: '1' }, false, true],
      [undefined, { FORCE_COLOR: '' }, false, true],
      [undefined, { FORCE_COLOR: '0' }, true, false],
      [undefined, { FORCE_COLOR: 'false' }, true, false],
      [undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
      [false, { FORCE_COLOR: '1' }, true, false],
      [true, { TERM: 'dumb', NO_COLOR: '1' }, false, true],
    ];
    for (const [flag, env, tty, want] of cases) expect(colorFor(flag, env, tty), JSON.stringify([flag, env, tty])).toBe(want);
  });
});

describe('every command', () => {
  it('accepts --color and --no-color', async () => {
    const dir = tempTree();
    const help = await runCli(['--help'], { cwd: dir });
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const command of commands) {
      const r = await runCli([command, '--help'], { cwd: dir });
      expect(r.stdout, command).toContain('--color');
      expect(r.stdout, command).toContain('--no-color');
    }
  });

  it('colours diff on a terminal and not in a pipe, as the environment and flags say', async () => {
    const dir = example();
    const diff = async (env: Record<string, string>, tty: boolean, ...flags: string[]) => (await runCli(['diff', '--no-pager', ...flags], { cwd: dir, env, stdoutIsTTY: tty })).stdout.includes(ESC);
    expect(await diff({}, true)).toBe(true);
    expect(await diff({}, false)).toBe(false);
    expect(await diff({ NO_COLOR: '1' }, true)).toBe(false);
    expect(await diff({ TERM: 'dumb' }, true)).toBe(false);
    expect(await diff({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await diff({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(await diff({ FORCE_COLOR: '1' }, true, '--no-color')).toBe(false);
    expect(await diff({ TERM: 'dumb' }, false, '--color')).toBe(true);
  });

  it('colours apply --dry-run and the error label by the same rule', async () => {
    const dir = example();
    expect((await runCli(['apply', '--dry-run', '--color'], { cwd: dir })).stdout).toContain(ESC);
    expect((await runCli(['apply', '--dry-run'], { cwd: dir })).stdout).not.toContain(ESC);
    const error = (env: Record<string, string>, tty: boolean, ...flags: string[]) => runCli(['plan', '--config', 'missing.yaml', ...flags], { cwd: dir, env, stderrIsTTY: tty });
    expect((await error({}, true)).stderr).toContain(`${ESC}31merror`);
    expect((await error({ NO_COLOR: '1' }, true)).stderr).toMatch(/^error \[E_CONFIG_NOT_FOUND\]/);
    expect((await error({}, false, '--color')).stderr).toContain(`${ESC}31merror`);
    expect((await error({ FORCE_COLOR: '1' }, true, '--no-color')).stderr).toMatch(/^error \[/);
  });
});

describe('diff on a terminal', () => {
  it("goes through the user's pager, as git diff does; --no-pager and a pipe print it", async () => {
    const dir = example();
    const paged: string[] = [];
    const prompts = {
      select: () => Promise.reject(new Error('unexpected prompt')),
      checkbox: () => Promise.reject(new Error('unexpected prompt')),
      page: (text: string) => Promise.resolve(void paged.push(text)),
    };
    const onTerminal = await runCli(['diff'], { cwd: dir, stdoutIsTTY: true, prompts });
    expect(onTerminal.stdout).toBe('');
    expect(paged).toHaveLength(1);
    expect(paged[0]).toContain('--- a/');
    const printed = await runCli(['diff', '--no-pager'], { cwd: dir, stdoutIsTTY: true, prompts });
    expect(printed.stdout).toBe(paged[0]);
    // In a pipe: printed, and not coloured (the paged text was, on the terminal).
    const piped = (await runCli(['diff'], { cwd: dir, stdoutIsTTY: false, prompts })).stdout;
    expect(piped).toBe((await runCli(['diff', '--no-color', '--no-pager'], { cwd: dir, stdoutIsTTY: true, prompts })).stdout);
    expect(paged).toHaveLength(1);
  });

  it('runs $CANONIZE_PAGER under a real terminal', () => {
    const dir = example();
    const run = underPty(dir, ['diff'], [], { CANONIZE_PAGER: "sed 's/^/PAGED:/'" });
    expect(run.exit).toBe(0);
    const lines = run.transcript.split('\n').filter((l) => l.includes('--- a/'));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.every((l) => l.startsWith('PAGED:'))).toBe(true);
    const plain = underPty(dir, ['diff', '--no-pager'], [], { CANONIZE_PAGER: "sed 's/^/PAGED:/'" });
    expect(plain.transcript).not.toContain('PAGED:');
    expect(plain.transcript).toContain('--- a/');
  });
});
