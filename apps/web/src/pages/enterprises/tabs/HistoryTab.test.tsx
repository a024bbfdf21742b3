import { describe, expect, it } from 'vitest';
import type { ChangeEntry } from '@cpaudit/contracts';
import HistoryTab from './HistoryTab.tsx';
import { renderHtml, textOf } from '../../../testing/render.tsx';

const entry = (id: number, changes: ChangeEntry['changes']): ChangeEntry => ({
  id, at: '2026-11-30T06:00:00Z', userName: '张三', importId: null, fileName: null, entityType: 'exceedance', entityId: 7, action: 'update', changes,
});

describe('HistoryTab: unit fields of the change list', () => {
  it('shows a changed unit with superscripts (mg/m3 → mg/Nm3 as mg/m³ → mg/Nm³), other values as stored', async () => {
    const html = await renderHtml(<HistoryTab enterpriseId={1} />, [
      [['enterprises', 'history', 1], [entry(1, { unit: ['mg/m3', 'mg/Nm3'], outletCode: ['DA001m3', 'DA002'] }), entry(2, { outputUnit: ['m2', '万m3'] })]],
      [['key-industries'], []],
    ]);
    expect(textOf(html, 'change-1')).toContain('计量单位：mg/m³ → mg/Nm³');
    // not a unit field: kept as stored
    expect(textOf(html, 'change-1')).toContain('DA001m3 → DA002');
    expect(textOf(html, 'change-2')).toContain('产量单位：m² → 万m³');
  });
});
