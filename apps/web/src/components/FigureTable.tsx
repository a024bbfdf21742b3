/**
 * A plain HTML table for the small figure tables of the home page (a few dozen rows, no paging):
 * header, rows, optional footer row and click-to-sort columns. Used instead of antd Table there so
 * the dashboard does not load Table and Pagination (~49 KB gzipped; bench web).
 */
import { useState, type ReactNode } from 'react';

/** One column: header, cell renderer, alignment, and an optional comparator (header click sorts). */
export interface FigureColumn<T> {
  key: string;
  title: ReactNode;
  render: (row: T) => ReactNode;
  align?: 'left' | 'right';
  width?: number;
  sort?: (a: T, b: T) => number;
}

export default function FigureTable<T>({
  rows,
  rowKey,
  columns,
  rowTestId,
  footer,
  testId,
  empty,
}: {
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: FigureColumn<T>[];
  rowTestId?: (row: T) => string;
  /** Cells of a last row (e.g. the total), aligned to `columns`. */
  footer?: ReactNode;
  testId?: string;
  empty?: ReactNode;
}) {
  const [order, setOrder] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const sortCol = order ? columns.find((c) => c.key === order.key) : undefined;
  const shown = sortCol?.sort ? [...rows].sort((a, b) => sortCol.sort!(a, b) * order!.dir) : rows;
  const toggle = (key: string) => setOrder((o) => (o?.key !== key ? { key, dir: 1 } : o.dir === 1 ? { key, dir: -1 } : null));
  return (
    <div className="cp-figure-table" data-testid={testId}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                style={{ textAlign: c.align ?? 'left', width: c.width, cursor: c.sort ? 'pointer' : undefined }}
                onClick={c.sort ? () => toggle(c.key) : undefined}
                aria-sort={order?.key === c.key ? (order.dir === 1 ? 'ascending' : 'descending') : undefined}
              >
                {c.title}
                {c.sort ? <span className="cp-sort">{order?.key === c.key ? (order.dir === 1 ? ' ▲' : ' ▼') : ' ⇅'}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} style={{ textAlign: 'center' }}>{empty}</td>
            </tr>
          ) : null}
          {shown.map((r) => (
            <tr key={rowKey(r)} data-testid={rowTestId?.(r)}>
              {columns.map((c) => (
                <td key={c.key} style={{ textAlign: c.align ?? 'left' }}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer ? (
          <tfoot>
            <tr>{footer}</tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
