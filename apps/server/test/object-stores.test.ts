/**
 * The object stores behind the document store, held to one contract: the local folder and the
 * S3-compatible store (against an in-process fake S3 endpoint, path-style). Content-addressed
 * keys, idempotent put, a missing object is NOT_FOUND, delete, list; and for S3, refused
 * credentials or an unreachable service are NOT_READY, never taken for a missing file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalObjectStore, createDocumentStore, type ObjectStore } from '../src/platform/documents.ts';
import { S3ObjectStore } from '../src/platform/s3-object-store.ts';
import { parseEnv } from '../src/env.ts';
import { startFakeS3, type FakeS3 } from './fake-s3.ts';

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

let fake: FakeS3;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-objstore-'));
beforeAll(async () => {
  // Pages of 2 keys, so listing three objects needs two ListObjectsV2 pages.
  fake = await startFakeS3({ pageSize: 2 });
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const s3Of = (over: Partial<ConstructorParameters<typeof S3ObjectStore>[0]> = {}) =>
  new S3ObjectStore({ endpoint: fake.endpoint, region: 'us-east-1', bucket: fake.bucket, accessKeyId: fake.accessKeyId, secretAccessKey: 'test-secret', forcePathStyle: true, ...over });

interface Subject {
  store: ObjectStore;
  /** Where the object of `sha256` physically is (a file path or an object key) and its bytes, or null. */
  stored(sha256: string): { where: string; bytes: string } | null;
  /** Puts a stray non-SHA entry next to the objects, which list() must ignore. */
  stray(): void;
  reset(): void;
}

