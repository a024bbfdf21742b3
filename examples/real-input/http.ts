/**
 * The example's HTTP client: logs in as a user of the console would (session cookie,
 * `x-csrf-token` on unsafe methods, `Origin` of the server) and logs in again once when the
 * session has ended (the scenario moves the server clock by months between two steps, and a
 * session ends after `SESSION_IDLE_MINUTES` of that clock). Errors carry the method, URL, HTTP
 * status and the server's answer.
 */
export class Browser {
  private cookie = '';
  private csrf = '';
  private password = '';
  constructor(
    private readonly base: string,
    readonly username: string,
  ) {}

  /** Logs in with `password` (kept for a later re-login). @throws Error with the HTTP status on failure */
  async login(password: string): Promise<void> {
    this.password = password;
    if (process.env.EXAMPLE_TRACE) process.stderr.write(`   [trace] ${this.username} login ${this.base}\n`);
    const res = await fetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: this.base },
      body: JSON.stringify({ username: this.username, password }),
    });
    if (!res.ok) throw new Error(`login ${this.username}: HTTP ${res.status} ${await res.text()}`);
    this.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  /** JSON request; `body` is sent as JSON. @returns the parsed answer @throws Error on a non-2xx status */
  async call<T>(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<T> {
    return this.send<T>(method, url, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json');
  }

  /** Uploads `bytes` as the multipart field `file` named `fileName`. @returns the parsed answer */
  async upload<T>(url: string, fileName: string, bytes: Uint8Array, mediaType: string): Promise<T> {
    return this.send<T>('POST', url, () => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: mediaType }), fileName);
      return form;
    });
  }

  private async send<T>(method: string, url: string, body: string | (() => FormData) | undefined, contentType?: string, retried = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', cookie: this.cookie };
    if (contentType) headers['content-type'] = contentType;
    if (method !== 'GET') {
      headers['x-csrf-token'] = this.csrf;
      headers.origin = this.base;
    }
    if (process.env.EXAMPLE_TRACE) process.stderr.write(`   [trace] ${this.username} ${method} ${url}\n`);
    const res = await fetch(`${this.base}${url}`, { method, headers, body: typeof body === 'function' ? body() : body });
    const text = await res.text();
    if (res.status === 401 && !retried && this.password) {
      await this.login(this.password);
      return this.send<T>(method, url, body, contentType, true);
    }
    if (!res.ok) throw new Error(`${this.username}: ${method} ${url} → HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
