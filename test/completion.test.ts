// `canonize completion bash|zsh|fish`: the scripts complete the real program's commands, flags and choices, in a
// real bash (and parse in zsh and fish where they are installed).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../bin/cli.js';
import { runCli, tempTree } from './helpers/tmp.js';

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

async function script(shell: string): Promise<string> {
  const run = await runCli(['completion', shell], { cwd: tempTree() });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  return run.stdout;
}

/** What the bash script offers for the words typed so far (the last one being completed), in a real bash. */
function bashComplete(path: string, words: string[], cwd: string): string[] {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const program = `source '${path}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _canonize; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '--noprofile', '-c', program], { cwd, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Every command, and every long option of each, of the real program. */
function allNames(): string[] {
  const { program } = createProgram({ cwd: '.', stdout: () => undefined, stderr: () => undefined } as never, false);
  return [...program.options, ...program.commands.flatMap((c) => c.options)].flatMap((o) => (o.long ? [o.long] : [])).concat(program.commands.map((c) => c.name()));
}

describe('canonize completion', () => {
  it('bash: completes commands, long options, choices and paths', async () => {
    const dir = tempTree({ 'plan.json': '{}', 'src/a.py': '' });
    const path = join(dir, 'canonize.bash');
    writeFileSync(path, await script('bash'));
    expect(bashComplete(path, ['canonize', 'pl'], dir)).toEqual(['plan']);
    expect(bashComplete(path, ['canonize', 'plan', '--ba'], dir)).toEqual(['--batch-by']);
    expect(bashComplete(path, ['canonize', 'audit', '--format', ''], dir)).toEqual(['text', 'github']);
    expect(bashComplete(path, ['canonize', 'apply', '--on-verify-fail', 'c'], dir)).toEqual(['continue']);
    expect(bashComplete(path, ['canonize', 'completion', ''], dir)).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(path, ['canonize', 'schema', 'r'], dir)).toEqual(['rollback', 'runs', 'retire']);
    // A path argument and a file-valued option complete files; the value of -c is not taken for the command.
    expect(bashComplete(path, ['canonize', 'diff', 'pla'], dir)).toEqual(['plan.json']);
    expect(bashComplete(path, ['canonize', 'plan', '-o', 'sr'], dir)).toEqual(['src']);
    expect(bashComplete(path, ['canonize', '-c', 'x.yaml', 'ch'], dir)).toEqual(['check']);
    expect(bashComplete(path, ['canonize', '-c', 'x.yaml', 'check', '--stag'], dir)).toEqual(['--staged']);
  });

  it('every command and every long option appears in each script', async () => {
    const names = allNames();
    expect(names).toContain('completion');
    expect(names).toContain('--no-pager');
    for (const shell of ['bash', 'zsh', 'fish']) {
      const text = await script(shell);
      // fish spells a long option without its dashes (`-l batch-by`); bash and zsh as typed.
      for (const name of names) expect(text, `${shell}: ${name}`).toContain(shell === 'fish' && name.startsWith('--') ? `-l ${name.slice(2)} ` : name);
    }
  });

  for (const shell of ['zsh', 'fish']) {
    it(`${shell}: the script parses (${shell} -n)`, async (t) => {
      if (!has(shell)) {
        console.log(`${shell} is not installed: skipping its syntax check`);
        t.skip();
        return;
      }
      const path = join(tempTree(), `canonize.${shell}`);
      writeFileSync(path, await script(shell));
      const check = spawnSync(shell, ['-n', path], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    });
  }

  it('fish: completes commands, long options, choices and the command after -c FILE', async (t) => {
    if (!has('fish')) {
      console.log('fish is not installed: skipping its completion check');
      t.skip();
      return;
    }
    const path = join(tempTree(), 'canonize.fish');
    writeFileSync(path, await script('fish'));
    // `complete -C LINE` prints the candidates fish offers, each as `value<TAB>description`.
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source '${path}'; complete -C '${line}'`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    expect(complete('canonize pl')).toEqual(['plan']);
    expect(complete('canonize plan --ba')).toEqual(['--batch-by']);
    expect(complete('canonize audit --format ').sort()).toEqual(['github', 'text']);
    expect(complete('canonize completion ').sort()).toEqual(['bash', 'fish', 'zsh']);
    // The value of -c is not the command; a path argument named like a command is not one either.
    expect(complete('canonize -c x.yaml check --sta')).toEqual(['--staged']);
    expect(complete('canonize diff plan --st')).toEqual(['--stat']);
  });

  it('zsh: completes commands, long options, choices and the command after -c FILE', async (t) => {
    if (!has('zsh')) {
      console.log('zsh is not installed: skipping its completion check');
      t.skip();
      return;
    }
    const dir = tempTree();
    const path = join(dir, '_canonize');
    writeFileSync(path, await script('zsh'));
    const lines = ['canonize pl', 'canonize plan --ba', 'canonize audit --format ', 'canonize completion ', 'canonize -c x.yaml ch', 'canonize schema r'];
    // The driver types each line and completes it in a real interactive zsh, recording every candidate (helpers/).
    const out = join(dir, 'candidates.txt');
    execFileSync('zsh', ['-f', join(import.meta.dirname, 'helpers', 'zsh-complete.zsh'), path, out, ...lines], { cwd: dir, timeout: 120_000 });
    const offered = lines.map(() => [] as string[]);
    for (const row of readFileSync(out, 'utf8').split('\n').filter(Boolean)) {
      const [i, words] = row.split(': ');
      offered[Number(i)]!.push(...(words ?? '').split(' ').filter(Boolean));
    }
    expect(offered).toEqual([['plan'], ['--batch-by'], ['text', 'github'], ['bash', 'zsh', 'fish'], ['check'], ['rollback', 'runs', 'retire']]);
  });

  it('rejects a shell it does not know', async () => {
    const run = await runCli(['completion', 'tcsh'], { cwd: tempTree() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });
});
