// 发放月份 and dates as they arrive in rosters and bank files. Cell values go through a
// hand-written scanner (millions of rows); only file-level text search uses a regex.
import { digitOf, isSpaceCode, trimNfkc } from './chars.ts';
import {
  daysInMonth,
  formatYm,
  formatYmdKey,
  isRealDate,
  pad2,
  ymdKeyFromExcelSerial,
} from './calendar.ts';

export { nowInShanghai, nowInShanghaiDate, todayInShanghai } from './clock.ts';

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
/** Excel serials accepted for a period (1954-10-03 … 2119-01-11). */
const PERIOD_SERIAL_MIN = 20000;
const PERIOD_SERIAL_MAX = 80000;

const NIAN = 0x5e74; // 年
const YUE = 0x6708; // 月
const FEN = 0x4efd; // 份
const RI = 0x65e5; // 日
const HAO = 0x53f7; // 号

function isDateSep(c: number): boolean {
  // - / . and their full-width forms
  return c === 0x2d || c === 0x2f || c === 0x2e || c === 0xff0d || c === 0xff0f || c === 0xff0e;
}
/** Full-width form → ASCII (a module-level function: this runs for every date cell of a file). */
function foldWidth(c: number): number {
  return c >= 0xff00 ? c - 0xfee0 : c;
}
function sameSep(a: number, b: number): boolean {
  return foldWidth(a) === foldWidth(b);
}

/**
 * Scan `YYYY-MM[-DD]`, `YYYY/M[/D]`, `YYYY.M[.D]`, `YYYY年M月[份]`, `YYYY年M月D日`, `YYYYMM`,
 * `YYYYMMDD` or a 5-digit serial written as text, with an optional trailing time of day.
 * Returns a ymd key (day 0 when only a month is named), or -1.
 */
function scanDateText(s: string): number {
  let i = 0;
  let end = s.length;
  while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
  while (end > i && isSpaceCode(s.charCodeAt(end - 1))) end--;

  let y = 0;
  let n = 0;
  while (i < end) {
    const d = digitOf(s.charCodeAt(i));
    if (d < 0) break;
    y = y * 10 + d;
    n++;
    i++;
  }
  if (n === 0) return -1;
  if (i === end || isTimeStart(s, i, end)) {
    if (n === 6) return checkYm(Math.floor(y / 100), y % 100, 0);
    if (n === 8) return checkYm(Math.floor(y / 10000), Math.floor(y / 100) % 100, y % 100);
    if (n === 5 && i === end && y >= PERIOD_SERIAL_MIN && y <= PERIOD_SERIAL_MAX) {
      return ymdKeyFromExcelSerial(y) || -1;
    }
    return -1;
  }
  if (n !== 4) return -1;

  const sep = s.charCodeAt(i++);
  const chinese = sep === NIAN;
  if (!chinese && !isDateSep(sep)) return -1;
  let m = 0;
  n = 0;
  while (i < end && n < 3) {
    const d = digitOf(s.charCodeAt(i));
    if (d < 0) break;
    m = m * 10 + d;
    n++;
    i++;
  }
  if (n === 0 || n > 2) return -1;

  let day = 0;
  if (chinese) {
    if (s.charCodeAt(i++) !== YUE) return -1;
    if (i < end && s.charCodeAt(i) === FEN) return i + 1 === end ? checkYm(y, m, 0) : -1;
  } else if (i < end && sameSep(s.charCodeAt(i), sep)) {
    i++;
  } else {
    return i === end ? checkYm(y, m, 0) : -1;
  }
  if (i === end) return chinese ? checkYm(y, m, 0) : -1;

  n = 0;
  while (i < end && n < 3) {
    const d = digitOf(s.charCodeAt(i));
    if (d < 0) break;
    day = day * 10 + d;
    n++;
    i++;
  }
  if (n === 0 || n > 2) return -1;
  if (chinese) {
    const c = s.charCodeAt(i++);
    if (c !== RI && c !== HAO) return -1;
  }
  if (i !== end && !isTimeStart(s, i, end)) return -1;
  return checkYm(y, m, day);
}

/** A time of day after the date: white space or `T`, then digits, `:` and `.` only. */
function isTimeStart(s: string, i: number, end: number): boolean {
  const c = s.charCodeAt(i);
  if (!(isSpaceCode(c) || c === 0x54)) return false;
  let digits = 0;
  for (i++; i < end; i++) {
    const k = s.charCodeAt(i);
    if (digitOf(k) >= 0) digits++;
    else if (k !== 0x3a && k !== 0x2e && k !== 0xff1a && !isSpaceCode(k)) return false;
  }
  return digits > 0;
}

