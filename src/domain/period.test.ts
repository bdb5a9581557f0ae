import { afterEach, describe, expect, it, vi } from 'vitest';
import { findPeriodInText, nowInShanghai, parseDate, parsePeriod, periodDeadline, todayInShanghai } from './period.ts';

describe('parsePeriod', () => {
  it.each([
    ['2026-11', '2026-11'],
    ['2026/11', '2026-11'],
    ['202611', '2026-11'],
    ['2026年11月', '2026-11'],
    ['2026年11月份', '2026-11'],
    ['2026.11', '2026-11'],
    ['2026-1', '2026-01'],
    ['2026年1月', '2026-01'],
    ['２０２６年１１月', '2026-11'],
    ['２０２６－１１', '2026-11'],
    ['２０２６１１', '2026-11'],
    [' 2026-11 ', '2026-11'],
    // a full date gives its month
    ['2026-11-05', '2026-11'],
    ['20261105', '2026-11'],
    ['2026/11/5', '2026-11'],
    ['2026年11月5日', '2026-11'],
    ['2026.11.5', '2026-11'],
    ['2026-11-05 00:00:00', '2026-11'],
    ['46331', '2026-11'], // a serial written out as text
    // bad
    ['2026-13', null],
    ['2026-00', null],
    ['202613', null],
    ['2026', null],
    ['11', null],
    ['2026-11-', null],
    ['2026-11/05', null],
    ['2026-02-30', null],
    ['20260230', null],
    ['2026年11', null],
    ['2026年11月份份', null],
    ['2026年11月5', null],
    ['1899-12', null],
    ['11/2026', null],
    ['十一月', null],
    ['', null],
    ['abc', null],
  ])('%j → %s', (raw, period) => {
    expect(parsePeriod(raw)).toBe(period);
  });

  it.each([
    [46331, '2026-11'], // Excel serial for 2026-11-05
    [46327.5, '2026-11'],
    [20000, '1954-10'],
    [80000, '2119-01'],
    [202611, '2026-11'],
    [20261105, '2026-11'],
    [2026.11, '2026-11'], // a cell typed as 2026.11 and stored as a number
    [2026.2, '2026-02'],
    [2026.1, null], // 2026.1 or 2026.10? refuse to guess
    [2026.111, null],
    [2026, null],
    [19999, null],
    [-46331, null],
    [Number.NaN, null],
  ])('number %d → %s', (raw, period) => {
    expect(parsePeriod(raw)).toBe(period);
  });

  it.each([
    [new Date(Date.UTC(2026, 10, 1)), '2026-11'],
    [new Date(Date.UTC(2026, 10, 30, 23, 59)), '2026-11'],
    [new Date(Number.NaN), null],
    [null, null],
    [undefined, null],
  ])('%o → %s', (raw, period) => {
    expect(parsePeriod(raw)).toBe(period);
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-11-05', '2026-11-05'],
    ['20261105', '2026-11-05'],
    ['2026/11/5', '2026-11-05'],
    ['2026年11月5日', '2026-11-05'],
    ['2026年11月5号', '2026-11-05'],
    ['2026.11.5', '2026-11-05'],
    ['２０２６年１１月５日', '2026-11-05'],
    ['2026-11-05 14:23:01', '2026-11-05'],
    ['2026-11-05T14:23:01', '2026-11-05'],
    ['2024-02-29', '2024-02-29'],
    ['46331', '2026-11-05'],
    // bad
    ['2026-02-30', null],
    ['2025-02-29', null],
    ['2026-11-31', null],
    ['2026-11', null], // a month is not a date
    ['2026年11月', null],
    ['2026-11-05 later', null],
    ['2026-11-05T', null],
    ['2026-11-5-1', null],
    ['2026-111-05', null],
    ['2026/11-05', null],
    ['', null],
  ])('%j → %s', (raw, date) => {
    expect(parseDate(raw)).toBe(date);
  });

  it.each([
    [46331, '2026-11-05'],
    [46331.99, '2026-11-05'],
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [60, null], // 1900-02-29 does not exist
    [61, '1900-03-01'],
    [20261105, '2026-11-05'],
    [20260230, null],
    [0, null],
    [-1, null],
    [Number.POSITIVE_INFINITY, null],
  ])('number %d → %s', (raw, date) => {
    expect(parseDate(raw)).toBe(date);
  });

  it.each([
    [new Date(Date.UTC(2026, 10, 5)), '2026-11-05'], // exceljs: UTC midnight
    [new Date(Date.UTC(2026, 10, 5, 23, 59, 59)), '2026-11-05'],
    [new Date('1900-01-01T00:00:00Z'), '1900-01-01'],
    [new Date(Number.NaN), null],
    [null, null],
  ])('%o → %s', (raw, date) => {
    expect(parseDate(raw)).toBe(date);
  });
});

describe('findPeriodInText', () => {
  it.each([
    ['重庆市万州区2026年11月城乡低保发放名册', '2026-11'],
    ['万州区_202611_低保.csv', '2026-11'],
    ['2026-11 代发明细.xlsx', '2026-11'],
    ['代发明细 2026.11.xlsx', '2026-11'],
    ['代发明细2026/11.txt', '2026-11'],
    ['低保_2026_11.csv', '2026-11'],
    ['万州区 2026 年 1 月低保发放名册', '2026-01'],
    ['万州区2026年11月份低保资金发放表', '2026-11'],
    ['２０２６年１１月低保名册', '2026-11'],
    ['2026年11月低保名册（2026年11月）', '2026-11'], // same month twice
    ['万州区2026年11月低保名册（制表日期：2026年12月1日）', '2026-11'], // a date is not the period
    ['2026年11月低保名册_20261202.xlsx', '2026-11'],
    // none or ambiguous
    ['万州区低保发放名册', null],
    ['2026年10月至2026年11月低保', null],
    ['2026年11-12月低保', null],
    ['代发明细_20261128.txt', null],
    ['代发明细_2026-11-28.txt', null],
    ['2026年低保名册', null],
    ['202613_低保.csv', null],
    ['500101_低保.csv', null],
    ['11010519491231002X.csv', null],
    ['', null],
  ])('%j → %s', (text, period) => {
    expect(findPeriodInText(text)).toBe(period);
  });
});

describe('periodDeadline', () => {
  it.each([
    ['2026-11', 28, '2026-11-28'],
    ['2026-11', 31, '2026-11-30'],
    ['2026-02', 30, '2026-02-28'],
    ['2024-02', 30, '2024-02-29'],
    ['2026-12', 1, '2026-12-01'],
  ] as const)('%s day %d → %s', (period, day, date) => {
    expect(periodDeadline(period, day)).toBe(date);
  });
  it.each([
    ['2026-13', 1],
    ['2026/11', 1],
    ['202611', 1],
    ['2026-11', 0],
    ['2026-11', 1.5],
  ] as const)('refuses %s day %d', (period, day) => {
    expect(() => periodDeadline(period, day)).toThrow(RangeError);
  });
});

describe('Shanghai clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it.each([
    ['2026-11-27T15:59:59Z', '2026-11-27', '2026-11-27T23:59:59+08:00'],
    ['2026-11-27T16:00:00Z', '2026-11-28', '2026-11-28T00:00:00+08:00'],
    ['2026-12-31T20:00:00Z', '2027-01-01', '2027-01-01T04:00:00+08:00'],
  ])('at %s today is %s', (instant, today, now) => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(instant));
    expect(todayInShanghai()).toBe(today);
    expect(nowInShanghai()).toBe(now);
  });
});
