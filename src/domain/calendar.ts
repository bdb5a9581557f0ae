// Proleptic Gregorian calendar arithmetic on plain integers. Dates travel as a packed
// "ymd key" (y * 10000 + m * 100 + d) so hot paths validate without allocating a Date.

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (DAYS[m] ?? 0);
}

export function isRealDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Days since 1970-01-01 → ymd key (H. Hinnant's civil_from_days). */
export function ymdKeyFromEpochDays(z: number): number {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

/** Largest serial Excel accepts (9999-12-31). */
export const EXCEL_MAX_SERIAL = 2958465;

/**
 * Excel 1900 date system serial → ymd key, or 0. Excel counts a 29 February 1900 that never
 * existed (serial 60): serials before it are one day "late", and 60 itself is not a date.
 * A fractional part (time of day) is dropped.
 */
export function ymdKeyFromExcelSerial(serial: number): number {
  if (!Number.isFinite(serial)) return 0;
  const s = Math.floor(serial);
  if (s < 1 || s > EXCEL_MAX_SERIAL || s === 60) return 0;
  return ymdKeyFromEpochDays(s < 60 ? s - 25568 : s - 25569);
}

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);

export function pad2(n: number): string {
  return PAD2[n] ?? String(n).padStart(2, '0');
}

/** `YYYY-MM` (year 1000–9999 assumed). */
export function formatYm(y: number, m: number): string {
  return y + '-' + pad2(m);
}

/** ymd key → `YYYY-MM-DD`. */
export function formatYmdKey(key: number): string {
  const y = Math.floor(key / 10000);
  const md = key - y * 10000;
  return y + '-' + pad2(Math.floor(md / 100)) + '-' + pad2(md % 100);
}
