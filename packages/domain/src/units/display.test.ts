import { describe, expect, it } from 'vitest';
import { displayUnit } from './index.ts';

describe('displayUnit', () => {
  it.each([
    ['mg/m3', 'mg/m³'],
    ['m3', 'm³'],
    ['Nm3', 'Nm³'],
    ['mg/Nm3', 'mg/Nm³'],
    ['m2', 'm²'],
    ['万m3', '万m³'],
    ['m3/h', 'm³/h'],
    ['t/m3', 't/m³'],
    ['10^4 Nm3', '10^4 Nm³'],
    ['kgce/万m3', 'kgce/万m³'],
    ['km2', 'km²'],
    ['m^3', 'm³'],
    ['mg/m3 (标态)', 'mg/m³ (标态)'],
  ])('when the unit is %s, then it shows as %s', (stored, shown) => {
    expect(displayUnit(stored)).toBe(shown);
  });

  it.each([['mg/L'], ['t'], ['kgce/t'], ['MWh'], ['kWh'], ['mg/m³'], ['PM2.5'], ['SO2'], ['CH4'], ['m30'], ['m3h'], ['Xm3'], ['m2.5'], ['']])(
    'when the unit is %j (no length power as its own token), then it is unchanged',
    (stored) => {
      expect(displayUnit(stored)).toBe(stored);
    },
  );

  it('when a shown unit is formatted again, then it is unchanged (idempotent)', () => {
    expect(displayUnit(displayUnit('mg/Nm3'))).toBe('mg/Nm³');
  });
});
