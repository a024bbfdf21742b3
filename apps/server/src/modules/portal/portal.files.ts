/**
 * Uploaded attachments of policy and news articles (issue 8 §4: "a policy library and news (title,
 * body, attachments, publication date; edited by region staff)").
 *
 * - **Stored in the document store** (`platform/documents.ts`: local folder, or S3 with
 *   `DOCUMENT_STORE=s3`), owner type `portalArticle`, kind `attachment`; each upload takes the next
 *   version number of that slot, which here is only the upload order. The type is read from the
 *   content (magic bytes, zip directory), never from the name: {@link portalFileTypes}; the size
 *   limit is `DOCUMENT_MAX_BYTES` (20 MB by default); the SHA-256 is recorded.
 * - **Edited by region staff** (`portal.manage`, region scope, checked by the routes); each upload
 *   and removal is one transaction with its audit-log entry (`portal.attach`, `portal.detach`;
 *   GB/T 22239-2019 §8.1.4.3) and moves the article's `updated_at` (open data `updatedSince` sees
 *   it) but not its `version`, so an editor's open form stays valid.
 * - **Public download** only while the article is published ({@link openPublicFile}); a draft's
 *   file is 404 to the public, like the draft itself.
 *
 * Link attachments (`portal_articles.attachments`, `{name, url}`) stay as they are; the public page
 * shows both.
 */
import type { Readable } from 'node:stream';
import { PORTAL_MAX_FILES, portalFileTypes, type PortalFile, type PortalFileType } from '@cpaudit/contracts';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { listOwnerDocuments, type DocumentInfo, type DocumentStore, type StagedDocument } from '../../platform/documents.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditContext } from './portal.service.ts';

/** Owner type of article attachments in the `documents` table. */
export const PORTAL_FILE_OWNER = 'portalArticle';
/** Slot kind of article attachments. */
export const PORTAL_FILE_KIND = 'attachment';

/** Accepted name extensions of each type (the first is used when the name's does not fit). */
const EXTENSIONS: Record<PortalFileType, string[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  doc: ['doc'],
  xls: ['xls'],
  ofd: ['ofd'],
  zip: ['zip'],
  jpg: ['jpg', 'jpeg'],
  png: ['png'],
};
const KNOWN_EXTENSIONS = new Set(Object.values(EXTENSIONS).flat());

/** The public download path of an article's file. */
export function fileUrl(articleId: number, fileId: number): string {
  return `/api/v1/public/content/articles/${articleId}/files/${fileId}`;
}

/** A document row as the article's {@link PortalFile}. */
export function presentFile(d: DocumentInfo): PortalFile {
  return { id: d.id, fileName: d.fileName, fileType: d.fileType, mediaType: d.mediaType, sizeBytes: d.sizeBytes, sha256: d.sha256, uploadedAt: d.uploadedAt, url: fileUrl(d.ownerId, d.id) };
}

/**
 * The name shown and sent with the download, ending in the extension of the detected type: a name
 * whose extension is another accepted type's is corrected, a name without one gets it.
 * Examples: (`通知.pdf`, docx) → `通知.docx`; (`附件`, pdf) → `附件.pdf`; (`照片.JPEG`, jpg) → `照片.JPEG`.
 */
export function nameForType(fileName: string, type: PortalFileType): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  if (EXTENSIONS[type].includes(ext)) return fileName;
  const stem = KNOWN_EXTENSIONS.has(ext) ? fileName.slice(0, dot) : fileName;
  return `${stem}.${EXTENSIONS[type][0]}`;
}

/** The uploaded files of each article (upload order), one query for all. Articles without files are absent. */
export async function filesOf(db: Db, articleIds: readonly number[]): Promise<Map<number, PortalFile[]>> {
  const out = new Map<number, PortalFile[]>();
  for (const d of await listOwnerDocuments(db, PORTAL_FILE_OWNER, articleIds)) {
    if (d.kind !== PORTAL_FILE_KIND) continue;
    const list = out.get(d.ownerId) ?? [];
    list.push(presentFile(d));
    out.set(d.ownerId, list);
  }
  return out;
}

/** Locks the article's row for the step; its status, or NOT_FOUND. */
async function lockArticle(tx: Db, id: number): Promise<string> {
  const res = (await tx.execute(sql`select status from portal_articles where id = ${id} for update`)) as unknown as { rows: { status: string }[] };
  if (!res.rows[0]) throw new AppError('NOT_FOUND', '内容不存在');
  return res.rows[0].status;
}

