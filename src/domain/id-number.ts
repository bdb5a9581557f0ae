// 公民身份号码 (GB 11643-1999). A bad number is reported, never dropped: the money still moved.
import { isRealDate } from './calendar.ts';
import { todayKeyInShanghai } from './clock.ts';
import { isPlainAscii, isSpaceCode } from './chars.ts';

export type IdProblem = 'empty' | 'chars' | 'length' | 'birthdate' | 'checksum';

export interface IdNumberResult {
  /** Normalised (and, from 15 digits, upgraded) value — also when invalid. */
  value: string;
  valid: boolean;
  problem: IdProblem | null;
  upgradedFrom15: boolean;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const OLDEST_BIRTH_KEY = 18800101;

/** Check character for the first 17 digits of `first17`; '' when they are not 17 ASCII digits. */
export function idCheckChar(first17: string): string {
  if (first17.length < 17) return '';
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return '';
    sum += d * WEIGHTS[i]!;
  }
  return CHECK_CHARS.charAt(sum % 11);
}

function digitsAt(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) v = v * 10 + (s.charCodeAt(i) - 0x30);
  return v;
}

function result(value: string, problem: IdProblem | null, upgradedFrom15: boolean): IdNumberResult {
  return { value, valid: problem === null, problem, upgradedFrom15 };
}

/** Trim, NFKC (full-width → half-width), drop inner spaces, x → X. */
function clean(raw: string): string {
  // Fast path: an already clean 18-character value comes back as the same string.
  if (raw.length === 18) {
    let ok = true;
    for (let i = 0; i < 17 && ok; i++) {
      const c = raw.charCodeAt(i);
      ok = c >= 0x30 && c <= 0x39;
    }
    const last = raw.charCodeAt(17);
    if (ok && ((last >= 0x30 && last <= 0x39) || last === 0x58)) return raw;
  }
  const s = isPlainAscii(raw) ? raw : raw.normalize('NFKC');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpaceCode(c)) continue;
    out += c === 0x78 ? 'X' : s[i];
  }
  return out;
}

export function normaliseIdNumber(raw: string): IdNumberResult {
  let v = clean(raw);
  if (v.length === 0) return result(v, 'empty', false);

  const len = v.length;
  for (let i = 0; i < len; i++) {
    const c = v.charCodeAt(i);
    if ((c < 0x30 || c > 0x39) && c !== 0x58) return result(v, 'chars', false);
  }
  if (len !== 18 && len !== 15) return result(v, 'length', false);
  const xAt = v.indexOf('X');
  if (xAt !== -1 && !(len === 18 && xAt === 17)) return result(v, 'chars', false);

  let upgraded = false;
  if (len === 15) {
    const seq = digitsAt(v, 12, 3);
    const first17 = v.slice(0, 6) + (seq >= 996 ? '18' : '19') + v.slice(6);
    v = first17 + idCheckChar(first17);
    upgraded = true;
  }

  const y = digitsAt(v, 6, 4);
  const m = digitsAt(v, 10, 2);
  const d = digitsAt(v, 12, 2);
  const key = y * 10000 + m * 100 + d;
  if (!isRealDate(y, m, d) || key < OLDEST_BIRTH_KEY || key > todayKeyInShanghai()) {
    return result(v, 'birthdate', upgraded);
  }
  if (idCheckChar(v) !== v.charAt(17)) return result(v, 'checksum', upgraded);
  return result(v, null, upgraded);
}

/**
 * For reports read by people (PIPL): first 6, stars, last 4 of an 18- or 15-character number.
 * Shorter strings show at most their last third, so a fragment never reveals most of a number.
 */
export function maskIdNumber(id: string): string {
  const n = id.length;
  if (n >= 15) return id.slice(0, 6) + '*'.repeat(n - 10) + id.slice(n - 4);
  const tail = Math.min(4, Math.floor(n / 3));
  return '*'.repeat(n - tail) + id.slice(n - tail);
}

/** Birth date (`YYYY-MM-DD`) encoded in a normalised 18- or 15-digit number, when it is a real date. */
export function birthDateOf(id: string): string | null {
  let y: number, m: number, d: number;
  if (id.length === 18) {
    if (!allDigits(id, 6, 14)) return null;
    y = digitsAt(id, 6, 4);
    m = digitsAt(id, 10, 2);
    d = digitsAt(id, 12, 2);
  } else if (id.length === 15) {
    if (!allDigits(id, 6, 15)) return null;
    y = (digitsAt(id, 12, 3) >= 996 ? 1800 : 1900) + digitsAt(id, 6, 2);
    m = digitsAt(id, 8, 2);
    d = digitsAt(id, 10, 2);
  } else return null;
  if (!isRealDate(y, m, d)) return null;
  return y + '-' + (m < 10 ? '0' : '') + m + '-' + (d < 10 ? '0' : '') + d;
}

/** The 6-digit region code (行政区划代码 at issue) that starts a normalised number, or null. */
export function regionOf(id: string): string | null {
  if ((id.length !== 18 && id.length !== 15) || !allDigits(id, 0, 6)) return null;
  return id.slice(0, 6);
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
