import type { ErrorBody } from '@cpaudit/contracts';
import { currentLanguage } from '../i18n.ts';

/** An error from the API, parsed from `{ error: { code, message, details, requestId } }`. */
export class ApiError extends Error {
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;

  constructor(init: { code: string; message: string; details?: unknown; requestId?: string | undefined; status: number }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.status = init.status;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Client-side code for a network failure (no HTTP response). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

const BASE = '/api/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// The CSRF token of the current session, taken from `Me`. Kept in memory only.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal | undefined;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  const url = `${BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = (body as { error?: Partial<ErrorBody> } | undefined)?.error;
  if (err && typeof err.code === 'string') {
    return new ApiError({
      code: err.code,
      message: typeof err.message === 'string' ? err.message : res.statusText,
      details: err.details,
      requestId: err.requestId ?? res.headers.get('x-request-id') ?? undefined,
      status: res.status,
    });
  }
  return new ApiError({
    code: res.status >= 500 ? 'INTERNAL' : `HTTP_${res.status}`,
    message: res.statusText || `HTTP ${res.status}`,
    requestId: res.headers.get('x-request-id') ?? undefined,
    status: res.status,
  });
}

/** One request to `/api/v1{path}`; resolves to the parsed JSON body (undefined for 204). */
export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLanguage() };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ code: NETWORK_ERROR, message: (e as Error).message, status: 0 });
  }
  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
