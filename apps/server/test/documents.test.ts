/**
 * The document store: types by magic bytes, size limit, one file per content, file and row kept
 * consistent (a rolled-back insert leaves no row; the orphan is swept after an hour), versions,
 * and downloads authorised through the owning record.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { DocumentStore, LocalObjectStore, cleanFileName, createDocumentStore } from '../src/platform/documents.ts';
import { parseEnv } from '../src/env.ts';
import { startFakeS3 } from './fake-s3.ts';
import { reportDocx } from '../src/modules/reporting/report-docx.ts';
import { backends, createTestApp, multipart, type Agent, type TestApp } from './support.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 1)]);
const OLE = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504, 0)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0)]);
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');


describe.each(backends)('document store on %s', (kind) => {
  let t: TestApp;
  let dir: string;
  let store: DocumentStore;
  let db: Db;
  const input = (fileName: string, content: Buffer, ownerId = 1) => ({
    ownerType: 'testOwner',
    ownerId,
    kind: 'attachment',
    fileName,
    stream: Readable.from([content]),
    uploadedBy: null,
    at: new Date('2026-03-02T01:00:00Z'),
  });
  /** Stores in a transaction that then fails (a step rolled back after its upload). */
  const storeRolledBack = (target: DocumentStore, inp: ReturnType<typeof input>) =>
    expect(
      db.transaction(async (tx) => {
        await target.store(tx as unknown as Db, inp);
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
  const filesOnDisk = () => fs.readdirSync(path.join(dir, 'objects'), { recursive: true }).filter((n) => /[0-9a-f]{64}$/.test(String(n))).length;

  beforeAll(async () => {
    t = await createTestApp(kind, { DOCUMENT_MAX_BYTES: '4096' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-docstore-'));
    store = new DocumentStore({ objects: new LocalObjectStore(dir), tempDir: path.join(dir, 'tmp'), maxBytes: 4096 });
    db = t.database.db;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['a renamed executable (MZ) as .pdf', 'report.pdf', EXE],
    ['a zip that is neither docx, xlsx nor ofd', 'plan.docx', Buffer.from('PK\u0003\u0004garbage-not-a-real-zip')],
    ['an OLE file named .pdf', 'scan.pdf', OLE],
    ['plain text', 'notes.txt', Buffer.from('hello')],
  ])('when %s is uploaded, then RULE_VIOLATION documentType and nothing is written', async (_label, name, content) => {
    const before = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from documents`);
    const err = await store.store(db, input(name, content)).catch((e: unknown) => e as { code: string; details: { rule: string } });
    expect(err).toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'documentType' } });
    expect(await t.database.rows(sql`select count(*)::int as n from documents`)).toEqual(before);
    expect(fs.existsSync(path.join(dir, 'objects')) ? filesOnDisk() : 0).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('when a file is 1 byte over the limit (4,097 of 4,096), then RULE_VIOLATION documentTooLarge; 4,096 bytes pass', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(4097 - PDF.length, 0x20)]);
    const err = await store.store(db, input('big.pdf', big)).catch((e: unknown) => e as { code: string; details: unknown });
    expect(err).toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'documentTooLarge', maxBytes: 4096 } });
    const ok = await store.store(db, input('fits.pdf', big.subarray(0, 4096), 99));
    expect(ok).toMatchObject({ sizeBytes: 4096, fileType: 'pdf', version: 1 });
  });

  it('when the same content is stored twice, then one file and two versions of the slot', async () => {
    const v1 = await store.store(db, input('a.png', PNG, 2));
    const v2 = await store.store(db, input('b.png', PNG, 2));
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1.sha256).toBe(sha(PNG));
    expect(v2.sha256).toBe(v1.sha256);
    const objects = new LocalObjectStore(dir);
    expect(fs.readFileSync(objects.pathOf(sha(PNG)))).toEqual(PNG);
    expect((await store.list(db, 'testOwner', 2)).map((d) => [d.fileName, d.version, d.fileType, d.mediaType])).toEqual([
      ['a.png', 1, 'png', 'image/png'],
      ['b.png', 2, 'png', 'image/png'],
    ]);
  });

  it('when an OLE file is named .doc or .xls, then it is stored as doc or xls; a docx made by the docx package is docx', async () => {
    expect((await store.store(db, input('old.doc', OLE, 3))).fileType).toBe('doc');
    expect((await store.store(db, input('old.xls', OLE, 3))).fileType).toBe('xls');
    const docx = await reportDocx({
      id: null, cityCode: '450100', cityName: '南宁市', year: 2025, status: 'draft', narrative: '测试', dueDate: '2026-02-28', reminderDays: 7,
      timeliness: 'pending', submittedAt: null, version: 0,
      figures: { connected: false, listed: 0, disclosed: 0, started: 0, evaluated: 0, accepted: 0, overdue: 0, rolledOver: 0 },
    });
    const bigStore = new DocumentStore({ ...store.options, maxBytes: 1_000_000 });
    expect((await bigStore.store(db, input('report.docx', docx, 3))).fileType).toBe('docx');
  });

  it('when the insert is rolled back, then no row points at a file, the file is an orphan and the sweep removes it after an hour (never a file a row uses)', async () => {
    const content = Buffer.concat([PDF, Buffer.from('rolled back')]);
    const kept = Buffer.concat([PDF, Buffer.from('kept')]);
    await store.store(db, input('kept.pdf', kept, 5));
    await storeRolledBack(store, input('lost.pdf', content, 4));
    expect(await t.database.rows(sql`select id from documents where sha256 = ${sha(content)}`)).toEqual([]);
    // Every row's file exists.
    const rows = await t.database.rows<{ sha256: string }>(sql`select distinct sha256 from documents`);
    const objects = new LocalObjectStore(dir);
    expect(rows.every((r) => fs.existsSync(objects.pathOf(r.sha256)))).toBe(true);
    expect(fs.existsSync(objects.pathOf(sha(content)))).toBe(true);
    // Within the hour nothing is removed; after it, only the orphan.
    expect(await store.sweep(db, new Date(Date.now() + 30 * 60_000))).toEqual({ objects: 0, temp: 0 });
    const swept = await store.sweep(db, new Date(Date.now() + 61 * 60_000));
    expect(swept.objects).toBe(1);
    expect(fs.existsSync(objects.pathOf(sha(content)))).toBe(false);
    expect(fs.existsSync(objects.pathOf(sha(kept)))).toBe(true);
    expect(rows.every((r) => fs.existsSync(objects.pathOf(r.sha256)))).toBe(true);
  });

  /**
   * A local store that runs `hooks.afterList` once its listing is taken and `hooks.afterStat` once
   * it has read an object's time: the moves of an upload running while the sweep works.
   */
  class InterleavedStore extends LocalObjectStore {
    hooks: { afterList?: () => Promise<void>; afterStat?: (sha256: string) => Promise<void> } = {};
    override async list() {
      const listed = await super.list();
      await this.hooks.afterList?.();
      return listed;
    }
    override async mtimeOf(sha256: string) {
      const m = await super.mtimeOf(sha256);
      await this.hooks.afterStat?.(sha256);
      return m;
    }
  }

  it('when the same content is uploaded again after the sweep listed its orphan (time refreshed, row not yet committed), then the sweep keeps it', async () => {
    const content = Buffer.concat([PDF, Buffer.from('uploaded again during the sweep')]);
    const objects = new InterleavedStore(dir);
    const sweeping = new DocumentStore({ ...store.options, objects });
    await storeRolledBack(store, input('first.pdf', content, 20));
    expect(fs.existsSync(objects.pathOf(sha(content)))).toBe(true);
    // The upload's file step only: putFile refreshes the object's time; its row comes later.
    objects.hooks.afterList = async () => {
      const again = path.join(dir, 'tmp', 'again');
      fs.writeFileSync(again, content);
      await objects.putFile(again, sha(content));
    };
    expect(await sweeping.sweep(db, new Date(Date.now() + 61 * 60_000))).toEqual({ objects: 0, temp: 0 });
    expect(fs.readFileSync(objects.pathOf(sha(content)))).toEqual(content);
    objects.hooks = {};
    await store.store(db, input('again.pdf', content, 20)); // the upload's row commits
  });

  it('when an upload of the orphan content commits its row between the sweep reading the object time and removing it, then the sweep keeps it', async () => {
    const content = Buffer.concat([PDF, Buffer.from('committed during the sweep')]);
    const objects = new InterleavedStore(dir);
    const sweeping = new DocumentStore({ ...store.options, objects });
    await storeRolledBack(store, input('first.pdf', content, 21));
    objects.hooks.afterStat = async (s) => {
      if (s === sha(content)) await store.store(db, input('again.pdf', content, 21));
    };
    expect(await sweeping.sweep(db, new Date(Date.now() + 61 * 60_000))).toEqual({ objects: 0, temp: 0 });
    expect(await t.database.rows(sql`select file_name from documents where sha256 = ${sha(content)}`)).toEqual([{ file_name: 'again.pdf' }]);
    expect(fs.readFileSync(objects.pathOf(sha(content)))).toEqual(content);
    objects.hooks = {};
  });

  it('when DOCUMENT_STORE=s3 (a fake S3 endpoint), then uploads go to documents/<sha256> in the bucket, download from it, and the sweep removes only the orphan', async () => {
    const fake = await startFakeS3();
    try {
      const s3 = createDocumentStore(
        parseEnv({
          DOCUMENT_STORE: 's3', DOCUMENTS_DIR: dir, DOCUMENT_MAX_BYTES: '4096',
          S3_ENDPOINT: fake.endpoint, S3_BUCKET: fake.bucket, S3_ACCESS_KEY_ID: fake.accessKeyId, S3_SECRET_ACCESS_KEY: 'test-secret', S3_FORCE_PATH_STYLE: 'true',
        }),
      );
      const kept = Buffer.concat([PDF, Buffer.from('on s3, kept')]);
      const lost = Buffer.concat([PDF, Buffer.from('on s3, rolled back')]);
      const v1 = await s3.store(db, input('审核报告.pdf', kept, 7));
      const v2 = await s3.store(db, input('审核报告-副本.pdf', kept, 7));
      expect([v1.version, v2.version, v1.sha256, v2.sha256]).toEqual([1, 2, sha(kept), sha(kept)]);
      expect([...fake.objects.keys()]).toEqual([`documents/${sha(kept)}`]);
      expect(fake.objects.get(`documents/${sha(kept)}`)!.body).toEqual(kept);
      const { info, stream } = await s3.open(db, v2.id);
      expect(info.fileName).toBe('审核报告-副本.pdf');
      expect(Buffer.concat(await stream.toArray())).toEqual(kept);
      // A rolled-back step leaves the object without a row; nothing is left in the local temp folder.
      await storeRolledBack(s3, input('lost.pdf', lost, 8));
      expect(await t.database.rows(sql`select id from documents where sha256 = ${sha(lost)}`)).toEqual([]);
      expect(fake.objects.has(`documents/${sha(lost)}`)).toBe(true);
      expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
      // Within the hour nothing goes; after it only the orphan, never the object rows point at.
      expect(await s3.sweep(db, new Date(Date.now() + 30 * 60_000))).toEqual({ objects: 0, temp: 0 });
      expect(await s3.sweep(db, new Date(Date.now() + 61 * 60_000))).toEqual({ objects: 1, temp: 0 });
      expect([...fake.objects.keys()]).toEqual([`documents/${sha(kept)}`]);
      expect(fake.requests.filter((r) => r.startsWith('DELETE ')).map((r) => r.split('?')[0])).toEqual([`DELETE /${fake.bucket}/documents/${sha(lost)}`]);
    } finally {
      await fake.close();
    }
  });

  it('when a file name carries a path or control characters, then only the base name is kept', () => {
    expect(cleanFileName('..\\..\\etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\u001f.pdf')).toBe('ab.pdf');
    expect(cleanFileName('/')).toBe('file');
  });

  describe('over HTTP, attached to an action plan', () => {
    let nn: Agent;
    let planId: number;
    beforeAll(async () => {
      nn = await t.login('nn_eeb');
      // The demo data's 南宁 plan is approved: start from none, so the city gets a fresh draft.
      await t.database.rows(sql`delete from documents where owner_type = 'actionPlan'`);
      await t.database.rows(sql`delete from action_plans`);
      const res = await nn.post('/api/v1/action-plans', {});
      planId = res.json().id;
    });
    const upload = (agent: Agent, name: string, content: Buffer) => {
      const { payload, headers } = multipart(name, content);
      return t.app.inject({ method: 'POST', url: `/api/v1/action-plans/${planId}/documents`, payload, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, ...headers } });
    };

    it('when 南宁 uploads a PDF, then 201 and 南宁 and the region download the same bytes; 柳州 gets 403 and the public 403', async () => {
      const res = await upload(nn, '南宁市行动计划.pdf', PDF);
      expect(res.statusCode, res.body).toBe(201);
      const doc = res.json();
      expect(doc).toMatchObject({ ownerType: 'actionPlan', ownerId: planId, version: 1, fileName: '南宁市行动计划.pdf', sizeBytes: PDF.length, sha256: sha(PDF) });
      const own = await nn.get(`/api/v1/documents/${doc.id}`);
      expect(own.statusCode).toBe(200);
      expect(own.rawPayload).toEqual(PDF);
      expect(own.headers['content-type']).toBe('application/pdf');
      expect(own.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('南宁市行动计划.pdf')}`);
      expect((await (await t.login('gx_drc')).get(`/api/v1/documents/${doc.id}`)).statusCode).toBe(200);
      const other = await (await t.login('lz_eeb')).get(`/api/v1/documents/${doc.id}`);
      expect(other.statusCode).toBe(403);
      expect(other.json().error.code).toBe('OUT_OF_SCOPE');
      expect((await (await t.login('gz_demo')).get(`/api/v1/documents/${doc.id}`)).statusCode).toBe(403);
      expect((await nn.get(`/api/v1/action-plans/${planId}`)).json().documents).toHaveLength(1);
    });

    it('when the upload is too big (DOCUMENT_MAX_BYTES 4096) or of the wrong type, then 422 with the rule, and no row', async () => {
      const big = await upload(nn, 'big.pdf', Buffer.concat([PDF, Buffer.alloc(5000, 0x20)]));
      expect(big.statusCode).toBe(422);
      expect(big.json().error.details.rule).toBe('documentTooLarge');
      const exe = await upload(nn, 'x.pdf', EXE);
      expect(exe.statusCode).toBe(422);
      expect(exe.json().error.details.rule).toBe('documentType');
      expect((await nn.get(`/api/v1/action-plans/${planId}`)).json().documents).toHaveLength(1);
    });
  });
});

