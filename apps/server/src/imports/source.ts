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

/**
 * A stream of bytes `[start, stop)` read through `read`, in chunks of at most {@link CHUNK} bytes;
 * it ends early if `read` comes back short (the file shrank).
 */
function rangeStream(read: ByteSource['read'], start: number, stop: number): Readable {
  return Readable.from(
    (async function* () {
      for (let pos = start; pos < stop; ) {
        const chunk = await read(pos, Math.min(CHUNK, stop - pos));
        if (chunk.length === 0) return;
        yield chunk;
        pos += chunk.length;
      }
    })(),
    { objectMode: false },
  );
}

/**
 * Opens a path or wraps a buffer. A path is opened once: every later read and stream goes through
 * that handle (positional reads), never the path again, so a file replaced at its path after the
 * checks is not what gets parsed.
 * @throws the `fs` error when the path cannot be opened
 */
export async function openSource(file: string | Buffer): Promise<ByteSource> {
  if (Buffer.isBuffer(file)) {
    const buf = file;
    const read: ByteSource['read'] = async (pos, len) => buf.subarray(pos, Math.min(buf.length, pos + len));
    return {
      size: buf.length,
      read,
      stream: (start = 0, end = buf.length) => rangeStream(read, start, Math.min(end, buf.length)),
      close: async () => {},
    };
  }
  const handle = await fs.promises.open(file, 'r');
  const { size } = await handle.stat();
  const read: ByteSource['read'] = async (pos, len) => {
    const n = Math.max(0, Math.min(len, size - pos));
    const out = Buffer.allocUnsafe(n);
    let done = 0;
    while (done < n) {
      const { bytesRead } = await handle.read(out, done, n - done, pos + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return out.subarray(0, done);
  };
  return {
    size,
    read,
    stream: (start = 0, end = size) => rangeStream(read, start, Math.min(end, size)),
    close: () => handle.close(),
  };
}
