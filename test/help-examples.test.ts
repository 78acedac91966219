// The "Examples:" section of every command's --help: each example parses with the real program (no unknown option,
// no invalid choice), and those that need no placeholder run on a copy of the bundled example.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../bin/cli.js';
import { EXAMPLES } from '../bin/shared/examples.js';
import { runCli, tempTree } from './helpers/tmp.js';

const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'legacy-app');

/** The argv of an example line as a POSIX shell would split it (quotes removed; a `> file` redirection dropped). */
function argvOf(line: string): string[] {
  const words = [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const redirect = words.indexOf('>');
  expect(words[0]).toBe('canonize');
  return words.slice(1, redirect === -1 ? undefined : redirect);
}

/** The program with every action replaced by one that records the command: parsing only. */
function parsingProgram(): { program: Command; ran: string[] } {
  const { program } = createProgram({ cwd: '.', stdout: () => undefined, stderr: () => undefined } as never, false);
  const ran: string[] = [];
  for (const command of program.commands) command.action(() => void ran.push(command.name()));
  return { program, ran };
}

/** Examples that run as shown on the bundled example, with the exit code each gives there. */
const RUNS: Record<string, number> = {
  'canonize plan': 0,
  'canonize plan -o plan.json': 0,
  'canonize plan --batch-by dir:2 --json': 0,
  'canonize diff --stat': 0,
  'canonize diff --patch canonize.patch --no-pager': 0,
  'canonize apply --dry-run': 0,
  'canonize check': 1,
  'canonize audit': 0,
  'canonize retire --dry-run': 0,
  'canonize audit --markdown > audit.md': 0,
  'canonize audit --write-baseline baseline.json': 0,
  'canonize schema plan': 0,
  'canonize rollback --list': 0,
};

describe('examples in --help', () => {
  it('every command has two or three examples, shown after its options', async () => {
    const { program } = parsingProgram();
    for (const command of program.commands) {
      const examples = EXAMPLES[command.name()] ?? [];
      expect(examples.length, command.name()).toBeGreaterThanOrEqual(2);
      expect(examples.length, command.name()).toBeLessThanOrEqual(3);
      const run = await runCli([command.name(), '--help'], { cwd: tempTree() });
      expect(run.code).toBe(0);
      const help = run.stdout;
      expect(help.indexOf('\nExamples:\n'), command.name()).toBeGreaterThan(help.indexOf('Options:'));
      for (const e of examples) expect(help).toContain(`  ${e.line} `);
    }
  });

  for (const [name, examples] of Object.entries(EXAMPLES)) {
    for (const { line } of examples) {
      it(`parses: ${line}`, async () => {
        const { program, ran } = parsingProgram();
        await program.parseAsync(argvOf(line), { from: 'user' });
        expect(ran).toEqual([name]);
      });
    }
  }

  it('the runnable examples run as shown on a copy of the bundled example', async () => {
    const all = Object.values(EXAMPLES).flatMap((list) => list.map((e) => e.line));
    const dir = tempTree();
    cpSync(EXAMPLE, dir, { recursive: true });
    for (const [line, code] of Object.entries(RUNS)) {
      expect(all).toContain(line);
      const run = await runCli(argvOf(line), { cwd: dir });
      expect({ line, code: run.code, stderr: run.stderr }).toEqual({ line, code, stderr: expect.not.stringMatching(/^(error|internal error)\b/m) });
    }
    // The files the examples name were written where they say.
    for (const file of ['plan.json', 'canonize.patch', 'baseline.json']) expect(existsSync(join(dir, file)), file).toBe(true);
  });
});