describe.each(backends)('documents over HTTP with DOCUMENT_STORE=s3 on %s', (kind) => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeS3>>;
  beforeAll(async () => {
    fake = await startFakeS3();
    t = await createTestApp(kind, {
      DOCUMENT_STORE: 's3', S3_ENDPOINT: fake.endpoint, S3_BUCKET: fake.bucket, S3_ACCESS_KEY_ID: fake.accessKeyId, S3_SECRET_ACCESS_KEY: 'test-secret', S3_FORCE_PATH_STYLE: 'true',
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('when 南宁 uploads a PDF to its action plan, then the bytes are in the bucket under their SHA-256 and 南宁 downloads them back; 柳州 gets 403', async () => {
    const nn = await t.login('nn_eeb');
    await t.database.rows(sql`delete from documents where owner_type = 'actionPlan'`);
    await t.database.rows(sql`delete from action_plans`);
    const planId = (await nn.post('/api/v1/action-plans', {})).json().id as number;
    const content = Buffer.concat([PDF, Buffer.from('南宁市清洁生产行动计划')]);
    const { payload, headers } = multipart('南宁市行动计划.pdf', content);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/action-plans/${planId}/documents`, payload, headers: { cookie: nn.cookie, 'x-csrf-token': nn.csrf, ...headers } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ sha256: sha(content), sizeBytes: content.length, version: 1 });
    expect(fake.objects.get(`documents/${sha(content)}`)?.body).toEqual(content);
    const down = await nn.get(`/api/v1/documents/${res.json().id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload).toEqual(content);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect((await (await t.login('lz_eeb')).get(`/api/v1/documents/${res.json().id}`)).statusCode).toBe(403);
  });
});
