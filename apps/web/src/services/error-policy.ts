/**
 * The one error policy of the console (cf. Ant Design Pro's requestErrorConfig):
 * - 401 UNAUTHENTICATED / SESSION_EXPIRED → clear the session and go back to the login page, with a message;
 * - 403 FORBIDDEN / OUT_OF_SCOPE → the server's message;
 * - 403 PASSWORD_CHANGE_REQUIRED → nothing here: `RequireAuth` sends the user to the password page;
 * - anything else → the server's message with its request id (for support).
 * React Query calls `handleApiError` for every failed query and mutation. A query or mutation with
 * `meta: { errorPolicy: 'inline' }` shows its own errors (forms); only the session codes are still handled here.
 */
import type { ErrorCode as ErrorCodeType } from '@cpaudit/contracts';
import i18n from '../i18n.ts';
import { isApiError, NETWORK_ERROR, type ApiError } from './api.ts';

// Literal codes (type-checked against the contracts) rather than a runtime import of
// `@cpaudit/contracts`, whose index would pull zod into the bundle.
const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  FORBIDDEN: 'FORBIDDEN',
  OUT_OF_SCOPE: 'OUT_OF_SCOPE',
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
} as const satisfies Record<string, ErrorCodeType>;

export interface ErrorPolicyHooks {
  notifyError(text: string, key?: string): void;
  notifyWarning(text: string, key?: string): void;
  /** Drop the cached session and data, and navigate to the login page. */
  signOut(): void;
}

export type ErrorPolicyMode = 'global' | 'inline';

let hooks: ErrorPolicyHooks | null = null;
let hadSession = false;

export function installErrorPolicy(h: ErrorPolicyHooks): () => void {
  hooks = h;
  return () => {
    if (hooks === h) hooks = null;
  };
}

/** Called when a session is established (login or a successful `/auth/me`). */
export function markSignedIn(): void {
  hadSession = true;
}

export function markSignedOut(): void {
  hadSession = false;
}

export function isSessionError(e: unknown): e is ApiError {
  return isApiError(e) && (e.code === ErrorCode.UNAUTHENTICATED || e.code === ErrorCode.SESSION_EXPIRED);
}

/** The user-facing text of an error: the server's message, plus its request id where useful. */
export function describeError(e: unknown): string {
  const t = i18n.t.bind(i18n);
  if (!isApiError(e)) return e instanceof Error ? e.message : String(e);
  if (e.code === NETWORK_ERROR) return t('errors.network');
  if (e.code === ErrorCode.SESSION_EXPIRED) return t('errors.sessionExpired');
  if (e.code === ErrorCode.FORBIDDEN) return e.message || t('errors.forbidden');
  if (e.code === ErrorCode.OUT_OF_SCOPE) return e.message || t('errors.outOfScope');
  const message = e.message || t('errors.loadFailed');
  return e.requestId ? t('errors.withRequestId', { message, requestId: e.requestId }) : message;
}

export function handleApiError(e: unknown, mode: ErrorPolicyMode = 'global'): void {
  if (!hooks) return;
  if (isSessionError(e)) {
    if (e.code === ErrorCode.SESSION_EXPIRED) hooks.notifyWarning(i18n.t('errors.sessionExpired'), 'session');
    else if (hadSession) hooks.notifyWarning(i18n.t('errors.unauthenticated'), 'session');
    hadSession = false;
    hooks.signOut();
    return;
  }
  if (mode === 'inline') return;
  // Queries fired before the redirect to the password page (layout, preloads): the page explains.
  if (isApiError(e) && e.code === ErrorCode.PASSWORD_CHANGE_REQUIRED) return;
  if (isApiError(e) && (e.code === ErrorCode.FORBIDDEN || e.code === ErrorCode.OUT_OF_SCOPE)) {
    hooks.notifyError(describeError(e), e.code);
    return;
  }
  hooks.notifyError(describeError(e));
}
