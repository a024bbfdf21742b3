import { describe, expect, it } from 'vitest';
import type { ChangeEntry } from '@cpaudit/contracts';
import HistoryTab from './HistoryTab.tsx';
import { renderHtml, textOf } from '../../../testing/render.tsx';

const entry = (id: number, changes: ChangeEntry['changes'], over: Partial<ChangeEntry> = {}): ChangeEntry => ({
  id, at: '2026-11-30T06:00:00Z', userName: '张三', importId: null, fileName: null, entityType: 'exceedanceRecord', entityId: 7, entityLabel: null, action: 'update', changes, ...over,
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

describe('HistoryTab: what each entry is about', () => {
  it('names a record by its type label and its key (a permit by its number), falling back to #id when the record is gone', async () => {
    const html = await renderHtml(<HistoryTab enterpriseId={1} />, [
      [
        ['enterprises', 'history', 1],
        [
          entry(1, { category: [null, 'key'] }, { entityType: 'permit', entityLabel: '914501026420642331001P', action: 'insert', importId: 4, fileName: 'a.xlsx' }),
          entry(2, { measuredValue: [30, 32.5] }, { entityLabel: 'DA001 颗粒物 2021-06-15' }),
          entry(3, { quantity: [1, 2] }, { entityType: 'hazardousRecord', entityId: 9 }),
          entry(4, { name: ['甲', '乙'] }, { entityType: 'enterprise', entityId: 1 }),
        ],
      ],
      [['key-industries'], []],
    ]);
    expect(textOf(html, 'change-1')).toContain('排污许可914501026420642331001P');
    expect(textOf(html, 'change-1')).toContain('管理类别：重点管理');
    expect(textOf(html, 'change-2')).toContain('超标记录DA001 颗粒物 2021-06-15');
    expect(textOf(html, 'change-3')).toContain('有毒有害物质 #9');
    expect(textOf(html, 'change-4')).toContain('企业');
    expect(textOf(html, 'change-4')).not.toContain('#1');
  });
});

describe('HistoryTab: a county is shown by its name', () => {
  it('shows a changed division code as 名称（代码）, and a code the catalogue does not know as it is', async () => {
    const html = await renderHtml(<HistoryTab enterpriseId={1} />, [
      [['enterprises', 'history', 1], [entry(1, { division_code: ['450102', '450105'] }, { entityType: 'enterprise', entityId: 1 }), entry(2, { divisionCode: [null, '459999'] }, { entityType: 'enterprise', entityId: 1, action: 'insert' })]],
      [['key-industries'], []],
      [['divisions'], [{ code: '450102', name: '兴宁区', level: 'county', parentCode: '450100' }, { code: '450105', name: '江南区', level: 'county', parentCode: '450100' }]],
    ]);
    expect(textOf(html, 'change-1')).toContain('兴宁区（450102） → 江南区（450105）');
    expect(textOf(html, 'change-2')).toContain('459999');
    expect(textOf(html, 'change-2')).not.toContain('（459999）');
  });
});
