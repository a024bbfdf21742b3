/**
 * One error type for the server, one code-to-status table (in `@cpaudit/contracts`), one handler.
 * Wire format: `{ "error": { "code", "message", "details"?, "requestId" } }`.
 */
import { ErrorCode, errorHttpStatus, type ErrorBody } from '@cpaudit/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** Messages a person understands, in Chinese (the console's first language). */
const defaultMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '提交的数据不符合要求，请检查标出的字段',
  UNAUTHENTICATED: '请先登录',
  SESSION_EXPIRED: '会话已超时，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码错误，或账号已被临时锁定，请稍后再试',
  PASSWORD_POLICY: '新密码不符合密码策略',
  FORBIDDEN: '您没有执行此操作的权限',
  OUT_OF_SCOPE: '该记录不在您的管辖范围内',
  PASSWORD_CHANGE_REQUIRED: '请先修改初始密码',
  CSRF_FAILED: '请求校验失败，请刷新页面后重试',
  NOT_FOUND: '记录不存在',
  CONFLICT: '数据已被修改或已存在，请刷新后重试',
  INVALID_STATE_TRANSITION: '当前状态下不能执行此操作',
  RULE_VIOLATION: '不符合业务规则',
  IMPORT_FAILED: '导入失败，文件中有错误，未导入任何数据',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  NOT_READY: '系统暂不可用：数据库未就绪',
  INTERNAL: '系统内部错误，请将请求编号告知管理员',
};

/**
 * An expected failure with a code from {@link ErrorCode}. `message` is shown to the user;
 * `details` must contain nothing secret.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? defaultMessages[code]);
    this.name = 'AppError';
  }

  get status(): number {
    return errorHttpStatus[this.code];
  }
}

/** Builds the error body of the wire format. */
export function errorBody(code: ErrorCode, message: string, requestId: string, details?: unknown): { error: ErrorBody } {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId } };
}

/**
 * Installs the one error handler and the 404 handler. zod validation errors become
 * VALIDATION_FAILED with per-field details; rate-limit errors RATE_LIMITED; anything else
 * INTERNAL, logged with the request id and never sent to the client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    const requestId = String(request.id);
    if (err instanceof AppError) {
      if (err.code === 'RATE_LIMITED') reply.header('retry-after', '60');
      return reply.status(err.status).send(errorBody(err.code, err.message, requestId, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        field: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message,
      }));
      return reply.status(400).send(errorBody('VALIDATION_FAILED', defaultMessages.VALIDATION_FAILED, requestId, details));
    }
    const fe = err as FastifyError;
    if (fe.statusCode === 429) {
      return reply.status(429).send(errorBody('RATE_LIMITED', defaultMessages.RATE_LIMITED, requestId));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Framework-level refusals (malformed JSON, body too large, unsupported media type, a
      // static path refused): the client's fault, described without internals.
      const byStatus: Record<number, [ErrorCode, string]> = {
        403: ['FORBIDDEN', '禁止访问该路径'],
        404: ['NOT_FOUND', '资源不存在'],
        405: ['NOT_FOUND', '不支持该请求方法'],
        413: ['VALIDATION_FAILED', '请求体过大'],
        415: ['VALIDATION_FAILED', '不支持的请求内容类型，请使用 application/json'],
      };
      const [code, message] = byStatus[fe.statusCode] ?? ['VALIDATION_FAILED', `请求格式错误：${fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.message.includes('JSON') ? '请求体不是有效的 JSON' : fe.message}`];
      return reply.status(fe.statusCode).send(errorBody(code, message, requestId));
    }
    request.log.error({ err, requestId }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', defaultMessages.INTERNAL, requestId));
  });
}

export { defaultMessages as errorMessages };

/** Whether a database error (raw driver error, or wrapped by Drizzle in `cause`) is a unique-index violation (SQLSTATE 23505). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code ?? (e as { cause?: { code?: string } } | null)?.cause?.code;
  return code === '23505';
}
