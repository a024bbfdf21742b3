/**
 * `/api/v1/imports/*`: templates, upload (runs as a job; the console polls it), job status,
 * history and the row-error report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { IdParamSchema, ImportJobSchema, Permission, importKinds, type ImportError, type ImportJob, type ImportKind } from '@cpaudit/contracts';
import { isRegionWide, scopeFilterOf } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { buildTemplate } from '../../imports/templates.ts';
import { writeErrorReport } from '../../imports/safe-export.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { requireActor } from '../../platform/auth.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { sendXlsx } from '../../platform/downloads.ts';
import { AppError } from '../../platform/errors.ts';
import { importFile } from './import-file.ts';

const UPLOAD_DIR_PREFIX = 'cpaudit-upload-';

/** Removes upload folders older than an hour that a stopped process left in the temp folder. */
export function sweepUploadDirs(now: Date): void {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith(UPLOAD_DIR_PREFIX)) continue;
    const full = path.join(tmp, name);
    try {
      if (now.getTime() - fs.statSync(full).mtimeMs > 3600_000) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** Largest upload accepted (bytes). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const KIND_ZH: Record<ImportKind, string> = { enterprises: '企业与排污许可', exceedances: '超标记录', quotas: '总量控制', hazardous: '有毒有害物质', energy: '单位产品能耗' };

/** Progress of a running job: rows read, share of the file read (0–1) and phase. */
type JobProgress = Pick<ImportJob, 'rowsRead' | 'fractionRead' | 'phase'>;

/**
 * Jobs running in this instance: progress so far and who started them. A poll of a running job
 * is answered from here, so it does not wait for the database (PGlite serialises queries while
 * the import's transaction is open).
 */
const progress = new Map<number, JobProgress>();
const noProgress: JobProgress = { rowsRead: 0, fractionRead: 0, phase: 'reading' };
const runningJobs = new Map<number, { userId: number; job: ImportJob }>();

const Kind = z.object({ kind: z.enum(importKinds) });
const Id = IdParamSchema;
const boolish = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');

export async function registerImportRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database;

  const visible = (actor: ReturnType<typeof requireActor>) =>
    isRegionWide(scopeFilterOf(actor)) ? sql`true` : sql`i.user_id = ${actor.userId}`;

  async function loadJob(id: number, actor: ReturnType<typeof requireActor>): Promise<ImportJob> {
    const running = runningJobs.get(id);
    if (running && (running.userId === actor.userId || isRegionWide(scopeFilterOf(actor)))) {
      return { ...running.job, ...(progress.get(id) ?? noProgress) };
    }
    const [row] = await db.rows<Record<string, unknown>>(sql`
      select i.*, u.display_name as user_name from imports i left join users u on u.id = i.user_id where i.id = ${id} and ${visible(actor)}`);
    if (!row) throw new AppError('NOT_FOUND', '导入记录不存在');
    return presentJob(row);
  }

  function presentJob(row: Record<string, unknown>): ImportJob {
    const status = row.status as ImportJob['status'];
    const done = status !== 'running';
    const errors = (row.errors as ImportError[] | null) ?? [];
    return {
      id: row.id as number,
      kind: row.kind as ImportKind,
      fileName: row.file_name as string,
      status,
      ...(done ? { rowsRead: row.rows as number } : (progress.get(row.id as number) ?? noProgress)),
      dryRun: row.dry_run as boolean,
      startedAt: toIsoCst(new Date(row.started_at as string)),
      finishedAt: row.finished_at ? toIsoCst(new Date(row.finished_at as string)) : null,
      userName: (row.user_name as string | null) ?? null,
      result:
        done && status !== 'failed'
          ? {
              kind: row.kind as ImportKind,
              file: row.file_name as string,
              rows: row.rows as number,
              inserted: row.inserted as number,
              updated: row.updated as number,
              unchanged: row.unchanged as number,
              rejected: row.rejected as number,
              errors,
            }
          : null,
      message: status === 'failed' ? (errors[0]?.message ?? '导入失败') : null,
    };
  }

  r.get(
    '/api/v1/imports/templates/:kind',
    { config: { access: { permission: Permission.enterpriseImport } }, schema: { tags: ['imports'], summary: '下载导入模板 Template (xlsx)', params: Kind } },
    async (request, reply) => {
      const buf = await buildTemplate(request.params.kind);
      const name = `${KIND_ZH[request.params.kind]}导入模板.xlsx`;
      return sendXlsx(reply, buf, `${request.params.kind}-template.xlsx`, name);
    },
  );

  r.post(
    '/api/v1/imports/:kind',
    {
      config: { access: { permission: Permission.enterpriseImport } },
      schema: {
        tags: ['imports'],
        summary: '上传导入文件 Upload (multipart field `file`); runs as a job',
        params: Kind,
        querystring: z.object({ dryRun: boolish, skipInvalid: boolish }),
        response: { 202: ImportJobSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const s = request.session!;
      if (!request.isMultipart()) throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传文件（字段名 file）');
      const part = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
      if (!part || part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', '没有收到文件（表单字段名应为 file）');
      const original = path.basename(part.filename || 'upload').slice(0, 200);
      const ext = path.extname(original).toLowerCase();
      if (ext !== '.xlsx' && ext !== '.csv') throw new AppError('VALIDATION_FAILED', '只接受 .xlsx 或 .csv 文件');
      // Server-made name in a private temp folder (ASVS 5.3.2); removed when the job ends.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), UPLOAD_DIR_PREFIX));
      const tmp = path.join(dir, `${crypto.randomUUID()}${ext}`);
      try {
        await pipeline(part.file, fs.createWriteStream(tmp, { mode: 0o600 }));
      } catch (err) {
        // An upload the client abandons leaves nothing behind.
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      if (part.file.truncated) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw new AppError('VALIDATION_FAILED', `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB 上限`);
      }
      const scope = scopeFilterOf(actor);
      if (scope.kind !== 'all' && scope.kind !== 'divisionPrefix') {
        fs.rmSync(dir, { recursive: true, force: true });
        throw new AppError('FORBIDDEN');
      }
      const { dryRun, skipInvalid } = request.query;
      const started = new Promise<number>((resolve, reject) => {
        let jobId: number | null = null;
        importFile({
          database: db,
          kind: request.params.kind,
          file: tmp,
          fileName: original,
          dryRun,
          skipInvalid,
          userId: actor.userId,
          orgId: actor.orgId,
          now: deps.clock.now(),
          ...(scope.kind === 'divisionPrefix' ? { scopePrefix: scope.prefix } : {}),
          onStarted: (id) => {
            jobId = id;
            progress.set(id, noProgress);
            runningJobs.set(id, {
              userId: actor.userId,
              job: {
                id,
                kind: request.params.kind,
                fileName: original,
                status: 'running',
                ...noProgress,
                dryRun,
                startedAt: toIsoCst(deps.clock.now()),
                finishedAt: null,
                userName: s.user.displayName,
                result: null,
                message: null,
              },
            });
            resolve(id);
          },
          onProgress: (rowsRead, fractionRead) => {
            if (jobId !== null) progress.set(jobId, { rowsRead, fractionRead, phase: 'reading' });
          },
          onWriting: () => {
            if (jobId !== null) progress.set(jobId, { ...(progress.get(jobId) ?? noProgress), fractionRead: 1, phase: 'writing' });
          },
        })
          .then(async (result) => {
            await writeAuditLog(db.db, {
              at: deps.clock.now(),
              action: Permission.enterpriseImport,
              result: result.rejected > 0 || result.errors.length > 0 ? 'failure' : 'success',
              actorUserId: actor.userId,
              actorUsername: s.user.username,
              orgId: s.org.id,
              orgName: s.org.name,
              objectType: 'import',
              objectId: result.importId,
              ip: request.ip,
              requestId: String(request.id),
              details: { kind: request.params.kind, file: original, dryRun, skipInvalid, rows: result.rows, inserted: result.inserted, updated: result.updated, rejected: result.rejected },
            });
            if (result.importId !== null) {
              progress.delete(result.importId);
              runningJobs.delete(result.importId);
            }
          })
          .catch((err: unknown) => {
            if (jobId !== null) {
              progress.delete(jobId);
              runningJobs.delete(jobId);
            }
            request.log.error({ err }, 'import job failed');
            reject(err instanceof Error ? err : new Error(String(err)));
          })
          .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
      });
      const id = await started;
      return reply.status(202).send(await loadJob(id, actor));
    },
  );

  r.get(
    '/api/v1/imports',
    { config: { access: { permission: Permission.enterpriseImport } }, schema: { tags: ['imports'], summary: '导入记录 Import history', response: { 200: z.array(ImportJobSchema) } } },
    async (request) => {
      const actor = requireActor(request);
      const rows = await db.rows<Record<string, unknown>>(sql`
        select i.*, u.display_name as user_name from imports i left join users u on u.id = i.user_id where ${visible(actor)} order by i.id desc limit 100`);
      return rows.map(presentJob);
    },
  );

  r.get(
    '/api/v1/imports/:id',
    { config: { access: { permission: Permission.enterpriseImport } }, schema: { tags: ['imports'], summary: '导入任务 Import job', params: Id, response: { 200: ImportJobSchema } } },
    async (request) => loadJob(request.params.id, requireActor(request)),
  );

  r.get(
    '/api/v1/imports/:id/errors.xlsx',
    { config: { access: { permission: Permission.enterpriseImport } }, schema: { tags: ['imports'], summary: '错误报告 Row-error report (xlsx)', params: Id } },
    async (request, reply) => {
      const job = await loadJob(request.params.id, requireActor(request));
      const [row] = await db.rows<{ errors: { row: number; column: string; value: string; message: string }[] }>(sql`select errors from imports where id = ${job.id}`);
      const buf = await writeErrorReport(row?.errors ?? []);
      return sendXlsx(reply, buf, `import-${job.id}-errors.xlsx`, `导入错误报告-${job.id}.xlsx`);
    },
  );
}
