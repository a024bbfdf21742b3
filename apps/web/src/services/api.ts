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

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''…` preferred). */
function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(cd);
  return plain?.[1]?.trim() || fallback;
}

/**
 * Downloads a file from `/api/v1{path}` (xlsx exports, templates, error reports) through `fetch`, so that an
 * error comes back as an `ApiError` (not as a page of JSON), then saves it with the server's file name.
 * With `body`, the request is a `POST` of that JSON (with the CSRF token) instead of a `GET`.
 */
export async function download(path: string, query: RequestOptions['query'], fallbackName: string, body?: unknown): Promise<string> {
  let res: Response;
  // A generated document whose parameters travel in a JSON body (e.g. the narrative of a yearly summary) is a POST with the CSRF token.
  const headers: Record<string, string> = { 'accept-language': currentLanguage() };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  try {
    res = await fetch(buildUrl(path, query), {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError({ code: NETWORK_ERROR, message: (e as Error).message, status: 0 });
  }
  if (!res.ok) throw await parseError(res);
  const blob = await res.blob();
  const name = fileNameOf(res, fallbackName);
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // Give the browser a moment to start the download before the URL goes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return name;
}

/** `POST` of a multipart form (file uploads), with the CSRF token; resolves to the parsed JSON body. */
export async function upload<T>(path: string, form: FormData, query?: RequestOptions['query']): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLanguage() };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    // No content-type: the browser sets the multipart boundary.
    res = await fetch(buildUrl(path, query), { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError({ code: NETWORK_ERROR, message: (e as Error).message, status: 0 });
  }
  if (!res.ok) throw await parseError(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * {@link upload} with progress: a `POST` of a multipart form through `XMLHttpRequest` (fetch cannot
 * report upload progress), with the CSRF token. `onProgress` receives the percentage sent (0–100).
 * Resolves to the parsed JSON body; rejects with an {@link ApiError} like every other call.
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', currentLanguage());
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError({ code: NETWORK_ERROR, message: 'network error', status: 0 }));
    xhr.onload = () => {
      const headers = new Headers();
      const requestId = xhr.getResponseHeader('x-request-id');
      if (requestId) headers.set('x-request-id', requestId);
      // A Response of the body lets the one error parser read it (a null-body status cannot carry text).
      const res = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers });
      if (xhr.status < 200 || xhr.status >= 300) {
        void parseError(res).then(reject, reject);
        return;
      }
      resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
    };
    xhr.send(form);
  });
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
