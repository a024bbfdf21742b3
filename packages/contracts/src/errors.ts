/**
 * Error codes shared by the server and the web console.
 *
 * The wire format of every error response is
 * `{ "error": { "code": ErrorCode, "message": string, "details"?: unknown, "requestId": string } }`
 * with the HTTP status given by {@link errorHttpStatus}. The web client switches on `code`,
 * never on the message text.
 */
export const ErrorCode = {
  /** The request body, query or parameters do not match the schema; `details` lists each field. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** No session, or the session cookie is unknown. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The session ended: idle for longer than the idle timeout or past its absolute lifetime. */
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  /** Wrong user name or password, or a locked account: one code and one message for both (no enumeration). */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** The new password breaks the password policy; `details.rules` names the rules broken. */
  PASSWORD_POLICY: 'PASSWORD_POLICY',
  /** The user's role lacks the permission for this action. */
  FORBIDDEN: 'FORBIDDEN',
  /** The user has the permission, but the record lies outside the user's administrative area or organisation. */
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
  /**
   * The session's password was set by the administrator and must be changed first: only
   * `GET /auth/me`, `POST /auth/password` and `POST /auth/logout` are answered (403).
   */
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  /** A state-changing request without a valid CSRF token or from a foreign origin. */
  CSRF_FAILED: 'CSRF_FAILED',
  /** The record does not exist (or is not visible to this user). */
  NOT_FOUND: 'NOT_FOUND',
  /** The change conflicts with the current data: duplicate key, stale version. */
  CONFLICT: 'CONFLICT',
  /** The workflow action is not allowed in the record's current state. */
  INVALID_STATE_TRANSITION: 'INVALID_STATE_TRANSITION',
  /** A business rule forbids the change; `details` names the rule. */
  RULE_VIOLATION: 'RULE_VIOLATION',
  /** An import file was rejected; `details.errors` lists `{ file, row, column, message }`. */
  IMPORT_FAILED: 'IMPORT_FAILED',
  /** Too many requests; retry after the `Retry-After` header. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The database is not reachable or its migrations are not current. */
  NOT_READY: 'NOT_READY',
  /** Anything unexpected. Logged with the request id; its cause is never sent to the client. */
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one code-to-HTTP-status table. */
export const errorHttpStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  PASSWORD_POLICY: 400,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE_TRANSITION: 409,
  RULE_VIOLATION: 422,
  IMPORT_FAILED: 422,
  RATE_LIMITED: 429,
  NOT_READY: 503,
  INTERNAL: 500,
};

/** Shape of `error` in an error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
  requestId: string;
}
