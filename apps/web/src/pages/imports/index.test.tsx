import type { ImportJob } from '@cpaudit/contracts';
import { describe, expect, it } from 'vitest';
import { MemoryRouter } from 'react-router';
import ImportsPage, { JobCard } from './index.tsx';
import { renderHtml, textOf } from '../../testing/render.tsx';

const running: ImportJob = {
  id: 7,
  kind: 'enterprises',
  fileName: 'enterprises.csv',
  status: 'running',
  rowsRead: 12_000,
  fractionRead: 0.426,
  phase: 'reading',
  dryRun: false,
  startedAt: '2026-11-30T15:00:00+08:00',
  finishedAt: null,
  userName: '区域管理员',
  result: null,
  message: null,
};

/** The job card rendered from a cached job (the poll is not run). */
const card = (job: ImportJob) => renderHtml(<JobCard jobId={job.id} onFinished={() => {}} />, [[['imports', 'job', job.id], job]]);
const percentOf = (html: string) => Number(/data-percent="(\d+)"/.exec(html)?.[1]);

describe('imports: the job card progress', () => {
  it('while reading, shows a bar at round(0.426 × 100) = 43 % with the rows read beside it', async () => {
    const html = await card(running);
    expect(percentOf(html)).toBe(43);
    const text = textOf(html, 'import-progress');
    expect(text).toContain('43%');
    expect(text).toContain('已读取 12,000 行');
    expect(text).toContain('正在导入…');
  });

  it('caps the bar at 99 % while the job runs, even when the whole file is read', async () => {
    expect(percentOf(await card({ ...running, fractionRead: 1 }))).toBe(99);
    expect(percentOf(await card({ ...running, fractionRead: 0.996 }))).toBe(99);
  });

  it('once the file is read and rows are written, shows 99 % and 正在写入数据库…', async () => {
    const text = textOf(await card({ ...running, fractionRead: 1, phase: 'writing' }), 'import-progress');
    expect(text).toContain('99%');
    expect(text).toContain('正在写入数据库…');
    expect(text).not.toContain('正在导入…');
  });

  it('labels a rejected dry run 试运行 beside 已拒绝', async () => {
    const html = await card({
      ...running,
      status: 'rejected',
      dryRun: true,
      fractionRead: undefined,
      phase: undefined,
      rowsRead: 7,
      finishedAt: '2026-11-30T15:00:02+08:00',
      result: { kind: 'enterprises', file: 'enterprises.csv', rows: 7, inserted: 0, updated: 0, unchanged: 0, rejected: 6, errors: [] },
    });
    expect(textOf(html, 'import-dry-run-tag')).toBe('试运行');
    expect(html).toContain('已拒绝');
  });
});

describe('imports: what the counts count', () => {
  const done = (kind: ImportJob['kind']): ImportJob => ({
    ...running,
    kind,
    status: 'applied',
    fractionRead: undefined,
    phase: undefined,
    rowsRead: 3,
    finishedAt: '2026-11-30T15:00:02+08:00',
    result: { kind, file: 'x.csv', rows: 3, inserted: 2, updated: 1, unchanged: 0, rejected: 0, errors: [] },
  });

  it('says that an enterprises file is counted in rows, one permit of one enterprise each', async () => {
    const html = await card(done('enterprises'));
    expect(textOf(html, 'import-counts-note')).toContain('每行是一家企业的一张排污许可证');
    expect(html).toContain('data-value="2"');
  });

  it('says that another kind is counted one record per row', async () => {
    expect(textOf(await card(done('quotas')), 'import-counts-note')).toBe('以上按文件行计：每行一条记录，新建计为新增，有字段变化计为更新。');
  });
});

describe('imports: the history row of the job on show', () => {
  it('shows the rows read of the polled job (12,000), not the 0 of the history fetched at upload', async () => {
    const html = await renderHtml(
      <MemoryRouter initialEntries={['/imports?job=7']}>
        <ImportsPage />
      </MemoryRouter>,
      [
        [['imports', 'history'], [{ ...running, rowsRead: 0, fractionRead: 0 }]],
        [['imports', 'job', 7], running],
      ],
    );
    expect(textOf(html, 'import-row-7')).toContain('已读取 12,000 行');
  });
});
