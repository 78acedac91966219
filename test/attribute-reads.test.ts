// The project index's attribute reads (`module.name`, src/languages/python/facts.ts attributeReader) and its
// `from … import` statements (fromImports) are what the regexes they replaced matched, on random texts made of the
// characters that matter, on generated modules and (the statements) on the standard library.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attributeReader, fromImports } from '../src/languages/python/facts.js';
import { generatePythonFile } from './helpers/pygen.js';
import { random } from './helpers/random.js';

/** The regex the scan replaced: the oracle. */
function byRegex(text: string, names: ReadonlySet<string>): string[] {
  const escaped = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const re = new RegExp(`(?<![\\w.])([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)\\.(${escaped})(?!\\w)`, 'g');
  return [...text.matchAll(re)].map((m) => `${m[1]} ${m[2]}`).sort();
}

const byScan = (text: string, names: ReadonlySet<string>) => attributeReader(names)(text).map(([m, n]) => `${m} ${n}`).sort();


describe('attributeReads', () => {
  const names = new Set(['manager', 'websocket', 'websocket_core', 'ws', '_x', 'a1']);

  it('finds what the regex finds on random texts of names, dots, word characters and separators', () => {
    const pieces = ['manager', 'websocket', 'websocket_core', 'ws', '_x', 'a1', 'm', 'self', 'cls', 'é', '.', '.', '..', ' ', '(', '\n', '_', '1', '9z', 'x', 'W'];
    const next = random(16);
    let found = 0;
    for (let i = 0; i < 20000; i++) {
      const n = 1 + Math.floor(next() * 20);
      const text = Array.from({ length: n }, () => pieces[Math.floor(next() * pieces.length)]!).join('');
      const want = byRegex(text, names);
      expect(byScan(text, names), JSON.stringify(text)).toEqual(want);
      found += want.length;
    }
    // The texts do hold reads, of every shape (the longest chain of a run, a chain after a digit...).
    expect(found).toBeGreaterThan(500);
  });

  it('finds what the regex finds on generated modules', () => {
    const moduleNames = new Set(['websocket_manager', 'manager', 'websocket_core', 'netra_backend', 'create_websocket_manager', 'UnifiedWebSocketManager', 'app']);
    let found = 0;
    for (let i = 0; i < 60; i++) {
      const { text } = generatePythonFile(3000 + i);
      const want = byRegex(text, moduleNames);
      expect(byScan(text, moduleNames)).toEqual(want);
      found += want.length;
    }
    expect(found).toBeGreaterThan(0);
  });

  it('takes the longest chain of a run, once, and none after a dot or a digit', () => {
    expect(byScan('x = a.manager.b.websocket.c + .ws.manager + 1x.ws + (q.ws)', names)).toEqual(['a.manager.b websocket', 'q ws']);
  });
});

// The importers scan's `from … import …` statements (fromImports) are what the multiline regex it replaced matched:
// the regex was tried at every position of every text, fromImports tries it only where a line's first word is `from`.
describe('fromImports', () => {
  const ORACLE = /^[ \t]*from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import[ \t]*(\([^)]*\)|(?:[^\n#;\\]|\\\r?\n)*)/gm;
  const byRegex = (text: string) => [...text.matchAll(ORACLE)].map((m) => [m.index, ...m]);
  const byScan = (text: string) => [...fromImports(text)].map((m) => [m.index, ...m]);

  it('matches what the regex matches on random texts of import pieces, line breaks and blanks', () => {
    const blanks = ['', ' ', '\t', '  \t'];
    const breaks = ['\n', '\r\n', '\r', '\\\n'];
    const junk = ['from', 'import', '.', '(', ')', ',', '#', ';', '\\', 'x', 'fromage', 'é', ' ', '\n'];
    const next = random(19);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    // A statement, whole or with pieces of it dropped or replaced.
    const statement = () => {
      const parts = [pick(blanks), 'from', pick([' ', '\t', '']), pick(['', '.', '..']), pick(['a', 'b.c', '', 'from']), pick([' ', '']), 'import', pick([' ', '']),
        pick(['x', 'x, y', 'x as y', '(x,\n y)', '(x', 'x \\\n, y', 'x # c', 'x; from a import z', ''])];
      return parts.map((p) => (next() < 0.08 ? pick(junk) : p)).join('');
    };
    let found = 0;
    for (let i = 0; i < 20000; i++) {
      const lines = Array.from({ length: 1 + Math.floor(next() * 5) }, () => (next() < 0.7 ? statement() : pick(junk) + pick(junk)));
      const text = lines.map((l) => l + pick(breaks)).join('');
      const want = byRegex(text);
      expect(byScan(text), JSON.stringify(text)).toEqual(want);
      found += want.length;
    }
    expect(found).toBeGreaterThan(5000);
  });

  it('matches what the regex matches on generated modules and on every Python file of the standard library', () => {
    let found = 0;
    for (let i = 0; i < 60; i++) {
      const { text } = generatePythonFile(3000 + i);
      const want = byRegex(text);
      expect(byScan(text)).toEqual(want);
      found += want.length;
    }
    const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
    const files = readdirSync(stdlib, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py') && !f.includes('site-packages'));
    expect(files.length).toBeGreaterThan(500);
    for (const f of files) {
      const text = readFileSync(join(stdlib, f), 'latin1');
      const want = byRegex(text);
      expect(byScan(text), f).toEqual(want);
      found += want.length;
    }
    expect(found).toBeGreaterThan(5000);
  });
});
