import { describe, expect, it } from 'vitest';
import { unitAfter, unitText } from './units.ts';

describe('unit text for display', () => {
  it('superscripts the power of a length unit and shows a dash for no unit', () => {
    expect(unitText('mg/m3')).toBe('mg/m³');
    expect(unitText('万m3/a')).toBe('万m³/a');
    expect(unitText('mg/L')).toBe('mg/L');
    expect(unitText(null)).toBe('—');
    expect(unitText('')).toBe('—');
  });
  it('puts a space and the formatted unit after a number, or nothing', () => {
    expect(`30${unitAfter('Nm3/h')}`).toBe('30 Nm³/h');
    expect(`30${unitAfter(null)}`).toBe('30');
    expect(`30${unitAfter('')}`).toBe('30');
  });
});
