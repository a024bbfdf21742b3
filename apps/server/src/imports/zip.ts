/**
 * Inspection of an xlsx container (a zip, ECMA-376 Part 2 / PKWARE APPNOTE 6.3) before any
 * spreadsheet parsing, so that archive bombs and hostile entries are refused before they are
 * inflated (ASVS 5.2.3; security-and-reliability.md A6, A7):
 *
 * 1. {@link readZipDirectory} reads only the central directory (end record, zip64 records,
 *    entry headers) and refuses too many entries, a declared uncompressed total above the
 *    limit, a shared-strings part above its limit, zip-slip names (`..`, absolute paths, drive
 *    letters, NUL), symbolic links, encrypted entries and compression methods other than
 *    stored/deflate;
 * 2. {@link verifyZipStream} then streams the file once, computing its SHA-256 and inflating
 *    every entry into a byte counter (nothing kept), and stops as soon as an entry inflates past
 *    its declared size, so a directory that lies about sizes cannot get past step 1;
 * 3. {@link openZipEntry} then streams one verified entry's inflated bytes, located through the
 *    directory (the reader takes the workbook's parts in the order it needs them, whatever their
 *    order in the file), through the handle opened for step 1 and capped again at the entry's
 *    declared size (the bytes may have changed since step 2).
 */
import crypto from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { ByteSource } from './source.ts';

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  isSymlink: boolean;
}

/** Limits applied to an xlsx container (security-and-reliability.md A6). */
export interface ZipLimits {
  /** Most entries allowed; default 10,000. */
  maxEntries: number;
  /**
   * Most uncompressed bytes of all entries together for a small file; default 500 MB (500 × 10⁶,
   * security-and-reliability.md A6). A larger file may inflate to {@link maxCompressionRatio}
   * times its own size, up to {@link maxUncompressedBytesCeiling}: worksheet XML inflates about
   * 10× (a 1,000,000-row enterprises xlsx is 73 MB and inflates to 694 MB), a zip bomb by
   * hundreds or thousands.
   */
  maxUncompressedBytes: number;
  /** Allowed ratio of uncompressed to file size above {@link maxUncompressedBytes}; default 20. */
  maxCompressionRatio: number;
  /** Absolute cap of the uncompressed total whatever the file size; default 2 GB. */
  maxUncompressedBytesCeiling: number;
  /** Most uncompressed bytes of `xl/sharedStrings.xml`, which is held in memory while reading; default 100 MB. */
  maxSharedStringsBytes: number;
}

