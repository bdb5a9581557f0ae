import { addDays, format, isValid, parse } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { daysInMonth, formatYmdKey, isRealDate, ymdKeyFromEpochDays, ymdKeyFromExcelSerial } from './calendar.ts';

describe('calendar (cross-checked against date-fns)', () => {
  it('isRealDate agrees with date-fns for every day-of-month 1–31 from 1880 to 2130', () => {
    const ref = new Date(2000, 0, 1);
    for (let y = 1880; y <= 2130; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) {
          const ours = isRealDate(y, m, d);
          const theirs = isValid(parse(`${y}-${m}-${d}`, 'yyyy-M-d', ref));
          if (ours !== theirs) throw new Error(`${y}-${m}-${d}: ours ${ours}, date-fns ${theirs}`);
        }
      }
    }
  });

  it('ymdKeyFromEpochDays agrees with date-fns over 300 years', () => {
    let day = new Date(Date.UTC(1850, 0, 1));
    for (let z = Math.round(day.getTime() / 86400000); z < 47000; z += 1) {
      const expected = day.toISOString().slice(0, 10);
      const got = formatYmdKey(ymdKeyFromEpochDays(z));
      if (got !== expected) throw new Error(`${z}: ${got} ≠ ${expected}`);
      day = addDays(day, 1);
    }
  });

  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [60, null], // Excel's 29 February 1900, which never existed
    [61, '1900-03-01'],
    [45658, '2025-01-01'],
    [46331, '2026-11-05'],
    [46331.75, '2026-11-05'],
    [2958465, '9999-12-31'],
    [0, null],
    [2958466, null],
    [Number.NaN, null],
  ])('Excel serial %d → %s', (serial, date) => {
    const key = ymdKeyFromExcelSerial(serial);
    expect(key === 0 ? null : formatYmdKey(key)).toBe(date);
  });

  it.each([
    [2024, 2, 29],
    [2026, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('daysInMonth(%d, %d) = %d', (y, m, n) => {
    expect(daysInMonth(y, m)).toBe(n);
    expect(format(new Date(y, m, 0), 'd')).toBe(String(n));
  });
});
