// Atomic replacement: whole-or-nothing, mode kept, no temp file left on failure, stale temp files recoverable.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempFileName, removeStaleTempFiles, writeFileAtomic } from '../src/engine/atomic.js';
import { tempTree } from './helpers/tmp.js';

describe('writeFileAtomic', () => {
  it('replaces the bytes and keeps the mode', async () => {
    const dir = tempTree({ 'a.py': 'old\n' });
    const file = join(dir, 'a.py');
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o751);
    await writeFileAtomic(file, Buffer.from('new\r\n'));
    expect(readFileSync(file, 'latin1')).toBe('new\r\n');
    expect(statSync(file).mode & 0o777).toBe(0o751);
    expect(readdirSync(dir)).toEqual(['a.py']);
  });

  it('leaves the target and no temp file behind when the rename fails', async () => {
    const dir = tempTree({ 'target/inner.txt': 'x' });
    // Renaming a file over a non-empty directory fails after the temp file was written.
    await expect(writeFileAtomic(join(dir, 'target'), Buffer.from('data'), 0o644)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['target']);
    expect(readFileSync(join(dir, 'target', 'inner.txt'), 'utf8')).toBe('x');
  });

  it('recovery removes only canonize temp files', async () => {
    const dir = tempTree({ 'a.py': 'a', '.a.py.canonize-123-deadbeef.tmp': 'half', 'a.py.bak.tmp': 'user file' });
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', '.b.ts.canonize-9-00ff.tmp'), '');
    const removed = await removeStaleTempFiles([dir, join(dir, 'sub'), join(dir, 'missing')]);
    expect(removed.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['.a.py.canonize-123-deadbeef.tmp', 'sub/.b.ts.canonize-9-00ff.tmp']);
    expect(readdirSync(dir).sort()).toEqual(['a.py', 'a.py.bak.tmp', 'sub']);
    expect(isTempFileName('.x.canonize-1-ab.tmp')).toBe(true);
    expect(isTempFileName('x.canonize-1-ab.tmp')).toBe(false);
  });
});