/** A problem found in the container; read-file.ts turns it into an `ImportFileError` (reason `archive` or `type`). */
export class ZipProblem extends Error {
  constructor(
    message: string,
    readonly reason: 'archive' | 'type',
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_DIRECTORY_BYTES = 64 << 20;

function num64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipProblem('压缩包目录中的数值超出范围', 'archive');
  return Number(v);
}

/** True when a zip entry name could write outside its folder (zip slip) or is malformed. */
export function isUnsafeEntryName(name: string): boolean {
  if (name.includes('\0') || name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return true;
  return name.split(/[/\\]/).some((seg) => seg === '..');
}

/**
 * Reads and checks the central directory of a zip.
 *
 * @returns the entries in directory order
 * @throws ZipProblem (`archive`) for a broken or hostile directory or a limit exceeded; the
 *   message is Chinese and names the limit
 */
export async function readZipDirectory(source: ByteSource, limits: ZipLimits): Promise<ZipEntry[]> {
  const tailLen = Math.min(source.size, 22 + 0xffff);
  const tail = await source.read(source.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem('文件不是完整的 xlsx（zip 结束记录缺失，文件可能已损坏或不完整）', 'archive');
  let total = tail.readUInt16LE(eocd + 10);
  let dirSize = tail.readUInt32LE(eocd + 12);
  let dirOffset = tail.readUInt32LE(eocd + 16);
  if (total === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const locAt = eocd - 20;
    if (locAt < 0 || tail.readUInt32LE(locAt) !== ZIP64_LOCATOR) throw new ZipProblem('压缩包 zip64 记录缺失', 'archive');
    const z64Offset = num64(tail, locAt + 8);
    const z64 = await source.read(z64Offset, 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipProblem('压缩包 zip64 记录损坏', 'archive');
    total = num64(z64, 32);
    dirSize = num64(z64, 40);
    dirOffset = num64(z64, 48);
  }
  if (total > limits.maxEntries) {
    throw new ZipProblem(`xlsx 压缩包含 ${total} 个条目，超过上限 ${limits.maxEntries}，已拒绝`, 'archive');
  }
  const maxTotal = Math.min(limits.maxUncompressedBytesCeiling, Math.max(limits.maxUncompressedBytes, limits.maxCompressionRatio * source.size));
  if (dirSize > MAX_DIRECTORY_BYTES || dirOffset + dirSize > source.size) throw new ZipProblem('压缩包目录损坏', 'archive');
  const dir = await source.read(dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let at = 0;
  let sum = 0;
  while (at + 46 <= dir.length && dir.readUInt32LE(at) === CENTRAL) {
    const madeBy = dir.readUInt16LE(at + 4);
    const flags = dir.readUInt16LE(at + 8);
    const method = dir.readUInt16LE(at + 10);
    let compressedSize = dir.readUInt32LE(at + 20);
    let uncompressedSize = dir.readUInt32LE(at + 24);
    const nameLen = dir.readUInt16LE(at + 28);
    const extraLen = dir.readUInt16LE(at + 30);
    const commentLen = dir.readUInt16LE(at + 32);
    const external = dir.readUInt32LE(at + 38);
    let localHeaderOffset = dir.readUInt32LE(at + 42);
    if (at + 46 + nameLen + extraLen > dir.length) throw new ZipProblem('压缩包目录损坏', 'archive');
    const name = dir.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLen);
    // zip64 extended information: only the fields that are 0xFFFFFFFF in the header, in this order.
    let x = at + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = dir.readUInt16LE(x);
      const len = dir.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let p = x + 4;
        if (uncompressedSize === 0xffffffff && p + 8 <= x + 4 + len) (uncompressedSize = num64(dir, p)), (p += 8);
        if (compressedSize === 0xffffffff && p + 8 <= x + 4 + len) (compressedSize = num64(dir, p)), (p += 8);
        if (localHeaderOffset === 0xffffffff && p + 8 <= x + 4 + len) localHeaderOffset = num64(dir, p);
      }
      x += 4 + len;
    }
    const isSymlink = madeBy >> 8 === 3 && ((external >>> 16) & 0o170000) === 0o120000;
    if (isUnsafeEntryName(name)) throw new ZipProblem(`xlsx 压缩包含不安全的路径「${name}」，已拒绝`, 'archive');
    if (isSymlink) throw new ZipProblem(`xlsx 压缩包含符号链接「${name}」，已拒绝`, 'archive');
    if (flags & 0x1) throw new ZipProblem('xlsx 压缩包已加密，请去掉密码后另存再导入', 'archive');
    if (method !== 0 && method !== 8) throw new ZipProblem(`xlsx 压缩包条目「${name}」使用了不支持的压缩方式 ${method}`, 'archive');
    sum += uncompressedSize;
    if (sum > maxTotal) {
      throw new ZipProblem(`xlsx 解压后超过 ${formatBytes(maxTotal)} 上限，已拒绝（可能是压缩炸弹）`, 'archive');
    }
    if (name.toLowerCase() === 'xl/sharedstrings.xml' && uncompressedSize > limits.maxSharedStringsBytes) {
      throw new ZipProblem(
        `xlsx 共享字符串表解压后 ${formatBytes(uncompressedSize)}，超过 ${formatBytes(limits.maxSharedStringsBytes)} 上限；请拆分文件或另存为 CSV 后导入`,
        'archive',
      );
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset, isSymlink });
    if (entries.length > limits.maxEntries) {
      throw new ZipProblem(`xlsx 压缩包条目超过上限 ${limits.maxEntries}，已拒绝`, 'archive');
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  if (entries.length !== total) throw new ZipProblem('压缩包目录损坏（条目数与结束记录不符）', 'archive');
  return entries;
}

/** Resolves when a writable drains, or closes (destroyed after an error). */
function drained(w: zlib.InflateRaw): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
  });
}

