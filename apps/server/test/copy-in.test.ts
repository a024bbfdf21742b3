/**
 * COPY text format (db/bulk.ts `copyTextField`) and `Database.copyIn` on PostgreSQL: the path the
 * screening store takes there. Values with the characters COPY's text format treats specially come
 * back exactly as sent.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { copyTextField } from '../src/db/bulk.ts';
import type { Db } from '../src/db/client.ts';
import { backends, openTestDatabase } from './support.ts';

describe('copyTextField (PostgreSQL COPY, text format)', () => {
  it.each([
    [null, '\\N'],
    [2027, '2027'],
    [0.5, '0.5'],
    ['南宁明珠建材有限公司', '南宁明珠建材有限公司'],
    ['a\tb', 'a\\tb'],
    ['line1\nline2\r\n', 'line1\\nline2\\r\\n'],
    ['C:\\dir', 'C:\\\\dir'],
    ['\\N', '\\\\N'],
    ['{"x":"say \\"hi\\""}', '{"x":"say \\\\"hi\\\\""}'],
  ])('when the value is %j, then the field is %j', (value, field) => {
    expect(copyTextField(value)).toBe(field);
  });
});

const tricky = ['plain', 'tab\there', 'new\nline', 'cr\rhere', 'back\\slash', '\\N', '\\.', '{"j":"q\\"uote","u":"\\u0001"}', '广西（演示）'];

describe.each(backends.filter((b) => b === 'postgres'))('Database.copyIn on %s', (kind) => {
  it('when lines with tabs, newlines, backslashes and \\N text are copied in a transaction, then each value reads back unchanged; outside a transaction it refuses', async () => {
    const { database, drop } = await openTestDatabase(kind);
    try {
      await database.rows(sql`create table copy_probe (n int, t text, j json, x smallint)`);
      await database.db.transaction(async (tx) => {
        const lines = tricky.map((t, i) => `${i}\t${copyTextField(t)}\t${copyTextField(JSON.stringify({ t }))}\t${copyTextField(i % 2 ? null : i)}\n`);
        await database.copyIn!(tx as unknown as Db, 'copy copy_probe (n, t, j, x) from stdin', [lines.slice(0, 4).join(''), lines.slice(4).join('')]);
      });
      const back = await database.rows<{ n: number; t: string; j: { t: string }; x: number | null }>(sql`select n, t, j, x from copy_probe order by n`);
      expect(back.map((r) => r.t)).toEqual(tricky);
      expect(back.map((r) => r.j.t)).toEqual(tricky);
      expect(back.map((r) => r.x)).toEqual([0, null, 2, null, 4, null, 6, null, 8]);
      await expect(database.copyIn!(database.db, 'copy copy_probe (n) from stdin', ['1\n'])).rejects.toThrow(/not inside a transaction/);
    } finally {
      await drop();
    }
  });
});
