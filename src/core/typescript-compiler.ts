/**
 * The TypeScript compiler, loaded on first use. Only resolving module specifiers needs it, and most planner threads
 * never do: importing it costs ≈ 0.5 s of start-up per thread as an ES module (Node scans the 9 MB CommonJS file for
 * its exports), ≈ 0.2 s through `require`.
 *
 * It is loaded as `require` would, but its source is read in small pieces. `require` reads the 9 MB file into one
 * block of memory and frees it: glibc's allocator then raises its mmap threshold to 9 MB and its trim threshold to
 * 18 MB for the whole process (a freed mmapped block sets both), and every thread's malloc arena keeps that much
 * freed memory instead of giving it back. Measured on the 10,000-file bench trees with two workers (three threads
 * load the compiler): ≈ 45 MB less peak RSS, the same CPU (docs/performance.md, "Memory").
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { compileFunction } from 'node:vm';
import type TS from 'typescript';

let loaded: typeof TS | undefined;

export function typescript(): typeof TS {
  return (loaded ??= loadTypeScript());
}

/** Reads below 128 KB, the allocator's mmap threshold before anything raised it: they never move it. */
const PIECE = 64 * 1024;

/** `require('typescript')`, the same module object (and `require.cache` entry), its source read piece by piece. */
function loadTypeScript(): typeof TS {
  const require = createRequire(import.meta.url);
  const file = require.resolve('typescript');
  const cached = require.cache[file];
  if (cached) return cached.exports as typeof TS;
  const module = new Module(file);
  module.filename = file;
  module.paths = createRequire(file).resolve.paths('typescript') ?? [];
  const body = compileFunction(readInPieces(file), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  require.cache[file] = module;
  try {
    body.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  } catch (err) {
    delete require.cache[file];
    throw err;
  }
  module.loaded = true;
  return module.exports as typeof TS;
}

function readInPieces(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const piece = Buffer.allocUnsafeSlow(PIECE);
    const decoder = new StringDecoder('utf8');
    let text = '';
    for (let n = readSync(fd, piece, 0, PIECE, null); n > 0; n = readSync(fd, piece, 0, PIECE, null)) text += decoder.write(piece.subarray(0, n));
    return text + decoder.end();
  } finally {
    closeSync(fd);
  }
}
