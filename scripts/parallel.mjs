#!/usr/bin/env node
// Runs the npm scripts named on the command line at the same time (`npm test` runs typecheck, lint and deps so: they
// are independent, and each alone keeps one core of two busy). Each script's output is held and printed in one piece
// when it ends, under a line with its name and exit status; the exit code is the first failure's, or 0.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
const windows = process.platform === 'win32';

/** Run `npm run <name>`, print its output when it ends; resolves to its exit status (1 when killed or not started). */
function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const output = [];
    const child = spawn(windows ? 'npm.cmd' : 'npm', ['run', name], { stdio: ['ignore', 'pipe', 'pipe'], shell: windows });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    const done = (status, why) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`> ${name}: ${status === 0 ? 'ok' : `FAILED (${why})`} in ${seconds}s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(status);
    };
    child.on('error', (error) => done(1, error.message));
    child.on('close', (code, signal) => done(code ?? 1, signal ? `killed by ${signal}` : `exit ${code}`));
  });
}

const statuses = await Promise.all(names.map(run));
process.exitCode = statuses.find((status) => status !== 0) ?? 0;
