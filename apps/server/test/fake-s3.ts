/**
 * A small in-process S3 endpoint for tests: one bucket, path-style addressing
 * (`/<bucket>/<key>`), PutObject, GetObject, HeadObject, DeleteObject and ListObjectsV2 (with
 * pages of `pageSize` keys), objects kept in memory. Requests must carry a SigV4 Authorization
 * header with the expected access key id (else 403 AccessDenied); the signature itself is not
 * checked. aws-chunked uploads are refused (400), so a client that sends them is noticed.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored object. */
export interface FakeObject {
  body: Buffer;
  lastModified: Date;
  etag: string;
}

/** A running fake; `objects` is keyed by object key, `requests` lists `METHOD path?query`. */
export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  objects: Map<string, FakeObject>;
  requests: string[];
  close(): Promise<void>;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xmlError(res: http.ServerResponse, status: number, code: string, method: string): void {
  res.statusCode = status;
  if (method === 'HEAD') {
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/xml');
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
}

/** Starts the fake on 127.0.0.1 (a free port). */
export async function startFakeS3(opts: { bucket?: string; accessKeyId?: string; pageSize?: number } = {}): Promise<FakeS3> {
  const bucket = opts.bucket ?? 'cpaudit-test';
  const accessKeyId = opts.accessKeyId ?? 'TESTACCESSKEY';
  const pageSize = opts.pageSize ?? 1000;
  const objects = new Map<string, FakeObject>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      requests.push(`${method} ${url.pathname}${url.search}`);
      const auth = String(req.headers.authorization ?? '');
      if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`)) return xmlError(res, 403, 'AccessDenied', method);
      const [, b, ...rest] = url.pathname.split('/');
      if (b !== bucket) return xmlError(res, 404, 'NoSuchBucket', method);
      const key = decodeURIComponent(rest.join('/'));
      if (key === '') {
        if (method !== 'GET' || url.searchParams.get('list-type') !== '2') return xmlError(res, 400, 'NotImplemented', method);
        const prefix = url.searchParams.get('prefix') ?? '';
        const after = url.searchParams.get('continuation-token') ?? '';
        const max = Math.min(pageSize, Number(url.searchParams.get('max-keys') ?? 1000));
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
        const page = keys.slice(0, max);
        const truncated = keys.length > page.length;
        const contents = page
          .map((k) => {
            const o = objects.get(k)!;
            return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join('');
        res.setHeader('content-type', 'application/xml');
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${truncated ? `<NextContinuationToken>${xmlEscape(page[page.length - 1]!)}</NextContinuationToken>` : ''}</ListBucketResult>`,
        );
        return;
      }
      if (method === 'PUT') {
        const encoding = String(req.headers['content-encoding'] ?? '');
        const sha = String(req.headers['x-amz-content-sha256'] ?? '');
        if (encoding.includes('aws-chunked') || sha.startsWith('STREAMING-')) return xmlError(res, 400, 'AwsChunkedNotSupported', method);
        const body = Buffer.concat(chunks);
        const etag = crypto.createHash('md5').update(body).digest('hex');
        objects.set(key, { body, lastModified: new Date(), etag });
        res.setHeader('etag', `"${etag}"`);
        res.end();
        return;
      }
      if (method === 'DELETE') {
        objects.delete(key);
        res.statusCode = 204;
        res.end();
        return;
      }
      if (method === 'GET' || method === 'HEAD') {
        const o = objects.get(key);
        if (!o) return xmlError(res, 404, 'NoSuchKey', method);
        res.setHeader('content-length', String(o.body.length));
        res.setHeader('content-type', 'application/octet-stream');
        res.setHeader('etag', `"${o.etag}"`);
        res.setHeader('last-modified', o.lastModified.toUTCString());
        res.end(method === 'HEAD' ? undefined : o.body);
        return;
      }
      return xmlError(res, 405, 'MethodNotAllowed', method);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
