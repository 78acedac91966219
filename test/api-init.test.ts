// The library's init, called as a library caller would (the CLI cannot reach these paths: commander limits --preset).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPresets, initConfig, loadConfig, UsageError, type ConfigPreset } from '../src/index.js';
import { tempTree } from './helpers/tmp.js';

describe('initConfig', () => {
  it('refuses a preset that is not bundled, so a name cannot reach outside presets/', async () => {
    const dir = tempTree({});
    for (const name of ['../package', 'nope', '../../etc/passwd']) {
      await expect(initConfig({ cwd: dir, preset: name as ConfigPreset })).rejects.toThrow(UsageError);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes each bundled preset, a config that loads', async () => {
    for (const preset of configPresets) {
      const dir = tempTree({});
      const { file } = await initConfig({ cwd: dir, preset });
      expect(file).toBe(join(dir, 'canonize.config.yaml'));
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain('python:');
      expect((await loadConfig({ configPath: file, searchFrom: [dir] })).spec.python.moves.length).toBeGreaterThan(0);
    }
  });
});
