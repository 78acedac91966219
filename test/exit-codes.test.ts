// Exit codes users can script (issue 17, item 6; README "Exit codes"): one table, command × situation → code, each
// row run for real on a temp project, and the interactive prompt's quit and Ctrl-C under a real pseudo-terminal —
// exit 0 even when the tree has a file that does not parse (a skipped file fails apply only with --strict, as check).
// 74 (disk errors) is tested in test/faults/, 130 (Ctrl-C while writing) in test/verify.test.ts.
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { underPty } from './helpers/pty.js';
import { git, readTree, runCli, tempTree } from './helpers/tmp.js';

const CONFIG = 'version: 1\npython:\n  moves:\n    - from: legacy.mod\n      to: canon.mod\n';
const OLD = 'from legacy.mod import Thing\n';
const NEW = 'from canon.mod import Thing\n';
const BROKEN = `${OLD}def broken(:\n`;

/** A project: two files to migrate in batches a and b, and (unless `clean`) one that does not parse. */
function project(opts: { clean?: boolean; config?: string } = {}): string {
  return tempTree({
    'canonize.config.yaml': opts.config ?? CONFIG,
    'a/one.py': OLD,
    'b/two.py': OLD,
    ...(opts.clean ? {} : { 'c/broken.py': BROKEN }),
  });
}

/** A project migrated by one apply, the run in its journal. */
async function applied(opts: { clean?: boolean } = {}): Promise<string> {
  const dir = project(opts);
  expect((await runCli(['apply', '--yes'], { cwd: dir })).code).toBe(0);
  return dir;
}

interface Row {
  situation: string;
  /** Makes the tree; returns its directory. */
  tree: () => string | Promise<string>;
  args: string[];
  code: number;
  stdinIsTTY?: boolean;
  /** The interactive answer to every batch prompt. */
  answer?: 'apply' | 'skip' | 'quit';
}

const TABLE: Record<string, Row[]> = {
  init: [
    { situation: 'writes a starter config', tree: () => tempTree(), args: ['init'], code: 0 },
    { situation: 'a config is already there', tree: () => project(), args: ['init'], code: 2 },
    { situation: 'an unknown preset', tree: () => tempTree(), args: ['init', '--preset', 'nope'], code: 2 },
  ],
  plan: [
    { situation: 'changes to make, a file skipped', tree: () => project(), args: ['plan'], code: 0 },
    { situation: 'no config', tree: () => tempTree({ 'a.py': OLD }), args: ['plan'], code: 2 },
    { situation: 'an invalid config', tree: () => project({ config: 'version: 1\npython:\n  moves:\n    - from: "a b"\n      to: c\n' }), args: ['plan'], code: 2 },
    { situation: 'a bad --batch-by', tree: () => project(), args: ['plan', '--batch-by', 'colour'], code: 2 },
  ],
  diff: [
    { situation: 'changes, without --exit-code', tree: () => project(), args: ['diff'], code: 0 },
    { situation: 'changes, --exit-code', tree: () => project(), args: ['diff', '--exit-code'], code: 1 },
    { situation: 'nothing to change, --exit-code', tree: () => applied({ clean: true }), args: ['diff', '--exit-code'], code: 0 },
    { situation: 'a path that does not exist', tree: () => project(), args: ['diff', 'nowhere/'], code: 2 },
  ],
  apply: [
    { situation: 'every batch applied', tree: () => project({ clean: true }), args: ['apply', '--yes'], code: 0 },
    { situation: 'a file skipped (does not parse)', tree: () => project(), args: ['apply', '--yes'], code: 0 },
    { situation: 'a file skipped, --strict', tree: () => project(), args: ['apply', '--yes', '--strict'], code: 3 },
    { situation: 'nothing to apply', tree: () => applied({ clean: true }), args: ['apply', '--yes'], code: 0 },
    { situation: 'a verify gate fails (batch rolled back)', tree: () => project({ clean: true }), args: ['apply', '--yes', '--verify', 'exit 1'], code: 3 },
    { situation: 'a file changed since planned (stale)', tree: stalePlan, args: ['apply', 'plan.json', '--yes'], code: 3 },
    { situation: 'no terminal and no --yes', tree: () => project(), args: ['apply'], code: 2 },
    { situation: 'uncommitted changes in git', tree: dirtyRepo, args: ['apply', '--yes'], code: 2 },
    { situation: 'interactive: quit, a file skipped', tree: () => project(), args: ['apply'], code: 0, stdinIsTTY: true, answer: 'quit' },
    { situation: 'interactive: skip every batch, a file skipped', tree: () => project(), args: ['apply'], code: 0, stdinIsTTY: true, answer: 'skip' },
    { situation: 'interactive: apply, a file skipped, --strict', tree: () => project(), args: ['apply', '--strict'], code: 3, stdinIsTTY: true, answer: 'apply' },
    { situation: '--dry-run, a file skipped', tree: () => project(), args: ['apply', '--dry-run'], code: 0 },
  ],
  rollback: [
    { situation: 'a run restored', tree: () => applied(), args: ['rollback'], code: 0 },
    { situation: 'nothing to roll back', tree: () => project(), args: ['rollback'], code: 0 },
    { situation: 'a file changed since the run', tree: changedSinceRun, args: ['rollback'], code: 2 },
    { situation: 'an unknown run', tree: () => applied(), args: ['rollback', 'no-such-run'], code: 2 },
    { situation: '--force with a damaged journal: the rest restored', tree: damagedJournal, args: ['rollback', '--force'], code: 3 },
    { situation: '--list', tree: () => applied(), args: ['rollback', '--list'], code: 0 },
  ],
  check: [
    { situation: 'no legacy left', tree: () => applied({ clean: true }), args: ['check'], code: 0 },
    { situation: 'legacy remains', tree: () => project(), args: ['check'], code: 1 },
    { situation: 'migrated, a file skipped', tree: () => applied(), args: ['check'], code: 0 },
    { situation: 'migrated, a file skipped, --strict', tree: () => applied(), args: ['check', '--strict'], code: 1 },
    { situation: 'a baseline that is not one', tree: () => project(), args: ['check', '--baseline', 'canonize.config.yaml'], code: 2 },
  ],
  audit: [
    { situation: 'legacy remains (a measurement, not a gate)', tree: () => project(), args: ['audit'], code: 0 },
    { situation: 'no config', tree: () => tempTree({ 'a.py': OLD }), args: ['audit'], code: 2 },
  ],
  schema: [
    { situation: 'the config schema', tree: () => tempTree(), args: ['schema'], code: 0 },
    { situation: 'an output schema', tree: () => tempTree(), args: ['schema', 'check'], code: 0 },
    { situation: 'an unknown output', tree: () => tempTree(), args: ['schema', 'nope'], code: 2 },
  ],
};

