/**
 * COPY text format (db/bulk.ts `copyTextField`) and `Database.copyIn` on PostgreSQL: the path the
 * screening store takes there. Values with the characters COPY's text format treats specially come
 * back exactly as sent.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { copyTextField, copyTextLines, type BulkColumn } from '../src/db/bulk.ts';
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

describe('copyTextLines', () => {
  type Row = { n: number; t: string | null; a: string[] | null; d: string | null };
  const columns: BulkColumn<Row>[] = [
    { name: 'n', type: 'int[]', value: (r) => r.n },
    { name: 't', type: 'text[]', value: (r) => r.t },
    { name: 'a', type: 'text[][]', value: (r) => r.a },
    { name: 'd', type: 'date[]', value: (r) => r.d },
  ];
  it('when rows are written, then each line has one tab-separated field per column, arrays as literals, nulls as \\N, in chunks of the given size', () => {
    const rows: Row[] = [
      { n: 2, t: '甲\t乙', a: ['2614', '2619'], d: '2023-06-30' },
      { n: 3, t: null, a: ['a"b', 'c\\d'], d: null },
      { n: 4, t: 'x', a: null, d: '2021-03-01' },
    ];
    expect([...copyTextLines(columns, rows, 2)]).toEqual([
      '2\t甲\\t乙\t{"2614","2619"}\t2023-06-30\n3\t\\N\t{"a\\\\"b","c\\\\\\\\d"}\t\\N\n',
      '4\tx\t\\N\t2021-03-01\n',
    ]);
    expect([...copyTextLines(columns, [])]).toEqual([]);
  });
});

describe.each(backends.filter((b) => b === 'postgres'))('copyTextLines through COPY on %s', (kind) => {
  it('when rows with tabs, quotes, backslashes, commas in array items and nulls are copied, then they read back unchanged', async () => {
    const { database, drop } = await openTestDatabase(kind);
    try {
      type Row = { n: number; t: string | null; a: string[] | null; d: string | null; v: number | null };
      const columns: BulkColumn<Row>[] = [
        { name: 'n', type: 'int[]', value: (r) => r.n },
        { name: 't', type: 'text[]', value: (r) => r.t },
        { name: 'a', type: 'text[][]', value: (r) => r.a },
        { name: 'd', type: 'date[]', value: (r) => r.d },
        { name: 'v', type: 'numeric[]', value: (r) => r.v },
      ];
      const rows: Row[] = [
        { n: 1, t: '南宁\t明珠\n建材', a: ['2614', '化学原料,制品', 'q"uote', 'back\\slash', ''], d: '2023-06-30', v: 1234.5 },
        { n: 2, t: null, a: null, d: null, v: null },
        { n: 3, t: '\\N', a: [], d: '2021-03-01', v: 0.001 },
      ];
      await database.rows(sql`create table copy_lines_probe (n int, t text, a text[], d date, v numeric)`);
      await database.db.transaction(async (tx) => {
        await database.copyIn!(tx as unknown as Db, 'copy copy_lines_probe (n, t, a, d, v) from stdin', copyTextLines(columns, rows, 2));
      });
      const back = await database.rows<{ n: number; t: string | null; a: string[] | null; d: string | null; v: string | null }>(
        sql`select n, t, a, to_char(d, 'YYYY-MM-DD') as d, v::text as v from copy_lines_probe order by n`,
      );
      expect(back).toEqual([
        { n: 1, t: '南宁\t明珠\n建材', a: ['2614', '化学原料,制品', 'q"uote', 'back\\slash', ''], d: '2023-06-30', v: '1234.5' },
        { n: 2, t: null, a: null, d: null, v: null },
        { n: 3, t: '\\N', a: [], d: '2021-03-01', v: '0.001' },
      ]);
    } finally {
      await drop();
    }
  });
});