const subjects: [string, () => Subject][] = [
  [
    'local folder',
    () => {
      const root = path.join(dir, 'local');
      const store = new LocalObjectStore(root);
      return {
        store,
        stored: (s) => (fs.existsSync(store.pathOf(s)) ? { where: path.relative(root, store.pathOf(s)), bytes: fs.readFileSync(store.pathOf(s), 'utf8') } : null),
        stray: () => {
          fs.mkdirSync(path.join(root, 'objects', 'ab', 'cd'), { recursive: true });
          fs.writeFileSync(path.join(root, 'objects', 'ab', 'cd', 'README.txt'), 'not an object');
        },
        reset: () => fs.rmSync(root, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3-compatible bucket',
    () => {
      const store = s3Of();
      return {
        store,
        stored: (s) => {
          const o = fake.objects.get(`documents/${s}`);
          return o ? { where: `documents/${s}`, bytes: o.body.toString('utf8') } : null;
        },
        stray: () => fake.objects.set('documents/README.txt', { body: Buffer.from('not an object'), lastModified: new Date(), etag: 'x' }),
        reset: () => fake.objects.clear(),
      };
    },
  ],
];

describe.each(subjects)('object store: %s', (_name, make) => {
  let subject: Subject;
  let store: ObjectStore;
  beforeAll(() => {
    subject = make();
    store = subject.store;
  });
  const temp = (content: string) => {
    const f = path.join(dir, `tmp-${crypto.randomUUID()}`);
    fs.writeFileSync(f, content);
    return f;
  };
  beforeEach(() => subject.reset());

  it('when a file is put, then it is kept under its SHA-256 with the same bytes, and the temp file is gone', async () => {
    const content = '清洁生产审核报告 v1';
    const f = temp(content);
    await store.putFile(f, sha(content));
    const where = subject.stored(sha(content));
    expect(where?.bytes).toBe(content);
    expect(where?.where).toBe(store.kind === 'local' ? path.join('objects', sha(content).slice(0, 2), sha(content).slice(2, 4), sha(content)) : `documents/${sha(content)}`);
    expect(fs.existsSync(f)).toBe(false);
    expect(await store.exists(sha(content))).toBe(true);
    expect(await text(await store.read(sha(content)))).toBe(content);
  });

  it('when the same content is put twice, then one object, unchanged bytes, and a renewed time', async () => {
    const content = 'same bytes';
    await store.putFile(temp(content), sha(content));
    const first = (await store.list()).find((o) => o.sha256 === sha(content))!.mtimeMs;
    const f2 = temp(content);
    await store.putFile(f2, sha(content));
    const listed = await store.list();
    expect(listed.map((o) => o.sha256)).toEqual([sha(content)]);
    expect(listed[0]!.mtimeMs).toBeGreaterThanOrEqual(first);
    expect(subject.stored(sha(content))?.bytes).toBe(content);
    expect(fs.existsSync(f2)).toBe(false);
  });

  it('when an object is there, then mtimeOf gives the time list gives; when absent, null', async () => {
    const content = 'timed';
    await store.putFile(temp(content), sha(content));
    const listed = (await store.list()).find((o) => o.sha256 === sha(content))!.mtimeMs;
    expect(await store.mtimeOf(sha(content))).toBe(listed);
    expect(await store.mtimeOf(sha('never stored'))).toBeNull();
  });

  it('when an object is missing, then read is NOT_FOUND and exists is false', async () => {
    const missing = sha('never stored');
    await expect(store.read(missing)).rejects.toMatchObject({ code: 'NOT_FOUND', message: '文件不存在' });
    expect(await store.exists(missing)).toBe(false);
  });

  it('when an object is removed, then it is gone, and removing it again is no error', async () => {
    const content = 'to delete';
    await store.putFile(temp(content), sha(content));
    await store.remove(sha(content));
    expect(subject.stored(sha(content))).toBeNull();
    expect(await store.exists(sha(content))).toBe(false);
    await expect(store.read(sha(content))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.remove(sha(content))).resolves.toBeUndefined();
  });

  it('when three objects and a stray file are there, then list gives the three SHA-256 names only', async () => {
    for (const c of ['a', 'b', 'c']) await store.putFile(temp(c), sha(c));
    subject.stray();
    const listed = await store.list();
    expect(listed.map((o) => o.sha256).sort()).toEqual([sha('a'), sha('b'), sha('c')].sort());
    expect(listed.every((o) => Math.abs(o.mtimeMs - Date.now()) < 3600_000)).toBe(true);
  });

  it('when a key is not a SHA-256 (a path), then VALIDATION_FAILED and nothing is read', async () => {
    await expect(store.read('../../etc/passwd')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(store.putFile(temp('x'), 'ABC')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('S3-compatible store specifics', () => {
  it('when the store lists three objects with pages of two keys, then it follows the continuation token (two ListObjectsV2 requests)', async () => {
    fake.objects.clear();
    const store = s3Of();
    for (const c of ['p1', 'p2', 'p3']) {
      const f = path.join(dir, `tmp-${c}`);
      fs.writeFileSync(f, c);
      await store.putFile(f, sha(c));
    }
    const before = fake.requests.length;
    expect((await store.list()).length).toBe(3);
    const lists = fake.requests.slice(before).filter((r) => /^GET \/cpaudit-test\/?\?/.test(r) && r.includes('list-type=2'));
    expect(lists).toHaveLength(2);
    expect(lists[1]).toContain(`continuation-token=${encodeURIComponent(`documents/${[sha('p1'), sha('p2'), sha('p3')].sort()[1]}`)}`);
  });

  it('when the access key is refused, then NOT_READY naming AccessDenied (not NOT_FOUND), and the secret is not in the message', async () => {
    const store = s3Of({ accessKeyId: 'WRONGKEY', secretAccessKey: 'very-secret-value' });
    const err = (await store.read(sha('x')).catch((e: unknown) => e)) as { code: string; message: string; details: unknown };
    expect(err).toMatchObject({ code: 'NOT_READY', details: { operation: 'GetObject', error: 'AccessDenied', status: 403 } });
    expect(err.message).toContain('AccessDenied');
    expect(JSON.stringify(err.details) + err.message).not.toContain('very-secret-value');
    await expect(store.exists(sha('x'))).rejects.toMatchObject({ code: 'NOT_READY' });
  });

  it('when the bucket does not exist, then put is NOT_READY (NoSuchBucket)', async () => {
    const store = s3Of({ bucket: 'no-such-bucket' });
    const f = path.join(dir, 'tmp-nb');
    fs.writeFileSync(f, 'x');
    await expect(store.putFile(f, sha('x'))).rejects.toMatchObject({ code: 'NOT_READY', details: { operation: 'PutObject', error: 'NoSuchBucket' } });
  });

  it('when DOCUMENT_STORE=s3 is configured, then createDocumentStore uses the bucket; without it, the local folder', () => {
    const env = parseEnv({
      DOCUMENT_STORE: 's3',
      DOCUMENTS_DIR: dir,
      S3_ENDPOINT: fake.endpoint,
      S3_BUCKET: fake.bucket,
      S3_ACCESS_KEY_ID: fake.accessKeyId,
      S3_SECRET_ACCESS_KEY: 'test-secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    const store = createDocumentStore(env).options.objects;
    expect(store).toBeInstanceOf(S3ObjectStore);
    expect((store as S3ObjectStore).options).toMatchObject({ endpoint: fake.endpoint, region: 'us-east-1', bucket: 'cpaudit-test', forcePathStyle: true });
    expect(createDocumentStore(parseEnv({ DOCUMENTS_DIR: dir })).options.objects).toBeInstanceOf(LocalObjectStore);
  });
});

describe('local store specifics', () => {
  it('when the sweep removes the existing object between the put seeing it and renewing its time, then the put stores the new copy instead of failing', async () => {
    const root = path.join(dir, `local-race-${crypto.randomUUID()}`);
    const store = new LocalObjectStore(root);
    const content = '同一份审核报告';
    const first = path.join(dir, `tmp-${crypto.randomUUID()}`);
    fs.writeFileSync(first, content);
    await store.putFile(first, sha(content));
    const target = store.pathOf(sha(content));
    const second = path.join(dir, `tmp-${crypto.randomUUID()}`);
    fs.writeFileSync(second, content);
    // The sweep's removal, played right before the put renews the object's time.
    const utimes = fs.promises.utimes;
    let swept = false;
    const spy = vi.spyOn(fs.promises, 'utimes').mockImplementation(async (p, a, m) => {
      if (!swept && String(p) === target) {
        swept = true;
        await store.remove(sha(content));
      }
      return utimes(p, a, m);
    });
    try {
      await store.putFile(second, sha(content));
    } finally {
      spy.mockRestore();
    }
    expect(swept).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe(content);
    expect(fs.existsSync(second)).toBe(false);
  });
});
