/**
 * A file to import, given as a path or as bytes in memory, with random access (for the zip
 * central directory) and sequential streaming (for hashing, inflating and parsing).
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';

/** Random and sequential access to the bytes of one file. */
export interface ByteSource {
  /** Size in bytes. */
  readonly size: number;
  /** `len` bytes from `pos` (fewer at the end of the file). */
  read(pos: number, len: number): Promise<Buffer>;
  /** A fresh readable stream over bytes `[start, end)` (default: the whole file), in chunks of at most 1 MiB. */
  stream(start?: number, end?: number): Readable;
  /** Releases the file handle (no-op for a buffer). */
  close(): Promise<void>;
}

const CHUNK = 1 << 20;

/** Opens a path or wraps a buffer. @throws the `fs` error when the path cannot be opened */
export async function openSource(file: string | Buffer): Promise<ByteSource> {
  if (Buffer.isBuffer(file)) {
    const buf = file;
    return {
      size: buf.length,
      read: async (pos, len) => buf.subarray(pos, Math.min(buf.length, pos + len)),
      stream: (start = 0, end = buf.length) =>
        Readable.from(
          (function* () {
            const stop = Math.min(end, buf.length);
            for (let i = start; i < stop; i += CHUNK) yield buf.subarray(i, Math.min(stop, i + CHUNK));
          })(),
          { objectMode: false },
        ),
      close: async () => {},
    };
  }
  const handle = await fs.promises.open(file, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (pos, len) => {
      const n = Math.max(0, Math.min(len, size - pos));
      const out = Buffer.alloc(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await handle.read(out, done, n - done, pos + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return out.subarray(0, done);
    },
    // createReadStream's `end` is inclusive; an empty range is an empty stream.
    stream: (start = 0, end = size) =>
      Math.min(end, size) > start ? fs.createReadStream(file, { highWaterMark: CHUNK, start, end: Math.min(end, size) - 1 }) : Readable.from([]),
    close: () => handle.close(),
  };
}
