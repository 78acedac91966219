// "check passes means nothing is left": every Python move fixture, planted in one project at its own path, then
// migrated with `apply --yes`. A form the rules report instead of rewriting (its fixture lists a warning or error)
// must still make `check` fail, on that file; a form they rewrite must leave nothing for `check`.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureFolder } from './helpers/fixtures.js';
import { runCli, tempTree } from './helpers/tmp.js';

const FOLDER = fixtureFolder('python-move');

interface Case {
  name: string;
  path: string;
  /** The fixture's findings say the rules left something in it (a warning or an error). */
  reported: boolean;
  /** The fixture expects edits. */
  rewritten: boolean;
}

function cases(): Case[] {
  return readdirSync(FOLDER)
    .filter((f) => f.endsWith('.input.py'))
    .map((f) => f.slice(0, -'.input.py'.length))
    // Cases with a config of their own test another relocation map; the unparseable one is skipped by design.
    .filter((name) => !existsSync(join(FOLDER, `${name}.config.yaml`)) && name !== 'does-not-parse')
    .map((name) => {
      const pathFile = join(FOLDER, `${name}.path`);
      const findings = join(FOLDER, `${name}.findings.txt`);
      return {
        name,
        path: existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : `cases/${name.replace(/-/g, '_')}.py`,
        reported: existsSync(findings) && /^\d+:\d+ (warning|error) /m.test(readFileSync(findings, 'utf8')),
        rewritten: existsSync(join(FOLDER, `${name}.output.py`)),
      };
    });
}

describe('check is never silent about a legacy form the rules leave', () => {
  it('fails on every reported form after the migration, and only on those', async () => {
    const dir = tempTree({});
    cpSync(join(FOLDER, '__tree__'), dir, { recursive: true });
    cpSync(join(FOLDER, 'canonize.config.yaml'), join(dir, 'canonize.config.yaml'));
    const all = cases();
    const paths = new Set<string>();
    for (const c of all) {
      // Two cases may share a virtual path (one per folder layout): keep the first, the test needs one file each.
      if (paths.has(c.path) || existsSync(join(dir, c.path))) continue;
      paths.add(c.path);
      mkdirSync(dirname(join(dir, c.path)), { recursive: true });
      writeFileSync(join(dir, c.path), readFileSync(join(FOLDER, `${c.name}.input.py`)));
    }
    const planted = all.filter((c) => paths.has(c.path) && readFileSync(join(dir, c.path)).equals(readFileSync(join(FOLDER, `${c.name}.input.py`))));
    expect(planted.length).toBeGreaterThan(40);

    const before = JSON.parse((await runCli(['check', '--json'], { cwd: dir })).stdout) as { violations: { path: string }[] };
    const legacyBefore = new Set(before.violations.map((v) => v.path));
    const applied = await runCli(['apply', '--yes', '--json'], { cwd: dir });
    expect([0, 3], applied.stderr).toContain(applied.code);

    const after = await runCli(['check', '--json'], { cwd: dir });
    const violations = JSON.parse(after.stdout) as { violations: { path: string; rule: string; line: number; message: string }[] };
    const legacyAfter = new Set(violations.violations.map((v) => v.path));
    for (const c of planted) {
      if (c.reported) {
        expect(legacyAfter.has(c.path), `${c.name} is reported, so check must still fail on ${c.path}`).toBe(true);
      } else if (c.rewritten) {
        expect(legacyBefore.has(c.path), `${c.name}: check must see the legacy form before the migration`).toBe(true);
        expect(legacyAfter.has(c.path), `${c.name} is migrated, check must pass on ${c.path}: ${JSON.stringify(violations.violations.filter((v) => v.path === c.path))}`).toBe(false);
      }
    }
    expect(after.code).toBe(1);
    // And a second plan of the migrated tree has nothing left to do.
    const again = JSON.parse((await runCli(['plan', '--json'], { cwd: dir })).stdout) as { summary: { changed: number; failed: number } };
    expect(again.summary).toMatchObject({ changed: 0, failed: 0 });
  });
});
