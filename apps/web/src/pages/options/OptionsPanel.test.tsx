import { describe, expect, it } from 'vitest';
import { LevelResult, StatedTotalsCard } from './OptionsPanel.tsx';
import { renderHtml, textOf } from '../../testing/render.tsx';

describe('options: units shown with superscripts, display only', () => {
  it('level table: a value with its unit (12.5 万m3/a → 12.5 万m³/a), a value without one bare', async () => {
    const html = await renderHtml(
      <LevelResult
        stage="before"
        s={{
          definitionId: 1,
          level: 'II',
          result: {
            indices: { I: 70, II: 90, III: 100 },
            level: 'II',
            definition: { id: 1, name: '示例', version: 1 },
            indicators: [
              { id: 'water', name: '年节水量', levelAttained: 'II', value: 12.5, unit: '万m3/a', benchmarks: { I: 20, II: 10, III: 5 }, level: 'II', effectiveWeight: 0.5, contribution: { I: 0, II: 50, III: 50 }, limiting: false },
              { id: 'mgmt', name: '管理制度', levelAttained: 'I', value: 'I', unit: null, benchmarks: null, level: 'I', effectiveWeight: 0.5, contribution: { I: 50, II: 50, III: 50 }, limiting: false },
            ],
          },
        }}
      />,
    );
    const table = textOf(html, 'level-before');
    expect(table).toContain('12.5 万m³/a');
    expect(table).not.toContain('万m3');
    expect(table).toContain('管理制度I');
  });

  it('stated targets, read-only: the unit label shows 万m³/a; editable: the input keeps 万m3/a as stored', async () => {
    const focuses = [{ name: '节水', targets: [{ indicator: '年节水量', unit: '万m3/a', baseline: 0, target: 12.5 }] }];
    const readOnly = await renderHtml(<StatedTotalsCard auditId={1} canEdit={false} version={1} stated={null} focuses={focuses} />);
    expect(textOf(readOnly, 'focus-target-unit-0-0')).toBe('万m³/a');
    const editable = await renderHtml(<StatedTotalsCard auditId={1} canEdit version={1} stated={null} focuses={focuses} />);
    expect(editable).toContain('value="万m3/a"');
    expect(editable).not.toContain('万m³');
  });
});
