/**
 * The document store: uploads attached to records (an action plan, a yearly report, later an
 * audit step), issue 6 item 5.
 *
 * - **Content-addressed.** A file is kept once under its SHA-256 (`objects/ab/cd/<sha256>` under
 *   `DOCUMENTS_DIR`, or `documents/<sha256>` in the bucket with `DOCUMENT_STORE=s3`); uploading
 *   the same content twice stores one file and two rows.
 * - **Slots and versions.** A slot is `(ownerType, ownerId, kind)`; each upload to it is a new
 *   numbered version (1, 2, …), all kept (`documents` table).
 * - **Checked.** A size limit (`DOCUMENT_MAX_BYTES`) and the type read from the magic bytes, never
 *   from the name or the browser's media type: PDF (`%PDF-`), PNG, JPEG, OLE2 compound files
 *   (`.doc`, `.xls`), and zip containers whose central directory says what they are (`.docx`:
 *   `word/document.xml`, `.xlsx`: `xl/workbook.xml`, OFD (GB/T 33190-2016): `OFD.xml`; any other
 *   sound zip is `zip`, accepted only by slots that ask for it, e.g. portal attachments), with the
 *   zip inspection of the imports (entry count, zip-slip names, bomb ratios).
 *   security-and-reliability.md A6/A7 (ASVS 5.2.2, 5.2.3).
 * - **File and row consistent.** The upload streams into `tmp/`, is hashed and checked, then
 *   renamed (atomic on one file system) to its hash path, and only then is the row inserted in
 *   the caller's transaction. A rolled-back transaction therefore leaves at most a file without a
 *   row (an orphan), never a row without its file; {@link DocumentStore.sweep} removes orphans and
 *   temp files older than an hour, never a file a row points at.
 * - **Authorised through the owner.** Each owner type registers a resolver that says which
 *   permission and which area the owning record needs (`registerDocumentOwner`); downloads call it.
 *
 * The small API for other modules: {@link DocumentStore.store}, {@link DocumentStore.list},
 * {@link DocumentStore.open}.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Permission } from '@cpaudit/contracts';
import type { Actor, Resource } from '@cpaudit/domain';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { documents } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { openSource } from '../imports/source.ts';
import { readZipDirectory, ZipProblem } from '../imports/zip.ts';
import { toIsoCst } from './clock.ts';
import { AppError } from './errors.ts';
import { S3ObjectStore, s3OptionsFromEnv } from './s3-object-store.ts';

/**
 * File types the store can recognise, as detected from the content. `zip` is a zip archive that is
 * none of the zip containers (`docx`, `xlsx`, `ofd`); a slot accepts it only when it asks for it.
 */
export const documentFileTypes = ['pdf', 'docx', 'xlsx', 'doc', 'xls', 'jpg', 'png', 'ofd', 'zip'] as const;
export type DocumentFileType = (typeof documentFileTypes)[number];

/** Types a slot accepts when it names none: every recognised type except a plain `zip` archive. */
export const defaultDocumentFileTypes: readonly DocumentFileType[] = ['pdf', 'docx', 'xlsx', 'doc', 'xls', 'jpg', 'png', 'ofd'];

const MEDIA_TYPE: Record<DocumentFileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  jpg: 'image/jpeg',
  png: 'image/png',
  ofd: 'application/ofd',
  zip: 'application/zip',
};

/** One stored document version, as listed and returned. Times are ISO 8601 instants. */
export interface DocumentInfo {
  id: number;
  ownerType: string;
  ownerId: number;
  kind: string;
  version: number;
  fileName: string;
  fileType: DocumentFileType;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  uploadedBy: number | null;
  /** ISO 8601 with +08:00. */
  uploadedAt: string;
}

/**
 * Where the bytes live: {@link LocalObjectStore} (a folder) or `S3ObjectStore`
 * (`s3-object-store.ts`, an S3-compatible bucket). Keys are SHA-256 hex strings.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /** Moves a checked temp file to the object `sha256` (keeps the existing object if present). */
  putFile(tempFile: string, sha256: string): Promise<void>;
  /** A stream of the object's bytes. @throws AppError NOT_FOUND when absent */
  read(sha256: string): Promise<Readable>;
  /** Whether the object exists. */
  exists(sha256: string): Promise<boolean>;
  /** Every object with its last write time (ms since the epoch). */
  list(): Promise<{ sha256: string; mtimeMs: number }[]>;
  /** One object's last write time (ms since the epoch, as {@link list} gives it), or null when absent. */
  mtimeOf(sha256: string): Promise<number | null>;
  /** Removes an object (no error when absent). */
  remove(sha256: string): Promise<void>;
}

