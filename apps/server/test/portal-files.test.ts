/**
 * Uploaded attachments of portal articles (issue 8 §4): region staff upload and remove files
 * (type from the content, size limit, SHA-256), the public downloads them only while the article is
 * published, with the Chinese name in `filename*`, the right media type and `nosniff`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse as parseContentDisposition } from 'content-disposition';
import { Document, Packer, Paragraph } from 'docx';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE_ARTICLE_TITLE, DEMO_FILE_NAME, seedPortalDemoFiles } from '../src/db/portal-demo.ts';
import { nameForType } from '../src/modules/portal/portal.files.ts';
import { cleanFileName } from '../src/platform/documents.ts';
import { docxText } from './docx.ts';
import { backends, createTestApp, multipart, type Agent, type TestApp } from './support.ts';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
/** A tiny PDF: the `%PDF-` header is what the store checks. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** The start of a Windows executable (MZ header, PE offset), renamed to .pdf by the uploader. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(64, 0)]);

/** A zip archive with one stored (uncompressed) entry, written by hand (PKWARE APPNOTE 4.3). */
function storedZip(name: string, content: Buffer): Buffer {
  const n = Buffer.from(name, 'utf8');
  const crc = zlib.crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0800, 6); // UTF-8 name
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(n.length, 28);
  const cdOffset = local.length + n.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, content, central, n, end]);
}

describe('portal file helpers', () => {
  it.each([
    ['通知.pdf', 'docx', '通知.docx'],
    ['附件', 'pdf', '附件.pdf'],
    ['照片.JPEG', 'jpg', '照片.JPEG'],
    ['setup.exe', 'pdf', 'setup.exe.pdf'],
    ['数据.xlsx', 'xlsx', '数据.xlsx'],
  ] as const)('when %s is stored as %s, then it is named %s', (name, type, out) => {
    expect(nameForType(name, type)).toBe(out);
  });

  it('when a file name carries a path and a right-to-left override, then both are removed', () => {
    expect(cleanFileName('C:\\tmp\\报告\u202Efdp.exe')).toBe('报告fdp.exe');
  });
});

