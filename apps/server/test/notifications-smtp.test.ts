/**
 * The SMTP e-mail adapter behind the notification outbox, against a real SMTP server running in
 * this process (`smtp-server`, from the nodemailer authors): the dispatcher delivers a pending row
 * to the right recipient with its Chinese subject and body intact; a recipient the server refuses
 * (550 to RCPT TO) or a wrong password leaves the row pending with one more attempt and the
 * server's answer as its last error, for the next run to retry.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { parseEnv } from '../src/env.ts';
import { LogEmailAdapter, LogSmsAdapter, SmtpEmailAdapter, dispatchOutbox, emailAdapterOf } from '../src/modules/notifications/outbox.ts';
import { backends, openTestDatabase } from './support.ts';

/** One message as the SMTP server received it: envelope and the raw RFC 5322 text. */
interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`), joining adjacent ones. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

/** The decoded headers (lower-case names) and text body of a single-part message. */
function parseMessage(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  let body = raw.slice(split + 4);
  const cte = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (cte === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable') body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

describe.each(backends)('SMTP e-mail from the outbox on %s', (kind) => {
  let database: Database;
  let drop: () => Promise<void>;
  let server: SMTPServer;
  let port: number;
  const received: Received[] = [];
  const adapters: SmtpEmailAdapter[] = [];
  const smtp = (password = 'mail-secret') => {
    const a = new SmtpEmailAdapter({ host: '127.0.0.1', port, secure: false, user: 'cpaudit', password, from: '清洁生产审核系统 <noreply@sthjt.gxzf.example>' });
    adapters.push(a);
    return a;
  };
  const sms = new LogSmsAdapter(() => {});

  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase(kind));
    server = new SMTPServer({
      logger: false,
      hideSTARTTLS: true,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'cpaudit' && auth.password === 'mail-secret') cb(null, { user: auth.username });
        else cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
      },
      onRcptTo(address: SMTPServerAddress, _session, cb) {
        if (address.address === 'nobody@qiye.example') cb(Object.assign(new Error('5.1.1 <nobody@qiye.example>: Recipient address rejected: User unknown'), { responseCode: 550 }));
        else cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const a of adapters) await a.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await drop();
  });
  beforeEach(async () => {
    received.length = 0;
    await database.rows(sql`delete from notification_outbox`);
  });

  const enqueue = async (to: string, payload: Record<string, unknown>) =>
    (await database.rows<{ id: number }>(sql`insert into notification_outbox (channel, recipient, payload) values ('email', ${to}, ${JSON.stringify(payload)}::jsonb) returning id::int as id`))[0]!.id;
  const row = async (id: number) =>
    (await database.rows<{ status: string; attempts: number; last_error: string | null; sent: boolean }>(
      sql`select status, attempts, last_error, sent_at is not null as sent from notification_outbox where id = ${id}`,
    ))[0]!;

  it('when a pending e-mail row is dispatched, then the server receives it for the recipient with the Chinese subject and body, and the row is sent', async () => {
    const id = await enqueue('hbj@qiye.example', {
      title: '审核信息披露已逾期',
      body: '广西某某糖业有限公司：贵单位 2025 年清洁生产审核信息披露已超过法定期限（2026年3月2日），请尽快办理。',
      link: '/audits/42',
    });
    const r = await dispatchOutbox(database, { email: smtp(), sms }, new Date('2026-03-02T02:00:00Z'));
    expect(r).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(received).toHaveLength(1);
    const m = received[0]!;
    expect(m.from).toBe('noreply@sthjt.gxzf.example');
    expect(m.to).toEqual(['hbj@qiye.example']);
    const { headers, body } = parseMessage(m.raw);
    expect(headers.to).toBe('hbj@qiye.example');
    expect(headers.from).toBe('清洁生产审核系统 <noreply@sthjt.gxzf.example>');
    expect(headers.subject).toBe('审核信息披露已逾期');
    expect(headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(body).toBe('广西某某糖业有限公司：贵单位 2025 年清洁生产审核信息披露已超过法定期限（2026年3月2日），请尽快办理。\n/audits/42');
    expect(await row(id)).toEqual({ status: 'sent', attempts: 1, last_error: null, sent: true });
  });

  it('when the server refuses the recipient (550 to RCPT TO), then the row stays pending with attempts 1 and the refusal as last error, and the next run tries again (attempts 2)', async () => {
    const refused = await enqueue('nobody@qiye.example', { title: '通知', body: '测试' });
    const fine = await enqueue('ok@qiye.example', { title: '通知', body: '另一封' });
    const adapter = smtp();
    expect(await dispatchOutbox(database, { email: adapter, sms }, new Date())).toEqual({ sent: 1, failed: 0, retried: 1 });
    const after = await row(refused);
    expect(after).toMatchObject({ status: 'pending', attempts: 1, sent: false });
    expect(after.last_error).toContain('550');
    expect(after.last_error).toContain('Recipient address rejected');
    expect(await row(fine)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(received.map((m) => m.to)).toEqual([['ok@qiye.example']]);
    expect(await dispatchOutbox(database, { email: adapter, sms }, new Date())).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect(await row(refused)).toMatchObject({ status: 'pending', attempts: 2 });
  });

  it('when the SMTP password is wrong, then nothing is sent and the row keeps the 535 answer for retry', async () => {
    const id = await enqueue('hbj@qiye.example', { title: '通知', body: '测试' });
    expect(await dispatchOutbox(database, { email: smtp('wrong'), sms }, new Date())).toEqual({ sent: 0, failed: 0, retried: 1 });
    const after = await row(id);
    expect(after).toMatchObject({ status: 'pending', attempts: 1 });
    expect(after.last_error).toContain('535');
    expect(received).toEqual([]);
  });
});

describe('choice of the e-mail adapter', () => {
  it('when SMTP_HOST is unset, then e-mails are log lines; when set, SMTP with the SMTP_* settings (port 587, or 465 with SMTP_SECURE)', () => {
    expect(emailAdapterOf(parseEnv({}), () => {})).toBeInstanceOf(LogEmailAdapter);
    const plain = emailAdapterOf(parseEnv({ SMTP_HOST: 'smtp.example.gov.cn', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_FROM: 'cp@example.gov.cn' }), () => {});
    expect(plain).toBeInstanceOf(SmtpEmailAdapter);
    expect((plain as SmtpEmailAdapter).settings).toEqual({ host: 'smtp.example.gov.cn', port: undefined, secure: false, user: 'u', password: 'p', from: 'cp@example.gov.cn' });
    const tls = emailAdapterOf(parseEnv({ SMTP_HOST: 'smtp.example.gov.cn', SMTP_PORT: '2465', SMTP_SECURE: 'true' }), () => {}) as SmtpEmailAdapter;
    expect(tls.settings).toMatchObject({ port: 2465, secure: true, user: undefined });
  });
});
