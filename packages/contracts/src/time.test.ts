import { describe, expect, it } from 'vitest';
import { formatTime } from './time.ts';

describe('formatTime (Beijing time YYYY-MM-DD HH:mm)', () => {
  it.each([
    ['2025-04-03T02:00:00.000Z', '2025-04-03 10:00'],
    ['2025-04-03T10:00:00+08:00', '2025-04-03 10:00'],
    ['2026-03-01T20:30:59Z', '2026-03-02 04:30'],
    ['2025-12-31T16:00:00Z', '2026-01-01 00:00'],
    ['2025-04-03', '2025-04-03'],
    [null, '—'],
    ['', '—'],
    ['not a date', 'not a date'],
  ])('when the value is %s, then it is shown as %s', (input, out) => {
    expect(formatTime(input)).toBe(out);
  });

  it('when the value is a Date, then it is shown in Beijing time', () => {
    expect(formatTime(new Date(Date.UTC(2026, 10, 29, 13, 5)))).toBe('2026-11-29 21:05');
  });
});
