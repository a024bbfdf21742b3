/**
 * The only reader of `process.env`. Parses the environment once with zod; on any problem
 * it reports every invalid variable at once and the process exits (see {@link loadEnv}).
 * Each variable is documented in `.env.example` at the repository root.
 */
import path from 'node:path';
import { z } from 'zod';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** PostgreSQL connection string. Unset: embedded PGlite under PGLITE_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Folder of the embedded PGlite database (used only when DATABASE_URL is unset). */
  PGLITE_DIR: z.string().min(1).default('./data/pglite'),
  /** Maximum connections of the PostgreSQL pool per instance. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to bind; 0.0.0.0 behind a reverse proxy or in a container. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Log level of the pino logger. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Minutes of inactivity after which a session ends (GB/T 22239-2019 §8.1.4.1 c). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Absolute lifetime of a session in hours, whatever the activity. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(8),
  /** Consecutive failed logins that lock an account. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(20).default(5),
  /** Minutes an account stays locked. */
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Login attempts allowed per IP address per minute (rate limit, on top of the account lock). */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Requests per IP per minute to the public portal and open data routes (no login). */
  PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(300),
  /** Send the session cookie with the Secure flag (set true behind HTTPS). */
  COOKIE_SECURE: boolish.default(false),
  /** Trust X-Forwarded-For from a reverse proxy (for the client IP in the audit log). */
  TRUST_PROXY: boolish.default(false),
  /** Log one line per request (otherwise only warnings and errors of requests are logged). */
  LOG_REQUESTS: boolish.default(false),
  /** Folder of the document store (uploads, stored under their SHA-256) when DOCUMENT_STORE=local. */
  DOCUMENTS_DIR: z.string().min(1).default('./data/documents'),
  /** Where uploads live: `local` (DOCUMENTS_DIR) or `s3` (an S3-compatible store, the `S3_*` variables). */
  DOCUMENT_STORE: z.enum(['local', 's3']).default('local'),
  /** S3-compatible service URL (e.g. `http://127.0.0.1:9000` for MinIO); unset: AWS S3 of S3_REGION. */
  S3_ENDPOINT: z.string().url().regex(/^https?:\/\//, 'must start with http:// or https://').optional(),
  /** Region signed into S3 requests (`us-east-1` suits most S3-compatible services). */
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Bucket of the uploads (objects `documents/<sha256>`); required with DOCUMENT_STORE=s3. */
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3-63 of a-z 0-9 . -)').optional(),
  /** Access key of the S3 account; required with DOCUMENT_STORE=s3 (environment only, never committed). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Secret key of the S3 account; required with DOCUMENT_STORE=s3 (environment only, never committed). */
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addressing (`<endpoint>/<bucket>/<key>`): true for MinIO and most self-hosted services. */
  S3_FORCE_PATH_STYLE: boolish.default(false),
  /** Largest upload accepted by the document store, in bytes (default 20 MiB). */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(20 * 1024 * 1024),
  /** Default period of the cities' action plans, `YYYY-YYYY` (the Guangxi plan: 2021–2023). */
  ACTION_PLAN_PERIOD: z
    .string()
    .regex(/^\d{4}-\d{4}$/, 'must be YYYY-YYYY')
    .refine((v) => Number(v.slice(0, 4)) <= Number(v.slice(5)), 'start year after end year')
    .default('2021-2023'),
  /** Days before a yearly report's due date from which the city is reminded (when the region set none). */
  REPORT_REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  /** Days after a missed audit deadline before the overdue job escalates it to the region (issue 6 item 4). */
  OVERDUE_ESCALATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Seconds between runs of the notification outbox dispatcher in `serve`. */
  OUTBOX_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** SMTP server host for e-mail notifications; unset: e-mails are written as log lines. */
  SMTP_HOST: z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address').optional(),
  /** SMTP port; default 465 when SMTP_SECURE, else 587. */
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** TLS from the first byte (SMTPS, port 465); false: plain connection upgraded with STARTTLS when offered. */
  SMTP_SECURE: boolish.default(false),
  /** SMTP login user; unset: no authentication. */
  SMTP_USER: z.string().min(1).optional(),
  /** SMTP login password (environment only, never committed); required with SMTP_USER. */
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** Sender address of notification e-mails. */
  SMTP_FROM: z.string().regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an e-mail address, optionally as "Name <address>"').default('cpaudit@localhost'),
  /** Per-step document checklist override, JSON `{ "<action>": { "required": [...], "optional": [...] } }`. */
  AUDIT_DOCUMENT_CHECKLIST: z.string().optional(),
  /** Enterprise account registrations per IP per hour (public route). */
  REGISTRATION_RATE_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Folder of the built web console; served at `/`. */
  WEB_DIST_DIR: z.string().min(1).default('apps/web/dist'),
}).superRefine((env, ctx) => {
  // Variables that only make sense together: reported at the missing variable's name.
  if (env.DOCUMENT_STORE === 's3') {
    for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when DOCUMENT_STORE=s3' });
    }
  }
  if (env.SMTP_USER && !env.SMTP_PASSWORD) ctx.addIssue({ code: 'custom', path: ['SMTP_PASSWORD'], message: 'required when SMTP_USER is set' });
  if (env.SMTP_PASSWORD && !env.SMTP_USER) ctx.addIssue({ code: 'custom', path: ['SMTP_USER'], message: 'required when SMTP_PASSWORD is set' });
  if (!env.SMTP_HOST) {
    for (const key of ['SMTP_PORT', 'SMTP_USER'] as const) {
      if (env[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'set SMTP_HOST too (without it e-mails are only logged)' });
    }
  }
  // Run even when another variable is invalid, so one error lists every problem.
}, { when: () => true });

export type Env = z.infer<typeof EnvSchema>;

/** Thrown by {@link parseEnv}; `problems` holds one line per invalid variable. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Parses an environment object (normally `process.env`).
 * Empty strings count as unset.
 * @throws {EnvError} listing every invalid variable.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = result.data;
  return { ...env, PGLITE_DIR: path.resolve(env.PGLITE_DIR), DOCUMENTS_DIR: path.resolve(env.DOCUMENTS_DIR), WEB_DIST_DIR: path.resolve(env.WEB_DIST_DIR) };
}

/** Parses `process.env`; on failure prints every problem and exits with status 2. */
export function loadEnv(overrides: Record<string, string | undefined> = {}): Env {
  try {
    return parseEnv({ ...process.env, ...overrides });
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\nSee .env.example for the documented variables.\n`);
      process.exit(2);
    }
    throw err;
  }
}
