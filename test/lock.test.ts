// The project lock (issue 14, defect 3): created whole (never empty), taken over atomically from a dead holder,
// released only by its owner. The race is run with real processes: two `Journal.lock()` callers started together
// against a stale lock, many times; exactly one must win every time. Nothing here waits for a time: the children
// are released by a "go" line once both are ready, and each reports on stdout.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { Journal } from '../src/engine/journal.js';
import { tempTree } from './helpers/tmp.js';

const JOURNAL_JS = join(import.meta.dirname, '..', 'dist', 'src', 'engine', 'journal.js');

/** A child that opens the journal, prints `ready`, waits for `go`, tries the lock, prints the outcome, and holds a won lock until its stdin ends. */
const CHILD = `
import { createInterface } from 'node:readline';
const { Journal } = await import(process.env.JOURNAL_JS);
const journal = await Journal.open(process.env.ROOT);
const lines = createInterface({ input: process.stdin });
const it = lines[Symbol.asyncIterator]();
console.log('ready');
await it.next();
let release;
try {
  release = await journal.lock();
  console.log('won');
} catch (e) {
  console.log(e.code ?? 'error ' + e.message);
}
await it.next();
if (release) await release();
process.exit(0);
`;

interface Child {
  proc: ChildProcessWithoutNullStreams;
  next: () => Promise<string>;
}

function child(root: string): Child {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', CHILD], { env: { ...process.env, JOURNAL_JS, ROOT: root }, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  return { proc, next: async () => String((await lines.next()).value) };
}

/** A pid that no process has: one that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

// Races are random: \`npm test\` runs a few of each (every kind of stale lock three times), \`npm run faults\`
// (FAULTS_FULL=1) more.
const FULL = process.env.FAULTS_FULL === '1';
const STALE_TRIALS = FULL ? 24 : 9;
const FREE_TRIALS = FULL ? 10 : 5;

const lockFile = (root: string) => join(root, '.canonize', 'lock');
const takeoverName = (content: string) => `lock.takeover-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;

/** Two processes race for a lock a killed run left (`stale` is its content); returns what each said. */
async function race(root: string): Promise<string[]> {
  const kids = [child(root), child(root)];
  try {
    expect(await Promise.all(kids.map((k) => k.next()))).toEqual(['ready', 'ready']);
    for (const k of kids) k.proc.stdin.write('go\n');
    const outcomes = await Promise.all(kids.map((k) => k.next()));
    // Both have answered; now the winner may release.
    for (const k of kids) k.proc.stdin.end();
    await Promise.all(kids.map((k) => new Promise((r) => (k.proc.exitCode !== null ? r(null) : k.proc.on('exit', r)))));
    return outcomes.sort();
  } finally {
    for (const k of kids) if (k.proc.exitCode === null) k.proc.kill('SIGKILL');
  }
}

describe('the project lock', () => {
  it(`two processes against a stale lock: exactly one wins, every time (${STALE_TRIALS} trials, three kinds of stale lock)`, async () => {
    const root = tempTree({});
    await Journal.open(root);
    const kinds = [
      (pid: number) => `${pid} ${hostname()} ${pid}-0123456789abcdef\n`, // this version's format
      (pid: number) => `${pid} ${hostname()}\n`, // an older canonize's
      () => '', // an empty lock (an older canonize killed between create and write)
    ];
    for (let trial = 0; trial < STALE_TRIALS; trial++) {
      writeFileSync(lockFile(root), kinds[trial % kinds.length]!(deadPid()));
      expect(await race(root), `trial ${trial}`).toEqual(['E_LOCKED', 'won']);
      // The winner released its own lock; no takeover claim or lock temp file is left.
      expect(existsSync(lockFile(root))).toBe(false);
      expect(readdirSync(join(root, '.canonize')).filter((n) => n.startsWith('lock') || n.startsWith('.lock'))).toEqual([]);
    }
 }, 300_000);

  it(`two processes with no lock: exactly one wins (${FREE_TRIALS} trials)`, async () => {
    const root = tempTree({});
    await Journal.open(root);
    for (let trial = 0; trial < FREE_TRIALS; trial++) expect(await race(root), `trial ${trial}`).toEqual(['E_LOCKED', 'won']);
 }, 300_000);

  it('is created whole: its content is the holder\'s pid, host and token from the first moment it exists', async () => {
    const root = tempTree({});
    const journal = await Journal.open(root);
    const release = await journal.lock();
    expect(readFileSync(lockFile(root), 'utf8')).toMatch(new RegExp(`^${process.pid} ${hostname()} ${process.pid}-[0-9a-f]{16}\\n$`));
    await expect(journal.lock()).rejects.toMatchObject({ code: 'E_LOCKED' });
    await release();
    expect(existsSync(lockFile(root))).toBe(false);
  });

  it('release() leaves a lock that is no longer its own (taken over while it was presumed dead)', async () => {
    const root = tempTree({});
    const journal = await Journal.open(root);
    const release = await journal.lock();
    const other = `${deadPid()} ${hostname()} someone-else\n`;
    writeFileSync(lockFile(root), other);
    await release();
    expect(readFileSync(lockFile(root), 'utf8')).toBe(other);
  });

  it('takes over from a taker that died half way (its claim names a dead pid), not from a live one', async () => {
    const root = tempTree({});
    const journal = await Journal.open(root);
    const stale = `${deadPid()} ${hostname()} stale-token\n`;
    writeFileSync(lockFile(root), stale);
    // A live claimer (this very process, as if it were a second canonize about to take over): locked.
    writeFileSync(join(root, '.canonize', takeoverName(stale)), `${process.pid} ${hostname()} live-claimer\n`);
    await expect(journal.lock()).rejects.toMatchObject({ code: 'E_LOCKED' });
    expect(readFileSync(lockFile(root), 'utf8')).toBe(stale);
    // A dead claimer: its claim is taken over in turn, and the lock is ours.
    writeFileSync(join(root, '.canonize', takeoverName(stale)), `${deadPid()} ${hostname()} dead-claimer\n`);
    const release = await journal.lock();
    expect(readFileSync(lockFile(root), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    await release();
    expect(readdirSync(join(root, '.canonize')).filter((n) => n.startsWith('lock'))).toEqual([]);
  });
});