/** `500 MB`, `1.5 GB`, `12 KB` (decimal units). */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)} KB`;
  return `${n} B`;
}

/**
 * Checks that the zip is an OOXML spreadsheet (ECMA-376: `[Content_Types].xml` and the workbook
 * part `xl/workbook.xml`) with at least one worksheet part (`xl/worksheets/<name>.xml`, usually `sheetN.xml`).
 *
 * @throws ZipProblem (`type`) naming what the zip is instead when it can tell (Word, PowerPoint)
 */
export function assertSpreadsheet(entries: readonly ZipEntry[]): void {
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (!names.has('[content_types].xml') || !names.has('xl/workbook.xml')) {
    const what = names.has('word/document.xml') ? '（这是 Word 文档）' : names.has('ppt/presentation.xml') ? '（这是 PowerPoint 文档）' : '';
    throw new ZipProblem(`文件是 zip 压缩包但不是 Excel 工作簿（xlsx）${what}`, 'type');
  }
  if (!entries.some((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name))) {
    throw new ZipProblem('xlsx 中没有可读取的工作表', 'type');
  }
}

/**
 * Streams the whole file once: returns its SHA-256 (hex) and inflates every entry into a byte
 * counter, in file order, refusing an entry that inflates to more than its declared size (or
 * to a different size), overlapping entries, corrupt deflate data and a local header that does
 * not match. Memory stays flat (one chunk plus zlib's window).
 *
 * Entries for which `inflatedWhenRead` is true (the worksheets: nearly all of a large workbook's
 * bytes) get every check but the inflating: {@link openZipEntry} makes the same size and data
 * checks as they are read, so inflating them here too only doubled the work before the first row
 * (3 s of a 1,000,000-row import). A worksheet that is never read is never inflated at all.
 *
 * @throws ZipProblem (`archive`)
 */
export async function verifyZipStream(source: ByteSource, entries: readonly ZipEntry[], inflatedWhenRead: (entry: ZipEntry) => boolean = () => false): Promise<string> {
  const hash = crypto.createHash('sha256');
  const order = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let index = 0;
  let pos = 0; // file position of the start of the current chunk
  type Phase = { kind: 'seek' } | { kind: 'header'; bytes: Buffer[]; have: number; need: number } | { kind: 'data'; left: number };
  let phase: Phase = { kind: 'seek' };
  let inflater: zlib.InflateRaw | null = null;
  let produced = 0;
  let inflateError: Error | null = null;
  let entryEnd = 0;

  const startData = (entry: ZipEntry) => {
    produced = 0;
    if (inflatedWhenRead(entry)) {
      if (entry.method !== 8 && entry.compressedSize !== entry.uncompressedSize) throw new ZipProblem(`xlsx 条目「${entry.name}」的大小与目录不符`, 'archive');
    } else if (entry.method === 8) {
      const inf = zlib.createInflateRaw();
      inf.on('data', (chunk: Buffer) => {
        produced += chunk.length;
        if (produced > entry.uncompressedSize && !inflateError) {
          inflateError = inflatesPastSize(entry);
          inf.destroy();
        }
      });
      inf.on('error', (e) => {
        inflateError ??= new ZipProblem(`xlsx 条目「${entry.name}」的压缩数据损坏：${e.message}`, 'archive');
      });
      inflater = inf;
    } else if (entry.compressedSize !== entry.uncompressedSize) {
      throw new ZipProblem(`xlsx 条目「${entry.name}」的大小与目录不符`, 'archive');
    }
  };

  const finishEntry = async (entry: ZipEntry) => {
    const inf = inflater;
    if (inf) {
      inflater = null;
      if (!inflateError) {
        inf.end();
        try {
          await finished(inf);
        } catch (e) {
          inflateError ??= new ZipProblem(`xlsx 条目「${entry.name}」的压缩数据损坏：${(e as Error).message}`, 'archive');
        }
      }
      if (inflateError) throw inflateError;
      if (produced !== entry.uncompressedSize) throw new ZipProblem(`xlsx 条目「${entry.name}」解压后的大小与目录记录不符`, 'archive');
    }
  };

  const stream = source.stream();
  try {
    for await (const raw of stream) {
      const chunk = raw as Buffer;
      hash.update(chunk);
      let i = 0;
      while (i < chunk.length && index < order.length) {
        const entry = order[index]!;
        const abs = pos + i;
        if (phase.kind === 'seek') {
          if (abs > entry.localHeaderOffset) throw new ZipProblem('xlsx 压缩包条目重叠，已拒绝（可能是压缩炸弹）', 'archive');
          const skip = Math.min(chunk.length - i, entry.localHeaderOffset - abs);
          i += skip;
          if (pos + i === entry.localHeaderOffset) phase = { kind: 'header', bytes: [], have: 0, need: 30 };
          continue;
        }
        if (phase.kind === 'header') {
          const take = Math.min(chunk.length - i, phase.need - phase.have);
          phase.bytes.push(chunk.subarray(i, i + take));
          phase.have += take;
          i += take;
          if (phase.have < phase.need) continue;
          const head = Buffer.concat(phase.bytes);
          if (phase.need === 30) {
            if (head.readUInt32LE(0) !== LOCAL) throw new ZipProblem(`xlsx 条目「${entry.name}」的本地头损坏`, 'archive');
            const extra = head.readUInt16LE(26) + head.readUInt16LE(28);
            if (extra > 0) {
              phase = { kind: 'header', bytes: [head], have: 30, need: 30 + extra };
              continue;
            }
          }
          const localName = head.toString(entry.flags & 0x800 ? 'utf8' : 'latin1', 30, 30 + head.readUInt16LE(26));
          if (localName !== entry.name) throw new ZipProblem(`xlsx 条目名「${localName}」与目录「${entry.name}」不符，已拒绝`, 'archive');
          entryEnd = pos + i + entry.compressedSize;
          startData(entry);
          phase = { kind: 'data', left: entry.compressedSize };
        }
        if (phase.kind === 'data') {
          const take = Math.min(chunk.length - i, phase.left);
          const inf = inflater as zlib.InflateRaw | null;
          if (inf && take > 0 && !inflateError) {
            if (!inf.write(chunk.subarray(i, i + take))) await drained(inf);
          }
          if (inflateError) throw inflateError;
          phase.left -= take;
          i += take;
          if (phase.left === 0) {
            await finishEntry(entry);
            index++;
            phase = { kind: 'seek' };
            // The next entry may not start before this one ends.
            const next = order[index];
            if (next && next.localHeaderOffset < entryEnd) throw new ZipProblem('xlsx 压缩包条目重叠，已拒绝（可能是压缩炸弹）', 'archive');
          }
        }
      }
      pos += chunk.length;
    }
  } finally {
    stream.destroy();
    (inflater as zlib.InflateRaw | null)?.destroy();
  }
  if (index < order.length) throw new ZipProblem('xlsx 文件不完整（条目数据被截断）', 'archive');
  return hash.digest('hex');
}

/** The refusal of an entry that inflates to more bytes than its directory record says. */
function inflatesPastSize(entry: ZipEntry): ZipProblem {
  return new ZipProblem(`xlsx 条目「${entry.name}」解压后大于目录记录的大小，已拒绝（可能是压缩炸弹）`, 'archive');
}

/**
 * The inflated bytes of one entry of a zip that passed {@link verifyZipStream}: its data is found
 * from its local header (30 bytes, then its name and extra field) and inflated when deflated
 * (method 8) or passed through when stored (method 0). The output is counted and fails once it
 * exceeds the entry's directory size, so bytes changed since the check (the file rewritten in
 * place) cannot inflate past the limits checked on the directory.
 * `onInflated`, if given, is told the uncompressed bytes produced so far after every chunk.
 * @throws ZipProblem (`archive`) when the local header is not where the directory says; the
 *   stream fails with ZipProblem (`archive`) past the entry's uncompressed size
 */
export async function openZipEntry(source: ByteSource, entry: ZipEntry, onInflated?: (bytes: number) => void): Promise<Readable> {
  const head = await source.read(entry.localHeaderOffset, 30);
  if (head.length < 30 || head.readUInt32LE(0) !== LOCAL) throw new ZipProblem(`xlsx 条目「${entry.name}」的本地头损坏`, 'archive');
  const start = entry.localHeaderOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const raw = source.stream(start, start + entry.compressedSize);
  let produced = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      produced += chunk.length;
      onInflated?.(produced);
      callback(produced > entry.uncompressedSize ? inflatesPastSize(entry) : null, chunk);
    },
    flush(callback) {
      callback(produced !== entry.uncompressedSize ? new ZipProblem(`xlsx 条目「${entry.name}」解压后的大小与目录记录不符`, 'archive') : null);
    },
  });
  if (entry.method !== 8) return pipeline(raw, cap, () => {});
  // pipeline passes an error of any stream on to the returned counter; corrupt deflate data is
  // named as verifyZipStream names it (this listener runs first, and a stream keeps its first error).
  const inflate = zlib.createInflateRaw();
  inflate.on('error', (e) => cap.destroy(new ZipProblem(`xlsx 条目「${entry.name}」的压缩数据损坏：${e.message}`, 'archive')));
  return pipeline(raw, inflate, cap, () => {});
}