const SHA = /^[0-9a-f]{64}$/;

/** The local-folder object store: `<root>/objects/ab/cd/<sha256>`. */
export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;
  constructor(readonly root: string) {}
  pathOf(sha256: string): string {
    if (!SHA.test(sha256)) throw new AppError('VALIDATION_FAILED', 'not a SHA-256');
    return path.join(this.root, 'objects', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
  async putFile(tempFile: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) {
      // Same content already stored: refresh its age so a sweep running now keeps it, drop the copy.
      const now = new Date();
      const renewed = await fs.promises.utimes(target, now, now).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return false; // the sweep removed it since: stored below as a new object
          throw err;
        },
      );
      if (renewed) {
        await fs.promises.rm(tempFile, { force: true });
        return;
      }
    }
    await fs.promises.rename(tempFile, target);
  }
  async read(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', '文件不存在');
    return fs.createReadStream(file);
  }
  async exists(sha256: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(sha256));
  }
  async list(): Promise<{ sha256: string; mtimeMs: number }[]> {
    const base = path.join(this.root, 'objects');
    if (!fs.existsSync(base)) return [];
    const out: { sha256: string; mtimeMs: number }[] = [];
    for (const a of await fs.promises.readdir(base)) {
      for (const b of await fs.promises.readdir(path.join(base, a)).catch(() => [] as string[])) {
        for (const name of await fs.promises.readdir(path.join(base, a, b)).catch(() => [] as string[])) {
          if (!SHA.test(name)) continue;
          const st = await fs.promises.stat(path.join(base, a, b, name)).catch(() => null);
          if (st) out.push({ sha256: name, mtimeMs: st.mtimeMs });
        }
      }
    }
    return out;
  }
  async mtimeOf(sha256: string): Promise<number | null> {
    const st = await fs.promises.stat(this.pathOf(sha256)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    return st ? st.mtimeMs : null;
  }
  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }
}

/**
 * Detects the file type from the first bytes and, for zip containers, from the central
 * directory (read from `file`). `ole` is an OLE2 compound file (`.doc` or `.xls`: the caller
 * decides by the name's extension); `zip` a sound zip archive that is not docx, xlsx or OFD.
 * Returns `null` for anything not recognised (an executable, a damaged or bomb-like zip).
 */