describe.each(backends)('portal article files on %s', (kind) => {
  let t: TestApp;
  let dee: Agent;
  const anon = (url: string) => t.app.inject({ method: 'GET', url });
  const upload = (agent: Agent, articleId: number, name: string, content: Buffer) => {
    const { payload, headers } = multipart(name, content);
    return t.app.inject({ method: 'POST', url: `/api/v1/portal/articles/${articleId}/files`, payload, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, ...headers } });
  };
  const newArticle = async (title: string) => {
    const res = await dee.post('/api/v1/portal/articles', { kind: 'policy', title, attachments: [{ name: '原文链接', url: 'https://example.org/a.pdf' }] });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const objectsOnDisk = () => {
    const dir = path.join(t.env.DOCUMENTS_DIR, 'objects');
    return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((n) => /[0-9a-f]{64}$/.test(String(n))).map((n) => path.basename(String(n))) : [];
  };
  const documentCount = async () => (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from documents`))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp(kind);
    dee = await t.login('gx_dee');
  });
  afterAll(async () => {
    await t.close();
  });

  it('when region staff upload a PDF to a draft, then the public gets 404 until it is published, then the same bytes with the Chinese name, type and nosniff', async () => {
    const a = await newArticle('广西清洁生产审核工作通知（附件测试）');
    const name = '南宁市清洁生产审核名单（2026年）.pdf';
    const res = await upload(dee, a.id, name, PDF);
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ fileName: name, fileType: 'pdf', mediaType: 'application/pdf', sizeBytes: PDF.length, sha256: sha(PDF), url: `/api/v1/public/content/articles/${a.id}/files/${file.id}` });

    // The console sees the file on the draft, the public sees neither.
    expect((await dee.get(`/api/v1/portal/articles/${a.id}`)).json().files).toEqual([file]);
    expect((await anon(file.url)).statusCode).toBe(404);
    // Uploading does not move the version: the editor's open form can still save.
    const published = await dee.post(`/api/v1/portal/articles/${a.id}/publish`, { version: a.version });
    expect(published.statusCode).toBe(200);

    const dl = await anon(file.url);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    expect(sha(dl.rawPayload)).toBe(sha(PDF));
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(parseContentDisposition(String(dl.headers['content-disposition']))).toEqual({ type: 'attachment', parameters: { filename: name } });

    // The public article lists both the link and the file.
    const pub = (await anon(`/api/v1/public/content/articles/${a.id}`)).json();
    expect(pub.attachments).toEqual([{ name: '原文链接', url: 'https://example.org/a.pdf' }]);
    expect(pub.files.map((f: { fileName: string; sizeBytes: number }) => [f.fileName, f.sizeBytes])).toEqual([[name, PDF.length]]);

    const log = await t.database.rows<{ action: string; actor_username: string; details: { sha256: string; fileName: string } }>(
      sql`select action, actor_username, details from audit_log where object_type = 'portalArticle' and object_id = ${String(a.id)} and action = 'portal.attach'`,
    );
    expect(log.map((l) => [l.action, l.actor_username, l.details.sha256, l.details.fileName])).toEqual([['portal.attach', 'gx_dee', sha(PDF), name]]);
  });

  it('when a Word file made by the docx package and a zip archive are uploaded, then they are docx and zip and download unchanged', async () => {
    const a = await newArticle('附件类型测试');
    const docx = Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('清洁生产审核政策解读')] }] })));
    const zip = storedZip('说明.txt', Buffer.from('清洁生产'));
    const d = (await upload(dee, a.id, '政策解读.docx', docx)).json();
    const z = (await upload(dee, a.id, '材料汇编.zip', zip)).json();
    expect([d.fileType, d.mediaType, d.sha256]).toEqual(['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sha(docx)]);
    expect([z.fileType, z.mediaType, z.sizeBytes]).toEqual(['zip', 'application/zip', zip.length]);
    await dee.post(`/api/v1/portal/articles/${a.id}/publish`, { version: a.version });
    const dl = await anon(d.url);
    expect(dl.headers['content-type']).toBe(d.mediaType);
    expect(sha(dl.rawPayload)).toBe(sha(docx));
    expect(sha((await anon(z.url)).rawPayload)).toBe(sha(zip));
    // Listed in upload order.
    expect((await anon(`/api/v1/public/content/articles/${a.id}`)).json().files.map((f: { fileName: string }) => f.fileName)).toEqual(['政策解读.docx', '材料汇编.zip']);
  });

  it('when an executable renamed .pdf is uploaded, then 422 documentType says the content is not accepted and nothing is stored', async () => {
    const a = await newArticle('类型检查测试');
    const before = { docs: await documentCount(), objects: objectsOnDisk().length };
    const res = await upload(dee, a.id, 'setup.pdf', EXE);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'documentType' } });
    expect(res.json().error.message).toContain('文件「setup.pdf」的内容不是可接受的类型（按文件内容判断，与扩展名无关）');
    expect({ docs: await documentCount(), objects: objectsOnDisk().length }).toEqual(before);
    expect(objectsOnDisk()).not.toContain(sha(EXE));
    expect(fs.readdirSync(path.join(t.env.DOCUMENTS_DIR, 'tmp'))).toEqual([]);
    expect((await dee.get(`/api/v1/portal/articles/${a.id}`)).json().files).toEqual([]);
  });

  it('when a file is deleted, then it leaves the listing, its download is 404 and the deletion is audit-logged', async () => {
    const a = await newArticle('删除附件测试');
    const keep = (await upload(dee, a.id, '保留.pdf', Buffer.concat([PDF, Buffer.from('% keep\n')]))).json();
    const gone = (await upload(dee, a.id, '删除.pdf', Buffer.concat([PDF, Buffer.from('% gone\n')]))).json();
    await dee.post(`/api/v1/portal/articles/${a.id}/publish`, { version: a.version });
    expect((await anon(gone.url)).statusCode).toBe(200);

    const del = await dee.delete(`/api/v1/portal/articles/${a.id}/files/${gone.id}`);
    expect(del.statusCode).toBe(204);
    expect((await dee.get(`/api/v1/portal/articles/${a.id}`)).json().files.map((f: { id: number }) => f.id)).toEqual([keep.id]);
    expect((await anon(`/api/v1/public/content/articles/${a.id}`)).json().files.map((f: { id: number }) => f.id)).toEqual([keep.id]);
    expect((await anon(gone.url)).statusCode).toBe(404);
    expect((await dee.delete(`/api/v1/portal/articles/${a.id}/files/${gone.id}`)).statusCode).toBe(404);
    const log = await t.database.rows<{ action: string; details: { documentId: number; sha256: string } }>(
      sql`select action, details from audit_log where object_type = 'portalArticle' and object_id = ${String(a.id)} and action = 'portal.detach'`,
    );
    expect(log.map((l) => [l.details.documentId, l.details.sha256])).toEqual([[gone.id, gone.sha256]]);
  });

  it('when a file is asked for under another article, or the article is withdrawn, then 404 for the public', async () => {
    const a = await newArticle('归属检查测试 A');
    const b = await newArticle('归属检查测试 B');
    const f = (await upload(dee, a.id, 'a.pdf', Buffer.concat([PDF, Buffer.from('% a\n')]))).json();
    await dee.post(`/api/v1/portal/articles/${a.id}/publish`, { version: a.version });
    await dee.post(`/api/v1/portal/articles/${b.id}/publish`, { version: b.version });
    expect((await anon(`/api/v1/public/content/articles/${b.id}/files/${f.id}`)).statusCode).toBe(404);
    expect((await dee.delete(`/api/v1/portal/articles/${b.id}/files/${f.id}`)).statusCode).toBe(404);
    expect((await anon(f.url)).statusCode).toBe(200);
    await dee.post(`/api/v1/portal/articles/${a.id}/unpublish`, { version: a.version + 1 });
    expect((await anon(f.url)).statusCode).toBe(404);
    // The console still downloads the draft's file through the document route.
    const own = await dee.get(`/api/v1/documents/${f.id}`);
    expect([own.statusCode, sha(own.rawPayload)]).toEqual([200, f.sha256]);
  });

  it('when a city officer, an enterprise or a public user uploads or deletes, then 403 and nothing changes; without login 401', async () => {
    const a = await newArticle('权限测试');
    const f = (await upload(dee, a.id, 'x.pdf', Buffer.concat([PDF, Buffer.from('% x\n')]))).json();
    const before = await documentCount();
    for (const user of ['nn_eeb', 'qy_demo', 'gz_demo']) {
      const agent = await t.login(user);
      expect([user, (await upload(agent, a.id, 'y.pdf', PDF)).statusCode]).toEqual([user, 403]);
      expect([user, (await agent.delete(`/api/v1/portal/articles/${a.id}/files/${f.id}`)).statusCode]).toEqual([user, 403]);
    }
    const { payload, headers } = multipart('y.pdf', PDF);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/portal/articles/${a.id}/files`, payload, headers })).statusCode).toBe(401);
    expect(await documentCount()).toBe(before);
  });

  it('when the demo files are seeded, then the Order 38 policy has one generated Word file the public downloads; seeding again adds nothing', async () => {
    expect(await seedPortalDemoFiles(t.database, t.app.documents, t.clock.now())).toBe(1);
    expect(await seedPortalDemoFiles(t.database, t.app.documents, t.clock.now())).toBe(0);
    const list = (await anon('/api/v1/public/content/articles?kind=policy')).json();
    const order38 = list.data.find((x: { title: string }) => x.title === DEMO_FILE_ARTICLE_TITLE);
    expect(order38.files.map((f: { fileName: string; fileType: string }) => [f.fileName, f.fileType])).toEqual([[DEMO_FILE_NAME, 'docx']]);
    const dl = await anon(order38.files[0].url);
    expect(dl.statusCode).toBe(200);
    const text = (await docxText(dl.rawPayload)).replace(/<[^>]+>/g, '');
    expect(text).toContain('清洁生产审核办法要点摘录');
    expect(text).toContain('以国家发展和改革委员会、环境保护部第38号令正式文本为准');
    expect(sha(dl.rawPayload)).toBe(order38.files[0].sha256);
  });
});
