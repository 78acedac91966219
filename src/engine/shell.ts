/**
 * Running a user's shell command (a verify gate, a formatter) through `/bin/sh` in its own process group, with a
 * timeout that kills the whole group, and the group killed too when the command ends or canonize exits. The gate and
 * the formatter step share it (`verify.ts`, `format.ts`); docs/engine.md ("Verify gates", "The formatter step").
 */
import { spawn } from 'node:child_process';

/** How a shell command ended. */
export interface ShellExit {
  exitCode: number | null;
  signal: string | null;
  /** It ran longer than the timeout and its process group was killed. */
  timedOut: boolean;
  /** It could not be started (the message). */
  startError?: string;
}

export interface ShellOptions {
  cwd: string;
  timeoutSeconds: number;
  /** Bytes written to the command's standard input (closed after them); without it, stdin is /dev/null. */
  stdin?: Buffer;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /**
   * Wait, once the shell has exited and its group is killed, until its output pipes are drained: everything the
   * command wrote is read (a formatter's output). Without it, what is still in the pipes is dropped (a verify gate's
   * log, whose tail is only reported).
   */
  drainOutput?: boolean;
}

/**
 * Run `command` through `/bin/sh -c` in `cwd`. Never rejects: a command that cannot start resolves with
 * `startError`. The command ends when the shell exits, not when its output closes (a background child holding the
 * pipes, `sleep 30 & true`, does not hold the run up); whatever it left running in its group is then killed, so it
 * cannot go on touching files. After `timeoutSeconds` the whole group is killed and `timedOut` is set.
 */
export function runShell(command: string, options: ShellOptions): Promise<ShellExit> {
  return new Promise((resolve) => {
    // detached: the shell leads a new process group (setsid), so the group can be killed as a whole.
    const child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], detached: true });
    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    // If canonize itself exits while the command runs (Ctrl-C), the command's group goes with it.
    process.once('exit', killGroup);
    const timer = setTimeout(
      () => {
        timedOut = true;
        killGroup();
      },
      Math.max(0, options.timeoutSeconds) * 1000,
    );
    if (options.stdin && child.stdin) {
      // A command that exits without reading all of its input (EPIPE) is judged by its exit status, not by this.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }
    child.stdout!.on('data', options.onStdout);
    child.stderr!.on('data', options.onStderr);
    let closed = false;
    let onClosed: (() => void) | undefined;
    child.on('close', () => {
      closed = true;
      onClosed?.();
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      process.off('exit', killGroup);
      resolve({ exitCode: null, signal: null, timedOut: false, startError: err.message });
    });
    child.on('exit', (exitCode, signal) => {
      clearTimeout(timer);
      process.off('exit', killGroup);
      // Leftovers of the command (background jobs) must not go on touching the files the engine may now restore.
      killGroup();
      const done = () => resolve({ exitCode, signal, timedOut });
      // Every writer of the pipes is dead now, so they close as soon as what is in them has been read.
      if (options.drainOutput && !closed) {
        onClosed = done;
        return;
      }
      child.stdout!.destroy();
      child.stderr!.destroy();
      done();
    });
  });
}
