/**
 * The project lock (`.canonize/lock`): one apply or rollback at a time, taken over atomically from a killed
 * holder. How and why: docs/engine.md ("The lock"); `test/lock.test.ts` races real processes for it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CanonizeError } from '../core/errors.js';

/** Another canonize process holds the project's lock. Exit 2. */
export class JournalLockedError extends CanonizeError {
  override readonly name = 'JournalLockedError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file's content: `PID HOST TOKEN`; undefined for anything else (an empty or garbled lock is stale). */
function parseLock(text: string): { pid: number; host: string } | undefined {
  const [pidText, host] = text.trim().split(' ');
  const pid = Number(pidText);
  return Number.isInteger(pid) && pid > 0 && host ? { pid, host } : undefined;
}

/** The name of the claim to take over a lock that holds `content`. */
function takeoverName(content: string): string {
  return `lock.takeover-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
}

/**
 * Who may replace a lock that holds `content`: the last claimer in the chain of takeover claims that starts from
 * it (the holder itself when nobody claimed it), and the name of the claim to take over from them.
 */
async function lastClaimer(dir: string, content: string): Promise<{ holder: string; claim: string }> {
  let holder = content;
  let claim = join(dir, takeoverName(content));
  for (let depth = 0; depth < 1000; depth++) {
    const next = await readFile(claim, 'utf8').catch(() => undefined);
    if (next === undefined) break;
    holder = next;
    claim = join(dir, takeoverName(next));
  }
  return { holder, claim };
}

/**
 * Take the lock of the journal directory `dir` (of the project `root`, for messages). Once it is held, and before
 * it returns, `whileHeld` runs (cleaning what killed processes left). Returns the release function, which removes
 * the lock only while it is still this process's.
 *
 * The lock file is created whole: its content (pid, host, a random token) is written to a temp file that is then
 * hard-linked to `lock`, which fails if `lock` exists. A dead holder's lock is taken over by claiming
 * `lock.takeover-<hash of its content>` by the same link (one process can), checking that `lock` still holds that
 * content, and renaming our own file over it. No step depends on timing.
 */
export async function takeLock(dir: string, root: string, whileHeld: () => Promise<void>): Promise<() => Promise<void>> {
  const file = join(dir, 'lock');
  const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
  const me = `${process.pid} ${hostname()} ${token}\n`;
  const temp = join(dir, `.lock.${token}.tmp`);
  await writeFile(temp, me, { flag: 'wx', mode: 0o644 });
  const claims: string[] = [];
  const held = async (): Promise<() => Promise<void>> => {
    await cleanLockLeftovers(dir, me);
    await whileHeld();
    return async () => {
      // Only our own lock is removed: one that was taken over (we were presumed dead) is the new holder's.
      const now = await readFile(file, 'utf8').catch(() => undefined);
      if (now === me) await unlink(file).catch(() => undefined);
    };
  };
  try {
    for (let attempt = 0; attempt < 1000; attempt++) {
      try {
        await link(temp, file);
        return await held();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const content = await readFile(file, 'utf8').catch(() => undefined);
      if (content === undefined) continue; // released meanwhile: try again
      const { holder, claim } = await lastClaimer(dir, content);
      const owner = parseLock(holder);
      if (owner && (owner.host !== hostname() || isAlive(owner.pid))) {
        throw new JournalLockedError(
          'E_LOCKED',
          `another canonize process (pid ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}) is applying or rolling back in ${root}`,
          `wait for it to finish; if it is gone, delete ${file}`,
        );
      }
      try {
        await link(temp, claim);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue; // another process claimed it first
        throw err;
      }
      claims.push(claim);
      // Only the claimer of the end of the chain may replace `content`, and every earlier claimer is dead: if
      // `lock` still holds it, nobody else can change it before our rename.
      if ((await readFile(file, 'utf8').catch(() => undefined)) !== content) {
        // Taken over or released meanwhile: our claim is on a content the lock never holds again.
        await unlink(claims.pop()!).catch(() => undefined);
        continue;
      }
      await rename(temp, file);
      return await held();
    }
    throw new JournalLockedError('E_LOCKED', `could not take the lock ${file}: it kept changing`, 'try again');
  } finally {
    await unlink(temp).catch(() => undefined);
    for (const c of claims) await unlink(c).catch(() => undefined);
  }
}

/**
 * With the lock held (its content is `me`): remove takeover claims of earlier locks (the lock never holds their
 * content again) and lock temp files of dead processes.
 */
async function cleanLockLeftovers(dir: string, me: string): Promise<void> {
  const mine = takeoverName(me);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith('lock.takeover-') && name !== mine) await unlink(join(dir, name)).catch(() => undefined);
    const m = /^\.lock\.(\d+)-[0-9a-f]+\.tmp$/.exec(name);
    if (m && !isAlive(Number(m[1]))) await unlink(join(dir, name)).catch(() => undefined);
  }
}