function checkYm(y: number, m: number, d: number): number {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12) return -1;
  if (d !== 0 && !isRealDate(y, m, d)) return -1;
  return y * 10000 + m * 100 + d;
}

function keyFromDate(raw: Date): number {
  const t = raw.getTime();
  if (Number.isNaN(t)) return -1;
  // exceljs hands dates over as UTC midnight: read UTC fields, not the server's zone.
  return checkYm(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
}

/**
 * A number cell that was typed as `2026.11` arrives as 2026.11; `2026.10` arrives as 2026.1,
 * indistinguishable from January, so a single decimal 1 is refused rather than guessed.
 */
function keyFromYearDotMonth(n: number): number {
  const text = String(n);
  const dot = text.indexOf('.');
  if (dot !== 4) return -1;
  const frac = text.slice(5);
  if (frac === '1') return -1;
  return frac.length <= 2 ? scanDateText(text) : -1;
}

function ymKeyOfPeriod(raw: string | number | Date | null | undefined): number {
  if (raw === null || raw === undefined) return -1;
  if (typeof raw === 'string') return scanDateText(raw);
  if (raw instanceof Date) return keyFromDate(raw);
  if (!Number.isFinite(raw) || raw <= 0) return -1;
  if (raw >= PERIOD_SERIAL_MIN && raw <= PERIOD_SERIAL_MAX) return ymdKeyFromExcelSerial(raw) || -1;
  if (Number.isInteger(raw)) return raw < 1e9 ? scanDateText(String(raw)) : -1;
  return keyFromYearDotMonth(raw);
}

/** 发放月份 → `YYYY-MM`, or null when it cannot be read. A full date gives its month. */
export function parsePeriod(raw: string | number | Date | null | undefined): string | null {
  const key = ymKeyOfPeriod(raw);
  if (key < 0) return null;
  const ym = Math.floor(key / 100);
  return formatYm(Math.floor(ym / 100), ym % 100);
}

/** A date cell → `YYYY-MM-DD` (real calendar dates only), or null. */
export function parseDate(raw: string | number | Date | null | undefined): string | null {
  let key: number;
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') key = scanDateText(raw);
  else if (raw instanceof Date) key = keyFromDate(raw);
  else if (!Number.isFinite(raw) || raw < 1) return null;
  else if (raw >= 1e7 && raw < 1e8 && Number.isInteger(raw)) key = scanDateText(String(raw)); // 20261105
  else key = ymdKeyFromExcelSerial(raw) || -1;
  if (key < 0 || key % 100 === 0) return null;
  return formatYmdKey(key);
}

// File names and title rows: `2026年11月`, `2026-11`, `2026/11`, `2026.11`, `2026_11`, `202611`.
// A full date (`2026年12月1日`, `2026-12-01`, `20261201`) is the day a file was made or paid,
// not the month it pays for, so it is not counted.
const MONTH_IN_TEXT =
  /(?<!\d)((?:19|20)\d{2})(?:\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])|([-/._])(\d{1,2})(?!\d)(?!\3\d)|(\d{2})(?!\d))/g;

/** The single month named in a title row or file name; null when none or several differ. */
export function findPeriodInText(text: string): string | null {
  const t = trimNfkc(text);
  let found: string | null = null;
  for (const match of t.matchAll(MONTH_IN_TEXT)) {
    const y = Number(match[1]);
    const m = Number(match[2] ?? match[4] ?? match[5]);
    if (m < 1 || m > 12) continue;
    const period = formatYm(y, m);
    if (found !== null && found !== period) return null;
    found = period;
  }
  return found;
}

/** Day `day` of `period` (`YYYY-MM`) as `YYYY-MM-DD`, clamped to the month's last day. */
export function periodDeadline(period: string, day: number): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  if (period.length !== 7 || period[4] !== '-' || !Number.isInteger(y) || !(m >= 1 && m <= 12)) {
    throw new RangeError(`periodDeadline: "${period}" is not a YYYY-MM period`);
  }
  if (!Number.isInteger(day) || day < 1) throw new RangeError(`periodDeadline: day ${day} is not a day of month`);
  return formatYm(y, m) + '-' + pad2(Math.min(day, daysInMonth(y, m)));
}
