/**
 * Reading many files into one reused buffer. The planner's threads read every file of the tree once, and most are
 * dropped by the prefilter right away: allocating a buffer per file only churns the allocator (glibc keeps the
 * freed memory in its per-thread arenas, which shows in the process's peak RSS), so each thread reads into one
 * buffer that grows to the largest file it has seen.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class ReadBuffer {
  private buffer = Buffer.allocUnsafeSlow(256 * 1024);

  /** `contents`: bytes to return in place of some files' (by absolute path), e.g. what `check --staged` plans. */
  constructor(private readonly contents?: ReadonlyMap<string, Uint8Array>) {}

  /**
   * The bytes of the file at `path`, as a view of the shared buffer that the next read overwrites (copy what you
   * keep), or its size when it is larger than `maxSize` (then nothing is read). Throws what `fs` throws.
   */
  read(path: string, maxSize: number): { bytes: Uint8Array; tooLarge?: undefined } | { tooLarge: number } {
    const given = this.contents?.get(path);
    if (given) return given.length > maxSize ? { tooLarge: given.length } : { bytes: given };
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > maxSize) return { tooLarge: size };
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(Math.max(size, 2 * this.buffer.length));
      let length = 0;
      while (length < size) {
        const n = readSync(fd, this.buffer, length, size - length, null);
        if (n === 0) break;
        length += n;
      }
      return { bytes: this.buffer.subarray(0, length) };
    } finally {
      closeSync(fd);
    }
  }
}