export async function detectFileType(head: Buffer, file: string): Promise<DocumentFileType | 'ole' | null> {
  const starts = (bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpg';
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (starts([0x50, 0x4b, 0x03, 0x04])) {
    // Closed here: a file handle left to the garbage collector is a Node deprecation (DEP0137).
    const source = await openSource(file);
    try {
      const entries = await readZipDirectory(source, {
        maxEntries: 10_000,
        maxUncompressedBytes: 500_000_000,
        maxCompressionRatio: 100,
        maxUncompressedBytesCeiling: 2_000_000_000,
        maxSharedStringsBytes: 500_000_000,
      });
      const names = new Set(entries.map((e) => e.name));
      if (names.has('word/document.xml')) return 'docx';
      if (names.has('xl/workbook.xml')) return 'xlsx';
      if (names.has('OFD.xml')) return 'ofd';
      return 'zip';
    } catch (err) {
      if (err instanceof ZipProblem) return null;
      throw err;
    } finally {
      await source.close();
    }
  }
  return null;
}

/** What an owner type says about one of its records, for authorising its documents. */
export interface DocumentOwnerAccess {
  /** The record's resource for `can()` (its area or enterprise). */
  resource: Resource;
  /** Permission needed to read (download, list) the record's documents. */
  read: Permission;
  /** Permission needed to attach documents, and whether the record accepts them now. */
  write: Permission;
  writable: boolean;
  /**
   * Parties of the record beyond its area and enterprise (an audit's consulting agency, the experts
   * of its panel): true when `actor` is one. A party still needs the `read` permission.
   */
  party?: (actor: Actor) => Promise<boolean>;
}

/** Resolves an owner record; `null` when it does not exist. */
export type DocumentOwnerResolver = (db: Db, ownerId: number) => Promise<DocumentOwnerAccess | null>;
const owners = new Map<string, DocumentOwnerResolver>();

/** Registers how documents of `ownerType` are authorised (called once per module at start). */
export function registerDocumentOwner(ownerType: string, resolver: DocumentOwnerResolver): void {
  owners.set(ownerType, resolver);
}

/** The resolver of `ownerType`. @throws AppError NOT_FOUND for an unknown owner type */
export function documentOwner(ownerType: string): DocumentOwnerResolver {
  const r = owners.get(ownerType);
  if (!r) throw new AppError('NOT_FOUND', `未知的文档归属类型 ${ownerType}`);
  return r;
}

/** Input of {@link DocumentStore.store}. */
export interface StoreInput {
  ownerType: string;
  ownerId: number;
  /** Slot kind within the owner, `^[a-z][A-Za-z0-9]{1,39}$`. */
  kind: string;
  /** The uploader's file name (kept for the download; never used as a path). */
  fileName: string;
  stream: Readable;
  uploadedBy: number | null;
  at: Date;
  /** Types accepted for this slot; default {@link defaultDocumentFileTypes}. */
  accept?: readonly DocumentFileType[];
}

/** An upload received, checked and stored under its hash, waiting for its row ({@link DocumentStore.insert}). */
export interface StagedDocument extends Omit<StoreInput, 'stream' | 'accept'> {
  sha256: string;
  sizeBytes: number;
  fileType: DocumentFileType;
}

/** Configuration of a {@link DocumentStore}. */
export interface DocumentStoreOptions {
  objects: ObjectStore;
  /** Folder for uploads in progress (same file system as the local objects, for the rename). */
  tempDir: string;
  maxBytes: number;
}

const ORPHAN_AGE_MS = 3600_000;

function present(row: typeof documents.$inferSelect): DocumentInfo {
  return {
    id: row.id,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    kind: row.kind,
    version: row.version,
    fileName: row.fileName,
    fileType: row.fileType as DocumentFileType,
    mediaType: row.mediaType,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    uploadedBy: row.uploadedBy,
    uploadedAt: toIsoCst(row.uploadedAt),
  };
}

/**
 * Every version of the documents of several owners of one type (one query), by owner, kind and
 * version. Owners without documents are absent from the result. Needs no store (rows only).
 */
export async function listOwnerDocuments(db: Db, ownerType: string, ownerIds: readonly number[]): Promise<DocumentInfo[]> {
  if (ownerIds.length === 0) return [];
  const rows = await db
    .select()
    .from(documents)
    .where(and(eq(documents.ownerType, ownerType), inArray(documents.ownerId, [...ownerIds])))
    .orderBy(asc(documents.ownerId), asc(documents.kind), asc(documents.version));
  return rows.map(present);
}

/**
 * Strips path parts, control characters and bidirectional-text controls (which can disguise
 * `evil\u202Efdp.exe` as `evilexe.pdf`) from an uploader's file name; at most 200 characters
 * (the end kept, so the extension survives). Example: `C:\\tmp\\报告.pdf` → `报告.pdf`.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(-200);
  return cleaned === '' ? 'file' : cleaned;
}

/** The document store. Build one per process with {@link createDocumentStore}. */
export class DocumentStore {
  constructor(readonly options: DocumentStoreOptions) {}

  /**
   * Stores `input.stream` as the next version of the slot `(ownerType, ownerId, kind)` and inserts
   * its row with `tx` (pass the transaction of the step, so the row commits or rolls back with it).
   * The file is written first (temp name → hash path); a rollback leaves an orphan file only.
   * @returns the new version's {@link DocumentInfo}
   * @throws AppError RULE_VIOLATION `details.rule` `documentTooLarge` (with `maxBytes`) or
   *   `documentType` (with `accepted`); VALIDATION_FAILED for a bad kind; CONFLICT when another
   *   upload took the same version at the same moment
   */
  async store(tx: Db, input: StoreInput): Promise<DocumentInfo> {
    return this.insert(tx, await this.stage(input));
  }

  /**
   * First half of {@link store}: receives, hashes and checks the upload and moves it to its hash
   * path, outside any transaction (a slow upload holds no database connection).
   * @throws AppError as {@link store}
   */
  async stage(input: StoreInput): Promise<StagedDocument> {
    if (!/^[a-z][A-Za-z0-9]{1,39}$/.test(input.kind)) throw new AppError('VALIDATION_FAILED', `文档类别 ${input.kind} 无效`);
    const { sha256, size, file, head } = await this.receive(input.stream);
    try {
      const detected = await detectFileType(head, file);
      const ext = path.extname(input.fileName).toLowerCase().replace('.', '');
      const fileType: DocumentFileType | null = detected === 'ole' ? (ext === 'doc' || ext === 'xls' ? ext : null) : detected;
      const accepted = input.accept ?? defaultDocumentFileTypes;
      if (fileType === null || !accepted.includes(fileType)) {
        throw new AppError('RULE_VIOLATION', `文件类型不符：只接受 ${accepted.join('、')}（按文件内容判断）`, { rule: 'documentType', accepted });
      }
      await this.options.objects.putFile(file, sha256);
      return { ...input, sha256, sizeBytes: size, fileType };
    } finally {
      await fs.promises.rm(file, { force: true });
    }
  }

  /**
   * Second half of {@link store}: inserts the next version's row with `tx`. The file is already
   * at its hash path, so a committed row always has its file.
   * @throws AppError CONFLICT when another upload took the same version at the same moment
   */
  async insert(tx: Db, staged: StagedDocument): Promise<DocumentInfo> {
    const [last] = await tx
      .select({ v: sql<number>`coalesce(max(${documents.version}), 0)::int` })
      .from(documents)
      .where(and(eq(documents.ownerType, staged.ownerType), eq(documents.ownerId, staged.ownerId), eq(documents.kind, staged.kind)));
    const inserted = await tx
      .insert(documents)
      .values({
        ownerType: staged.ownerType,
        ownerId: staged.ownerId,
        kind: staged.kind,
        version: (last?.v ?? 0) + 1,
        fileName: cleanFileName(staged.fileName),
        fileType: staged.fileType,
        mediaType: MEDIA_TYPE[staged.fileType],
        sha256: staged.sha256,
        sizeBytes: staged.sizeBytes,
        uploadedBy: staged.uploadedBy,
        uploadedAt: staged.at,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new AppError('CONFLICT', '同一文档正在被另一次上传更新，请重试');
    return present(inserted[0]!);
  }

  /** Every version of the owner's documents (all kinds), by kind then version. */
  async list(db: Db, ownerType: string, ownerId: number): Promise<DocumentInfo[]> {
    const rows = await db
      .select()
      .from(documents)
      .where(and(eq(documents.ownerType, ownerType), eq(documents.ownerId, ownerId)))
      .orderBy(asc(documents.kind), asc(documents.version));
    return rows.map(present);
  }

  /**
   * Removes one document's row with `tx` (the step's transaction) and returns what it was. The
   * bytes stay until the hourly {@link sweep} finds no row pointing at them (another row may share
   * the same content), so a rolled-back removal loses nothing.
   * @throws AppError NOT_FOUND when there is no such row
   */
  async remove(tx: Db, id: number): Promise<DocumentInfo> {
    const [row] = await tx.delete(documents).where(eq(documents.id, id)).returning();
    if (!row) throw new AppError('NOT_FOUND', '文档不存在');
    return present(row);
  }

  /** One document's row. @throws AppError NOT_FOUND */
  async get(db: Db, id: number): Promise<DocumentInfo> {
    const [row] = await db.select().from(documents).where(eq(documents.id, id));
    if (!row) throw new AppError('NOT_FOUND', '文档不存在');
    return present(row);
  }

  /** The document's row and a stream of its bytes. @throws AppError NOT_FOUND */
  async open(db: Db, id: number): Promise<{ info: DocumentInfo; stream: Readable }> {
    const info = await this.get(db, id);
    return { info, stream: await this.options.objects.read(info.sha256) };
  }

  /**
   * Removes objects no row points at and temp files, both older than an hour (by file time),
   * never a file a row points at. Safe to run at any time and on several instances.
   *
   * An upload of content already stored refreshes the object's time before its row is inserted
   * (and the row is invisible here until the upload's transaction commits). So right before
   * removing an object judged orphaned, the sweep reads its time again and asks again for a row
   * pointing at it: an object written or referenced since it was listed is kept, and the window
   * between judging and removing is one stat and one query wide instead of the whole sweep.
   * @param now the time ages are measured against (tests pass a later time to age files)
   * @returns how many objects and temp files were removed
   */
  async sweep(db: Db, now: Date): Promise<{ objects: number; temp: number }> {
    let removed = 0;
    const objects = this.options.objects;
    const old = (await objects.list()).filter((o) => now.getTime() - o.mtimeMs > ORPHAN_AGE_MS);
    if (old.length > 0) {
      const keep = new Set<string>();
      for (let i = 0; i < old.length; i += 1000) {
        const shas = old.slice(i, i + 1000).map((o) => o.sha256);
        const used = await db.selectDistinct({ sha256: documents.sha256 }).from(documents).where(inArray(documents.sha256, shas));
        for (const r of used) keep.add(r.sha256);
      }
      for (const o of old) {
        if (keep.has(o.sha256)) continue;
        // Re-check just before removing: rewritten since listed, or a row now points at it.
        const mtimeMs = await objects.mtimeOf(o.sha256);
        if (mtimeMs === null || mtimeMs > o.mtimeMs) continue;
        const [row] = await db.select({ id: documents.id }).from(documents).where(eq(documents.sha256, o.sha256)).limit(1);
        if (row) continue;
        await objects.remove(o.sha256);
        removed++;
      }
    }
    let temp = 0;
    if (fs.existsSync(this.options.tempDir)) {
      for (const name of await fs.promises.readdir(this.options.tempDir)) {
        const full = path.join(this.options.tempDir, name);
        const st = await fs.promises.stat(full).catch(() => null);
        if (st && now.getTime() - st.mtimeMs > ORPHAN_AGE_MS) {
          await fs.promises.rm(full, { force: true });
          temp++;
        }
      }
    }
    return { objects: removed, temp };
  }

  /** Streams the upload into a temp file, hashing it; refuses it as soon as it passes the limit. */
  private async receive(stream: Readable): Promise<{ sha256: string; size: number; file: string; head: Buffer }> {
    await fs.promises.mkdir(this.options.tempDir, { recursive: true });
    const file = path.join(this.options.tempDir, `upload-${crypto.randomUUID()}`);
    const hash = crypto.createHash('sha256');
    let size = 0;
    const headParts: Buffer[] = [];
    let headLen = 0;
    const max = this.options.maxBytes;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > max) {
          cb(new AppError('RULE_VIOLATION', `文件超过大小上限 ${Math.round(max / 1024 / 1024 * 10) / 10} MB`, { rule: 'documentTooLarge', maxBytes: max }));
          return;
        }
        if (headLen < 16) {
          headParts.push(chunk.subarray(0, 16 - headLen));
          headLen += Math.min(chunk.length, 16 - headLen);
        }
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(stream, meter, fs.createWriteStream(file, { flags: 'wx' }));
    } catch (err) {
      await fs.promises.rm(file, { force: true });
      // @fastify/multipart's own limit (FST_REQ_FILE_TOO_LARGE) means the same as ours.
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new AppError('RULE_VIOLATION', '文件超过大小上限', { rule: 'documentTooLarge', maxBytes: max });
      }
      throw err;
    }
    const truncated = (stream as Readable & { truncated?: boolean }).truncated === true;
    if (truncated) {
      await fs.promises.rm(file, { force: true });
      throw new AppError('RULE_VIOLATION', `文件超过大小上限`, { rule: 'documentTooLarge', maxBytes: max });
    }
    return { sha256: hash.digest('hex'), size, file, head: Buffer.concat(headParts) };
  }
}

/** The environment read by {@link createDocumentStore}. */
export type DocumentStoreEnv = Pick<
  Env,
  'DOCUMENT_STORE' | 'DOCUMENTS_DIR' | 'DOCUMENT_MAX_BYTES' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'
>;

/**
 * Builds the process's store from the environment: objects in the folder `DOCUMENTS_DIR` by
 * default, in an S3-compatible bucket with `DOCUMENT_STORE=s3` (the `S3_*` variables); uploads in
 * progress always go to `DOCUMENTS_DIR/tmp`.
 * @throws AppError NOT_READY when DOCUMENT_STORE=s3 lacks its bucket or keys
 */
export function createDocumentStore(env: DocumentStoreEnv): DocumentStore {
  const objects: ObjectStore = env.DOCUMENT_STORE === 's3' ? new S3ObjectStore(s3OptionsFromEnv(env)) : new LocalObjectStore(env.DOCUMENTS_DIR);
  return new DocumentStore({ objects, tempDir: path.join(env.DOCUMENTS_DIR, 'tmp'), maxBytes: env.DOCUMENT_MAX_BYTES });
}
