import { describe, expect, it } from 'vitest';
import { DefinitionTable } from './index.tsx';
import { renderHtml, textOf } from '../../testing/render.tsx';

describe('indicator systems: the unit column', () => {
  it('shows the indicator units with superscripts (m3/t → m³/t) and a dash for none', async () => {
    const html = await renderHtml(
      <DefinitionTable
        definition={{
          id: 'demo',
          name: '示例指标体系',
          levelRule: 'classic-2013',
          groups: [
            {
              name: '资源能源消耗指标',
              weight: 0.3,
              indicators: [
                { id: 'water', name: '单位产品取水量', unit: 'm3/t', weight: 0.5, direction: 'lower', benchmarks: { I: 1.2, II: 1.5, III: 2 }, limiting: true },
                { id: 'area', name: '单位面积能耗', unit: 'kgce/m2', weight: 0.3, direction: 'lower', benchmarks: { I: 10, II: 12, III: 15 }, limiting: false },
                { id: 'mgmt', name: '环境管理制度', unit: null, weight: 0.2, direction: 'qualitative', limiting: false },
              ],
            },
          ],
        }}
      />,
    );
    const cells = (id: string) => textOf(html, `definition-indicator-${id}`);
    expect(cells('water')).toContain('m³/t');
    expect(cells('water')).not.toContain('m3/t');
    expect(cells('area')).toContain('kgce/m²');
    expect(cells('mgmt')).toContain('—');
  });
});
