// The benchmark generator's profiles (bench/generate.ts): the synthetic tree is still the one the published figures
// were measured on, byte for byte, and the real-shaped tree plans with the shape issue 16 measured on a real
// monorepo (~15 % of the files parsed, ~40 % of those changed), with the preset's full rule set.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMonorepo } from '../bench/generate.js';
import { compileConfig } from '../src/config/compile.js';
import { loadConfigFile } from '../src/config/load.js';
import { packageRoot } from '../src/core/paths.js';
import { createPlan } from '../src/planner/plan.js';

const EXAMPLE = join(packageRoot(), 'examples', 'legacy-app');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'canonize-bench-profile-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A hash of every file the generator wrote itself (paths and bytes; the files copied from the example left out). */
function generatedHash(dir: string): { files: number; hash: string } {
  const paths = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .filter((rel) => !existsSync(join(EXAMPLE, rel)))
    .sort();
  const hash = createHash('sha256');
  for (const rel of paths) hash.update(`${rel}\0${createHash('sha256').update(readFileSync(join(dir, rel))).digest('hex')}\n`);
  return { files: paths.length, hash: hash.digest('hex') };
}

describe('bench generator profiles', () => {
  it('the synthetic profile (the default) writes the same 200-file tree as before the real profile existed', async () => {
    const dir = join(root, 'synthetic');
    await generateMonorepo({ files: 200, out: dir });
    // Computed from main's generator (5a6545c) before the profiles: any change here changes every published figure.
    expect(generatedHash(dir)).toEqual({ files: 179, hash: 'dee985f903842e2de53f1fcc97544f7e982df4083bef0b20741d24abd0d7b0bd' });
    const explicit = join(root, 'synthetic-explicit');
    await generateMonorepo({ files: 200, out: explicit, profile: 'synthetic' });
    expect(generatedHash(explicit)).toEqual(generatedHash(dir));
  });

  it('the real profile plans ~15 % of its files and changes ~40 % of those, with the preset as config', async () => {
    const dir = join(root, 'real');
    const stats = await generateMonorepo({ files: 300, out: dir, profile: 'real' });
    expect(stats.files).toBe(300);
    expect(readFileSync(join(dir, 'canonize.config.yaml'), 'utf8')).toBe(readFileSync(join(packageRoot(), 'presets', 'websocket-ssot.yaml'), 'utf8'));
    const config = compileConfig(await loadConfigFile(join(dir, 'canonize.config.yaml')));
    const { summary } = await createPlan({ config, jobs: 1 });
    expect(summary.scanned).toBe(300);
    const parsedShare = summary.parsed / summary.scanned;
    const changedOfParsed = summary.changed / summary.parsed;
    expect(parsedShare, `parsed ${summary.parsed} of ${summary.scanned}`).toBeGreaterThanOrEqual(0.1);
    expect(parsedShare, `parsed ${summary.parsed} of ${summary.scanned}`).toBeLessThanOrEqual(0.2);
    expect(changedOfParsed, `changed ${summary.changed} of ${summary.parsed} parsed`).toBeGreaterThanOrEqual(0.3);
    expect(changedOfParsed, `changed ${summary.changed} of ${summary.parsed} parsed`).toBeLessThanOrEqual(0.5);
    // The call rules run and change files too, not only the moves.
    expect(Object.keys(summary.editsByRule).some((rule) => rule.startsWith('python.calls/'))).toBe(true);
    // The candidates that change nothing are mostly the files that name legacy things without using them.
    expect(stats.legacyMentions).toBeGreaterThan(0);
  });
});
