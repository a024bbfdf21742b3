/**
 * The notification outbox dispatcher (issue 6 item 10). Steps write `notification_outbox` rows in
 * their own transaction (so a rolled-back step notifies nobody); the dispatcher sends `pending`
 * rows through a channel adapter and marks them `sent`, or `failed` after {@link MAX_ATTEMPTS}.
 * Rows are claimed with `for update skip locked`, so several instances never send one row twice.
 *
 * Adapters: e-mail — {@link LogEmailAdapter} (a log line) by default; with `SMTP_HOST` set,
 * {@link SmtpEmailAdapter} (nodemailer over SMTP; a refused or failed send leaves the row pending
 * with its attempt counted and the server's answer as `last_error`, retried by the next run).
 * SMS — the {@link SmsAdapter} interface, with a log-line implementation.
 */
import { sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Database, Db } from '../../db/client.ts';
import type { Env } from '../../env.ts';

/** Sends one e-mail. @throws on failure (the row is retried) */
export interface EmailAdapter {
  readonly name: string;
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** Sends one SMS. @throws on failure (the row is retried) */
export interface SmsAdapter {
  readonly name: string;
  send(message: { to: string; text: string }): Promise<void>;
}

/** Writes each e-mail as one log line (no SMTP configured). */
export class LogEmailAdapter implements EmailAdapter {
  readonly name = 'log';
  constructor(private readonly log: (line: string) => void) {}
  async send(m: { to: string; subject: string; text: string }): Promise<void> {
    this.log(`[email] to=${m.to} subject=${JSON.stringify(m.subject)} text=${JSON.stringify(m.text.slice(0, 500))}`);
  }
}

/** Writes each SMS as one log line (no SMS gateway configured). */
export class LogSmsAdapter implements SmsAdapter {
  readonly name = 'log';
  constructor(private readonly log: (line: string) => void) {}
  async send(m: { to: string; text: string }): Promise<void> {
    this.log(`[sms] to=${m.to} text=${JSON.stringify(m.text.slice(0, 200))}`);
  }
}

/** Connection settings of {@link SmtpEmailAdapter} (from `SMTP_*`, see `.env.example`). */
export interface SmtpSettings {
  host: string;
  /** Default 465 when `secure`, else 587. */
  port?: number | undefined;
  /** TLS from the first byte (SMTPS); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  /** Login; both or neither. */
  user?: string | undefined;
  password?: string | undefined;
  /** Sender, `address` or `Name <address>`. */
  from: string;
}

/**
 * Sends e-mail through an SMTP server with nodemailer (loaded on first send). The body is sent as
 * UTF-8 text, the subject as RFC 2047 encoded words, so Chinese arrives intact. Timeouts are short
 * (10 s to connect, 30 s of silence), because the dispatcher holds its claimed rows while sending.
 * @throws on any refusal (e.g. `550` to RCPT TO) or connection failure, with the server's answer in
 *   the message; the dispatcher keeps the row for retry
 */
export class SmtpEmailAdapter implements EmailAdapter {
  readonly name = 'smtp';
  private transport: Promise<Transporter> | null = null;
  constructor(readonly settings: SmtpSettings) {}

  private transporter(): Promise<Transporter> {
    const s = this.settings;
    this.transport ??= import('nodemailer').then((nodemailer) =>
      nodemailer.default.createTransport({
        host: s.host,
        port: s.port ?? (s.secure ? 465 : 587),
        secure: s.secure,
        ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    );
    return this.transport;
  }

  async send(m: { to: string; subject: string; text: string }): Promise<void> {
    const transport = await this.transporter();
    const info = (await transport.sendMail({ from: this.settings.from, to: m.to, subject: m.subject, text: m.text, textEncoding: 'base64' })) as { rejected?: unknown[]; response?: string };
    if (info.rejected && info.rejected.length > 0) throw new Error(`SMTP 拒收 refused ${info.rejected.map(String).join(', ')}: ${info.response ?? ''}`);
  }

  /** Closes the transport (tests, shutdown). */
  async close(): Promise<void> {
    if (this.transport) (await this.transport).close();
  }
}

/** The e-mail adapter for the configuration: SMTP when `SMTP_HOST` is set, else log lines. */
export function emailAdapterOf(
  env: Pick<Env, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_FROM'>,
  log: (line: string) => void,
): EmailAdapter {
  if (!env.SMTP_HOST) return new LogEmailAdapter(log);
  return new SmtpEmailAdapter({ host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE, user: env.SMTP_USER, password: env.SMTP_PASSWORD, from: env.SMTP_FROM });
}

/** Attempts before a row is marked `failed`. */
export const MAX_ATTEMPTS = 5;

/** Outcome of {@link dispatchOutbox}. */
export interface DispatchResult {
  sent: number;
  failed: number;
  retried: number;
}

/**
 * Sends up to `batch` pending outbox rows, oldest first. `org:<id>` recipients of the e-mail
 * channel are resolved to the contact e-mail of the organisation's approved enterprise
 * registration, else sent to the log adapter's address `org:<id>` only when the adapter is the
 * log adapter (an SMTP adapter skips rows without an address, marking them sent with a note).
 * @param adapters `{ email, sms }`
 */
export async function dispatchOutbox(database: Database, adapters: { email: EmailAdapter; sms: SmsAdapter }, now: Date, batch = 50): Promise<DispatchResult> {
  const result: DispatchResult = { sent: 0, failed: 0, retried: 0 };
  await database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const rows = async <T>(q: ReturnType<typeof sql>) => ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
    const pending = await rows<{ id: number; channel: string; recipient: string; recipient_org_id: number | null; payload: { title?: string; body?: string; link?: string | null }; attempts: number }>(
      sql`select id, channel, recipient, recipient_org_id, payload, attempts from notification_outbox where status = 'pending' order by id limit ${batch} for update skip locked`,
    );
    for (const p of pending) {
      try {
        let note: string | null = null;
        if (p.channel === 'email') {
          let to = p.recipient;
          if (to.startsWith('org:') && p.recipient_org_id !== null) {
            const [addr] = await rows<{ email: string | null }>(
              sql`select g.contact_email as email from enterprise_registrations g join users u on u.id = g.user_id where u.org_id = ${p.recipient_org_id} and g.status = 'approved' and g.contact_email is not null order by g.id desc limit 1`,
            );
            if (addr?.email) to = addr.email;
          }
          if (to.startsWith('org:') && adapters.email.name !== 'log') note = 'no e-mail address on file';
          else await adapters.email.send({ to, subject: p.payload.title ?? '', text: `${p.payload.body ?? ''}${p.payload.link ? `\n${p.payload.link}` : ''}` });
        } else if (p.channel === 'sms') {
          await adapters.sms.send({ to: p.recipient, text: `${p.payload.title ?? ''} ${p.payload.body ?? ''}` });
        }
        await tx.execute(sql`update notification_outbox set status = 'sent', sent_at = ${now}, attempts = attempts + 1, last_error = ${note} where id = ${p.id}`);
        result.sent++;
      } catch (err) {
        const failed = p.attempts + 1 >= MAX_ATTEMPTS;
        await tx.execute(
          sql`update notification_outbox set attempts = attempts + 1, last_error = ${String((err as Error).message).slice(0, 500)}, status = ${failed ? 'failed' : 'pending'} where id = ${p.id}`,
        );
        if (failed) result.failed++;
        else result.retried++;
      }
    }
  });
  return result;
}
