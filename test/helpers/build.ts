/**
 * Vitest global setup: the tests that run the real executable (`bin/canonize.js`, a shim over `dist/`) need a
 * build that matches the sources. `npm test` builds first, so this is a quick check there; under a bare
 * `npx vitest` it builds once when any source is newer than the build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function newestSource(): number {
  let newest = 0;
  for (const dir of ['src', 'bin', 'transforms']) {
    for (const name of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (name.endsWith('.ts')) newest = Math.max(newest, statSync(join(ROOT, dir, name)).mtimeMs);
    }
  }
  return newest;
}

export default function setup(): void {
  const built = join(ROOT, 'dist', 'bin', 'cli.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
}