/** Moves the article's `updated_at` (open data sees the change) and writes the audit-log entry of a file added or removed. */
async function recordChange(tx: Db, action: 'portal.attach' | 'portal.detach', articleId: number, info: DocumentInfo, who: AuditContext, now: Date): Promise<void> {
  await tx.execute(sql`update portal_articles set updated_at = ${now} where id = ${articleId}`);
  await writeAuditLog(tx, {
    ...who,
    at: now,
    action,
    result: 'success',
    objectType: PORTAL_FILE_OWNER,
    objectId: articleId,
    details: { documentId: info.id, fileName: info.fileName, fileType: info.fileType, sizeBytes: info.sizeBytes, sha256: info.sha256 },
  });
}

const TYPE_NAMES = 'PDF、Word（docx、doc）、Excel（xlsx、xls）、OFD、ZIP、JPG、PNG';

/**
 * Receives an upload for article `articleId`, checks and stores it, and records it with its
 * audit-log entry. The bytes are received before the transaction opens (a slow upload holds no
 * connection); the article row is locked while the row is inserted, so parallel uploads queue.
 * @throws AppError NOT_FOUND (no such article); RULE_VIOLATION `documentType` (content not an
 *   accepted type: nothing stored), `documentTooLarge`, `tooManyFiles` (already {@link PORTAL_MAX_FILES})
 */
export async function attachFile(
  database: Database,
  store: DocumentStore,
  articleId: number,
  file: { fileName: string; stream: Readable },
  who: AuditContext,
  now: Date,
): Promise<PortalFile> {
  const exists = await database.rows(sql`select 1 from portal_articles where id = ${articleId}`);
  if (exists.length === 0) throw new AppError('NOT_FOUND', '内容不存在');
  let staged: StagedDocument;
  try {
    staged = await store.stage({ ownerType: PORTAL_FILE_OWNER, ownerId: articleId, kind: PORTAL_FILE_KIND, fileName: file.fileName, stream: file.stream, uploadedBy: who.actorUserId, at: now, accept: portalFileTypes });
  } catch (err) {
    if (err instanceof AppError && (err.details as { rule?: string } | undefined)?.rule === 'documentType') {
      throw new AppError('RULE_VIOLATION', `文件「${file.fileName}」的内容不是可接受的类型（按文件内容判断，与扩展名无关）：只接受 ${TYPE_NAMES}；未保存`, {
        rule: 'documentType',
        accepted: portalFileTypes,
      });
    }
    throw err;
  }
  staged = { ...staged, fileName: nameForType(staged.fileName, staged.fileType as PortalFileType) };
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await lockArticle(tx, articleId);
    const count = (await filesOf(tx, [articleId])).get(articleId)?.length ?? 0;
    if (count >= PORTAL_MAX_FILES) throw new AppError('RULE_VIOLATION', `每篇文章最多 ${PORTAL_MAX_FILES} 个附件文件，请先删除不需要的附件`, { rule: 'tooManyFiles', max: PORTAL_MAX_FILES });
    const info = await store.insert(tx, staged);
    await recordChange(tx, 'portal.attach', articleId, info, who, now);
    return presentFile(info);
  });
}

/**
 * Removes file `fileId` from article `articleId` (its row; the bytes go with the next sweep when
 * no other row uses them), with its audit-log entry.
 * @throws AppError NOT_FOUND when the article or the file (of that article) does not exist
 */
export async function detachFile(database: Database, store: DocumentStore, articleId: number, fileId: number, who: AuditContext, now: Date): Promise<void> {
  await database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await lockArticle(tx, articleId);
    const own = (await filesOf(tx, [articleId])).get(articleId) ?? [];
    if (!own.some((f) => f.id === fileId)) throw new AppError('NOT_FOUND', '附件不存在');
    await recordChange(tx, 'portal.detach', articleId, await store.remove(tx, fileId), who, now);
  });
}

/**
 * The row and bytes of file `fileId` of article `articleId` for a public download.
 * @throws AppError NOT_FOUND unless the article is published and the file is one of its own
 */
export async function openPublicFile(database: Database, store: DocumentStore, articleId: number, fileId: number): Promise<{ info: DocumentInfo; stream: Readable }> {
  const rows = await database.rows<{ id: number }>(sql`
    select d.id from documents d join portal_articles a on a.id = d.owner_id
    where d.id = ${fileId} and d.owner_type = ${PORTAL_FILE_OWNER} and d.kind = ${PORTAL_FILE_KIND} and a.id = ${articleId} and a.status = 'published'`);
  if (rows.length === 0) throw new AppError('NOT_FOUND', '附件不存在或文章未发布');
  return store.open(database.db, fileId);
}
