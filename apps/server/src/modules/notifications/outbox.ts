/**
 * The notification outbox dispatcher (issue 6 item 10). Steps write `notification_outbox` rows in
 * their own transaction (so a rolled-back step notifies nobody); the dispatcher sends `pending`
 * rows through a channel adapter and marks them `sent`, or `failed` after {@link MAX_ATTEMPTS}.
 * Rows are claimed with `for update skip locked`, so several instances never send one row twice.
 *
 * Adapters: e-mail — {@link LogEmailAdapter} (a log line) by default; with `SMTP_URL` set,
 * {@link SmtpEmailAdapter}, which needs an SMTP client library that is not bundled (no new
 * dependency: it fails each send with a clear message, leaving the rows to retry). SMS — the
 * {@link SmsAdapter} interface, with a log-line implementation.
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';

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

/**
 * The SMTP adapter's place: `SMTP_URL` is parsed (host and port are checked) but no SMTP client
 * is bundled, so every send throws. A real implementation (e.g. with nodemailer) implements
 * {@link EmailAdapter} here.
 */
export class SmtpEmailAdapter implements EmailAdapter {
  readonly name = 'smtp';
  readonly host: string;
  constructor(url: string, readonly from: string) {
    this.host = new URL(url).host;
  }
  async send(): Promise<void> {
    throw new Error(`SMTP 客户端未内置，无法经 ${this.host} 发送邮件（需要增加依赖）`);
  }
}

/** The e-mail adapter for the configuration: SMTP when `SMTP_URL` is set, else log lines. */
export function emailAdapterOf(env: { SMTP_URL?: string | undefined; SMTP_FROM: string }, log: (line: string) => void): EmailAdapter {
  return env.SMTP_URL ? new SmtpEmailAdapter(env.SMTP_URL, env.SMTP_FROM) : new LogEmailAdapter(log);
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
