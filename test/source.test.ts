// Decoding source bytes: BOM, line endings, PEP 263 codecs, binary and invalid UTF-8, and exact round trips.
import { describe, expect, it } from 'vitest';
import { decodeSource, dominantEol, encodeSource, pep263Codec } from '../src/core/source.js';

const roundTrip = (bytes: Buffer, language: 'python' | 'typescript' = 'python') => {
  const d = decodeSource(bytes, language);
  if ('kind' in d) throw new Error(d.message);
  return { d, back: encodeSource(d.text, d.encoding, d.bom) };
};

describe('decodeSource', () => {
  it('round-trips UTF-8 with BOM, CRLF, mixed endings and no final newline byte for byte', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a = "é"\r\nb = 1\nc = "🚀"\r\nd', 'utf8')]);
    const { d, back } = roundTrip(bytes);
    expect(d.bom).toBe(true);
    expect(d.text.startsWith('a')).toBe(true);
    expect(back.equals(bytes)).toBe(true);
  });

  it('decodes a PEP 263 latin-1 file and round-trips it', () => {
    const bytes = Buffer.from('# -*- coding: latin-1 -*-\nx = "café"\n', 'latin1');
    const { d, back } = roundTrip(bytes);
    expect(d.encoding).toBe('latin-1');
    expect(d.text).toContain('café');
    expect(back.equals(bytes)).toBe(true);
  });

  it('reads the coding line on line 2 only after a comment line', () => {
    expect(pep263Codec(Buffer.from('#!/usr/bin/env python\n# coding=cp1252\n'))).toBe('cp1252');
    expect(pep263Codec(Buffer.from('import os\n# coding: latin-1\n'))).toBeUndefined();
    expect(pep263Codec(Buffer.from('x = 1\n'))).toBeUndefined();
  });

  it('skips invalid UTF-8 without a coding line, with a reason', () => {
    expect(decodeSource(Buffer.from('x = "caf\xe9"\n', 'latin1'), 'python')).toMatchObject({ kind: 'not-utf8' });
  });

  it('ignores coding lines in TypeScript (always UTF-8)', () => {
    expect(decodeSource(Buffer.from('// coding: latin-1\nconst x = "caf\xe9";\n', 'latin1'), 'typescript')).toMatchObject({ kind: 'not-utf8' });
  });

  it('reports an unknown codec', () => {
    expect(decodeSource(Buffer.from('# coding: klingon\nx = 1\n'), 'python')).toMatchObject({ kind: 'unknown-codec' });
  });

  it('treats NUL bytes as binary', () => {
    expect(decodeSource(Buffer.from([0x78, 0x00, 0x79]), 'python')).toMatchObject({ kind: 'binary' });
  });
});

describe('dominantEol', () => {
  it('finds the dominant line ending', () => {
    expect(dominantEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(dominantEol('a\nb\r\nc\n')).toBe('\n');
    expect(dominantEol('no newline')).toBe('\n');
  });
});
