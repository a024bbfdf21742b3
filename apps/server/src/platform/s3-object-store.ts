/**
 * The S3-compatible object store of the document store (issue 6 item 5: uploads "in an
 * S3-compatible store when configured"), chosen by `DOCUMENT_STORE=s3`.
 *
 * Works with any service speaking the S3 REST API (AWS S3, MinIO, Ceph RGW, and the S3-compatible
 * endpoints of the Chinese clouds): objects are `<prefix><sha256>` in one bucket (prefix
 * `documents/` by default), so the store stays content-addressed exactly like the local folder.
 * Client: `@aws-sdk/client-s3` (the official SDK), loaded on first use so a process on the local
 * store never loads it. Request and response checksums are computed only when an operation
 * requires them (`WHEN_REQUIRED`): the SDK's default since 2025 (CRC32 trailers in aws-chunked
 * uploads) is refused by many S3-compatible services.
 *
 * Errors: a missing object is AppError NOT_FOUND (as the local store); any other failure of the
 * service (unreachable, refused credentials, missing bucket) is AppError NOT_READY (HTTP 503) whose
 * message names the operation and the service's error code, never the credentials.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Env } from '../env.ts';
import type { ObjectStore } from './documents.ts';
import { AppError } from './errors.ts';

const SHA = /^[0-9a-f]{64}$/;

/** Connection settings of {@link S3ObjectStore}; secrets come from the environment only. */
export interface S3ObjectStoreOptions {
  /** Service URL, e.g. `http://127.0.0.1:9000` (MinIO); unset: AWS's endpoint for the region. */
  endpoint?: string | undefined;
  /** Region name signed into each request (`us-east-1` for most S3-compatible services). */
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`), needed by MinIO and most self-hosted services. */
  forcePathStyle: boolean;
  /** Key prefix of the objects; default `documents/`. */
  prefix?: string;
}

/** The settings of {@link S3ObjectStore} from the environment (`S3_*`, see `.env.example`). */
export function s3OptionsFromEnv(
  env: Pick<Env, 'S3_ENDPOINT' | 'S3_REGION' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'>,
): S3ObjectStoreOptions {
  if (!env.S3_BUCKET || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) {
    throw new AppError('NOT_READY', '文档存储未配置：DOCUMENT_STORE=s3 需要 S3_BUCKET、S3_ACCESS_KEY_ID 与 S3_SECRET_ACCESS_KEY');
  }
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

/** What an SDK error carries: its name (`NoSuchKey`, `NotFound`, `AccessDenied`…) and HTTP status. */
function statusOf(err: unknown): { name: string; status: number | undefined } {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return { name: e.Code ?? e.name ?? 'Error', status: e.$metadata?.httpStatusCode };
}

/** An S3-compatible {@link ObjectStore}: PutObject / GetObject / HeadObject / ListObjectsV2 / DeleteObject. */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly prefix: string;
  private client: Promise<{ s3: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | null = null;

  constructor(readonly options: S3ObjectStoreOptions) {
    this.prefix = options.prefix ?? 'documents/';
  }

  /** The object key of a SHA-256. @throws AppError VALIDATION_FAILED when `sha256` is not 64 hex digits */
  keyOf(sha256: string): string {
    if (!SHA.test(sha256)) throw new AppError('VALIDATION_FAILED', 'not a SHA-256');
    return `${this.prefix}${sha256}`;
  }

  private sdk(): Promise<{ s3: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        region: this.options.region,
        forcePathStyle: this.options.forcePathStyle,
        credentials: { accessKeyId: this.options.accessKeyId, secretAccessKey: this.options.secretAccessKey },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
      }),
    }));
    return this.client;
  }

  private unavailable(operation: string, err: unknown): AppError {
    const { name, status } = statusOf(err);
    return new AppError('NOT_READY', `文档存储（S3）暂不可用：${operation} 失败（${name}${status ? ` ${status}` : ''}）`, { operation, error: name, status });
  }

  /**
   * Uploads the checked temp file as `<prefix><sha256>`. Writing the same content again is
   * harmless (same key, same bytes) and renews the object's time, so a sweep running now keeps it;
   * the temp file is removed after the upload.
   * @throws AppError NOT_READY when the service refuses or cannot be reached
   */
  async putFile(tempFile: string, sha256: string): Promise<void> {
    const key = this.keyOf(sha256);
    const { s3, sdk } = await this.sdk();
    const size = (await fs.promises.stat(tempFile)).size;
    try {
      await s3.send(new sdk.PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: fs.createReadStream(tempFile), ContentLength: size, ContentType: 'application/octet-stream' }));
    } catch (err) {
      throw this.unavailable('PutObject', err);
    }
    await fs.promises.rm(tempFile, { force: true });
  }

  /** A stream of the object's bytes. @throws AppError NOT_FOUND when absent, NOT_READY on other failures */
  async read(sha256: string): Promise<Readable> {
    const key = this.keyOf(sha256);
    const { s3, sdk } = await this.sdk();
    try {
      const out = await s3.send(new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return out.Body as Readable;
    } catch (err) {
      const { name, status } = statusOf(err);
      if (name === 'NoSuchKey' || status === 404) throw new AppError('NOT_FOUND', '文件不存在');
      throw this.unavailable('GetObject', err);
    }
  }

  /** Whether the object exists (HeadObject). @throws AppError NOT_READY on failures other than 404 */
  async exists(sha256: string): Promise<boolean> {
    return (await this.head(sha256)) !== null;
  }

  /**
   * The object's last write time (HeadObject `Last-Modified`, whole seconds as HTTP dates give it,
   * like {@link list}), or null when absent. @throws AppError NOT_READY on failures other than 404
   */
  async mtimeOf(sha256: string): Promise<number | null> {
    const head = await this.head(sha256);
    return head === null ? null : wholeSeconds(head.LastModified ?? new Date(0));
  }

  /** HeadObject of the object, or null when absent. @throws AppError NOT_READY on failures other than 404 */
  private async head(sha256: string): Promise<import('@aws-sdk/client-s3').HeadObjectCommandOutput | null> {
    const key = this.keyOf(sha256);
    const { s3, sdk } = await this.sdk();
    try {
      return await s3.send(new sdk.HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
    } catch (err) {
      const { name, status } = statusOf(err);
      if (name === 'NotFound' || name === 'NoSuchKey' || status === 404) return null;
      throw this.unavailable('HeadObject', err);
    }
  }

  /**
   * Every object under the prefix whose name is a SHA-256, with its last write time (ms since the
   * epoch, cut to whole seconds so that it compares with {@link mtimeOf}'s HTTP date).
   */
  async list(): Promise<{ sha256: string; mtimeMs: number }[]> {
    const { s3, sdk } = await this.sdk();
    const out: { sha256: string; mtimeMs: number }[] = [];
    let token: string | undefined;
    do {
      let page: import('@aws-sdk/client-s3').ListObjectsV2CommandOutput;
      try {
        page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.prefix, ...(token ? { ContinuationToken: token } : {}) }));
      } catch (err) {
        throw this.unavailable('ListObjectsV2', err);
      }
      for (const o of page.Contents ?? []) {
        const name = o.Key?.slice(this.prefix.length) ?? '';
        if (SHA.test(name) && o.LastModified) out.push({ sha256: name, mtimeMs: wholeSeconds(o.LastModified) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /** Removes the object (DeleteObject; no error when absent). @throws AppError NOT_READY on failures */
  async remove(sha256: string): Promise<void> {
    const key = this.keyOf(sha256);
    const { s3, sdk } = await this.sdk();
    try {
      await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
    } catch (err) {
      const { name, status } = statusOf(err);
      if (name === 'NoSuchKey' || status === 404) return;
      throw this.unavailable('DeleteObject', err);
    }
  }

  /** Closes the client's connections (tests, shutdown). */
  async close(): Promise<void> {
    if (this.client) (await this.client).s3.destroy();
  }
}

/** A time in ms since the epoch, cut to the whole second (the resolution of S3's HTTP dates). */
function wholeSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000) * 1000;
}
