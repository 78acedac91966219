/**
 * Bytes at the edges: the public types say `Uint8Array` (so they need no `@types/node`; a `Buffer` is one), and the
 * code that wants `Buffer`'s methods views them as one here.
 */

/** `bytes` as a Buffer: itself when it is one, else a view of the same memory (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