async function stalePlan(): Promise<string> {
  const dir = project({ clean: true, config: `${CONFIG}replanStale: false\n` });
  expect((await runCli(['plan', '-o', 'plan.json'], { cwd: dir })).code).toBe(0);
  writeFileSync(join(dir, 'b/two.py'), `# edited\n${OLD}`);
  return dir;
}

function dirtyRepo(): string {
  const dir = project({ clean: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  writeFileSync(join(dir, 'a/one.py'), `# edited\n${OLD}`);
  return dir;
}

async function changedSinceRun(): Promise<string> {
  const dir = await applied();
  writeFileSync(join(dir, 'a/one.py'), 'edited after the run\n');
  return dir;
}

async function damagedJournal(): Promise<string> {
  const dir = await applied();
  const runs = join(dir, '.canonize', 'runs');
  const [run] = readdirSync(runs);
  unlinkSync(join(runs, run!, 'batch-1.json'));
  return dir;
}

const answerAll = (answer: string) => ({
  select: async () => answer as never,
  checkbox: async () => [],
  page: async () => undefined,
});

describe('exit codes, command × situation', () => {
  for (const [command, rows] of Object.entries(TABLE)) {
    describe(command, () => {
      for (const row of rows) {
        it(`${row.situation}: ${row.code}`, async () => {
          const dir = await row.tree();
          const run = await runCli(row.args, { cwd: dir, ...(row.stdinIsTTY ? { stdinIsTTY: true } : {}), ...(row.answer ? { prompts: answerAll(row.answer) } : {}) });
          expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(row.code);
          // The same code with --json, where the command has it, and stderr stays empty.
          if (['plan', 'check', 'audit', 'rollback'].includes(command) || (command === 'apply' && (row.args.includes('--yes') || row.args.includes('--dry-run')))) {
            const again = await runCli([...row.args, '--json'], { cwd: await row.tree() });
            expect([again.code, again.stderr], again.stdout).toEqual([row.code, '']);
          }
        });
      }
    });
  }
});

describe('the interactive prompt on a real terminal, with a file that does not parse', () => {
  // Each answer is one key press, no Enter (bin/shared/key-prompt.ts).
  const ASK = (batch: string, of: string) => `\\? Batch ${batch} \\(${of}\\) \\[y,n,a,d,f,q,\\?\\]`;

  it('quit: exit 0; the batches applied stay applied', () => {
    const dir = project();
    const run = underPty(dir, ['apply'], [
      [ASK('a', '1/2'), 'y'],
      [ASK('b', '2/2'), 'q'],
    ]);
    expect(run.error, run.transcript).toBeNull();
    expect(run.exit, run.transcript).toBe(0);
    expect(run.transcript).toContain('skipped: c/broken.py');
    expect(run.transcript).toContain('quit: the batches not applied are offered again');
    const after = readTree(dir);
    expect([after['a/one.py']!.toString(), after['b/two.py']!.toString()]).toEqual([NEW, OLD]);
  });

  it('Ctrl-C at the prompt: exit 0, nothing written', () => {
    const dir = project();
    const before = readTree(dir);
    const run = underPty(dir, ['apply'], [[ASK('a', '1/2'), '\u0003']]);
    expect(run.error, run.transcript).toBeNull();
    expect(run.exit, run.transcript).toBe(0);
    expect(readTree(dir)).toEqual(before);
  });

  it('--strict: Ctrl-C with a file skipped still exits 3 (skipped files were asked to fail)', () => {
    const run = underPty(project(), ['apply', '--strict'], [[ASK('a', '1/2'), '\u0003']]);
    expect(run.error, run.transcript).toBeNull();
    expect(run.exit, run.transcript).toBe(3);
  });
});
